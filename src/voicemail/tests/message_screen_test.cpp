// MessageScreen on a real SQLite store and real files: a message with sound becomes `new` with its
// length, a short or silent one, or one whose file is missing, is discarded with the reason.
#include "voicemail/message_screen.hpp"

#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "voicemail/tests/wav_fixture.hpp"

namespace hotline::voicemail {
namespace {

constexpr UnixMs kT0 = 1'700'000'000'000;

class MessageScreenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::open_sqlite({.path = files.dir / "hotline.db"}, clock);
    ASSERT_TRUE(opened) << opened.error().message;
    store = std::move(opened).value();
    tenant = *store->tenants().create({.name = "acme", .sip_realm = "acme.test"});
    box = *store->voicemail_boxes().create({.tenant_id = tenant, .name = "sales"});
  }

  // A message being recorded into recordings/<id>.wav, as VoicemailCalls leaves it.
  void leave(const std::string& id) {
    store->calls().save_call_async({.id = "call-" + id, .tenant_id = tenant, .direction = "inbound"});
    store->recordings().save_async({.id = "rec-" + id,
                                    .tenant_id = tenant,
                                    .call_id = "call-" + id,
                                    .path = "recordings/" + id + ".wav"});
    store->voicemail_messages().add_async({.id = id,
                                           .tenant_id = tenant,
                                           .box_id = box,
                                           .call_id = "call-" + id,
                                           .recording_id = "rec-" + id,
                                           .caller = "1001",
                                           .created_at = kT0});
    store->flush();
  }

  std::optional<std::string> reason_of(const std::string& id) {
    for (const auto& m : store->voicemail_messages().list(tenant, box))
      if (m.id == id) return std::nullopt;
    return "not listed";
  }

  testing::WavFolder files;
  ManualClock clock{kT0};
  std::unique_ptr<store::Store> store;
  store::TenantId tenant = 0;
  std::int64_t box = 0;
};

TEST_F(MessageScreenTest, KeepsMessagesWithSoundAndDiscardsTheRest) {
  files.write("recordings/spoken.wav", 3000, 1000, 8000, 200);
  files.write("recordings/short.wav", 600, 1000, 8000);
  files.write("recordings/silent.wav", 5000, 0, 0);
  for (const char* id : {"spoken", "short", "silent", "missing"}) leave(id);
  {
    MessageScreen screen(*store, files.dir, {});
    for (const char* id : {"spoken", "short", "silent", "missing"})
      screen.check(id, std::string("recordings/") + id + ".wav");
    screen.drain();
    auto listed = store->voicemail_messages().list(tenant, box);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].id, "spoken");
    EXPECT_EQ(listed[0].status, "new");
    EXPECT_EQ(listed[0].duration_ms, 3200);
  }
  auto conn_rows = store->voicemail_messages().unscreened();
  EXPECT_TRUE(conn_rows.empty()) << "every message was screened";
  EXPECT_EQ(store->voicemail_messages().counts(tenant)[box].new_messages, 1);
}

TEST_F(MessageScreenTest, WhatIsQueuedAtDestructionIsStillScreened) {
  files.write("recordings/late.wav", 2000, 440, 8000);
  leave("late");
  {
    MessageScreen screen(*store, files.dir, {});
    screen.check("late", "recordings/late.wav");
  }
  EXPECT_FALSE(reason_of("late"));
}

}  // namespace
}  // namespace hotline::voicemail
