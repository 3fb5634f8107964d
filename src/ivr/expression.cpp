#include "ivr/expression.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <regex>
#include <vector>

namespace hotline::ivr {

enum class ExprOp {
  Literal,
  Name,
  Not,
  Negate,
  And,
  Or,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  Len,
  Number,
  StartsWith,
  EndsWith,
  Contains,
  Matches,
  OneOf,
};

struct Expression::Node {
  ExprOp op = ExprOp::Literal;
  Value literal;
  std::string name;
  std::vector<std::unique_ptr<const Node>> args;
  std::regex regex;  // Matches
};

namespace {

using ExprNode = Expression::Node;
using ExprNodePtr = std::unique_ptr<const ExprNode>;

constexpr std::size_t kMaxExpressionBytes = 4096;
constexpr int kMaxDepth = 64;

struct Token {
  enum class Kind { End, Number, String, Name, Symbol } kind = Kind::End;
  std::string text;
  double number = 0;
  std::size_t column = 0;  // 1-based
};

struct FunctionInfo {
  const char* name;
  ExprOp op;
  int min_args;
  int max_args;  // -1: any
};

constexpr FunctionInfo kFunctions[] = {
    {"len", ExprOp::Len, 1, 1},
    {"number", ExprOp::Number, 1, 1},
    {"starts_with", ExprOp::StartsWith, 2, 2},
    {"ends_with", ExprOp::EndsWith, 2, 2},
    {"contains", ExprOp::Contains, 2, 2},
    {"matches", ExprOp::Matches, 2, 2},
    {"one_of", ExprOp::OneOf, 2, -1},
};

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<ExprNodePtr> parse() {
    if (text_.size() > kMaxExpressionBytes) return Error::invalid({}, "longer than 4096 bytes");
    if (!advance()) return error_;
    ExprNodePtr root = parse_or(0);
    if (!root) return error_;
    if (token_.kind != Token::Kind::End) return fail("unexpected '" + token_.text + "'");
    return root;
  }

 private:
  Error fail(const std::string& message) {
    if (error_.message.empty()) {
      error_ = Error::invalid({}, message + " at column " + std::to_string(token_.column));
    }
    return error_;
  }
  ExprNodePtr failed(const std::string& message) {
    fail(message);
    return nullptr;
  }

  bool is_symbol(std::string_view symbol) const {
    return token_.kind == Token::Kind::Symbol && token_.text == symbol;
  }
  bool is_word(std::string_view word) const {
    return token_.kind == Token::Kind::Name && token_.text == word;
  }

