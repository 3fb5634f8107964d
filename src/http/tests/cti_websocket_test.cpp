// The CTI WebSocket end to end on 127.0.0.1: the real server, store, AuthService and EventHub, a
// fake LiveState (no call core, so the hello has no agent of the core's), and a Beast client.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>

#include "cti/event_hub.hpp"
#include "http/http_server.hpp"
#include "http/tests/http_test_client.hpp"
#include "http/tests/test_support.hpp"

namespace hotline::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using namespace std::chrono_literals;

// Thread: the test's. One WebSocket to the server, read with timeouts.
class WsClient {
 public:
  explicit WsClient(std::uint16_t port) : port_(port), ws_(io_) {}

  // The upgrade's outcome: 101 when it succeeded, else the refusal's status (its body in `body`).
  int connect(const std::map<std::string, std::string>& headers = {}) {
    beast::get_lowest_layer(ws_).connect({asio::ip::make_address("127.0.0.1"), port_});
    ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& request) {
      for (const auto& [name, value] : headers) request.set(name, value);
    }));
    websocket::response_type response;
    beast::error_code ec;
    ws_.handshake(response, "127.0.0.1:" + std::to_string(port_), "/api/v1/ws", ec);
    body = response.body();
    protocol = std::string(response[beast::http::field::sec_websocket_protocol]);
    return response.result_int();
  }
  int connect_with(const std::string& token) { return connect({{"Authorization", "Bearer " + token}}); }

  void send(const std::string& text) {
    ws_.text(true);
    ws_.write(asio::buffer(text));
  }
  void send_binary(const std::string& bytes) {
    ws_.binary(true);
    ws_.write(asio::buffer(bytes));
  }

  // The next frame, or nullopt when none came within `timeout` or the socket ended (error set).
  std::optional<nlohmann::json> read(std::chrono::milliseconds timeout = 5000ms) {
    beast::flat_buffer buffer;
    std::optional<beast::error_code> done;
    ws_.async_read(buffer, [&](beast::error_code ec, std::size_t) { done = ec; });
    io_.restart();
    io_.run_for(timeout);
    if (!done) {
      beast::get_lowest_layer(ws_).cancel();
      io_.restart();
      io_.run();
      return std::nullopt;
    }
    error = *done;
    if (error) return std::nullopt;
    return nlohmann::json::parse(beast::buffers_to_string(buffer.data()));
  }
  // The next event named `name`, skipping others.
  std::optional<nlohmann::json> event(const std::string& name) {
    while (auto frame = read()) {
      if (frame->value("event", "") == name) return frame;
    }
    return std::nullopt;
  }
  // Sends a command and returns its reply, skipping events meanwhile.
  nlohmann::json command(const std::string& id, const std::string& cmd,
                         const nlohmann::json& args = nlohmann::json::object()) {
    send(nlohmann::json{{"id", id}, {"cmd", cmd}, {"args", args}}.dump());
    return reply(id);
  }
  nlohmann::json reply(const nlohmann::json& id) {
    while (auto frame = read()) {
      if (frame->contains("id") && (*frame)["id"] == id) return *frame;
    }
    return {{"no_reply", error.message()}};
  }
  websocket::close_reason close_reason() const { return ws_.reason(); }

  std::string body;
  std::string protocol;  // the subprotocol the server chose
  beast::error_code error;

 private:
  std::uint16_t port_;
  asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
};

class CtiWebSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hub = std::make_unique<cti::EventHub>(*rig.store, rig.clock);
    store::NotReadyReason lunch{0, acme.tenant_id,    "lunch", "就餐", "Lunch", false, 60, true,
                                1, rig.clock.now_ms()};
    ASSERT_TRUE(rig.store->not_ready_reasons().create(lunch));
    acd::AgentView view;
    view.user_id = agent.user_id;
    view.extension = "1001";
    view.snapshot.agent = agent.user_id;
    view.snapshot.tenant = acme.tenant_id;
    view.snapshot.state = acd::AgentState::Ready;
    acd::AgentView second = view;
    second.user_id = colleague.user_id;
    second.extension = "1002";
    rig.live.set_acd(acme.tenant_id, {}, {view, second});
    start();
  }

  // A restart happens before any socket is open (no frame can be on its way to a session).
  void start(WebSocketOptions websocket = {}) {
    if (server) server->stop();
    HttpOptions options;
    options.port = 0;
    options.threads = 2;
    options.websocket = websocket;
    auto started = start_http_server(options, *rig.store, *rig.auth, rig.live, rig.clock, hub.get());
    ASSERT_TRUE(started) << started.error().message;
    server = std::move(*started);
  }

  // The hub first: it must not hand frames to sessions whose io_context the server destroys.
  void TearDown() override {
    hub->stop();
    if (server) server->stop();
  }

  // A client past its hello.
  std::unique_ptr<WsClient> open(const testing_support::TestUser& user) {
    auto client = std::make_unique<WsClient>(server->port());
    EXPECT_EQ(client->connect_with(rig.login(user)), 101) << client->body;
    EXPECT_TRUE(client->event("hello"));
    return client;
  }

  testing_support::ServerRig rig;
  testing_support::TestUser acme = rig.add_tenant_with_user("acme", "admin-a");
  testing_support::TestUser agent = rig.add_user(acme.tenant_id, "ann", "agent", "1001");
  testing_support::TestUser colleague = rig.add_user(acme.tenant_id, "carl", "agent", "1002");
  testing_support::TestUser leader = rig.add_user(acme.tenant_id, "lea", "team_leader");
  testing_support::TestUser globex = rig.add_tenant_with_user("globex", "admin-g");
  std::unique_ptr<cti::EventHub> hub;
  std::unique_ptr<HttpServer> server;
};

TEST_F(CtiWebSocketTest, WithoutAValidTokenTheUpgradeIs401) {
  WsClient anonymous(server->port());
  EXPECT_EQ(anonymous.connect(), 401);
  EXPECT_EQ(nlohmann::json::parse(anonymous.body)["error"]["code"], "unauthenticated");
  WsClient forged(server->port());
  EXPECT_EQ(forged.connect_with("not-a-token"), 401);
}

TEST_F(CtiWebSocketTest, APlainGetIsToldToUpgrade) {
  testing_support::HttpTestClient client(server->port());
  auto reply = client.get("/api/v1/ws", rig.login(agent));
  EXPECT_EQ(reply.status, 426);
  EXPECT_EQ(reply.header("upgrade"), "websocket");
}

TEST_F(CtiWebSocketTest, TheHelloSaysWhoAndWhatTheyMayDo) {
  WsClient client(server->port());
  ASSERT_EQ(client.connect_with(rig.login(agent)), 101);
  auto hello = client.read();
  ASSERT_TRUE(hello);
  EXPECT_EQ((*hello)["event"], "hello");
  const auto& data = (*hello)["data"];
  EXPECT_EQ(data["user"]["username"], "ann");
  EXPECT_EQ(data["user"]["extension"], "1001");
  auto commands = data["commands"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(commands.begin(), commands.end(), "agent.ready"), commands.end());
  EXPECT_EQ(std::find(commands.begin(), commands.end(), "agent.set_state"), commands.end());
  EXPECT_EQ(data["not_ready_reasons"][0]["code"], "lunch");
  EXPECT_TRUE(data.contains("agent"));
}

TEST_F(CtiWebSocketTest, TheCookieWorksFromThisSiteOnly) {
  std::string cookie = "hotline_session=" + rig.login(agent);
  std::string host = "127.0.0.1:" + std::to_string(server->port());
  WsClient same(server->port());
  EXPECT_EQ(same.connect({{"Cookie", cookie}, {"Origin", "http://" + host}}), 101) << same.body;
  WsClient other(server->port());
  EXPECT_EQ(other.connect({{"Cookie", cookie}, {"Origin", "https://evil.example"}}), 403);
}

