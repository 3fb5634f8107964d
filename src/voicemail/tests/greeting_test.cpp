// What a caller hears before the beep: the box's file, else its text, else the default greeting.
#include "voicemail/greeting.hpp"

#include <gtest/gtest.h>

namespace hotline::voicemail {
namespace {

using Kind = media::PlayItemSpec::Kind;

TEST(Greeting, AFileComesFirstAndARelativeOneIsInTheDataFolder) {
  store::VoicemailBox box{.name = "sales", .greeting_text = "ignored", .greeting_file = "prompts/sales.wav"};
  auto spec = greeting_play(box, "/data");
  ASSERT_EQ(spec.items.size(), 1u);
  EXPECT_EQ(spec.items[0].kind, Kind::File);
  EXPECT_EQ(spec.items[0].value, "/data/prompts/sales.wav");
  EXPECT_TRUE(spec.interruptible) << "a key skips the greeting";
  box.greeting_file = "/srv/greetings/sales.wav";
  EXPECT_EQ(greeting_play(box, "/data").items[0].value, "/srv/greetings/sales.wav");
}

TEST(Greeting, TextIsSpokenInTheBoxsLanguage) {
  store::VoicemailBox box{.name = "sales", .greeting_text = "Please leave a message", .language = "en"};
  auto spec = greeting_play(box, "/data");
  ASSERT_EQ(spec.items.size(), 1u);
  EXPECT_EQ(spec.items[0].kind, Kind::Speech);
  EXPECT_EQ(spec.items[0].value, "Please leave a message");
  EXPECT_EQ(spec.items[0].language, "en");
}

TEST(Greeting, ABoxWithoutOneHasTheDefaultInItsLanguage) {
  store::VoicemailBox box{.name = "1001"};
  auto spec = greeting_play(box, "/data");
  ASSERT_EQ(spec.items.size(), 1u);
  EXPECT_EQ(spec.items[0].kind, Kind::Speech);
  EXPECT_EQ(spec.items[0].language, "zh-CN");
  EXPECT_NE(spec.items[0].value.find("留言"), std::string::npos);
  EXPECT_NE(default_greeting_text("en").find("after the tone"), std::string::npos);
}

TEST(Greeting, TheBeepIsA1kHzToneKeysDoNotStop) {
  auto spec = beep_play();
  ASSERT_EQ(spec.items.size(), 2u);
  EXPECT_EQ(spec.items[1].kind, Kind::Tone);
  EXPECT_EQ(spec.items[1].value, "beep");
  EXPECT_FALSE(spec.interruptible);
}

}  // namespace
}  // namespace hotline::voicemail
