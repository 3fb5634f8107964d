// LiveState: what the API asks of the core loop, which owns registrations, calls in progress and
// the ACD. The wiring in serve implements it by posting to the loop and waiting briefly for the
// answer; tests use a fake.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "acd/live_views.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"
#include "pbx/parking_lot.hpp"
#include "store/records.hpp"

namespace hotline::http {

struct LiveRegistration {
  std::string extension;
  std::string contact;
  std::string source;  // transport:ip:port
  std::string user_agent;
  UnixMs expires_at = 0;
};

struct RecordingHealth {
  std::size_t active = 0;
  std::uint64_t failed = 0;  // recordings whose file could not be written, since start
  std::string last_error;
};

// A call's recording after a pause or resume command.
struct LiveRecordingState {
  std::string recording_id;
  bool paused = false;
  std::int64_t paused_ms = 0;  // paused so far, a pause in progress included
};

// A source address refused for failing SIP authentication too often.
struct LiveSipBan {
  std::string address;
  int failures = 0;
  UnixMs banned_until = 0;
};

// Live state owned by the core loop. Implementations may block briefly (they post and wait).
class LiveState {
 public:
  virtual ~LiveState() = default;
  virtual std::vector<LiveRegistration> registrations(store::TenantId tenant) = 0;
  virtual int calls_in_progress() = 0;
  virtual RecordingHealth recording_health() = 0;
  // Pauses or resumes the recording of the tenant's call in progress `call_id`; `username` goes
  // on the call's timeline. NotFound when the tenant has no such call in progress (ended or
  // unknown), Conflict when the call is not being recorded, Unavailable when the core loop does
  // not answer in time (the command may still take effect).
  virtual Result<LiveRecordingState> set_recording_paused(store::TenantId tenant, const std::string& call_id,
                                                          bool paused, const std::string& username) = 0;

