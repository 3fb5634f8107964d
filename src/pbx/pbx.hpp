// pbx: calls. It receives every SIP event from the sip module, answers REGISTER through the
// registrar (persisting bindings so a restart keeps them), and runs calls through the B2BUA with
// media anchored in the media engine's relays, with meet-me conference rooms and supervisors on
// agents' calls (call_supervision.hpp), pickup of a ringing colleague (call_pickup.hpp), the
// desktops' blind transfers (blind_transfers.hpp), calls placed from desktops (click_to_dial.hpp)
// call park (call_parking.hpp) and do not disturb from the keypad (dnd_codes.hpp).
//
// Thread: core loop only, except where a method says otherwise.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "media/media.hpp"
#include "pbx/b2bua.hpp"
#include "pbx/blind_transfers.hpp"
#include "pbx/call_parking.hpp"
#include "pbx/call_pickup.hpp"
#include "pbx/call_supervision.hpp"
#include "pbx/click_to_dial.hpp"
#include "pbx/conference_rooms.hpp"
#include "pbx/directory.hpp"
#include "pbx/dnd_codes.hpp"
#include "pbx/source_guard.hpp"
#include "sip/sip.hpp"
#include "store/store.hpp"

namespace hotline::pbx {

struct PbxOptions {
  sip::SipOptions sip;
  B2buaOptions calls;
  ParkingOptions parking;  // its ring_timeout_ms and media_timeout_ms are the calls' own
  sip::RegistrarOptions registrar;
  sip::AuthBanOptions bans;         // brute-force throttling per source address
  RoleCapabilityCheck role_allows;  // toll-fraud rules: what the extensions' owners may dial
  std::string digest_secret;        // shared by nodes that verify each other's nonces
  std::filesystem::path data_dir;   // recordings go under data_dir/recordings
};

class Pbx final : public sip::SipEventSink, public sip::RegistrationListener {
 public:
  // Loads the directory and the persisted registrations, then listens for SIP.
  static Result<std::unique_ptr<Pbx>> start(sip::CoreLoop& loop, const PbxOptions& options,
                                            store::Store& store, media::MediaEngine& media,
                                            const Clock& clock);
  ~Pbx() override;

  void on_sip_event(const sip::SipEvent& event) override;
  void on_binding_added(const sip::AddressOfRecord& aor, const sip::Binding& binding) override;
  void on_binding_removed(const sip::AddressOfRecord& aor, const std::string& contact) override;

  std::vector<store::Registration> registrations(std::int64_t tenant_id) const;
  // A recording's file is finished (posted here from the media engine's thread).
  void on_recording_finished(const media::RecordingOutcome& outcome) { recordings_.on_finished(outcome); }
  // A party sent no RTP for the media timeout (posted here from a media worker).
  void on_media_timeout(media::RelayId relay, media::RelaySide side) {
    b2bua_->on_media_timeout(relay, side);
  }
  void on_dtmf(media::RelayId relay, media::RelaySide side, const media::dsp::DtmfDigit& digit) {
    b2bua_->on_dtmf(relay, side, digit);
  }
  // A play ended (posted here from a media thread).
  void on_play_done(const media::PlayOutcome& outcome) { b2bua_->on_play_done(outcome.relay, outcome); }
  std::size_t calls_in_progress() const { return b2bua_->calls_in_progress(); }
  // Told when an extension gets its first binding or loses its last (agents log in to their
  // queues by registering their phone). Core loop; set before the loop runs.
  using RegistrationObserver =
      std::function<void(std::int64_t tenant_id, const std::string& extension, bool registered)>;
  void set_registration_observer(RegistrationObserver observer) {
    registration_observer_ = std::move(observer);
  }
  // Told on the core loop of every recording that is finished, with its final row (voicemail
  // screens its messages). Set before the loop runs.
  void set_recording_observer(CallRecordings::FinishedObserver observer) {
    recordings_.set_finished_observer(std::move(observer));
  }
  // The B2BUA, for the services above the pbx (IVR, queues) to register with and drive calls.
  B2bua& calls() { return *b2bua_; }
  // The parking lot (PBX-5): what is parked, and a desktop's retrieve.
  CallParking& parking() { return *parking_; }
  // Pauses or resumes a call's recording on a user's command (see B2bua::set_recording_paused).
  Result<RecordingPauseState> set_recording_paused(std::int64_t tenant_id, const std::string& call_id,
                                                   bool paused, const std::string& username) {
    return b2bua_->set_recording_paused(tenant_id, call_id, paused, username);
  }
  std::size_t registration_count() const { return locations_.binding_count(); }
  // Source addresses banned for failing authentication, and lifting a ban early (SourceGuard).
  std::vector<sip::SourceBan> sip_bans() const { return guard_.bans(); }
  bool lift_sip_ban(const std::string& address) { return guard_.lift(address); }
  // Swaps in configuration read from the store (Directory::read, on another thread).
  void install_directory(DirectorySnapshot snapshot) { directory_.install(std::move(snapshot)); }
  // Do not disturb on or off for the extension (PBX-7), as the store already says.
  void set_do_not_disturb(std::int64_t tenant_id, const std::string& extension, bool on) {
    directory_.set_do_not_disturb(tenant_id, extension, on);
  }
  // Hangs up every call, then stops SIP; `done` runs on the core loop when SIP has stopped.
  void shutdown(std::function<void()> done);

 private:
  Pbx(sip::CoreLoop& loop, const PbxOptions& options, store::Store& store, media::MediaEngine& media,
      const Clock& clock);
  void restore_registrations();

  sip::CoreLoop& loop_;
  store::Store& store_;
  const Clock& clock_;
  Directory directory_;
  sip::LocationService locations_;
  sip::DigestAuthenticator digest_;
  sip::RequestAuthenticator auth_;
  SourceGuard guard_;
  sip::Registrar registrar_;
  CallRecordings recordings_;
  std::unique_ptr<B2bua> b2bua_;
  std::unique_ptr<ConferenceRooms> conference_rooms_;
  std::unique_ptr<CallSupervision> supervision_;
  std::unique_ptr<CallPickup> pickup_;
  std::unique_ptr<BlindTransfers> blind_transfers_;  // the "transfer" service: desktops' blind transfers
  std::unique_ptr<ClickToDial> click_to_dial_;       // the "dial" service: calls placed from desktops
  std::unique_ptr<CallParking> parking_;             // the "park" and "unpark" services
  std::unique_ptr<DoNotDisturbCodes> dnd_codes_;     // the "dnd" service: *51, *50
  std::unique_ptr<sip::SipStack> stack_;
  sip::CoreTimer purge_timer_;
  RegistrationObserver registration_observer_;
};

}  // namespace hotline::pbx
