#include "ivr/text_template.hpp"

#include <cctype>
#include <cstdio>

#include "common/text.hpp"

namespace hotline::ivr {
namespace {

bool is_name(std::string_view name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.') return false;
  }
  return name.back() != '.';
}

void append_url_encoded(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
}

void append_json_escaped(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
}

}  // namespace

Result<TextTemplate> TextTemplate::parse(std::string_view text) {
  TextTemplate parsed;
  parsed.text_ = std::string(text);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      parsed.parts_.push_back({false, std::string(text.substr(pos))});
      break;
    }
    if (open > pos) parsed.parts_.push_back({false, std::string(text.substr(pos, open - pos))});
    std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return Error::invalid({}, "'{{' at " + std::to_string(open + 1) + " is not closed by '}}'");
    }
    std::string_view name = trim(text.substr(open + 2, close - open - 2));
    if (!is_name(name)) return Error::invalid({}, "'{{" + std::string(name) + "}}' is not a variable name");
    if (name.starts_with("vars.")) name.remove_prefix(5);
    parsed.parts_.push_back({true, std::string(name)});
    pos = close + 2;
  }
  return parsed;
}

std::string TextTemplate::render(const Scope& scope, Escape escape) const {
  std::string out;
  for (const Part& part : parts_) {
    if (!part.is_name) {
      out += part.text;
      continue;
    }
    std::string value = scope.lookup(part.text).to_string();
    switch (escape) {
      case Escape::None:
        out += value;
        break;
      case Escape::Url:
        append_url_encoded(out, value);
        break;
      case Escape::JsonString:
        append_json_escaped(out, value);
        break;
    }
  }
  return out;
}

}  // namespace hotline::ivr
