// Allow-Events read from a phone's ringing: whether it takes the talk event (a desktop's answer).
#include <gtest/gtest.h>
#include <sofia-sip/msg.h>

#include <memory>
#include <string>

#include "sip/sofia.hpp"

namespace hotline::sip {
namespace {

struct MsgDeleter {
  void operator()(msg_t* msg) const { msg_destroy(msg); }
};

// A 180 Ringing with the given extra header lines (each ending in CRLF).
std::unique_ptr<msg_t, MsgDeleter> ringing(const std::string& headers) {
  std::string text =
      "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-1\r\n"
      "From: <sip:0612345678@hotline.demo>;tag=a\r\nTo: <sip:1001@hotline.demo>;tag=b\r\n"
      "Call-ID: c1\r\nCSeq: 1 INVITE\r\n" +
      headers + "Content-Length: 0\r\n\r\n";
  return std::unique_ptr<msg_t, MsgDeleter>(
      msg_make(sip_default_mclass(), 0, text.data(), static_cast<ssize_t>(text.size())));
}

TEST(AllowsEvent, FindsThePackageInAnyAllowEventsHeaderWhateverItsCase) {
  EXPECT_TRUE(allows_event(sip_object(ringing("Allow-Events: talk, hold\r\n").get()), "talk"));
  EXPECT_TRUE(
      allows_event(sip_object(ringing("Allow-Events: hold\r\nAllow-Events: TALK\r\n").get()), "talk"));
  EXPECT_TRUE(allows_event(sip_object(ringing("u: conference,talk\r\n").get()), "talk"));  // compact form
}

TEST(AllowsEvent, IsFalseWithoutThePackageOrTheHeader) {
  EXPECT_FALSE(allows_event(sip_object(ringing("Allow-Events: hold, dialog\r\n").get()), "talk"));
  EXPECT_FALSE(allows_event(sip_object(ringing("Allow-Events: talkative\r\n").get()), "talk"));
  EXPECT_FALSE(allows_event(sip_object(ringing("").get()), "talk"));
  EXPECT_FALSE(allows_event(nullptr, "talk"));
}

}  // namespace
}  // namespace hotline::sip
