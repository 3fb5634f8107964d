#include "media/sdp.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace hotline::media {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// What sipp's uac scenario sends (LF line endings, as in its XML).
constexpr const char* kSippOffer =
    "v=0\n"
    "o=user1 53655765 2353687637 IN IP4 127.0.1.1\n"
    "s=-\n"
    "c=IN IP4 127.0.1.1\n"
    "t=0 0\n"
    "m=audio 6000 RTP/AVP 0\n"
    "a=rtpmap:0 PCMU/8000\n";

// A desk phone offering many codecs, media-level c= and DTMF on 101.
constexpr const char* kDeskPhoneOffer =
    "v=0\r\n"
    "o=- 20518 0 IN IP4 192.168.1.23\r\n"
    "s=SDP data\r\n"
    "c=IN IP4 192.168.1.23\r\n"
    "t=0 0\r\n"
    "m=audio 11780 RTP/AVP 9 18 0 8 101\r\n"
    "c=IN IP4 192.168.1.24\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:18 G729/8000\r\n"
    "a=fmtp:18 annexb=no\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-15\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n";

TEST(ParseSdpAudio, SippOfferWithLineFeeds) {
  auto audio = parse_sdp_audio(kSippOffer);
  ASSERT_TRUE(audio.ok()) << audio.error().message;
  EXPECT_EQ(audio->connection_ip, "127.0.1.1");
  EXPECT_EQ(audio->port, 6000);
  EXPECT_THAT(audio->payload_types, ElementsAre(0));
  EXPECT_EQ(audio->direction, "sendrecv");
}

TEST(ParseSdpAudio, DeskPhonePrefersMediaLevelConnection) {
  auto audio = parse_sdp_audio(kDeskPhoneOffer);
  ASSERT_TRUE(audio.ok()) << audio.error().message;
  EXPECT_EQ(audio->connection_ip, "192.168.1.24");
  EXPECT_EQ(audio->port, 11780);
  EXPECT_THAT(audio->payload_types, ElementsAre(9, 18, 0, 8, 101));
}

TEST(ParseSdpAudio, SessionLevelConnectionOnly) {
  auto audio = parse_sdp_audio(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\n"
      "m=video 5002 RTP/AVP 96\r\nm=audio 5000 RTP/AVP 8\r\na=sendonly\r\n");
  ASSERT_TRUE(audio.ok()) << audio.error().message;
  EXPECT_EQ(audio->connection_ip, "10.0.0.2");
  EXPECT_EQ(audio->port, 5000);
  EXPECT_EQ(audio->direction, "sendonly");
}