  // The tenant's ACD as it runs: queues with their calls, agents with their states. Unavailable
  // when the core loop does not answer in time.
  virtual Result<std::vector<acd::QueueView>> queues(store::TenantId tenant) = 0;
  virtual Result<std::vector<acd::AgentView>> agents(store::TenantId tenant) = 0;
  // Asks the ACD to change the tenant's agent `user_id` (QueueCalls::command's errors).
  virtual Status command_agent(store::TenantId tenant, std::int64_t user_id,
                               const acd::AgentCommand& command) = 0;
  // Hangs up the tenant's call `call_id` on behalf of the phone at `extension` (its user's CTI
  // desktop), as if the phone had sent BYE; `username` goes on the call's timeline. NotFound when
  // the tenant has no such call in progress, Conflict when that phone is not talking in it,
  // Unavailable when the core loop does not answer in time.
  virtual Status hang_up_call(store::TenantId tenant, const std::string& call_id,
                              const std::string& extension, const std::string& username) = 0;
  // Answers it at that desktop's phone while it rings (B2bua::answer_for: the talk event):
  // NotFound and Unavailable as hang_up_call; Conflict when that phone is not ringing for it or
  // does not take the talk event.
  virtual Status answer_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                             const std::string& username) = 0;
  // Holds or retrieves it from that desktop (B2bua::hold_for): NotFound, Conflict and Unavailable
  // as hang_up_call.
  virtual Status hold_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                           bool hold, const std::string& username) = 0;
  // Transfers it blind from that desktop (B2bua::transfer_for) to the tenant's queue (kind
  // "queue"), extension ("extension") or where a number the phone dials leads ("number":
  // B2bua::destination_of, whose errors name "number"), with business data for the next phone
  // offered it (`data`: JSON text, empty for none): NotFound, Conflict and Unavailable as
  // hang_up_call.
  virtual Status transfer_call(store::TenantId tenant, const std::string& call_id,
                               const std::string& extension, const std::string& kind,
                               const std::string& target, const std::string& username,
                               const std::string& data) = 0;
  // Consults `target` of `kind` (as transfer_call's) about it from that desktop
  // (B2bua::consult_for; `data` as for transfer_call): the consultation call's id. NotFound,
  // Conflict and Unavailable as hang_up_call; Conflict too when a consultation is in progress or
  // the extension has no phone registered.
  virtual Result<std::string> consult_call(store::TenantId tenant, const std::string& call_id,
                                           const std::string& extension, const std::string& kind,
                                           const std::string& target, const std::string& username,
                                           const std::string& data) = 0;
  // What the consulting desktop does next (B2bua::finish_consult): NotFound and Unavailable as
  // hang_up_call; Conflict when there is no consultation from that phone or, to transfer or go
  // three-way, the target has not answered.
  enum class ConsultStep { Transfer, ThreeWay, Cancel };
  virtual Status finish_consult(store::TenantId tenant, const std::string& call_id,
                                const std::string& extension, ConsultStep step,
                                const std::string& username) = 0;
  // Ends the tenant's call `call_id`, whoever talks in it, on a supervisor's command
  // (B2bua::force_hang_up): NotFound and Unavailable as hang_up_call.
  virtual Status force_hang_up_call(store::TenantId tenant, const std::string& call_id,
                                    const std::string& username) = 0;
  // Places a call from that desktop (B2bua::originate, click-to-dial): the phone at `extension`
  // rings first, then `number`; a busy number is redialled `redial_attempts` times,
  // `redial_interval_ms` apart. The call's id; NotFound (field "number") for a number that goes
  // nowhere, PermissionDenied for one the user may not dial, Conflict when the phone is not
  // registered or busy, Unavailable as hang_up_call.
  virtual Result<std::string> dial_call(store::TenantId tenant, const std::string& extension,
                                        const std::string& number, int redial_attempts,
                                        std::int64_t redial_interval_ms, const std::string& username) = 0;
  // Parks it from that desktop (B2bua::park_for): the slot. NotFound and Unavailable as
  // hang_up_call; Conflict as hang_up_call and when the tenant's parking lot is full.
  virtual Result<int> park_call(store::TenantId tenant, const std::string& call_id,
                                const std::string& extension, const std::string& username) = 0;
  // Rings the phone at `extension` for the call parked in `slot` (CallParking::retrieve_to): the
  // call's id. NotFound (field "slot") for an empty slot, Conflict while it is being retrieved or
  // when no phone of the extension is registered, Unavailable as hang_up_call.
  virtual Result<std::string> unpark_call(store::TenantId tenant, int slot, const std::string& extension,
                                          const std::string& username) = 0;
  // Do not disturb (PBX-7) on or off for the tenant's extension: written to the store, then the
  // calls from now on see it. NotFound for an extension the tenant does not have, Unavailable when
  // the core loop does not answer in time (it still applies it later).
  virtual Status set_do_not_disturb(store::TenantId tenant, const std::string& extension, bool on) = 0;
  // The tenant's parked calls, by slot; Unavailable when the core loop does not answer in time.
  virtual Result<std::vector<pbx::ParkedCall>> parked_calls(store::TenantId tenant) = 0;
  // The tenant's configuration changed in the store (numbers, caller lists, holidays, queues,
  // members, skills): the running system re-reads it. Returns once calls from now on see the change, or
  // Unavailable when the core loop does not answer in time (it still applies it later).
  virtual Status reload_configuration(store::TenantId tenant) = 0;
  // The files of the tenant's music-on-hold class `music_class` changed under DATA/moh: the media
  // engine decodes them again and held callers hear the new music (the class is gone when it has
  // no file left). Unavailable when the core loop does not answer in time.
  virtual Status reload_music(store::TenantId tenant, const std::string& music_class) = 0;

  // Source addresses banned now for failing SIP authentication (of every tenant: a ban is per
  // address). Unavailable when the core loop does not answer in time.
  virtual Result<std::vector<LiveSipBan>> sip_bans() = 0;
  // Lifts the ban of `address` early: NotFound when it is not banned, Unavailable as above.
  virtual Status lift_sip_ban(const std::string& address) = 0;
};

}  // namespace hotline::http
