#include "ivr/expression.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ivr/text_template.hpp"

namespace hotline::ivr {
namespace {

class MapScope : public Scope {
 public:
  std::map<std::string, Value, std::less<>> values;
  Value lookup(std::string_view name) const override {
    auto it = values.find(name);
    return it == values.end() ? Value::null() : it->second;
  }
};

Value eval(std::string_view text, const Scope& scope) {
  auto parsed = Expression::parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed->evaluate(scope) : Value::null();
}

TEST(IvrExpression, ComparesNumbersStringsAndCallerAttributes) {
  MapScope scope;
  scope.values["caller.vip_level"] = Value::of(2.0);
  scope.values["caller.number"] = Value::of(std::string("13800138000"));
  scope.values["balance"] = Value::of(std::string("100"));
  scope.values["limit"] = Value::of(std::string("20"));
  scope.values["code"] = Value::of(std::string("007"));
  EXPECT_TRUE(eval("caller.vip_level >= 2", scope).truthy());
  EXPECT_FALSE(eval("caller.vip_level > 2", scope).truthy());
  EXPECT_TRUE(eval("starts_with(caller.number, \"138\") && caller.vip_level == 2", scope).truthy());
  // Both read as numbers: numeric, not "100" < "20" as text.
  EXPECT_TRUE(eval("balance > limit", scope).truthy());
  EXPECT_TRUE(eval("code == 7", scope).truthy());
  EXPECT_FALSE(eval("code == \"7\"", scope).truthy());
  EXPECT_TRUE(eval("vars.code == '007'", scope).truthy());
  EXPECT_TRUE(eval("missing == null and missing == ''", scope).truthy());
  EXPECT_TRUE(eval("not missing", scope).truthy());
  EXPECT_TRUE(eval("one_of(code, '001', '007') || false", scope).truthy());
}

TEST(IvrExpression, ArithmeticPrecedenceAndFunctions) {
  MapScope scope;
  scope.values["n"] = Value::of(std::string("5"));
  scope.values["name"] = Value::of(std::string("Wang"));
  EXPECT_EQ(eval("1 + 2 * 3", scope).to_string(), "7");
  EXPECT_EQ(eval("(1 + 2) * 3", scope).to_string(), "9");
  EXPECT_EQ(eval("n * 10 + 1", scope).to_string(), "51");
  EXPECT_EQ(eval("-n + 1", scope).to_string(), "-4");
  EXPECT_EQ(eval("7 / 2", scope).to_string(), "3.5");
  EXPECT_EQ(eval("7 % 4", scope).to_string(), "3");
  EXPECT_EQ(eval("1 / 0", scope).kind, Value::Kind::Null);
  EXPECT_EQ(eval("'Mr ' + name", scope).to_string(), "Mr Wang");
  EXPECT_EQ(eval("len(name)", scope).to_string(), "4");
  EXPECT_TRUE(eval("matches(name, '[A-Z][a-z]+')", scope).truthy());
  EXPECT_FALSE(eval("matches(name, '[a-z]+')", scope).truthy());  // the whole string
  EXPECT_TRUE(eval("contains(name, 'an') && ends_with(name, 'g')", scope).truthy());
  EXPECT_EQ(eval("number('x')", scope).kind, Value::Kind::Null);
  EXPECT_EQ(eval("1 < 2", scope).to_string(), "true");
}

TEST(IvrExpression, TruthinessOfStoredText) {
  EXPECT_FALSE(Value::of(std::string("false")).truthy());
  EXPECT_FALSE(Value::of(std::string("0")).truthy());
  EXPECT_FALSE(Value::of(std::string()).truthy());
  EXPECT_TRUE(Value::of(std::string("no")).truthy());
  EXPECT_EQ(Value::of(2.5).to_string(), "2.5");
  EXPECT_EQ(Value::of(-3.0).to_string(), "-3");
}

TEST(IvrExpression, SyntaxErrorsGiveTheColumn) {
  auto bad = Expression::parse("caller.vip_level >= ");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("column 21"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(Expression::parse("a == (b").ok());
  EXPECT_FALSE(Expression::parse("a === b").ok());
  EXPECT_FALSE(Expression::parse("'open").ok());
  EXPECT_FALSE(Expression::parse("nosuch(a)").ok());
  EXPECT_FALSE(Expression::parse("len(a, b)").ok());
  EXPECT_FALSE(Expression::parse("matches(a, b)").ok());  // the pattern must be a literal
  EXPECT_FALSE(Expression::parse("matches(a, '[')").ok());
  EXPECT_FALSE(Expression::parse(std::string(200, '(') + "1" + std::string(200, ')')).ok());
  EXPECT_FALSE(Expression::parse(std::string(200, '-') + "1").ok());
}

TEST(IvrTextTemplate, RendersEscapedForUrlsAndJson) {
  MapScope scope;
  scope.values["who"] = Value::of(std::string("+86 138/\"x\""));
  auto parsed = TextTemplate::parse("a={{ who }}&b={{vars.who}}&c={{none}}");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->render(scope, TextTemplate::Escape::Url),
            "a=%2B86%20138%2F%22x%22&b=%2B86%20138%2F%22x%22&c=");
  EXPECT_EQ(parsed->render(scope), "a=+86 138/\"x\"&b=+86 138/\"x\"&c=");
  auto json = TextTemplate::parse(R"({"who":"{{who}}"})");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->render(scope, TextTemplate::Escape::JsonString), R"({"who":"+86 138/\"x\""})");
  EXPECT_FALSE(TextTemplate::parse("{{who").ok());
  EXPECT_FALSE(TextTemplate::parse("{{1x}}").ok());
}

}  // namespace
}  // namespace hotline::ivr
