#include "sip/sip_stack.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>

extern "C" {
extern su_log_t tport_log[];
extern su_log_t nta_log[];
extern su_log_t nua_log[];
extern su_log_t iptsec_log[];
extern su_log_t sresolv_log[];
}

namespace hotline::sip {

// Real SIP messages stay under a few KiB (an INVITE with a rich SDP ~4 KiB); anything much larger
// is an attack or a broken peer and is refused by the stack before it is parsed.
constexpr unsigned kMaxMessageBytes = 32 * 1024;

std::string url_to_string(const url_t* url) {
  if (!url) return {};
  char buf[1024];
  int n = url_e(buf, sizeof buf, url);
  if (n <= 0 || static_cast<std::size_t>(n) >= sizeof buf) return {};
  return std::string(buf, static_cast<std::size_t>(n));
}

bool allows_event(const sip_t* sip, const char* event) {
  if (!sip) return false;
  for (const sip_allow_events_t* header = sip->sip_allow_events; header; header = header->k_next) {
    for (const msg_param_t* item = header->k_items; item && *item; ++item) {
      if (su_casematch(*item, event)) return true;
    }
  }
  return false;
}

SipStack::SipStack(CoreLoop& loop, SipOptions options, SipEventSink& sink)
    : loop_(loop), options_(std::move(options)), sink_(sink) {}

Result<std::unique_ptr<SipStack>> SipStack::start(CoreLoop& loop, const SipOptions& options,
                                                  SipEventSink& sink) {
  for (su_log_t* log : {su_log_default, tport_log, nta_log, nua_log, iptsec_log, sresolv_log}) {
    su_log_set_level(log, static_cast<unsigned>(options.log_level));
  }
  std::unique_ptr<SipStack> stack(new SipStack(loop, options, sink));
  std::string host = options.bind_address.find(':') != std::string::npos ? "[" + options.bind_address + "]"
                                                                         : options.bind_address;
  std::string url = "sip:" + host + ":" + std::to_string(options.port);
  stack->nua_ =
      nua_create(loop.root(), &SipStack::on_nua_event, stack.get(), NUTAG_URL(url.c_str()),
                 NUTAG_USER_AGENT(options.user_agent.c_str()), NUTAG_MEDIA_ENABLE(0), NUTAG_AUTOANSWER(0),
                 NUTAG_AUTOALERT(0), NUTAG_AUTOACK(1), NUTAG_ENABLEINVITE(1), NUTAG_SESSION_TIMER(0),
                 NUTAG_APPL_METHOD("REGISTER"), NUTAG_APPL_METHOD("UPDATE"),
                 NUTAG_ALLOW("INVITE, ACK, BYE, CANCEL, OPTIONS, PRACK, UPDATE, INFO, REGISTER"),
                 NTATAG_SERVER_RPORT(1), NTATAG_CLIENT_RPORT(1), NTATAG_MAXSIZE(kMaxMessageBytes), TAG_END());
  if (!stack->nua_) {
    return Error::unavailable("cannot listen for SIP on " + url + " (address in use or not local)");
  }
  return stack;
}

SipStack::~SipStack() {
  if (nua_) nua_destroy(nua_);
}

void SipStack::shutdown(std::function<void()> done) {
  on_shutdown_ = std::move(done);
  nua_shutdown(nua_);
}

void SipStack::on_nua_event(nua_event_t event, int status, const char* phrase, nua_t* nua, nua_magic_t* magic,
                            nua_handle_t* nh, nua_hmagic_t* hmagic, const sip_t* sip, tagi_t tags[]) {
  auto* self = static_cast<SipStack*>(magic);
  if (event == nua_r_shutdown) {
    if (status >= 200 && self->on_shutdown_) {
      auto done = std::move(self->on_shutdown_);
      self->on_shutdown_ = nullptr;
      done();
    }
    return;
  }
  self->sink_.on_sip_event(SipEvent{event, status, phrase, nua, nh, hmagic, sip, tags});
}

std::string PeerAddress::uri(const std::string& user) const {
  std::string host = ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
  std::string u = "sip:" + (user.empty() ? "" : user + "@") + host + ":" + std::to_string(port);
  if (transport != "udp") u += ";transport=" + transport;
  return u;
}

PeerAddress current_request_source(nua_t* nua) {
  PeerAddress peer;
  msg_t* msg = nua_current_request(nua);
  su_addrinfo_t* ai = msg ? msg_addrinfo(msg) : nullptr;
  if (!ai || !ai->ai_addr) return peer;
  peer.transport = ai->ai_protocol == IPPROTO_TCP ? "tcp" : "udp";
  char ip[INET6_ADDRSTRLEN] = {0};
  if (ai->ai_addr->sa_family == AF_INET6) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(ai->ai_addr);
    inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof ip);
    peer.port = ntohs(sin6->sin6_port);
  } else {
    auto* sin = reinterpret_cast<sockaddr_in*>(ai->ai_addr);
    inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof ip);
    peer.port = ntohs(sin->sin_port);
  }
  peer.ip = ip;
  return peer;
}

Result<PeerAddress> parse_peer_address(const std::string& text) {
  auto first = text.find(':');
  auto last = text.rfind(':');
  if (first == std::string::npos || last == first)
    return Error::invalid("source", "expected transport:ip:port");
  PeerAddress p;
  p.transport = text.substr(0, first);
  p.ip = text.substr(first + 1, last - first - 1);
  try {
    p.port = static_cast<std::uint16_t>(std::stoi(text.substr(last + 1)));
  } catch (...) {
    return Error::invalid("source", "bad port in " + text);
  }
  return p;
}

}  // namespace hotline::sip
