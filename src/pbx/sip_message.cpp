#include "pbx/sip_message.hpp"

#include <cstdlib>
#include <cstring>

#include "common/text.hpp"
#include "sip/sip_stack.hpp"

namespace hotline::pbx {
namespace {

bool is_key(char c) { return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D'); }

// The value of "name=value" on its own line, case-insensitive name.
std::optional<std::string_view> line_value(std::string_view body, std::string_view name) {
  while (!body.empty()) {
    auto end = body.find('\n');
    std::string_view line = trim(body.substr(0, end));
    body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
    auto eq = line.find('=');
    if (eq != std::string_view::npos && iequals(trim(line.substr(0, eq)), name))
      return trim(line.substr(eq + 1));
  }
  return std::nullopt;
}

}  // namespace

std::optional<InfoDigit> parse_info_dtmf(std::string_view content_type, std::string_view body) {
  std::string_view value;
  std::optional<std::int64_t> duration;
  if (iequals(content_type, "application/dtmf-relay")) {
    auto signal = line_value(body, "Signal");
    if (!signal) return std::nullopt;
    value = *signal;
    if (auto d = line_value(body, "Duration")) duration = std::strtoll(std::string(*d).c_str(), nullptr, 10);
  } else if (iequals(content_type, "application/dtmf")) {
    value = trim(body);
  } else {
    return std::nullopt;
  }
  if (value.size() != 1) return std::nullopt;
  char digit = static_cast<char>(value[0] >= 'a' && value[0] <= 'd' ? value[0] - 'a' + 'A' : value[0]);
  if (!is_key(digit)) return std::nullopt;
  return InfoDigit{digit, duration};
}

// The URI that reaches a registered contact: the contact itself, or for a phone behind NAT
// (contact address differs from where its REGISTER came from) the observed source address.
std::string contact_target(const sip::Binding& b, const std::string& user) {
  auto source = sip::parse_peer_address(b.source);
  if (!source) return b.contact;
  std::string host = source->ip + ":" + std::to_string(source->port);
  if (b.contact.find("@" + host) != std::string::npos || b.contact.find(":" + host) != std::string::npos) {
    return b.contact;
  }
  return source->uri(user);
}

}  // namespace hotline::pbx
