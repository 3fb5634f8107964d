#include "pbx/toll_rules.hpp"

#include <gtest/gtest.h>

namespace hotline::pbx {
namespace {

TollPrefixes prefixes(std::string international, std::string premium) {
  store::Tenant tenant;
  tenant.international_prefixes = std::move(international);
  tenant.premium_prefixes = std::move(premium);
  return toll_prefixes_of(tenant);
}

TEST(TollClass, DialledNumbersAreClassedByTheTenantsPrefixes) {
  auto p = prefixes("00,+", "1900,168");
  EXPECT_EQ(toll_class(p, "0044207946000"), TollClass::International);
  EXPECT_EQ(toll_class(p, "+861088887777"), TollClass::International);
  EXPECT_EQ(toll_class(p, "19001234"), TollClass::Premium);
  EXPECT_EQ(toll_class(p, "16812345678"), TollClass::Premium);
  EXPECT_EQ(toll_class(p, "01088887777"), TollClass::Ordinary);
  EXPECT_EQ(toll_class(p, "13800138000"), TollClass::Ordinary);
  EXPECT_EQ(toll_class(p, "1"), TollClass::Ordinary);  // shorter than every prefix
}

TEST(TollClass, APremiumPrefixInsideAnInternationalOneIsPremium) {
  auto p = prefixes("00", "00900");
  EXPECT_EQ(toll_class(p, "00900123"), TollClass::Premium);
  EXPECT_EQ(toll_class(p, "0044123"), TollClass::International);
}

TEST(TollClass, NoPrefixesMeansEverythingIsOrdinary) {
  auto p = prefixes("", "");
  EXPECT_TRUE(p.international.empty());
  EXPECT_EQ(toll_class(p, "0044207946000"), TollClass::Ordinary);
}

TEST(TollClass, EachClassNeedsItsCapability) {
  EXPECT_EQ(toll_capability(TollClass::International), "calls.dial.international");
  EXPECT_EQ(toll_capability(TollClass::Premium), "calls.dial.premium");
  EXPECT_TRUE(toll_capability(TollClass::Ordinary).empty());
  DialPrivileges international_only{true, false};
  EXPECT_TRUE(may_dial(international_only, TollClass::International));
  EXPECT_FALSE(may_dial(international_only, TollClass::Premium));
  EXPECT_TRUE(may_dial(DialPrivileges{}, TollClass::Ordinary));
  EXPECT_FALSE(may_dial(DialPrivileges{}, TollClass::International));
}

}  // namespace
}  // namespace hotline::pbx