// The toolbar framed by another site's page holds its token, not the cookie, and offers it as a
// subprotocol; the server picks "hotline" and never echoes the token.
TEST_F(CtiWebSocketTest, ATokenOfferedAsASubprotocolAuthenticatesFromAnySite) {
  std::string token = rig.login(agent);
  WsClient framed(server->port());
  EXPECT_EQ(framed.connect({{"Sec-WebSocket-Protocol", "hotline, hotline.bearer." + token},
                            {"Origin", "https://crm.example"}}),
            101)
      << framed.body;
  EXPECT_EQ(framed.protocol, "hotline");
  auto hello = framed.event("hello");
  ASSERT_TRUE(hello);
  EXPECT_EQ((*hello)["data"]["user"]["username"], "ann");
  WsClient forged(server->port());
  EXPECT_EQ(forged.connect({{"Sec-WebSocket-Protocol", "hotline, hotline.bearer.0123abcd"}}), 401);
}

TEST_F(CtiWebSocketTest, MalformedFramesAreAnsweredNotDisconnected) {
  auto client = open(agent);
  client->send("not json");
  auto reply = client->read();
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["error"]["field"], "frame");
  EXPECT_EQ((*reply)["error"]["status"], 400);
  client->send(R"({"id": "x1", "cmd": "agent.ready", "args": "now"})");
  EXPECT_EQ(client->reply("x1")["error"]["field"], "args");
  client->send(R"({"cmd": "ping"})");
  reply = client->read();
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["error"]["field"], "id");
  client->send_binary("\x01\x02");
  reply = client->read();
  ASSERT_TRUE(reply);
  EXPECT_EQ((*reply)["error"]["field"], "frame");
  auto unknown = client->command("x2", "agent.fly");
  EXPECT_EQ(unknown["error"]["status"], 404);
  EXPECT_EQ(unknown["error"]["field"], "cmd");
  auto pong = client->command("x3", "ping");
  EXPECT_TRUE(pong["ok"].get<bool>()) << pong.dump();
}

TEST_F(CtiWebSocketTest, AFrameOver64KiBClosesWith1009) {
  auto client = open(agent);
  client->send(std::string(70 * 1024, ' '));
  EXPECT_FALSE(client->read());
  EXPECT_EQ(client->close_reason().code, websocket::close_code::too_big);
}

TEST_F(CtiWebSocketTest, AgentCommandsFollowTheRestRules) {
  auto client = open(agent);
  auto ready = client->command("r1", "agent.ready");
  EXPECT_TRUE(ready["ok"].get<bool>()) << ready.dump();
  EXPECT_EQ(ready["result"]["user_id"], agent.user_id);
  auto away = client->command("r2", "agent.not_ready", {{"reason", "smoking"}});
  EXPECT_FALSE(away["ok"].get<bool>());
  EXPECT_EQ(away["error"]["status"], 400);
  EXPECT_EQ(away["error"]["field"], "reason");
  auto lunch = client->command("r3", "agent.not_ready", {{"reason", "lunch"}});
  EXPECT_TRUE(lunch["ok"].get<bool>()) << lunch.dump();
  auto missing = client->command("r4", "agent.not_ready");
  EXPECT_EQ(missing["error"]["field"], "reason");
  auto odd = client->command("r5", "agent.ready", {{"state", "not_ready"}});
  EXPECT_EQ(odd["error"]["field"], "state");
  auto queues = client->command("r6", "agent.login", {{"queues", {99999}}});
  EXPECT_EQ(queues["error"]["status"], 404);
  EXPECT_EQ(queues["error"]["field"], "queues.0");
  std::string id = std::to_string(agent.user_id);
  EXPECT_EQ(rig.live.agent_commands(), (std::vector<std::string>{id + " ready", id + " not_ready lunch"}));
}

