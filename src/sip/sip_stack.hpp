// SipStack: sofia-sip's nua user agent bound to UDP and TCP on one address, with the settings a
// B2BUA needs: no built-in media (SDP passes through), no auto-answer, REGISTER delivered to the
// application, rport for NAT. Events go to one SipEventSink on the core loop.
//
// Thread: core loop only (nua runs inside the loop's su_root).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "sip/core_loop.hpp"
#include "sip/sofia.hpp"

namespace hotline::sip {

struct SipOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 5060;
  std::string user_agent = "Hotline";
  int log_level = 0;  // sofia's 0..9; anything above 3 floods
};

// One nua event, as sofia delivers it. Pointers are valid during the callback only.
struct SipEvent {
  nua_event_t event;
  int status;
  const char* phrase;
  nua_t* nua;
  nua_handle_t* nh;
  void* handle_context;  // what the application bound to nh with nua_handle_bind
  const sip_t* sip;
  tagi_t* tags;
};

class SipEventSink {
 public:
  virtual ~SipEventSink() = default;
  virtual void on_sip_event(const SipEvent& event) = 0;
};

class SipStack {
 public:
  static Result<std::unique_ptr<SipStack>> start(CoreLoop& loop, const SipOptions& options,
                                                 SipEventSink& sink);
  ~SipStack();

  nua_t* nua() const { return nua_; }
  const SipOptions& options() const { return options_; }
  // Stops sending and answering; `done` runs on the core loop when nua has finished.
  void shutdown(std::function<void()> done);

 private:
  SipStack(CoreLoop& loop, SipOptions options, SipEventSink& sink);
  static void on_nua_event(nua_event_t event, int status, const char* phrase, nua_t* nua, nua_magic_t* magic,
                           nua_handle_t* nh, nua_hmagic_t* hmagic, const sip_t* sip, tagi_t tags[]);

  CoreLoop& loop_;
  SipOptions options_;
  SipEventSink& sink_;
  nua_t* nua_ = nullptr;
  std::function<void()> on_shutdown_;
};

// Where the request being handled came from (for NAT: the real source, not what the Via says).
struct PeerAddress {
  std::string transport;  // udp | tcp | tls
  std::string ip;
  std::uint16_t port = 0;
  std::string to_string() const { return transport + ":" + ip + ":" + std::to_string(port); }
  // A SIP URI that reaches this address: sip:user@ip:port;transport=tcp.
  std::string uri(const std::string& user) const;
};

PeerAddress current_request_source(nua_t* nua);
Result<PeerAddress> parse_peer_address(const std::string& text);  // inverse of to_string

}  // namespace hotline::sip
