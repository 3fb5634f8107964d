#include "ivr/expression.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ivr/local_time.hpp"
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

TEST(IvrLocalTime, DateWeekdayAndRangesAcrossMidnight) {
  // 2024-10-01T00:30:00+08:00 is 2024-09-30T16:30:00Z, 1727713800 s.
  LocalTime t = local_time(1'727'713'800'000, 480);
  EXPECT_EQ(t.date(), "2024-10-01");
  EXPECT_EQ(t.weekday, 2);  // Tuesday
  EXPECT_EQ(t.minute_of_day, 30);
  LocalTime utc = local_time(1'727'713'800'000, 0);
  EXPECT_EQ(utc.date(), "2024-09-30");
  EXPECT_EQ(utc.weekday, 1);
  EXPECT_EQ(local_time(-60'000, 0).date(), "1969-12-31");
  EXPECT_EQ(parse_hh_mm("09:30"), 570);
  EXPECT_EQ(parse_hh_mm("24:00"), 1440);
  EXPECT_FALSE(parse_hh_mm("24:01"));
  EXPECT_FALSE(parse_hh_mm("9:30"));
  EXPECT_TRUE(is_iso_date("2024-02-29"));
  EXPECT_FALSE(is_iso_date("2023-02-29"));
  TimeRange night{22 * 60, 6 * 60};
  EXPECT_TRUE(night.contains(23 * 60));
  EXPECT_TRUE(night.contains(60));
  EXPECT_FALSE(night.contains(12 * 60));
  TimeRange day{9 * 60, 18 * 60};
  EXPECT_TRUE(day.contains(9 * 60));
  EXPECT_FALSE(day.contains(18 * 60));
}

}  // namespace
}  // namespace hotline::ivr
