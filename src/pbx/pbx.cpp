#include "pbx/pbx.hpp"

#include <spdlog/spdlog.h>

namespace hotline::pbx {
namespace {

// Ring-backs and desktops' retrieves ring as long as any call does; a call taken out of its slot
// is watched for media as any call is.
ParkingOptions parking_options(const PbxOptions& options) {
  ParkingOptions parking = options.parking;
  parking.ring_timeout_ms = options.calls.ring_timeout_ms;
  parking.media_timeout_ms = options.calls.media_timeout_ms;
  return parking;
}

}  // namespace

Pbx::Pbx(sip::CoreLoop& loop, const PbxOptions& options, store::Store& store, media::MediaEngine& media,
         const Clock& clock)
    : loop_(loop),
      store_(store),
      clock_(clock),
      directory_(store, options.role_allows),
      digest_(options.digest_secret, clock),
      auth_(directory_, digest_),
      guard_(directory_, clock, options.bans),
      registrar_(directory_, auth_, locations_, *this, clock, options.registrar),
      recordings_(media, store, directory_, clock, options.data_dir),
      b2bua_(std::make_unique<B2bua>(loop, directory_, auth_, locations_, media, recordings_, store, clock,
                                     options.calls)),
      conference_rooms_(std::make_unique<ConferenceRooms>(media, *b2bua_)),
      supervision_(std::make_unique<CallSupervision>(media, *b2bua_)),
      pickup_(std::make_unique<CallPickup>(media, *b2bua_)),
      blind_transfers_(
          std::make_unique<BlindTransfers>(media, *b2bua_, directory_, options.calls.ring_timeout_ms)),
      click_to_dial_(std::make_unique<ClickToDial>(loop, *b2bua_, options.calls.ring_timeout_ms)),
      parking_(
          std::make_unique<CallParking>(loop, media, *b2bua_, directory_, clock, parking_options(options))),
      dnd_codes_(std::make_unique<DoNotDisturbCodes>(*b2bua_, directory_, store)),
      purge_timer_(loop) {
  b2bua_->set_service("conference", conference_rooms_.get());
  b2bua_->set_service("supervise", supervision_.get());
  b2bua_->set_service("pickup", pickup_.get());
  b2bua_->set_service("transfer", blind_transfers_.get());
  b2bua_->set_service("dial", click_to_dial_.get());
  b2bua_->set_service("park", parking_.get());
  b2bua_->set_service("unpark", parking_.get());
  b2bua_->set_service("dnd", dnd_codes_.get());
  b2bua_->set_parking(parking_.get());
  b2bua_->set_call_ended_observer(
      [this](const std::string& call_id) { supervision_->on_any_call_ended(call_id); });
  auth_.set_failure_observer([this](const sip::PeerAddress& source) { guard_.on_auth_failed(source); });
}

Result<std::unique_ptr<Pbx>> Pbx::start(sip::CoreLoop& loop, const PbxOptions& options, store::Store& store,
                                        media::MediaEngine& media, const Clock& clock) {
  std::unique_ptr<Pbx> pbx(new Pbx(loop, options, store, media, clock));
  pbx->restore_registrations();
  pbx->recordings_.recover_unfinished();
  auto stack = sip::SipStack::start(loop, options.sip, *pbx);
  if (!stack) return stack.error();
  pbx->stack_ = std::move(stack.value());
  pbx->b2bua_->set_nua(pbx->stack_->nua());
  pbx->purge_timer_.start_repeating(5'000, [p = pbx.get()] {
    p->registrar_.purge_expired();
    p->guard_.prune();
  });
  return pbx;
}

Pbx::~Pbx() = default;

void Pbx::restore_registrations() {
  auto now = clock_.now_ms();
  std::size_t n = 0;
  for (const auto& r : store_.registrations().list_unexpired(now)) {
    sip::Binding b;
    b.contact = r.contact;
    b.source = r.source;
    b.user_agent = r.user_agent;
    b.expires_at = r.expires_at;
    n += locations_.update({r.tenant_id, r.extension}, b, now) ? 1 : 0;
  }
  if (n) spdlog::info("pbx: restored {} registrations", n);
}

void Pbx::on_sip_event(const sip::SipEvent& ev) {
  if (guard_.refuse_if_banned(ev)) return;
  if (ev.event == nua_i_register) return registrar_.on_register(ev);
  if (b2bua_->on_sip_event(ev)) return;
  // Requests nua answered by itself (OPTIONS, out-of-dialog MESSAGE...) leave a handle behind.
  if (ev.nh && !ev.handle_context && ev.event >= nua_i_error && ev.event < nua_r_set_params) {
    nua_handle_destroy(ev.nh);
  }
}

void Pbx::on_binding_added(const sip::AddressOfRecord& aor, const sip::Binding& b) {
  store_.registrations().upsert_async(
      {aor.tenant_id, aor.extension, b.contact, b.source, b.user_agent, b.expires_at});
  if (registration_observer_) registration_observer_(aor.tenant_id, aor.extension, true);
}

void Pbx::on_binding_removed(const sip::AddressOfRecord& aor, const std::string& contact) {
  store_.registrations().remove_async(aor.tenant_id, aor.extension, contact);
  if (registration_observer_ && locations_.lookup(aor, clock_.now_ms()).empty())
    registration_observer_(aor.tenant_id, aor.extension, false);
}

std::vector<store::Registration> Pbx::registrations(std::int64_t tenant_id) const {
  std::vector<store::Registration> out;
  auto now = clock_.now_ms();
  locations_.for_each([&](const sip::AddressOfRecord& aor, const sip::Binding& b) {
    if (aor.tenant_id == tenant_id && b.expires_at > now) {
      out.push_back({aor.tenant_id, aor.extension, b.contact, b.source, b.user_agent, b.expires_at});
    }
  });
  return out;
}

void Pbx::shutdown(std::function<void()> done) {
  purge_timer_.cancel();
  b2bua_->hang_up_all("server shutdown");
  stack_->shutdown(std::move(done));
}

}  // namespace hotline::pbx
