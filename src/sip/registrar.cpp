#include "sip/registrar.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace hotline::sip {
namespace {

std::string contact_uri(const sip_contact_t* m) { return url_to_string(m->m_url); }

}  // namespace

Registrar::Registrar(const IdentityDirectory& directory, RequestAuthenticator& auth,
                     LocationService& locations, RegistrationListener& listener, const Clock& clock,
                     RegistrarOptions options)
    : directory_(directory),
      auth_(auth),
      locations_(locations),
      listener_(listener),
      clock_(clock),
      options_(options) {}

void Registrar::on_register(const SipEvent& ev) {
  const sip_t* sip = ev.sip;
  auto finish = [&] { nua_handle_destroy(ev.nh); };
  if (!sip || !sip->sip_to || !sip->sip_to->a_url->url_user) {
    nua_respond(ev.nh, 400, "Missing To user", NUTAG_WITH_THIS(ev.nua), TAG_END());
    return finish();
  }
  auto tenant = directory_.tenant_for_domain(request_domain(sip));
  if (!tenant) {
    nua_respond(ev.nh, SIP_403_FORBIDDEN, NUTAG_WITH_THIS(ev.nua), TAG_END());
    return finish();
  }
  auto identity = auth_.authenticate(ev.nua, ev.nh, sip, *tenant, false);
  if (!identity) return finish();
  AddressOfRecord aor{tenant->tenant_id, sip->sip_to->a_url->url_user};
  if (identity->user != aor.extension) {
    nua_respond(ev.nh, 403, "Credentials do not match To", NUTAG_WITH_THIS(ev.nua), TAG_END());
    return finish();
  }
  if (apply_contacts(ev, aor)) respond_bindings(ev, aor);
  finish();
}

std::int64_t Registrar::requested_expires_s(const sip_t* sip, const sip_contact_t* m) const {
  if (m && m->m_expires) return std::strtoll(m->m_expires, nullptr, 10);
  if (sip->sip_expires) return static_cast<std::int64_t>(sip->sip_expires->ex_delta);
  return options_.default_expires_s;
}

// Updates the location service; responds itself (and returns false) on an error.
bool Registrar::apply_contacts(const SipEvent& ev, const AddressOfRecord& aor) {
  const sip_t* sip = ev.sip;
  if (!sip->sip_contact) return true;                  // a query: answer with the current bindings
  if (sip->sip_contact->m_url->url_type == url_any) {  // "Contact: *" with Expires: 0
    for (const auto& b : locations_.lookup(aor, clock_.now_ms()))
      listener_.on_binding_removed(aor, b.contact);
    locations_.remove_all(aor);
    return true;
  }
  for (auto* m = sip->sip_contact; m; m = m->m_next) {
    auto expires = requested_expires_s(sip, m);
    if (expires > 0 && expires < options_.min_expires_s) {
      std::string min = std::to_string(options_.min_expires_s);
      nua_respond(ev.nh, SIP_423_INTERVAL_TOO_BRIEF, NUTAG_WITH_THIS(ev.nua),
                  SIPTAG_MIN_EXPIRES_STR(min.c_str()), TAG_END());
      return false;
    }
  }
  auto now = clock_.now_ms();
  for (auto* m = sip->sip_contact; m; m = m->m_next) {
    auto expires = std::min(requested_expires_s(sip, m), options_.max_expires_s);
    Binding b;
    b.contact = contact_uri(m);
    b.source = current_request_source(ev.nua).to_string();
    b.user_agent = sip->sip_user_agent ? str_or_empty(sip->sip_user_agent->g_string) : "";
    b.call_id = sip->sip_call_id ? sip->sip_call_id->i_id : "";
    b.cseq = sip->sip_cseq ? sip->sip_cseq->cs_seq : 0;
    b.expires_at = now + expires * 1000;
    if (!locations_.update(aor, b, now)) continue;
    if (expires > 0)
      listener_.on_binding_added(aor, b);
    else
      listener_.on_binding_removed(aor, b.contact);
  }
  return true;
}

void Registrar::respond_bindings(const SipEvent& ev, const AddressOfRecord& aor) {
  auto now = clock_.now_ms();
  std::string contacts;
  for (const auto& b : locations_.lookup(aor, now)) {
    if (!contacts.empty()) contacts += ", ";
    contacts += "<" + b.contact + ">;expires=" + std::to_string((b.expires_at - now + 999) / 1000);
  }
  nua_respond(ev.nh, SIP_200_OK, NUTAG_WITH_THIS(ev.nua),
              TAG_IF(!contacts.empty(), SIPTAG_CONTACT_STR(contacts.c_str())), TAG_END());
}

void Registrar::purge_expired() {
  for (const auto& [aor, b] : locations_.purge(clock_.now_ms())) listener_.on_binding_removed(aor, b.contact);
}

}  // namespace hotline::sip
