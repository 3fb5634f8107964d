// FlowCalls: the service that runs IVR flows on calls (IVR-1..IVR-3, IVR-10). A number whose
// target is "flow:NAME" reaches it once the B2BUA has answered the caller: it starts a Session
// on the flow's published version (compiled once per version and shared; a call keeps its
// version however often the flow is republished) and carries out the session's actions with the
// B2BUA and the media engine — plays, digit timers, transfers to extensions and to outside
// numbers (B2bua::connect_external, through the outbound routes), hang-ups — feeding the outcomes
// back as events. The path, keys and variables go on the call's timeline.
//
// A queue node hands the call over to the "queue" service (B2bua::hand_over) with the flow's
// variables, a voicemail node to the "voicemail" service with the box; the flow's part then ends
// (a box that does not exist is a HandoffFailed: the node's on_failure runs). A transfer to an
// outside number dials it through the tenant's outbound routes. HTTP nodes go out through the
// HTTP client on its own thread; the outcome comes back to the loop and is dropped when the call
// has ended meanwhile. A call may come back after its agent hung up, for a survey (IVR-9): its
// variables name the agent (agent_id, agent_extension) and the queue; each survey node answered
// is stored against them, and an announce_agent node says the agent's work number (IVR-8).
//
// Thread: core loop only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "common/clock.hpp"
#include "http/client/http_client.hpp"
#include "ivr/session.hpp"
#include "pbx/b2bua.hpp"
#include "pbx/call_service.hpp"
#include "sip/core_loop.hpp"
#include "store/store.hpp"

namespace hotline::ivr {

struct FlowCallsOptions {
  std::filesystem::path data_dir;  // prompt files are found under it (prompt_files.hpp); empty: as written
  std::int64_t transfer_ring_timeout_ms = 30'000;
  int utc_offset_minutes = 480;  // tenants' local time for time-of-day conditions (China: UTC+8)
  SessionLimits limits;
};

class FlowCalls final : public pbx::CallService {
 public:
  // `http` runs the flows' HTTP nodes (null: they fail); it must be stopped before this is
  // destroyed, since its callbacks post to the loop on behalf of this object.
  FlowCalls(sip::CoreLoop& loop, pbx::B2bua& calls, store::Store& store, const Clock& clock,
            http_client::HttpClient* http, FlowCallsOptions options = {});
  ~FlowCalls() override;

  // A tenant's holiday calendars as stored (IVR-4), read on any thread; set_holidays swaps them in
  // for the calls that start from now on (the constructor loads every tenant's).
  static std::shared_ptr<const HolidayCalendars> read_holidays(store::Store& store, std::int64_t tenant_id);
  void set_holidays(std::int64_t tenant_id, std::shared_ptr<const HolidayCalendars> calendars);

  Status on_call(const pbx::ServiceCall& call) override;
  void on_digit(const std::string& call_id, const media::dsp::DtmfDigit& digit) override;
  void on_play_done(const std::string& call_id, const media::PlayOutcome& outcome) override;
  void on_connect_result(const std::string& call_id, const pbx::ConnectOutcome& outcome) override;
  void on_call_ended(const std::string& call_id) override;

  std::size_t sessions() const { return calls_.size(); }

 private:
  struct FlowCall;

  // The compiled published version of the tenant's flow, or the error that keeps it from running.
  Result<FlowPtr> published_flow(std::int64_t tenant_id, const std::string& name);
  void feed(FlowCall& call, const Event& event);
  void run(FlowCall& call, Actions actions);
  void perform(FlowCall& call, const Action& action);
  void feed_later(const FlowCall& call, Event event);
  void request_http(FlowCall& call, const HttpRequest& request);
  void announce_agent(FlowCall& call, const AnnounceAgent& announce);
  void store_survey_answers(FlowCall& call);
  void transfer(FlowCall& call, const Transfer& transfer);
  void enqueue(FlowCall& call, const Enqueue& enqueue);
  void leave_message(FlowCall& call, const Voicemail& voicemail);
  void hang_up(FlowCall& call, const std::string& cause);
  void end_session(const FlowCall& call);
  void record_trail(const FlowCall& call);

  sip::CoreLoop& loop_;
  pbx::B2bua& calls_b2bua_;
  store::Store& store_;
  const Clock& clock_;
  http_client::HttpClient* http_;
  FlowCallsOptions options_;
  std::map<std::pair<std::int64_t, std::int64_t>, FlowPtr> compiled_;  // by (flow id, version)
  std::unordered_map<std::int64_t, std::shared_ptr<const HolidayCalendars>> holidays_;  // by tenant
  std::unordered_map<std::string, std::unique_ptr<FlowCall>> calls_;
  std::uint64_t next_serial_ = 1;  // tells a call's sessions apart (a call may come back for a survey)
};

}  // namespace hotline::ivr
