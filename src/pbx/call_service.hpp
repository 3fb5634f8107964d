// CallService: what handles the calls the server answers itself — conference rooms here, and the
// IVR and queues above the pbx. A number whose target is a service ("conference:sales",
// "flow:main") reaches it: the B2BUA answers the caller with its own SDP (media anchored on the
// relay's side A, recorded like any call), tells the service, and from then on the service drives
// the call through B2bua's service-call methods (play, connect to phones, hang up), hearing back
// through these callbacks.
//
// Thread: core loop only. Callbacks may call back into the B2BUA.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "common/result.hpp"
#include "media/dsp/dtmf_digit.hpp"
#include "media/media.hpp"

namespace hotline::pbx {

struct ServiceCall {
  std::string call_id;
  std::int64_t tenant_id = 0;
  std::string caller;  // the caller's number or extension
  std::string dialled;
  std::string service;  // the part after "kind:" of the number's target, e.g. the room name
  media::RelayId relay = 0;
  // Handed over from another service (B2bua::hand_over): what that one passes on, e.g. the IVR's
  // variables and the queue priority it chose.
  std::map<std::string, std::string, std::less<>> variables;
  int priority = 0;
  int vip_level = 0;            // the caller's VIP list priority (ACD-4); 0: not a VIP
  bool announce_agent = false;  // a queue: announce the agent's work number before connecting (IVR-8)
  // The kind of service the call came to ("park", "unpark"): one service may serve several.
  std::string kind;
};

// Where a service call goes next (B2bua::hand_over): the kind and name of the service, and what
// it is told (ServiceCall's variables, priority, announce_agent).
struct HandOver {
  std::string kind;  // "queue", "flow"
  std::string name;
  std::map<std::string, std::string, std::less<>> variables;
  int priority = 0;
  bool announce_agent = false;
};

// Where a hand-over sends the call, as timelines and transfer events name it: extension:EXT for the
// "transfer" service (a colleague's phone), else KIND:NAME (queue:support, dial:0612345678).
std::string destination_name(const HandOver& next);

// How connect() joins the phone that answers to the caller.
struct ConnectOptions {
  // By the extension that answers: played to the caller, and to the phone, before the two hear
  // each other (IVR-8: "工号 1001 为您服务"). An extension not listed is bridged at once.
  std::map<std::string, media::PlaySpec, std::less<>> announce_before_bridging;
  // Leave out extensions in do-not-disturb (PBX-7): a transfer to a person does, a queue's offer
  // (which the agent's state governs) and a phone taking back its own parked call do not.
  bool respect_dnd = false;
};

// A service and what it serves: {"voicemail", "1001"} is the box named 1001.
struct ServiceTarget {
  std::string kind;
  std::string name;
};

// How an attempt to connect the caller to phones ended.
struct ConnectOutcome {
  enum class Result { Answered, Busy, NoAnswer, Unavailable, Declined, Failed, Cancelled };
  Result result = Result::Failed;
  std::string extension;  // Answered: who answered
  int sip_status = 0;
};

class CallService {
 public:
  virtual ~CallService() = default;
  // The caller has been answered by the server, or handed over by another service. An error
  // refuses the call: the B2BUA hangs up a new call with it, or hands it back to the service
  // that handed it over.
  virtual Status on_call(const ServiceCall& call) = 0;
  virtual void on_digit(const std::string& call_id, const media::dsp::DtmfDigit& digit) = 0;
  virtual void on_play_done(const std::string& call_id, const media::PlayOutcome& outcome) = 0;
  virtual void on_connect_result(const std::string& call_id, const ConnectOutcome& outcome) = 0;
  // The call is over for this service: either party hung up, the server did, or the connected
  // phone hung up and the caller went on to another service (B2bua::hand_over_when_callee_hangs_up).
  // Nothing more may be asked of it.
  virtual void on_call_ended(const std::string& call_id) = 0;
};

}  // namespace hotline::pbx