TEST_F(CtiWebSocketTest, OnlyASupervisorSetsAnotherAgentsState) {
  auto ann = open(agent);
  auto refused = ann->command("s1", "agent.set_state", {{"user_id", colleague.user_id}, {"state", "ready"}});
  EXPECT_EQ(refused["error"]["status"], 403);
  EXPECT_EQ(refused["error"]["code"], "permission_denied");
  auto lea = open(leader);
  auto done = lea->command("s2", "agent.set_state",
                           {{"user_id", colleague.user_id}, {"state", "not_ready"}, {"reason", "lunch"}});
  EXPECT_TRUE(done["ok"].get<bool>()) << done.dump();
  auto elsewhere = lea->command("s3", "agent.set_state", {{"user_id", globex.user_id}, {"state", "ready"}});
  EXPECT_EQ(elsewhere["error"]["status"], 404);
  EXPECT_EQ(elsewhere["error"]["field"], "user_id");
  EXPECT_EQ(rig.live.agent_commands(),
            std::vector<std::string>{std::to_string(colleague.user_id) + " not_ready lunch"});
}

TEST_F(CtiWebSocketTest, ASupervisorsMessageReachesTheAgent) {
  auto ann = open(agent);
  auto lea = open(leader);
  auto sent = lea->command("m1", "message.send", {{"to", agent.user_id}, {"text", "please take lunch"}});
  EXPECT_EQ(sent["result"]["reached"], 1) << sent.dump();
  auto message = ann->event("message");
  ASSERT_TRUE(message);
  EXPECT_EQ((*message)["data"]["text"], "please take lunch");
  EXPECT_EQ((*message)["data"]["from"]["username"], "lea");
  auto elsewhere = lea->command("m2", "message.send", {{"to", globex.user_id}, {"text", "hi"}});
  EXPECT_EQ(elsewhere["error"]["status"], 404);
  auto refused = ann->command("m3", "message.send", {{"to", "all"}, {"text", "hi"}});
  EXPECT_EQ(refused["error"]["status"], 403);
}

TEST_F(CtiWebSocketTest, CallCommandsActOnTheUsersPhoneAndNameWhatIsWrong) {
  rig.live.add_call(acme.tenant_id, "c1", true);
  store::Extension phone{0, acme.tenant_id, "1003", "", "md5", "sha", true, rig.clock.now_ms()};
  ASSERT_TRUE(rig.store->extensions().create(phone));
  auto ann = open(agent);
  EXPECT_TRUE(ann->command("c0", "call.answer", {{"call_id", "c1"}})["ok"].get<bool>());
  EXPECT_EQ(ann->command("c0b", "call.answer", {})["error"]["field"], "call_id");
  EXPECT_TRUE(ann->command("c1", "call.hold", {{"call_id", "c1"}})["ok"].get<bool>());
  EXPECT_TRUE(ann->command("c2", "call.retrieve", {{"call_id", "c1"}})["ok"].get<bool>());
  auto both = ann->command("c3", "call.transfer", {{"call_id", "c1"}, {"queue", "a"}, {"extension", "1003"}});
  EXPECT_EQ(both["error"]["field"], "queue");
  auto nowhere = ann->command("c4", "call.transfer", {{"call_id", "c1"}, {"extension", "9999"}});
  EXPECT_EQ(nowhere["error"]["status"], 404);
  EXPECT_EQ(nowhere["error"]["field"], "extension");
  EXPECT_TRUE(
      ann->command("c5", "call.transfer", {{"call_id", "c1"}, {"extension", "1003"}})["ok"].get<bool>());
  auto gone = ann->command("c6", "call.hangup", {{"call_id", "other"}});
  EXPECT_EQ(gone["error"]["status"], 404);
  EXPECT_EQ(gone["error"]["field"], "call_id");
  EXPECT_TRUE(ann->command("c7", "call.hangup", {{"call_id", "c1"}})["ok"].get<bool>());
  EXPECT_EQ(rig.live.hang_ups(),
            (std::vector<std::string>{"answer c1 at 1001 by ann", "hold c1 at 1001 by ann",
                                      "retrieve c1 at 1001 by ann",
                                      "transfer c1 at 1001 to extension:1003 by ann", "c1 at 1001 by ann"}));
  auto lea = open(leader);  // no phone
  EXPECT_EQ(lea->command("c8", "call.hangup", {{"call_id", "c1"}})["error"]["status"], 409);
}

