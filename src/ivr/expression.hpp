// Expression: the small language of condition branches, `set` nodes and queue priorities, parsed
// once when a flow is compiled and evaluated against a Scope for each call.
//
//   caller.vip_level >= 2 && starts_with(caller.number, "138")
//   choice == "2" || (balance < 0 and not is_blocked)
//
// Literals: numbers, "strings" or 'strings', true, false, null. Names: flow variables (`balance`,
// also `vars.balance`), caller.number, caller.dialled, caller.vip_level, customer.<field>,
// now.hour, now.minute, now.weekday (1 Monday .. 7 Sunday), now.date (YYYY-MM-DD), now.time
// (HH:MM). Operators, loosest first: || or; && and; ! not; == != < <= > >=; + -; * / %; unary -.
// Functions: len(s), number(s), starts_with(s, p), ends_with(s, p), contains(s, p),
// matches(s, "regex") (whole string, ECMAScript; the regex must be a literal), one_of(x, a, b, ...).
//
// Comparison: `==`/`!=` compare numerically when either side is a number, as strings otherwise
// (so "007" != "7" but 7 == "007"); null equals null and "". `<` `<=` `>` `>=` compare
// numerically when both sides read as numbers, as strings otherwise. `+` adds when both sides
// read as numbers and concatenates otherwise; other arithmetic on a non-number, or division by
// zero, is null.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "ivr/value.hpp"

namespace hotline::ivr {

class Expression {
 public:
  // InvalidArgument (no field; the message gives the column) when `text` is not an expression.
  static Result<Expression> parse(std::string_view text);

  Value evaluate(const Scope& scope) const;
  const std::string& text() const { return text_; }

  struct Node;

 private:
  Expression(std::string text, std::shared_ptr<const Node> root)
      : text_(std::move(text)), root_(std::move(root)) {}

  std::string text_;
  std::shared_ptr<const Node> root_;  // immutable, shared by copies
};

}  // namespace hotline::ivr
