#include "http/websocket_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "common/text.hpp"
#include "cti/cti_publisher.hpp"
#include "cti/event_hub.hpp"
#include "cti/event_json.hpp"
#include "cti/todo_json.hpp"
#include "http/cti_commands.hpp"
#include "http/json_errors.hpp"
#include "http/url.hpp"

namespace hotline::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

namespace {

constexpr int kProtocolVersion = 1;
constexpr auto kRefusalWriteTime = std::chrono::seconds(30);

// A browser cannot set Authorization on a WebSocket, so a page holding its token rather than the
// cookie (the toolbar framed by another site's page, whose cookie the browser withholds) offers
// the subprotocols "hotline" and "hotline.bearer.TOKEN"; the server answers "hotline".
constexpr std::string_view kSubprotocol = "hotline";
constexpr std::string_view kBearerSubprotocol = "hotline.bearer.";

std::optional<std::string> subprotocol_bearer(const BeastRequest& request) {
  std::string_view offered = request[beast::http::field::sec_websocket_protocol];
  while (!offered.empty()) {
    auto comma = offered.find(',');
    std::string_view protocol = trim(offered.substr(0, comma));
    offered = comma == std::string_view::npos ? std::string_view{} : offered.substr(comma + 1);
    if (protocol.starts_with(kBearerSubprotocol) && protocol.size() > kBearerSubprotocol.size())
      return std::string(protocol.substr(kBearerSubprotocol.size()));
  }
  return std::nullopt;
}

// A browser sends the cookie with any site's request, so a cookie-authenticated upgrade must come
// from a page of this server (cross-site WebSocket hijacking). The Origin header is what browsers
// say they come from; clients sending Authorization are not browsers riding on a cookie.
bool cross_site(const BeastRequest& request) {
  if (!request[beast::http::field::authorization].empty()) return false;
  std::string_view origin = request[beast::http::field::origin];
  if (origin.empty()) return false;
  auto scheme = origin.find("://");
  std::string_view host = scheme == std::string_view::npos ? origin : origin.substr(scheme + 3);
  return !iequals(trim(host), trim(request[beast::http::field::host]));
}

// Whether the user's phone is in do-not-disturb (false without a phone).
bool phone_in_dnd(const ApiDeps& deps, const store::User& user) {
  if (!user.extension) return false;
  auto phone = deps.store.extensions().find(user.tenant_id, *user.extension);
  return phone && phone->dnd;
}

// The user's reminders that popped and wait to be dealt with (CTI-4): a desktop pops them again.
nlohmann::json popped_reminders(const ApiDeps& deps, std::int64_t tenant_id, std::int64_t user_id) {
  constexpr int kMaxReminders = 20;
  nlohmann::json reminders = nlohmann::json::array();
  for (const auto& todo : deps.store.todos().popped(tenant_id, user_id, kMaxReminders))
    reminders.push_back(cti::todo_json(todo));
  return reminders;
}

nlohmann::json hello_user(const store::User& user) {
  return {{"id", user.id},
          {"username", user.username},
          {"display_name", user.display_name},
          {"role", user.role},
          {"extension", user.extension ? nlohmann::json(*user.extension) : nlohmann::json(nullptr)},
          {"tenant_id", user.tenant_id}};
}

}  // namespace

bool is_cti_upgrade(const BeastRequest& request) {
  return websocket::is_upgrade(request) && split_target(request.target()).path == kCtiPath;
}

void start_websocket(const WebSocketEndpoint& endpoint, beast::tcp_stream&& stream, BeastRequest&& request,
                     std::string remote_address) {
  std::make_shared<WebSocketSession>(endpoint, std::move(stream), std::move(remote_address))
      ->start(std::move(request));
}

WebSocketSession::WebSocketSession(const WebSocketEndpoint& endpoint, beast::tcp_stream&& stream,
                                   std::string remote_address)
    : endpoint_(endpoint),
      ws_(std::move(stream)),
      remote_address_(std::move(remote_address)),
      token_timer_(ws_.get_executor()) {}

WebSocketSession::~WebSocketSession() {
  if (subscribed_ && endpoint_.deps.cti_hub) endpoint_.deps.cti_hub->unsubscribe(id_);
}

void WebSocketSession::start(BeastRequest&& request) {
  request_ = std::move(request);
  ApiRequest api = to_api_request(BeastRequest(request_), remote_address_);
  if (auto token = subprotocol_bearer(request_)) {
    token_in_subprotocol_ = true;
    if (api.authorization.empty()) api.authorization = "Bearer " + *token;
  }
  asio::post(endpoint_.handlers, [self = shared_from_this(), api = std::move(api)] {
    auto outcome = self->endpoint_.dispatcher.authorize(api);
    asio::post(self->ws_.get_executor(),
               [self, outcome = std::move(outcome)]() mutable { self->on_authorized(std::move(outcome)); });
  });
}