TEST_F(CtiWebSocketTest, ConsultationsAndBusinessDataNameWhatIsWrong) {
  rig.live.add_call(acme.tenant_id, "c1", true);
  store::Extension phone{0, acme.tenant_id, "1003", "", "md5", "sha", true, rig.clock.now_ms()};
  ASSERT_TRUE(rig.store->extensions().create(phone));
  auto ann = open(agent);
  nlohmann::json form = {{"form", {{"name", "张三"}, {"issue", "water leak"}}}};
  auto consult =
      ann->command("k1", "call.consult", {{"call_id", "c1"}, {"extension", "1003"}, {"data", form}});
  EXPECT_EQ(consult["result"]["consult_call_id"], "consult-c1") << consult.dump();
  EXPECT_EQ(ann->command("k2", "call.consult", {{"call_id", "c1"}, {"extension", "1003"}})["error"]["status"],
            409)
      << "one consultation at a time";
  EXPECT_EQ(ann->command("k3", "call.consult", {{"call_id", "c1"}})["error"]["field"], "extension");
  auto nobody = ann->command("k4", "call.consult", {{"call_id", "c1"}, {"extension", "9999"}});
  EXPECT_EQ(nobody["error"]["status"], 404);
  EXPECT_EQ(nobody["error"]["field"], "extension");
  EXPECT_EQ(ann->command("k5", "call.consult",
                         {{"call_id", "c1"}, {"extension", "1003"}, {"data", "text"}})["error"]["field"],
            "data");
  std::string big(17 * 1024, 'x');
  EXPECT_EQ(
      ann->command("k6", "call.transfer",
                   {{"call_id", "c1"}, {"extension", "1003"}, {"data", {{"note", big}}}})["error"]["field"],
      "data");
  EXPECT_TRUE(ann->command("k7", "call.three_way", {{"call_id", "c1"}})["ok"].get<bool>());
  EXPECT_TRUE(ann->command("k8", "call.consult_transfer", {{"call_id", "c1"}})["ok"].get<bool>());
  auto none = ann->command("k9", "call.consult_cancel", {{"call_id", "c1"}});
  EXPECT_EQ(none["error"]["status"], 409) << "the transfer ended the consultation";
  EXPECT_EQ(ann->command("k10", "call.consult_cancel", {{"call_id", "gone"}})["error"]["field"], "call_id");
  EXPECT_TRUE(
      ann->command("k11", "call.transfer", {{"call_id", "c1"}, {"extension", "1003"}, {"data", form}})["ok"]
          .get<bool>());
  std::string data = form.dump();
  EXPECT_EQ(rig.live.hang_ups(),
            (std::vector<std::string>{"consult extension:1003 about c1 at 1001 by ann with " + data,
                                      "three_way consult of c1 at 1001 by ann",
                                      "transfer consult of c1 at 1001 by ann",
                                      "transfer c1 at 1001 to extension:1003 by ann with " + data}));
}

TEST_F(CtiWebSocketTest, TransfersAndConsultationsGoToOneExtensionQueueOrNumber) {
  rig.live.add_call(acme.tenant_id, "c1", true);
  auto ann = open(agent);
  auto consult = ann->command("q1", "call.consult", {{"call_id", "c1"}, {"number", "013800138000"}});
  EXPECT_EQ(consult["result"]["number"], "013800138000") << consult.dump();
  EXPECT_TRUE(ann->command("q2", "call.consult_cancel", {{"call_id", "c1"}})["ok"].get<bool>());
  auto transfer = ann->command("q3", "call.transfer", {{"call_id", "c1"}, {"number", "4000"}});
  EXPECT_EQ(transfer["result"]["to"], "number:4000") << transfer.dump();
  auto nowhere = ann->command("q4", "call.consult", {{"call_id", "c1"}, {"queue", "nope"}});
  EXPECT_EQ(nowhere["error"]["status"], 404);
  EXPECT_EQ(nowhere["error"]["field"], "queue");
  auto two =
      ann->command("q5", "call.consult", {{"call_id", "c1"}, {"extension", "1003"}, {"number", "4000"}});
  EXPECT_EQ(two["error"]["field"], "extension");
  EXPECT_EQ(ann->command("q6", "call.transfer", {{"call_id", "c1"}})["error"]["field"], "extension");
  EXPECT_EQ(rig.live.hang_ups(),
            (std::vector<std::string>{"consult number:013800138000 about c1 at 1001 by ann",
                                      "cancel consult of c1 at 1001 by ann",
                                      "transfer c1 at 1001 to number:4000 by ann"}));
}

