// Value: what an expression or a template placeholder evaluates to. Call variables are strings;
// a few caller attributes are numbers; comparisons produce booleans.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace hotline::ivr {

struct Value {
  enum class Kind { Null, Bool, Number, String };
  Kind kind = Kind::Null;
  bool boolean = false;
  double number = 0;
  std::string text;

  static Value null() { return {}; }
  static Value of(bool b) { return {Kind::Bool, b, 0, {}}; }
  static Value of(double n) { return {Kind::Number, false, n, {}}; }
  static Value of(std::string s) { return {Kind::String, false, 0, std::move(s)}; }

  // null, false, 0, "", "0" and "false" are false; everything else is true.
  bool truthy() const;
  // Numbers without a needless fraction ("3", "2.5"); booleans "true"/"false"; null "".
  std::string to_string() const;
  // Numbers, and strings that are a whole decimal number ("42", "-1.5").
  std::optional<double> to_number() const;
};

// Where names in expressions and {{placeholders}} are looked up: the session's variables and the
// caller's attributes. An unknown name is null.
class Scope {
 public:
  virtual ~Scope() = default;
  virtual Value lookup(std::string_view name) const = 0;
};

std::string format_number(double number);

}  // namespace hotline::ivr