void WebSocketSession::on_authorized(std::variant<ApiResponse, ApiDispatcher::Authorized> outcome) {
  if (auto* refused = std::get_if<ApiResponse>(&outcome)) return refuse(std::move(*refused));
  if (!token_in_subprotocol_ && cross_site(request_)) {
    return refuse(error_response(Error{ErrorCode::PermissionDenied,
                                       "a WebSocket authenticated by the cookie must come from this site",
                                       {}}));
  }
  auto& authorized = std::get<ApiDispatcher::Authorized>(outcome);
  principal_ = std::move(authorized.principal);
  token_ = std::move(authorized.token);
  const WebSocketOptions& options = endpoint_.options;
  beast::get_lowest_layer(ws_).expires_never();  // the WebSocket keeps its own time from here
  websocket::stream_base::timeout timeouts =
      websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.idle_timeout = options.idle_timeout;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(options.max_frame_bytes);
  bool by_subprotocol = token_in_subprotocol_;
  ws_.set_option(websocket::stream_base::decorator([by_subprotocol](websocket::response_type& response) {
    response.set(beast::http::field::server, std::string("Hotline/") + HOTLINE_VERSION);
    if (by_subprotocol) response.set(beast::http::field::sec_websocket_protocol, kSubprotocol);
  }));
  ws_.async_accept(request_, [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
}

void WebSocketSession::refuse(ApiResponse&& response) {
  refusal_ = to_beast_response(std::move(response), request_.version(), false);
  beast::get_lowest_layer(ws_).expires_after(kRefusalWriteTime);
  beast::http::async_write(
      ws_.next_layer(), refusal_, [self = shared_from_this()](beast::error_code, std::size_t) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(self->ws_).close();
      });
}

void WebSocketSession::on_accept(beast::error_code ec) {
  request_ = {};
  if (ec) return;  // a broken handshake: nothing to answer
  open_ = true;
  read();
  connect_to_hub();
  check_token();
}

// The user and what it may do are read on the pool; the agent, its queues and its calls are added on
// the core loop, which registers the socket with the hub (CtiPublisher::connect).
void WebSocketSession::connect_to_hub() {
  asio::post(endpoint_.handlers, [self = shared_from_this(), principal = principal_] {
    const ApiDeps& deps = self->endpoint_.deps;
    auto user = deps.store.users().get(principal.tenant_id, principal.user_id);
    if (!user) {
      asio::post(self->ws_.get_executor(),
                 [self] { self->close(websocket::close_code::try_again_later, "cannot read your user"); });
      return;
    }
    auto reasons = deps.store.not_ready_reasons().list(principal.tenant_id);
    nlohmann::json offered = nlohmann::json::array();
    for (const auto& r : reasons) {
      if (r.enabled) offered.push_back({{"code", r.code}, {"name_zh", r.name_zh}, {"name_en", r.name_en}});
    }
    nlohmann::json hello = {{"protocol", kProtocolVersion},
                            {"user", hello_user(*user)},
                            {"capabilities", deps.auth.capabilities(principal)},
                            {"commands", allowed_cti_commands(deps, principal)},
                            {"not_ready_reasons", std::move(offered)},
                            {"dnd", phone_in_dnd(deps, *user)},
                            {"reminders", popped_reminders(deps, user->tenant_id, user->id)}};
    asio::post(self->ws_.get_executor(), [self, extension = user->extension, hello = std::move(hello),
                                          reasons = std::move(reasons)]() mutable {
      if (!self->open_) return;
      self->extension_ = std::move(extension);
      for (const auto& todo : hello["reminders"])
        self->hello_reminders_.insert(todo["id"].get<std::int64_t>());
      cti::EventHub& hub = *self->endpoint_.deps.cti_hub;
      self->id_ = hub.next_id();
      self->subscribed_ = true;
      cti::Subscription subscription{
          self->id_,   self->principal_.tenant_id, self->principal_.user_id, self->extension_, {},
          self->token_};
      if (cti::CtiPublisher* publisher = self->endpoint_.deps.cti_publisher) {
        publisher->connect(
            {std::move(subscription), self->weak_from_this(), std::move(hello), std::move(reasons)});
      } else {  // no call core (tests): no agent, queues or calls to add
        hello.update({{"agent", nullptr},
                      {"queues", nlohmann::json::array()},
                      {"call", nullptr},
                      {"calls", nlohmann::json::array()}});
        hub.subscribe(std::move(subscription), self->weak_from_this(), std::move(hello));
      }
    });
  });
}

void WebSocketSession::greet(cti::Frame hello) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), hello = std::move(hello)] {
    self->greeted_ = true;
    self->send(hello);
    self->run_next_command();
    self->catch_up_reminders();
  });
}

// A reminder that popped after the hello was read but before the hub knew this socket reached
// neither: now that the socket hears todo.reminder, the popped ones the hello did not carry are
// read again and sent. One the hub sent as well pops once (a desktop pops a to-do once).
void WebSocketSession::catch_up_reminders() {
  asio::post(endpoint_.handlers, [self = shared_from_this(), known = hello_reminders_] {
    const ApiDeps& deps = self->endpoint_.deps;
    std::vector<cti::Frame> missed;
    for (const auto& todo : popped_reminders(deps, self->principal_.tenant_id, self->principal_.user_id)) {
      if (known.contains(todo["id"].get<std::int64_t>())) continue;
      const auto& popped_at = todo["reminded_at"];
      UnixMs at = popped_at.is_number() ? popped_at.get<UnixMs>() : deps.clock.now_ms();
      missed.push_back(std::make_shared<const std::string>(cti::event_frame("todo.reminder", at, todo)));
    }
    if (missed.empty()) return;
    asio::post(self->ws_.get_executor(), [self, missed = std::move(missed)] {
      if (!self->open_) return;
      for (const auto& frame : missed) self->send(frame);
    });
  });
}