// A popped reminder is in the hello; the catch-up after the socket joined the hub (for one that
// popped in between) does not send it again.
TEST_F(CtiWebSocketTest, APoppedReminderComesInTheHelloOnce) {
  UnixMs now = rig.clock.now_ms();
  auto id = rig.store->todos().create({.tenant_id = acme.tenant_id,
                                       .user_id = agent.user_id,
                                       .title = "call back",
                                       .remind_at = now,
                                       .created_at = now,
                                       .updated_at = now});
  ASSERT_TRUE(id);
  auto todo = *rig.store->todos().get(acme.tenant_id, agent.user_id, *id);
  ASSERT_TRUE(rig.store->todos().mark_reminded(todo, now));
  WsClient ann(server->port());
  ASSERT_EQ(ann.connect_with(rig.login(agent)), 101);
  auto hello = ann.event("hello");
  ASSERT_TRUE(hello);
  ASSERT_EQ((*hello)["data"]["reminders"].size(), 1u);
  EXPECT_EQ((*hello)["data"]["reminders"][0]["id"], *id);
  auto again = ann.read(500ms);
  EXPECT_FALSE(again && (*again)["event"] == "todo.reminder") << again->dump();
}

TEST_F(CtiWebSocketTest, DoNotDisturbIsTheUsersOwnPhonesAndEverySocketHearsIt) {
  auto desk = open(agent);
  auto toolbar = open(agent);
  EXPECT_EQ(desk->command("n1", "phone.dnd")["error"]["field"], "on");
  EXPECT_EQ(desk->command("n2", "phone.dnd", {{"on", "yes"}})["error"]["field"], "on");
  auto on = desk->command("n3", "phone.dnd", {{"on", true}});
  EXPECT_EQ(on["result"], (nlohmann::json{{"extension", "1001"}, {"dnd", true}})) << on.dump();
  auto heard = toolbar->event("phone.dnd");
  ASSERT_TRUE(heard);
  EXPECT_EQ((*heard)["data"]["dnd"], true);
  EXPECT_TRUE(desk->command("n4", "phone.dnd", {{"on", false}})["ok"].get<bool>());
  EXPECT_EQ(rig.live.hang_ups(), (std::vector<std::string>{"dnd on 1001", "dnd off 1001"}));
  EXPECT_EQ(open(leader)->command("n5", "phone.dnd", {{"on", true}})["error"]["status"], 409) << "no phone";
}