TEST(ParseSdpAudio, MissingConnectionIsAnError) {
  auto audio =
      parse_sdp_audio("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n");
  ASSERT_FALSE(audio.ok());
  EXPECT_EQ(audio.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(audio.error().field, "sdp");
}

TEST(ParseSdpAudio, NoAudioIsAnError) {
  auto audio = parse_sdp_audio("v=0\r\nc=IN IP4 10.0.0.1\r\nm=video 5000 RTP/AVP 96\r\n");
  ASSERT_FALSE(audio.ok());
  EXPECT_EQ(audio.error().field, "sdp");
  EXPECT_FALSE(parse_sdp_audio("").ok());
}

TEST(ParseSdpAudio, RejectedAudioHasPortZero) {
  auto audio = parse_sdp_audio("v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 0 RTP/AVP 0\r\n");
  ASSERT_TRUE(audio.ok());
  EXPECT_EQ(audio->port, 0);
}

TEST(RewriteSdpForRelay, KeepsOnlySupportedCodecsInOfferedOrder) {
  auto rewritten = rewrite_sdp_for_relay(kDeskPhoneOffer, "203.0.113.5", 20000);
  ASSERT_TRUE(rewritten.ok()) << rewritten.error().message;
  auto audio = parse_sdp_audio(*rewritten);
  ASSERT_TRUE(audio.ok()) << audio.error().message;
  EXPECT_EQ(audio->connection_ip, "203.0.113.5");
  EXPECT_EQ(audio->port, 20000);
  EXPECT_THAT(audio->payload_types, ElementsAre(9, 0, 8, 101));
  EXPECT_THAT(*rewritten, HasSubstr("o=- 20518 0 IN IP4 203.0.113.5\r\n"));
  EXPECT_THAT(*rewritten, HasSubstr("m=audio 20000 RTP/AVP 9 0 8 101\r\n"));
  EXPECT_THAT(*rewritten, HasSubstr("a=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n"));
  EXPECT_THAT(*rewritten, HasSubstr("a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n"));
  EXPECT_THAT(*rewritten, HasSubstr("a=ptime:20\r\n"));
  EXPECT_THAT(*rewritten, Not(HasSubstr("G729")));
  EXPECT_THAT(*rewritten, Not(HasSubstr("annexb")));
  EXPECT_THAT(*rewritten, Not(HasSubstr("192.168.1")));
}

TEST(RewriteSdpForRelay, G722KeepsItsPlaceAmongTheOfferedCodecs) {
  auto rewritten = rewrite_sdp_for_relay(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 8 96 9 0\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:96 opus/48000/2\r\n"
      "a=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n",
      "10.9.9.9", 20000);
  ASSERT_TRUE(rewritten.ok()) << rewritten.error().message;
  EXPECT_THAT(*rewritten, HasSubstr("m=audio 20000 RTP/AVP 8 9 0\r\n"));
  EXPECT_THAT(*rewritten,
              HasSubstr("a=rtpmap:8 PCMA/8000\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\n"));
  EXPECT_THAT(*rewritten, Not(HasSubstr("opus")));
}

TEST(RewriteSdpForRelay, G722AloneIsEnough) {
  // An answer from a G.722-only phone, and an offer that names G.722 by its static number only.
  for (const char* formats : {"9 101\r\na=rtpmap:9 G722/8000", "9 101"}) {
    auto rewritten =
        rewrite_sdp_for_relay(std::string("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\n"
                                          "c=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP ") +
                                  formats + "\r\na=rtpmap:101 telephone-event/8000\r\n",
                              "10.9.9.9", 20000);
    ASSERT_TRUE(rewritten.ok()) << rewritten.error().message;
    EXPECT_THAT(parse_sdp_audio(*rewritten)->payload_types, ElementsAre(9, 101)) << formats;
  }
}

TEST(RewriteSdpForRelay, LineEndingsBecomeCrlf) {
  auto rewritten = rewrite_sdp_for_relay(kSippOffer, "10.1.1.1", 20002);
  ASSERT_TRUE(rewritten.ok());
  EXPECT_EQ(*rewritten,
            "v=0\r\no=user1 53655765 2353687637 IN IP4 10.1.1.1\r\ns=-\r\nc=IN IP4 10.1.1.1\r\nt=0 0\r\n"
            "m=audio 20002 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
}

TEST(RewriteSdpForRelay, StaticPayloadTypesWithoutRtpmapAndOddEventNumber) {
  auto rewritten = rewrite_sdp_for_relay(
      "v=0\r\no=- 1 2 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 8 96 97\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:97 telephone-event/8000\r\n"
      "a=rtpmap:98 telephone-event/48000\r\n",
      "10.9.9.9", 20004);
  ASSERT_TRUE(rewritten.ok()) << rewritten.error().message;
  EXPECT_THAT(*rewritten, HasSubstr("m=audio 20004 RTP/AVP 8 97\r\n"));
  EXPECT_THAT(*rewritten, HasSubstr("a=rtpmap:97 telephone-event/8000\r\n"));
  EXPECT_THAT(*rewritten, Not(HasSubstr("opus")));
  EXPECT_THAT(*rewritten, Not(HasSubstr("48000")));
}

TEST(RewriteSdpForRelay, OnlyUnsupportedCodecsIsAnError) {
  auto rewritten = rewrite_sdp_for_relay(
      "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 18 96 101\r\na=rtpmap:18 G729/8000\r\n"
      "a=rtpmap:96 opus/48000/2\r\na=rtpmap:101 telephone-event/8000\r\n",
      "10.9.9.9", 20000);
  ASSERT_FALSE(rewritten.ok());
  EXPECT_EQ(rewritten.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(rewritten.error().field, "sdp");
  EXPECT_THAT(rewritten.error().message, HasSubstr("G722"));
}

TEST(RewriteSdpForRelay, HoldDirectionIsPreserved) {
  auto rewritten = rewrite_sdp_for_relay(
      "v=0\r\no=- 1 3 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 0\r\na=sendonly\r\n",
      "10.9.9.9", 20000);
  ASSERT_TRUE(rewritten.ok());
  EXPECT_THAT(*rewritten, HasSubstr("a=sendonly\r\n"));
  EXPECT_EQ(parse_sdp_audio(*rewritten)->direction, "sendonly");
}

TEST(RewriteSdpForRelay, VideoIsRejectedWithPortZero) {
  auto rewritten = rewrite_sdp_for_relay(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n"
      "m=audio 4000 RTP/AVP 0 8\r\nc=IN IP4 10.0.0.1\r\n"
      "m=video 4002 RTP/AVP 96 97\r\nc=IN IP4 10.0.0.1\r\na=rtpmap:96 H264/90000\r\n",
      "10.9.9.9", 20000);
  ASSERT_TRUE(rewritten.ok()) << rewritten.error().message;
  EXPECT_THAT(*rewritten, HasSubstr("m=audio 20000 RTP/AVP 0 8\r\nc=IN IP4 10.9.9.9\r\n"));
  EXPECT_THAT(*rewritten, HasSubstr("m=video 0 RTP/AVP 96 97\r\nc=IN IP4 10.9.9.9\r\n"));
  EXPECT_THAT(*rewritten, Not(HasSubstr("10.0.0.1")));
}

TEST(RewriteSdpForRelay, DropsIceCryptoAndRtcpAttributes) {
  auto rewritten = rewrite_sdp_for_relay(
      "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
      "a=ice-ufrag:abcd\r\na=fingerprint:sha-256 AB:CD\r\n"
      "m=audio 4000 RTP/SAVP 0\r\na=rtcp:4005 IN IP4 10.0.0.1\r\na=rtcp-mux\r\n"
      "a=candidate:1 1 udp 2130706431 10.0.0.1 4000 typ host\r\na=ice-pwd:secret\r\n"
      "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:key\r\na=setup:actpass\r\na=recvonly\r\n",
      "10.9.9.9", 20000);
  ASSERT_TRUE(rewritten.ok()) << rewritten.error().message;
  EXPECT_THAT(*rewritten, HasSubstr("m=audio 20000 RTP/AVP 0\r\n"));
  EXPECT_THAT(*rewritten, HasSubstr("a=recvonly\r\n"));
  for (const char* gone : {"a=rtcp", "candidate", "ice-", "crypto", "fingerprint", "setup", "SAVP"}) {
    EXPECT_THAT(*rewritten, Not(HasSubstr(gone))) << gone;
  }
}

TEST(RewriteSdpForRelay, MissingAudioIsAnError) {
  auto rewritten = rewrite_sdp_for_relay("v=0\r\nc=IN IP4 10.0.0.1\r\n", "10.9.9.9", 20000);
  ASSERT_FALSE(rewritten.ok());
  EXPECT_EQ(rewritten.error().field, "sdp");
}

}  // namespace
}  // namespace hotline::media

namespace hotline::media {
namespace {

TEST(WithDirection, SetsTheAudioDirectionOnceAndRaisesTheVersion) {
  auto ours = rewrite_sdp_for_relay(kDeskPhoneOffer, "10.1.1.1", 20002);
  ASSERT_TRUE(ours.ok());
  auto held = with_direction(*ours, "recvonly");
  ASSERT_TRUE(held.ok()) << held.error().message;
  auto audio = parse_sdp_audio(*held);
  ASSERT_TRUE(audio.ok());
  EXPECT_EQ(audio->direction, "recvonly");
  EXPECT_EQ(audio->port, 20002);
  EXPECT_EQ(held->find("a=sendrecv"), std::string::npos);
  auto origin_version = [](const std::string& sdp) {
    auto o = sdp.find("o=");
    std::istringstream words(sdp.substr(o + 2, sdp.find("\r\n", o) - o - 2));
    std::string user, id;
    unsigned long long version = 0;
    words >> user >> id >> version;
    return version;
  };
  EXPECT_EQ(origin_version(*held), origin_version(*ours) + 1);
  auto resumed = with_direction(*held, "sendrecv");
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(parse_sdp_audio(*resumed)->direction, "sendrecv");
  EXPECT_FALSE(with_direction(*ours, "loud").ok());
}

}  // namespace
}  // namespace hotline::media

namespace hotline::media {
namespace {

constexpr const char* kPhoneOffer =
    "v=0\r\no=phone 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
    "m=audio 4000 RTP/AVP 18 8 0 96\r\na=rtpmap:18 G729/8000\r\na=rtpmap:96 telephone-event/8000\r\n"
    "a=fmtp:96 0-16\r\n";

TEST(LocalSdp, AnswersWithTheFirstSupportedCodecAndTheOfferedTelephoneEvent) {
  auto chosen = choose_local_audio(kPhoneOffer);
  ASSERT_TRUE(chosen) << chosen.error().message;
  EXPECT_EQ(chosen->payload_type, 8);
  EXPECT_EQ(chosen->telephone_event_pt, 96);

  std::string sdp = local_sdp("127.0.0.1", 20010, *chosen, 42);
  auto parsed = parse_sdp_audio(sdp);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->connection_ip, "127.0.0.1");
  EXPECT_EQ(parsed->port, 20010);
  EXPECT_EQ(parsed->payload_types, (std::vector<int>{8, 96}));
  EXPECT_EQ(parsed->telephone_event_pt, 96);
  EXPECT_EQ(parsed->direction, "sendrecv");
  EXPECT_NE(sdp.find("a=rtpmap:8 PCMA/8000\r\n"), std::string::npos);
  EXPECT_NE(sdp.find("o=hotline 42 1 IN IP4 127.0.0.1\r\n"), std::string::npos);
}

TEST(LocalSdp, WithoutTelephoneEventOffersNone) {
  auto chosen = choose_local_audio("v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 9 0\r\n");
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen->payload_type, 9);
  EXPECT_EQ(chosen->telephone_event_pt, -1);
  std::string sdp = local_sdp("::1", 20012, *chosen, 7, 3);
  EXPECT_NE(sdp.find("c=IN IP6 ::1\r\n"), std::string::npos);
  EXPECT_NE(sdp.find("m=audio 20012 RTP/AVP 9\r\na=rtpmap:9 G722/8000\r\n"), std::string::npos);
  EXPECT_EQ(sdp.find("telephone-event"), std::string::npos);
}

TEST(LocalSdp, TheServersOfferListsPcmuPcmaAndTelephoneEvent) {
  std::string sdp = local_offer("127.0.0.1", 20014, 9);
  auto parsed = parse_sdp_audio(sdp);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->port, 20014);
  EXPECT_EQ(parsed->payload_types, (std::vector<int>{0, 8, 101}));
  EXPECT_EQ(parsed->telephone_event_pt, 101);
  EXPECT_NE(sdp.find("a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"), std::string::npos);
  auto answer = choose_local_audio("v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 8 101\r\n");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->payload_type, 8) << "the phone's answer picks the codec";
}

TEST(LocalSdp, NoSupportedCodecIsAnErrorNamingSdp) {
  auto chosen = choose_local_audio("v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 5000 RTP/AVP 18\r\n");
  ASSERT_FALSE(chosen);
  EXPECT_EQ(chosen.error().field, "sdp");
}

}  // namespace
}  // namespace hotline::media