void WebSocketSession::deliver(cti::Frame event) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), event = std::move(event)] {
    if (self->greeted_) self->send(event);
  });
}

void WebSocketSession::end(const std::string& why) {
  asio::post(ws_.get_executor(),
             [self = shared_from_this(), why] { self->close(websocket::close_code::policy_error, why); });
}

void WebSocketSession::read() {
  ws_.async_read(buffer_,
                 [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

// A read error ends the session: the peer closed (or was closed), a frame was too big (Beast has
// sent 1009), the idle timeout passed, or the connection broke.
void WebSocketSession::on_read(beast::error_code ec) {
  if (ec) {
    open_ = false;
    token_timer_.cancel();
    return;
  }
  std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  if (!ws_.got_text()) {
    send(std::make_shared<const std::string>(cti_error_reply(
        nullptr, {Error::invalid("frame", "send commands as JSON text frames, not binary")})));
  } else {
    on_frame(std::move(text));
  }
  read();
}

void WebSocketSession::on_frame(std::string text) {
  CtiFrame frame = parse_cti_frame(text);
  if (!frame.request)
    return send(std::make_shared<const std::string>(cti_error_reply(frame.id, frame.errors)));
  if (commands_.size() >= endpoint_.options.max_waiting_commands) {
    return send(std::make_shared<const std::string>(cti_reply(
        frame.id,
        error_response(Error::unavailable(std::to_string(commands_.size()) +
                                          " commands are waiting; send the next after their replies")))));
  }
  commands_.push_back(std::move(*frame.request));
  run_next_command();
}

// One command at a time, in the order they came: an agent's "ready" then "not_ready" apply in
// that order.
void WebSocketSession::run_next_command() {
  if (command_running_ || !greeted_ || !open_ || commands_.empty()) return;
  command_running_ = true;
  CtiRequest request = std::move(commands_.front());
  commands_.pop_front();
  asio::post(endpoint_.handlers, [self = shared_from_this(), request = std::move(request)] {
    CtiContext context{self->endpoint_.deps, self->principal_,     self->extension_, self->id_,
                       request.args,         self->remote_address_};
    std::string reply = cti_reply(request.id, run_cti_command(context, request.cmd));
    asio::post(self->ws_.get_executor(), [self, reply = std::move(reply)]() mutable {
      self->command_running_ = false;
      self->send(std::make_shared<const std::string>(std::move(reply)));
      self->run_next_command();
    });
  });
}

void WebSocketSession::send(cti::Frame frame) {
  if (!open_) return;
  const WebSocketOptions& options = endpoint_.options;
  if (outbox_.size() >= options.max_queued_frames || outbox_bytes_ + frame->size() > options.max_queued_bytes)
    return drop("it does not read what it is sent (slow consumer)");
  outbox_bytes_ += frame->size();
  outbox_.push_back(std::move(frame));
  if (!writing_) write_next();
}

void WebSocketSession::write_next() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(asio::buffer(*outbox_.front()),
                  [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

void WebSocketSession::on_write(beast::error_code ec) {
  writing_ = false;
  if (ec) {
    open_ = false;
    return;
  }
  outbox_bytes_ -= outbox_.front()->size();
  outbox_.pop_front();
  if (open_ && !outbox_.empty()) write_next();
}

// The session token ended (expired, idle, logged out elsewhere, the user deleted, the API token
// revoked): the socket ends with it.
void WebSocketSession::check_token() {
  token_timer_.expires_after(endpoint_.options.auth_check_interval);
  token_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || !self->open_) return;
    asio::post(self->endpoint_.handlers, [self] {
      auto principal = self->endpoint_.deps.auth.authenticate(self->token_);
      bool ended = !principal && principal.error().code == ErrorCode::Unauthenticated;
      asio::post(self->ws_.get_executor(), [self, ended] {
        if (ended) return self->close(websocket::close_code::policy_error, "the session ended");
        if (self->open_) self->check_token();
      });
    });
  });
}

void WebSocketSession::close(websocket::close_code code, const std::string& why) {
  if (!open_) return;
  open_ = false;
  token_timer_.cancel();
  ws_.async_close(websocket::close_reason(code, why), [self = shared_from_this()](beast::error_code) {});
}

void WebSocketSession::drop(const char* why) {
  spdlog::warn("cti: dropping the WebSocket of {} from {}: {}", principal_.username, remote_address_, why);
  open_ = false;
  token_timer_.cancel();
  beast::get_lowest_layer(ws_).close();
}

}  // namespace hotline::http