TEST_F(CtiWebSocketTest, DialListenAndForceHangupCheckTheirArgumentsAndReachTheCore) {
  rig.live.add_call(acme.tenant_id, "c1", true);
  auto ann = open(agent);
  auto dialled =
      ann->command("d1", "call.dial", {{"number", "1002"}, {"redial", {{"attempts", 2}, {"interval_s", 5}}}});
  EXPECT_EQ(dialled["result"]["call_id"], "dialled-1002") << dialled.dump();
  EXPECT_EQ(ann->command("d2", "call.dial", {{"number", "12a"}})["error"]["field"], "number");
  EXPECT_EQ(
      ann->command("d3", "call.dial", {{"number", "1002"}, {"redial", {{"attempts", 9}}}})["error"]["field"],
      "redial.attempts");
  auto nowhere = ann->command("d4", "call.dial", {{"number", "9999"}});
  EXPECT_EQ(nowhere["error"]["status"], 404);
  EXPECT_EQ(nowhere["error"]["field"], "number");
  EXPECT_EQ(ann->command("d5", "call.listen", {{"extension", "1002"}})["error"]["status"], 403)
      << "agents do not listen";
  EXPECT_EQ(ann->command("d6", "call.force_hangup", {{"call_id", "c1"}})["error"]["status"], 403);

  auto lea = open(leader);  // a team leader without a phone
  EXPECT_EQ(lea->command("s1", "call.listen", {{"extension", "1001"}})["error"]["status"], 409);
  EXPECT_EQ(lea->command("s2", "call.barge", {{"extension", "x"}})["error"]["field"], "extension");
  EXPECT_EQ(lea->command("s3", "call.force_hangup", {{"call_id", "other"}})["error"]["field"], "call_id");
  EXPECT_TRUE(lea->command("s4", "call.force_hangup", {{"call_id", "c1"}})["ok"].get<bool>());
  EXPECT_EQ(rig.live.hang_ups(),
            (std::vector<std::string>{"dial 1002 from 1001 (redial 2 every 5000 ms) by ann",
                                      "force hang-up c1 by lea"}));
}

TEST_F(CtiWebSocketTest, ParkAndUnparkNameWhatIsWrong) {
  for (const char* id : {"c1", "c2", "c3"}) rig.live.add_call(acme.tenant_id, id, true);
  auto ann = open(agent);
  auto no_call = ann->command("p0", "call.park");
  EXPECT_EQ(no_call["error"]["status"], 400);
  EXPECT_EQ(no_call["error"]["field"], "call_id");
  auto parked = ann->command("p1", "call.park", {{"call_id", "c1"}});
  ASSERT_TRUE(parked["ok"].get<bool>()) << parked;
  EXPECT_EQ(parked["result"], (nlohmann::json{{"call_id", "c1"}, {"slot", 1}}));
  EXPECT_EQ(ann->command("p2", "call.park", {{"call_id", "c2"}})["result"]["slot"], 2);
  auto full = ann->command("p3", "call.park", {{"call_id", "c3"}});
  EXPECT_EQ(full["error"]["status"], 409);
  auto gone = ann->command("p4", "call.park", {{"call_id", "nope"}});
  EXPECT_EQ(gone["error"]["status"], 404);
  EXPECT_EQ(gone["error"]["field"], "call_id");

  auto lot = ann->command("l1", "calls.parked");
  ASSERT_TRUE(lot["ok"].get<bool>()) << lot;
  ASSERT_EQ(lot["result"]["items"].size(), 2u);
  const auto& first = lot["result"]["items"][0];
  EXPECT_EQ(first["slot"], 1);
  EXPECT_EQ(first["call_id"], "c1");
  EXPECT_EQ(first["parked_by"], "1001");
  EXPECT_EQ(first["parked_by_user"], "ann");
  EXPECT_TRUE(first["retrieving_by"].is_null());
  EXPECT_EQ(ann->command("l2", "calls.parked", {{"slot", 1}})["error"]["field"], "slot");

  for (const auto& [id, args] :
       std::vector<std::pair<std::string, nlohmann::json>>{{"u0", nlohmann::json::object()},
                                                           {"u1", {{"slot", 0}}},
                                                           {"u2", {{"slot", "1"}}},
                                                           {"u3", {{"slot", 10000}}}}) {
    auto bad = ann->command(id, "call.unpark", args);
    EXPECT_EQ(bad["error"]["status"], 400) << id;
    EXPECT_EQ(bad["error"]["field"], "slot") << id;
  }
  auto carl = open(colleague);
  auto taken = carl->command("u4", "call.unpark", {{"slot", 2}});
  ASSERT_TRUE(taken["ok"].get<bool>()) << taken;
  EXPECT_EQ(taken["result"], (nlohmann::json{{"slot", 2}, {"call_id", "c2"}}));
  auto empty = carl->command("u5", "call.unpark", {{"slot", 2}});
  EXPECT_EQ(empty["error"]["status"], 404);
  EXPECT_EQ(empty["error"]["field"], "slot");
  auto lea = open(leader);  // no phone
  EXPECT_EQ(lea->command("u6", "call.unpark", {{"slot", 1}})["error"]["status"], 409);
  EXPECT_EQ(lea->command("u7", "call.park", {{"call_id", "c3"}})["error"]["status"], 409);
  EXPECT_EQ(rig.live.hang_ups(), (std::vector<std::string>{"park c1 at 1001 by ann", "park c2 at 1001 by ann",
                                                           "unpark 2 to 1002 by carl"}));
}

