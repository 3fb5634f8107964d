#include "pbx/parking_lot.hpp"

#include <gtest/gtest.h>

namespace hotline::pbx {
namespace {

constexpr std::int64_t kAcme = 1;
constexpr std::int64_t kGlobex = 2;
constexpr UnixMs kNoon = 1'700'000'000'000;

ParkedCall call_in(std::int64_t tenant, int slot, const std::string& id) {
  ParkedCall call;
  call.tenant_id = tenant;
  call.slot = slot;
  call.call_id = id;
  call.parked_by = "1001";
  return call;
}

TEST(ParkingLot, TheLowestFreeSlotFromOnePerTenant) {
  ParkingLot lot(3, 120'000);
  EXPECT_EQ(lot.free_slot(kAcme), 1);
  ASSERT_TRUE(lot.park(call_in(kAcme, 1, "a"), kNoon));
  ASSERT_TRUE(lot.park(call_in(kAcme, 2, "b"), kNoon));
  EXPECT_EQ(lot.free_slot(kAcme), 3);
  EXPECT_EQ(lot.free_slot(kGlobex), 1);  // another tenant's lot is its own
  ASSERT_TRUE(lot.release("a"));
  EXPECT_EQ(lot.free_slot(kAcme), 1);  // a gap is filled first
  EXPECT_EQ(lot.in_slot(kAcme, 2)->call_id, "b");
  EXPECT_EQ(lot.find("b")->slot, 2);
  EXPECT_EQ(lot.in_slot(kAcme, 1), nullptr);
  EXPECT_EQ(lot.find("a"), nullptr);
}

TEST(ParkingLot, AFullLotHasNoFreeSlotAndRefusesMore) {
  ParkingLot lot(2, 120'000);
  ASSERT_TRUE(lot.park(call_in(kAcme, 1, "a"), kNoon));
  ASSERT_TRUE(lot.park(call_in(kAcme, 2, "b"), kNoon));
  EXPECT_FALSE(lot.free_slot(kAcme));
  auto taken = lot.park(call_in(kAcme, 2, "c"), kNoon);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::Conflict);
  auto beyond = lot.park(call_in(kAcme, 3, "c"), kNoon);
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().field, "slot");
  EXPECT_FALSE(lot.park(call_in(kAcme, 0, "c"), kNoon));
  EXPECT_FALSE(lot.park(call_in(kGlobex, 1, "a"), kNoon)) << "a call is parked once";
  EXPECT_EQ(lot.size(), 2u);
}

TEST(ParkingLot, ReleasingGivesBackWhatWasParked) {
  ParkingLot lot(50, 120'000);
  ASSERT_TRUE(lot.park(call_in(kAcme, 1, "a"), kNoon));
  auto released = lot.release("a");
  ASSERT_TRUE(released);
  EXPECT_EQ(released->slot, 1);
  EXPECT_EQ(released->parked_at, kNoon);
  EXPECT_FALSE(lot.release("a"));
  EXPECT_EQ(lot.size(), 0u);
}

TEST(ParkingLot, ATenantsCallsAreListedBySlot) {
  ParkingLot lot(50, 120'000);
  ASSERT_TRUE(lot.park(call_in(kAcme, 3, "c"), kNoon));
  ASSERT_TRUE(lot.park(call_in(kGlobex, 2, "g"), kNoon));
  ASSERT_TRUE(lot.park(call_in(kAcme, 1, "a"), kNoon + 5));
  auto acme = lot.of_tenant(kAcme);
  ASSERT_EQ(acme.size(), 2u);
  EXPECT_EQ(acme[0].call_id, "a");
  EXPECT_EQ(acme[1].call_id, "c");
  EXPECT_EQ(lot.of_tenant(kGlobex).size(), 1u);
  EXPECT_TRUE(lot.of_tenant(3).empty());
}

TEST(ParkingLot, ACallRingsBackOnceItsTimeoutIsOver) {
  ParkingLot lot(50, 120'000);
  EXPECT_FALSE(lot.next_ring_back());
  ASSERT_TRUE(lot.park(call_in(kAcme, 1, "a"), kNoon));
  ASSERT_TRUE(lot.park(call_in(kAcme, 2, "b"), kNoon + 30'000));
  EXPECT_EQ(lot.find("a")->ring_back_at, kNoon + 120'000);
  EXPECT_EQ(lot.next_ring_back(), kNoon + 120'000);
  EXPECT_TRUE(lot.take_due(kNoon + 119'999).empty());
  auto due = lot.take_due(kNoon + 120'000);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].call_id, "a");
  EXPECT_EQ(lot.find("a"), nullptr) << "a call ringing back has left its slot";
  EXPECT_EQ(lot.next_ring_back(), kNoon + 150'000);
  EXPECT_EQ(lot.take_due(kNoon + 500'000).size(), 1u);
  EXPECT_FALSE(lot.next_ring_back());
}

TEST(ParkingLot, ACallBeingRetrievedDoesNotRingBackUntilTheRetrieveFails) {
  ParkingLot lot(50, 120'000);
  ASSERT_TRUE(lot.park(call_in(kAcme, 1, "a"), kNoon));
  ASSERT_TRUE(lot.set_retrieving("a", "1003", "carl"));
  EXPECT_EQ(lot.find("a")->retrieving_by, "1003");
  EXPECT_FALSE(lot.next_ring_back());
  EXPECT_TRUE(lot.take_due(kNoon + 200'000).empty());
  ASSERT_TRUE(lot.set_retrieving("a", {}, {}));  // 1003 did not answer: it is overdue now
  EXPECT_EQ(lot.next_ring_back(), kNoon + 120'000);
  EXPECT_EQ(lot.take_due(kNoon + 200'000).size(), 1u);
  EXPECT_FALSE(lot.set_retrieving("a", "1003", "carl"));
}

TEST(ParkingLot, DueCallsComeEarliestFirst) {
  ParkingLot lot(50, 1'000);
  ASSERT_TRUE(lot.park(call_in(kAcme, 1, "late"), kNoon + 500));
  ASSERT_TRUE(lot.park(call_in(kGlobex, 1, "early"), kNoon));
  auto due = lot.take_due(kNoon + 10'000);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].call_id, "early");
  EXPECT_EQ(due[1].call_id, "late");
}

}  // namespace
}  // namespace hotline::pbx
