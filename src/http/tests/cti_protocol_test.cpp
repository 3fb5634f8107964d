// The CTI WebSocket's frames without sockets: what a command frame must hold, and the replies.
#include "http/cti_protocol.hpp"

#include <gtest/gtest.h>

#include "http/json_errors.hpp"

namespace hotline::http {
namespace {

std::vector<std::string> fields(const CtiFrame& frame) {
  std::vector<std::string> out;
  for (const auto& error : frame.errors) out.push_back(error.field);
  return out;
}

TEST(CtiProtocol, ReadsACommandWithItsIdAndArguments) {
  auto frame = parse_cti_frame(R"({"id": "r1", "cmd": "agent.not_ready", "args": {"reason": "lunch"}})");
  ASSERT_TRUE(frame.request) << fields(frame).size();
  EXPECT_EQ(frame.request->id, "r1");
  EXPECT_EQ(frame.request->cmd, "agent.not_ready");
  EXPECT_EQ(frame.request->args["reason"], "lunch");
}

TEST(CtiProtocol, ArgumentsAreOptionalAndIdsMayBeIntegers) {
  auto frame = parse_cti_frame(R"({"id": 7, "cmd": "agent.ready"})");
  ASSERT_TRUE(frame.request);
  EXPECT_EQ(frame.request->id, 7);
  EXPECT_TRUE(frame.request->args.is_object());
  EXPECT_TRUE(frame.request->args.empty());
}

TEST(CtiProtocol, NotJsonOrNotAnObjectNamesTheFrame) {
  for (const char* text : {"agent.ready", "[1, 2]", "", "{\"id\": "}) {
    auto frame = parse_cti_frame(text);
    EXPECT_FALSE(frame.request) << text;
    EXPECT_EQ(fields(frame), std::vector<std::string>{"frame"}) << text;
    EXPECT_TRUE(frame.id.is_null());
  }
}

TEST(CtiProtocol, EveryBadMemberIsNamedAndAReadableIdKept) {
  auto frame = parse_cti_frame(R"({"id": "r2", "cmd": 5, "args": [], "extra": 1})");
  EXPECT_FALSE(frame.request);
  EXPECT_EQ(frame.id, "r2") << "the error reply still reaches request r2";
  EXPECT_EQ(fields(frame), (std::vector<std::string>{"cmd", "args", "extra"}));
}

TEST(CtiProtocol, AnIdMustBeAShortStringOrAnInteger) {
  EXPECT_EQ(fields(parse_cti_frame(R"({"cmd": "ping"})")), std::vector<std::string>{"id"});
  EXPECT_EQ(fields(parse_cti_frame(R"({"id": null, "cmd": "ping"})")), std::vector<std::string>{"id"});
  EXPECT_EQ(fields(parse_cti_frame(R"({"id": 1.5, "cmd": "ping"})")), std::vector<std::string>{"id"});
  EXPECT_EQ(fields(parse_cti_frame(R"({"id": "", "cmd": "ping"})")), std::vector<std::string>{"id"});
  std::string long_id(kMaxCtiIdLength + 1, 'x');
  EXPECT_EQ(fields(parse_cti_frame(R"({"id": ")" + long_id + R"(", "cmd": "ping"})")),
            std::vector<std::string>{"id"});
  EXPECT_EQ(fields(parse_cti_frame(R"({"id": "r", "cmd": ""})")), std::vector<std::string>{"cmd"});
}

TEST(CtiProtocol, ASuccessIsOkWithTheResult) {
  auto reply = nlohmann::json::parse(cti_reply("r1", json_response(200, {{"state", "ready"}})));
  EXPECT_EQ(reply, (nlohmann::json{{"id", "r1"}, {"ok", true}, {"result", {{"state", "ready"}}}}));
  auto empty = nlohmann::json::parse(cti_reply(3, ApiResponse{204, {}, {}}));
  EXPECT_TRUE(empty["ok"].get<bool>());
  EXPECT_TRUE(empty["result"].is_null());
}

TEST(CtiProtocol, AFailureIsTheRestErrorWithItsStatus) {
  auto reply = nlohmann::json::parse(cti_reply(
      "r1",
      error_response(Error{ErrorCode::PermissionDenied, "agent.set_state needs agents.state.write", {}})));
  EXPECT_EQ(reply["id"], "r1");
  EXPECT_FALSE(reply["ok"].get<bool>());
  EXPECT_EQ(reply["error"]["status"], 403);
  EXPECT_EQ(reply["error"]["code"], "permission_denied");
  EXPECT_TRUE(reply["error"]["field"].is_null());
  EXPECT_EQ(reply["error"]["message"], "agent.set_state needs agents.state.write");
}

TEST(CtiProtocol, SeveralProblemsKeepTheirList) {
  auto reply = nlohmann::json::parse(cti_reply(
      "r1",
      invalid_input_response({Error::invalid("reason", "unknown"), Error::invalid("work_mode", "bad")})));
  EXPECT_EQ(reply["error"]["status"], 400);
  EXPECT_EQ(reply["error"]["field"], "reason");
  ASSERT_EQ(reply["errors"].size(), 2u);
  EXPECT_EQ(reply["errors"][1]["field"], "work_mode");
}

TEST(CtiProtocol, AFrameErrorReplyNamesTheField) {
  auto frame = parse_cti_frame("nonsense");
  auto reply = nlohmann::json::parse(cti_error_reply(frame.id, frame.errors));
  EXPECT_TRUE(reply["id"].is_null());
  EXPECT_EQ(reply["error"]["field"], "frame");
  EXPECT_EQ(reply["error"]["code"], "invalid_argument");
}

}  // namespace
}  // namespace hotline::http