  bool advance() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    token_ = Token{};
    token_.column = pos_ + 1;
    if (pos_ >= text_.size()) return true;
    char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c))) return lex_number();
    if (c == '"' || c == '\'') return lex_string(c);
    if (is_name_start(c)) return lex_name();
    static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">=", "&&", "||"};
    for (std::string_view two : kTwo) {
      if (text_.substr(pos_, 2) == two) {
        token_ = {Token::Kind::Symbol, std::string(two), 0, pos_ + 1};
        pos_ += 2;
        return true;
      }
    }
    if (std::string_view("!<>+-*/%(),").find(c) != std::string_view::npos) {
      token_ = {Token::Kind::Symbol, std::string(1, c), 0, pos_ + 1};
      ++pos_;
      return true;
    }
    token_.text = std::string(1, c);
    fail("unexpected character '" + token_.text + "'");
    return false;
  }

  bool lex_number() {
    std::size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
      ++pos_;
    }
    token_.kind = Token::Kind::Number;
    token_.text = std::string(text_.substr(start, pos_ - start));
    auto [ptr, ec] =
        std::from_chars(token_.text.data(), token_.text.data() + token_.text.size(), token_.number);
    if (ec != std::errc{} || ptr != token_.text.data() + token_.text.size()) {
      fail("bad number '" + token_.text + "'");
      return false;
    }
    return true;
  }

  bool lex_string(char quote) {
    ++pos_;
    token_.kind = Token::Kind::String;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      char c = text_[pos_++];
      if (c == '\\' && pos_ < text_.size()) {
        char escaped = text_[pos_++];
        c = escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
      }
      token_.text += c;
    }
    if (pos_ >= text_.size()) {
      fail("unterminated string");
      return false;
    }
    ++pos_;
    return true;
  }

  bool lex_name() {
    std::size_t start = pos_;
    while (pos_ < text_.size()) {
      if (is_name_char(text_[pos_])) {
        ++pos_;
      } else if (text_[pos_] == '.' && pos_ + 1 < text_.size() && is_name_start(text_[pos_ + 1])) {
        ++pos_;
      } else {
        break;
      }
    }
    token_.kind = Token::Kind::Name;
    token_.text = std::string(text_.substr(start, pos_ - start));
    return true;
  }

  static ExprNodePtr make(ExprOp op, std::vector<ExprNodePtr> args) {
    auto node = std::make_unique<ExprNode>();
    node->op = op;
    node->args = std::move(args);
    return node;
  }

  template <typename Next>
  ExprNodePtr parse_binary(int depth, const std::vector<std::pair<std::string_view, ExprOp>>& ops,
                           Next next) {
    ExprNodePtr left = (this->*next)(depth);
    while (left) {
      const std::pair<std::string_view, ExprOp>* found = nullptr;
      for (const auto& op : ops) {
        if (is_symbol(op.first) || is_word(op.first)) found = &op;
      }
      if (!found) break;
      if (!advance()) return nullptr;
      ExprNodePtr right = (this->*next)(depth);
      if (!right) return nullptr;
      std::vector<ExprNodePtr> args;
      args.push_back(std::move(left));
      args.push_back(std::move(right));
      left = make(found->second, std::move(args));
    }
    return left;
  }

  ExprNodePtr parse_or(int depth) {
    if (depth > kMaxDepth) return failed("nested too deeply");
    return parse_binary(depth, {{"||", ExprOp::Or}, {"or", ExprOp::Or}}, &Parser::parse_and);
  }
  ExprNodePtr parse_and(int depth) {
    return parse_binary(depth, {{"&&", ExprOp::And}, {"and", ExprOp::And}}, &Parser::parse_not);
  }
  ExprNodePtr parse_not(int depth) {
    if (is_symbol("!") || is_word("not")) {
      if (depth > kMaxDepth) return failed("nested too deeply");
      if (!advance()) return nullptr;
      ExprNodePtr operand = parse_not(depth + 1);
      if (!operand) return nullptr;
      std::vector<ExprNodePtr> args;
      args.push_back(std::move(operand));
      return make(ExprOp::Not, std::move(args));
    }
    return parse_compare(depth);
  }
  ExprNodePtr parse_compare(int depth) {
    ExprNodePtr left = parse_additive(depth);
    static const std::pair<std::string_view, ExprOp> kOps[] = {{"==", ExprOp::Eq}, {"!=", ExprOp::Ne},
                                                               {"<", ExprOp::Lt},  {"<=", ExprOp::Le},
                                                               {">", ExprOp::Gt},  {">=", ExprOp::Ge}};
    for (const auto& [symbol, op] : kOps) {
      if (!left || !is_symbol(symbol)) continue;
      if (!advance()) return nullptr;
      ExprNodePtr right = parse_additive(depth);
      if (!right) return nullptr;
      std::vector<ExprNodePtr> args;
      args.push_back(std::move(left));
      args.push_back(std::move(right));
      return make(op, std::move(args));
    }
    return left;
  }
  ExprNodePtr parse_additive(int depth) {
    return parse_binary(depth, {{"+", ExprOp::Add}, {"-", ExprOp::Sub}}, &Parser::parse_multiplicative);
  }
  ExprNodePtr parse_multiplicative(int depth) {
    return parse_binary(depth, {{"*", ExprOp::Mul}, {"/", ExprOp::Div}, {"%", ExprOp::Mod}},
                        &Parser::parse_unary);
  }
  ExprNodePtr parse_unary(int depth) {
    if (!is_symbol("-")) return parse_primary(depth);
    if (depth > kMaxDepth) return failed("nested too deeply");
    if (!advance()) return nullptr;
    ExprNodePtr operand = parse_unary(depth + 1);
    if (!operand) return nullptr;
    std::vector<ExprNodePtr> args;
    args.push_back(std::move(operand));
    return make(ExprOp::Negate, std::move(args));
  }

  ExprNodePtr literal(Value value) {
    auto node = std::make_unique<ExprNode>();
    node->literal = std::move(value);
    if (!advance()) return nullptr;
    return node;
  }

  ExprNodePtr parse_primary(int depth) {
    switch (token_.kind) {
      case Token::Kind::End:
        return failed("expression ends too soon");
      case Token::Kind::Number:
        return literal(Value::of(token_.number));
      case Token::Kind::String:
        return literal(Value::of(token_.text));
      case Token::Kind::Symbol: {
        if (!is_symbol("(")) return failed("unexpected '" + token_.text + "'");
        if (!advance()) return nullptr;
        ExprNodePtr inner = parse_or(depth + 1);
        if (!inner) return nullptr;
        if (!is_symbol(")")) return failed("expected ')'");
        if (!advance()) return nullptr;
        return inner;
      }
      case Token::Kind::Name:
        break;
    }
    if (is_word("true")) return literal(Value::of(true));
    if (is_word("false")) return literal(Value::of(false));
    if (is_word("null")) return literal(Value::null());
    std::string name = token_.text;
    if (!advance()) return nullptr;
    if (!is_symbol("(")) {
      auto node = std::make_unique<ExprNode>();
      node->op = ExprOp::Name;
      node->name = name.starts_with("vars.") ? name.substr(5) : name;
      return node;
    }
    return parse_call(name, depth);
  }

  ExprNodePtr parse_call(const std::string& name, int depth) {
    const FunctionInfo* function = nullptr;
    for (const auto& candidate : kFunctions) {
      if (name == candidate.name) function = &candidate;
    }
    if (!function) return failed("unknown function '" + name + "'");
    if (!advance()) return nullptr;
    std::vector<ExprNodePtr> args;
    while (!is_symbol(")")) {
      if (!args.empty()) {
        if (!is_symbol(",")) return failed("expected ',' or ')'");
        if (!advance()) return nullptr;
      }
      ExprNodePtr arg = parse_or(depth + 1);
      if (!arg) return nullptr;
      args.push_back(std::move(arg));
    }
    int count = static_cast<int>(args.size());
    if (count < function->min_args || (function->max_args >= 0 && count > function->max_args)) {
      return failed(name + "() takes " + std::to_string(function->min_args) +
                    (function->max_args < 0 ? " or more" : "") + " arguments");
    }
    auto node = std::make_unique<ExprNode>();
    node->op = function->op;
    if (function->op == ExprOp::Matches) {
      const ExprNode& pattern = *args[1];
      if (pattern.op != ExprOp::Literal || pattern.literal.kind != Value::Kind::String) {
        return failed("matches() needs a string literal as its pattern");
      }
      try {
        node->regex = std::regex(pattern.literal.text, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        return failed(std::string("bad regex in matches(): ") + e.what());
      }
    }
    node->args = std::move(args);
    if (!advance()) return nullptr;
    return node;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  Token token_;
  Error error_;
};

bool values_equal(const Value& a, const Value& b) {
  auto blank = [](const Value& v) {
    return v.kind == Value::Kind::Null || (v.kind == Value::Kind::String && v.text.empty());
  };
  if (a.kind == Value::Kind::Null || b.kind == Value::Kind::Null) return blank(a) && blank(b);
  if (a.kind == Value::Kind::Bool || b.kind == Value::Kind::Bool) return a.truthy() == b.truthy();
  if (a.kind == Value::Kind::Number || b.kind == Value::Kind::Number) {
    auto x = a.to_number();
    auto y = b.to_number();
    return x && y && *x == *y;
  }
  return a.text == b.text;
}

// <0, 0, >0 as for strcmp.
int compare_values(const Value& a, const Value& b) {
  auto x = a.to_number();
  auto y = b.to_number();
  if (x && y) return *x < *y ? -1 : (*x > *y ? 1 : 0);
  return a.to_string().compare(b.to_string());
}

Value arithmetic(ExprOp op, const Value& a, const Value& b) {
  auto x = a.to_number();
  auto y = b.to_number();
  if (op == ExprOp::Add && (!x || !y)) return Value::of(a.to_string() + b.to_string());
  if (!x || !y) return Value::null();
  switch (op) {
    case ExprOp::Add:
      return Value::of(*x + *y);
    case ExprOp::Sub:
      return Value::of(*x - *y);
    case ExprOp::Mul:
      return Value::of(*x * *y);
    case ExprOp::Div:
      return *y == 0 ? Value::null() : Value::of(*x / *y);
    case ExprOp::Mod:
      return *y == 0 ? Value::null() : Value::of(std::fmod(*x, *y));
    default:
      return Value::null();
  }
}

Value evaluate_node(const ExprNode& node, const Scope& scope);

std::string text_arg(const ExprNode& node, std::size_t i, const Scope& scope) {
  return evaluate_node(*node.args[i], scope).to_string();
}

Value evaluate_function(const ExprNode& node, const Scope& scope) {
  switch (node.op) {
    case ExprOp::Len:
      return Value::of(static_cast<double>(text_arg(node, 0, scope).size()));
    case ExprOp::Number: {
      auto n = evaluate_node(*node.args[0], scope).to_number();
      return n ? Value::of(*n) : Value::null();
    }
    case ExprOp::StartsWith:
      return Value::of(text_arg(node, 0, scope).starts_with(text_arg(node, 1, scope)));
    case ExprOp::EndsWith:
      return Value::of(text_arg(node, 0, scope).ends_with(text_arg(node, 1, scope)));
    case ExprOp::Contains:
      return Value::of(text_arg(node, 0, scope).find(text_arg(node, 1, scope)) != std::string::npos);
    case ExprOp::Matches:
      return Value::of(std::regex_match(text_arg(node, 0, scope), node.regex));
    case ExprOp::OneOf: {
      Value x = evaluate_node(*node.args[0], scope);
      for (std::size_t i = 1; i < node.args.size(); ++i) {
        if (values_equal(x, evaluate_node(*node.args[i], scope))) return Value::of(true);
      }
      return Value::of(false);
    }
    default:
      return Value::null();
  }
}

Value evaluate_node(const ExprNode& node, const Scope& scope) {
  auto arg = [&](std::size_t i) { return evaluate_node(*node.args[i], scope); };
  switch (node.op) {
    case ExprOp::Literal:
      return node.literal;
    case ExprOp::Name:
      return scope.lookup(node.name);
    case ExprOp::Not:
      return Value::of(!arg(0).truthy());
    case ExprOp::Negate: {
      auto n = arg(0).to_number();
      return n ? Value::of(-*n) : Value::null();
    }
    case ExprOp::And:
      return Value::of(arg(0).truthy() && arg(1).truthy());
    case ExprOp::Or:
      return Value::of(arg(0).truthy() || arg(1).truthy());
    case ExprOp::Eq:
      return Value::of(values_equal(arg(0), arg(1)));
    case ExprOp::Ne:
      return Value::of(!values_equal(arg(0), arg(1)));
    case ExprOp::Lt:
      return Value::of(compare_values(arg(0), arg(1)) < 0);
    case ExprOp::Le:
      return Value::of(compare_values(arg(0), arg(1)) <= 0);
    case ExprOp::Gt:
      return Value::of(compare_values(arg(0), arg(1)) > 0);
    case ExprOp::Ge:
      return Value::of(compare_values(arg(0), arg(1)) >= 0);
    case ExprOp::Add:
    case ExprOp::Sub:
    case ExprOp::Mul:
    case ExprOp::Div:
    case ExprOp::Mod:
      return arithmetic(node.op, arg(0), arg(1));
    default:
      return evaluate_function(node, scope);
  }
}

}  // namespace

Result<Expression> Expression::parse(std::string_view text) {
  auto root = Parser(text).parse();
  if (!root) return root.error();
  return Expression(std::string(text), std::shared_ptr<const ExprNode>(std::move(root).value()));
}

Value Expression::evaluate(const Scope& scope) const { return evaluate_node(*root_, scope); }

}  // namespace hotline::ivr
