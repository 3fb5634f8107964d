#include "sip/location_service.hpp"

#include <gtest/gtest.h>

namespace hotline::sip {
namespace {

Binding binding(const std::string& contact, UnixMs expires_at, std::uint32_t cseq = 1,
                const std::string& call_id = "c1") {
  Binding b;
  b.contact = contact;
  b.source = "udp:127.0.0.1:5070";
  b.call_id = call_id;
  b.cseq = cseq;
  b.expires_at = expires_at;
  return b;
}

TEST(LocationService, AddRefreshExpire) {
  LocationService ls;
  AddressOfRecord aor{1, "1001"};
  ASSERT_TRUE(ls.update(aor, binding("sip:1001@a", 10'000), 0));
  ASSERT_TRUE(ls.update(aor, binding("sip:1001@b", 20'000, 1, "c2"), 0));
  auto found = ls.lookup(aor, 5'000);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].contact, "sip:1001@b");  // most recent first
  EXPECT_EQ(ls.lookup(aor, 15'000).size(), 1u);
  auto purged = ls.purge(15'000);
  ASSERT_EQ(purged.size(), 1u);
  EXPECT_EQ(purged[0].second.contact, "sip:1001@a");
  EXPECT_EQ(ls.binding_count(), 1u);
}

TEST(LocationService, OutOfOrderRefreshIgnoredAndZeroExpiryRemoves) {
  LocationService ls;
  AddressOfRecord aor{1, "1001"};
  ASSERT_TRUE(ls.update(aor, binding("sip:1001@a", 10'000, 5), 0));
  EXPECT_FALSE(ls.update(aor, binding("sip:1001@a", 50'000, 4), 0));
  EXPECT_EQ(ls.lookup(aor, 0)[0].expires_at, 10'000);
  ASSERT_TRUE(ls.update(aor, binding("sip:1001@a", 0, 6), 1));
  EXPECT_TRUE(ls.lookup(aor, 1).empty());
  EXPECT_EQ(ls.binding_count(), 0u);
}

TEST(LocationService, TenantsAreSeparate) {
  LocationService ls;
  ASSERT_TRUE(ls.update({1, "1001"}, binding("sip:1001@a", 10'000), 0));
  EXPECT_TRUE(ls.lookup({2, "1001"}, 0).empty());
}

}  // namespace
}  // namespace hotline::sip