TEST_F(CtiWebSocketTest, ParkedCallsAreLiveAndTheirTenantsOwn) {
  rig.live.add_call(acme.tenant_id, "c1", true);
  ASSERT_TRUE(rig.live.park_call(acme.tenant_id, "c1", "1001", "ann"));
  testing_support::HttpTestClient http(server->port());
  auto acme_view = http.get("/api/v1/live/parked", rig.login(agent));
  ASSERT_EQ(acme_view.status, 200) << acme_view.body;
  auto items = nlohmann::json::parse(acme_view.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["slot"], 1);
  auto globex_view = http.get("/api/v1/live/parked", rig.login(globex));
  EXPECT_TRUE(nlohmann::json::parse(globex_view.body)["items"].empty());
  rig.live.core_unavailable = true;
  EXPECT_EQ(http.get("/api/v1/live/parked", rig.login(agent)).status, 503);
  rig.live.core_unavailable = false;
}

TEST_F(CtiWebSocketTest, ChangesThroughTheSocketAreAudited) {
  auto ann = open(agent);
  ann->command("a1", "agent.ready");
  ann->command("a2", "agent.set_state", {{"user_id", colleague.user_id}, {"state", "ready"}});
  rig.store->flush();
  store::AuditQuery query;
  query.tenant_id = acme.tenant_id;
  auto rows = rig.store->audit().query(query);
  std::vector<std::pair<std::string, int>> seen;
  for (const auto& row : rows) seen.emplace_back(row.action, row.status);
  EXPECT_NE(std::find(seen.begin(), seen.end(), std::pair<std::string, int>{"WS agent.ready", 200}),
            seen.end());
  EXPECT_NE(std::find(seen.begin(), seen.end(), std::pair<std::string, int>{"WS agent.set_state", 403}),
            seen.end());
}

TEST_F(CtiWebSocketTest, LoggingOutClosesTheSocketWith1008) {
  std::string token = rig.login(agent);
  WsClient client(server->port());
  ASSERT_EQ(client.connect_with(token), 101);
  ASSERT_TRUE(client.event("hello"));
  testing_support::HttpTestClient http(server->port());
  auto out = http.request("POST", "/api/v1/auth/logout", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(out.status, 204);
  EXPECT_FALSE(client.read());
  EXPECT_EQ(client.close_reason().code, websocket::close_code::policy_error);
}

TEST_F(CtiWebSocketTest, ASlowConsumerIsDroppedAndOthersAreServed) {
  WebSocketOptions small;
  small.max_queued_bytes = 256 * 1024;
  start(small);
  WsClient slow(server->port());
  ASSERT_EQ(slow.connect_with(rig.login(agent)), 101);
  auto fast = open(colleague);
  std::string filler(50 * 1024, 'x');
  for (int i = 0; i < 400; ++i) {  // 20 MB that the slow client does not read
    cti::Event event;
    event.name = "message";
    event.tenant_id = acme.tenant_id;
    event.user_id = agent.user_id;
    event.data = {{"text", filler}};
    hub->publish(std::move(event));
  }
  std::this_thread::sleep_for(1s);
  int frames = 0;
  while (slow.read(2000ms)) ++frames;
  EXPECT_LT(frames, 401) << "the slow socket was not dropped";
  EXPECT_TRUE(fast->command("p", "ping")["ok"].get<bool>());
}

}  // namespace
}  // namespace hotline::http
