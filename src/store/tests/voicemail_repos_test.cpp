// Voicemail boxes and messages (IVR-7) on a real SQLite file: validation, uniqueness per tenant, a
// message's life (recording → screened new or discarded → heard → deleted), counts, tenant scope.
#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace hotline::store::testing {
namespace {

class VoicemailReposTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = make_tenant("acme");
    other_ = make_tenant("other");
    sales_ = *store_->voicemail_boxes().create({.tenant_id = acme_, .name = "sales"});
  }

  // A call with a recording and a message in box `box` (status recording), as VoicemailCalls
  // leaves them when the caller starts speaking.
  void leave(const std::string& id, std::int64_t box, UnixMs at, TenantId tenant = 0) {
    tenant = tenant ? tenant : acme_;
    store_->calls().save_call_async(
        {.id = "call-" + id, .tenant_id = tenant, .direction = "inbound", .started_at = at});
    store_->recordings().save_async({.id = "rec-" + id,
                                     .tenant_id = tenant,
                                     .call_id = "call-" + id,
                                     .path = "recordings/" + id + ".wav",
                                     .channels = 1,
                                     .started_at = at});
    store_->voicemail_messages().add_async({.id = id,
                                            .tenant_id = tenant,
                                            .box_id = box,
                                            .call_id = "call-" + id,
                                            .recording_id = "rec-" + id,
                                            .caller = "+8610555" + id,
                                            .created_at = at});
    store_->flush();
  }

  TenantId acme_ = 0;
  TenantId other_ = 0;
  std::int64_t sales_ = 0;
};

TEST_F(VoicemailReposTest, ABoxIsValidatedAndUniqueByNameAndExtensionPerTenant) {
  auto& boxes = store_->voicemail_boxes();
  EXPECT_EQ(boxes.create({.tenant_id = acme_, .name = ""}).error().field, "name");
  EXPECT_EQ(boxes.create({.tenant_id = acme_, .name = "x", .language = "fr"}).error().field, "language");
  EXPECT_EQ(boxes.create({.tenant_id = acme_, .name = "x", .max_message_ms = 999}).error().field,
            "max_message_ms");
  EXPECT_EQ(boxes.create({.tenant_id = acme_, .name = "sales"}).error().code, ErrorCode::Conflict);
  ASSERT_TRUE(boxes.create({.tenant_id = acme_, .name = "1001", .extension = "1001"}));
  auto taken = boxes.create({.tenant_id = acme_, .name = "again", .extension = "1001"});
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, ErrorCode::Conflict);
  EXPECT_NE(taken.error().field.find("extension"), std::string::npos) << taken.error().field;
  EXPECT_TRUE(boxes.create({.tenant_id = other_, .name = "sales", .extension = "1001"}))
      << "names and extensions are per tenant";

  auto found = boxes.find_by_extension(acme_, "1001");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->name, "1001");
  EXPECT_EQ(found->max_message_ms, 120'000);
  EXPECT_EQ(found->language, "zh-CN");
  EXPECT_FALSE(boxes.find_by_extension(acme_, "1002"));
}

TEST_F(VoicemailReposTest, UpdateChangesTheGreetingAndIsScopedByTenant) {
  auto box = *store_->voicemail_boxes().get(acme_, sales_);
  box.greeting_text = "Please leave a message";
  box.language = "en";
  box.extension = "1003";
  ASSERT_TRUE(store_->voicemail_boxes().update(box));
  auto read = *store_->voicemail_boxes().find(acme_, "sales");
  EXPECT_EQ(read.greeting_text, "Please leave a message");
  EXPECT_EQ(read.language, "en");
  EXPECT_EQ(read.extension, "1003");

  box.tenant_id = other_;
  EXPECT_EQ(store_->voicemail_boxes().update(box).error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->voicemail_boxes().get(other_, sales_).error().code, ErrorCode::NotFound);
  EXPECT_TRUE(store_->voicemail_boxes().list(other_).empty());
}

