// Registrar: answers REGISTER (RFC 3261 §10.3) with digest authentication, keeps the bindings in
// a LocationService, and tells a listener about every change so they can be persisted.
//
// Thread: core loop only.
#pragma once

#include <cstdint>
#include <functional>

#include "common/clock.hpp"
#include "sip/location_service.hpp"
#include "sip/request_authenticator.hpp"
#include "sip/sip_stack.hpp"

namespace hotline::sip {

struct RegistrarOptions {
  std::int64_t default_expires_s = 3600;
  std::int64_t min_expires_s = 60;
  std::int64_t max_expires_s = 7200;
};

class RegistrationListener {
 public:
  virtual ~RegistrationListener() = default;
  virtual void on_binding_added(const AddressOfRecord& aor, const Binding& binding) = 0;
  virtual void on_binding_removed(const AddressOfRecord& aor, const std::string& contact) = 0;
};

class Registrar {
 public:
  Registrar(const IdentityDirectory& directory, RequestAuthenticator& auth, LocationService& locations,
            RegistrationListener& listener, const Clock& clock, RegistrarOptions options = {});

  // Handles nua_i_register; responds and destroys the handle.
  void on_register(const SipEvent& event);
  // Drops expired bindings and reports them to the listener.
  void purge_expired();

 private:
  void respond_bindings(const SipEvent& event, const AddressOfRecord& aor);
  std::int64_t requested_expires_s(const sip_t* sip, const sip_contact_t* contact) const;
  bool apply_contacts(const SipEvent& event, const AddressOfRecord& aor);

  const IdentityDirectory& directory_;
  RequestAuthenticator& auth_;
  LocationService& locations_;
  RegistrationListener& listener_;
  const Clock& clock_;
  RegistrarOptions options_;
};

}  // namespace hotline::sip
