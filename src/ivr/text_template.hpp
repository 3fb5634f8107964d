// TextTemplate: text with {{name}} placeholders (URLs, HTTP headers and bodies, speech, transfer
// targets), parsed when a flow is compiled and rendered per call from a Scope. Names are looked
// up as in expressions (`balance`, `caller.number`, `customer.level`); an unknown name renders
// as nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "ivr/value.hpp"

namespace hotline::ivr {

class TextTemplate {
 public:
  // How substituted values are escaped (the literal text is kept as written).
  enum class Escape {
    None,
    Url,         // percent-encoded, all but RFC 3986 unreserved characters
    JsonString,  // for a template that is JSON text with placeholders inside its strings
  };

  TextTemplate() = default;
  // InvalidArgument (no field) for an unclosed "{{" or a placeholder that is not a name.
  static Result<TextTemplate> parse(std::string_view text);

  std::string render(const Scope& scope, Escape escape = Escape::None) const;
  const std::string& text() const { return text_; }
  bool empty() const { return text_.empty(); }

 private:
  struct Part {
    bool is_name = false;
    std::string text;  // literal text, or the name
  };
  std::string text_;
  std::vector<Part> parts_;
};

}  // namespace hotline::ivr