TEST_F(VoicemailReposTest, AMessageIsListedOnceScreenedAndCountedUntilHeard) {
  leave("m1", sales_, kT0);
  EXPECT_TRUE(store_->voicemail_messages().list(acme_, sales_).empty()) << "still recording";
  auto unscreened = store_->voicemail_messages().unscreened();
  ASSERT_EQ(unscreened.size(), 1u);
  EXPECT_EQ(unscreened[0].recording_path, "recordings/m1.wav");

  ASSERT_TRUE(store_->voicemail_messages().screen("m1", 3100, std::nullopt));
  EXPECT_EQ(store_->voicemail_messages().screen("m1", 3100, std::nullopt).error().code, ErrorCode::NotFound)
      << "screened once";
  EXPECT_TRUE(store_->voicemail_messages().unscreened().empty());
  auto listed = store_->voicemail_messages().list(acme_, sales_);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].status, "new");
  EXPECT_EQ(listed[0].duration_ms, 3100);
  EXPECT_EQ(listed[0].caller, "+8610555m1");
  EXPECT_EQ(listed[0].call_id, "call-m1");
  auto counts = store_->voicemail_messages().counts(acme_);
  EXPECT_EQ(counts[sales_].new_messages, 1);
  EXPECT_EQ(counts[sales_].total, 1);

  ASSERT_TRUE(store_->voicemail_messages().set_heard(acme_, "m1", true, kT0 + 60'000, "alice"));
  auto heard = *store_->voicemail_messages().get(acme_, "m1");
  EXPECT_EQ(heard.status, "heard");
  EXPECT_EQ(heard.heard_at, kT0 + 60'000);
  EXPECT_EQ(heard.heard_by, "alice");
  counts = store_->voicemail_messages().counts(acme_);
  EXPECT_EQ(counts[sales_].new_messages, 0);
  EXPECT_EQ(counts[sales_].total, 1);

  ASSERT_TRUE(store_->voicemail_messages().set_heard(acme_, "m1", false, kT0, "alice"));
  EXPECT_EQ(store_->voicemail_messages().get(acme_, "m1")->status, "new");
  EXPECT_FALSE(store_->voicemail_messages().get(acme_, "m1")->heard_at);
}

TEST_F(VoicemailReposTest, DiscardedAndDeletedMessagesAreNeitherListedNorCounted) {
  leave("short", sales_, kT0);
  leave("kept", sales_, kT0 + 1000);
  leave("gone", sales_, kT0 + 2000);
  ASSERT_TRUE(store_->voicemail_messages().screen("short", 400, std::string("shorter than 1 s")));
  ASSERT_TRUE(store_->voicemail_messages().screen("kept", 2000, std::nullopt));
  ASSERT_TRUE(store_->voicemail_messages().screen("gone", 2000, std::nullopt));
  ASSERT_TRUE(store_->voicemail_messages().remove(acme_, "gone", kT0 + 5000));

  auto listed = store_->voicemail_messages().list(acme_, sales_);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, "kept");
  EXPECT_EQ(store_->voicemail_messages().get(acme_, "short").error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->voicemail_messages().get(acme_, "gone").error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->voicemail_messages().remove(acme_, "gone", kT0).error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->voicemail_messages().counts(acme_)[sales_].total, 1);
  EXPECT_EQ(scalar("SELECT discard_reason = 'shorter than 1 s' FROM voicemail_messages WHERE id = 'short'"),
            1);
}

TEST_F(VoicemailReposTest, AnotherTenantsMessageIsNotFound) {
  leave("m1", sales_, kT0);
  ASSERT_TRUE(store_->voicemail_messages().screen("m1", 2000, std::nullopt));
  EXPECT_EQ(store_->voicemail_messages().get(other_, "m1").error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->voicemail_messages().set_heard(other_, "m1", true, kT0, "eve").error().code,
            ErrorCode::NotFound);
  EXPECT_EQ(store_->voicemail_messages().remove(other_, "m1", kT0).error().code, ErrorCode::NotFound);
  EXPECT_TRUE(store_->voicemail_messages().list(other_, sales_).empty());
  EXPECT_TRUE(store_->voicemail_messages().counts(other_).empty());
  EXPECT_EQ(store_->voicemail_messages().get(acme_, "m1")->status, "new") << "untouched";
}

TEST_F(VoicemailReposTest, NewestMessagesComeFirst) {
  leave("old", sales_, kT0);
  leave("new", sales_, kT0 + 10'000);
  for (const char* id : {"old", "new"})
    ASSERT_TRUE(store_->voicemail_messages().screen(id, 1500, std::nullopt));
  auto listed = store_->voicemail_messages().list(acme_, sales_);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, "new");
  EXPECT_EQ(listed[1].id, "old");
}

}  // namespace
}  // namespace hotline::store::testing
