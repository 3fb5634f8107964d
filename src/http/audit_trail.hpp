// AuditTrail: the one place API requests become audit_log rows, called by the dispatcher for every
// route, so that no handler has to remember. Every request but a GET is recorded (success or
// failure, refused logins and 403s included), and GETs of routes marked AuditKind::Always
// (recording and voicemail audio, exports). A change to `.../{id}` whose path also has a GET route
// carries that GET's answer before and after it; other writes carry their answer as `after`.
// Bodies are redacted (app/audit_redaction.hpp). Rows go through the store's write queue: the
// request does not wait for the disk, and store close() still writes them.
//
// Thread: any; stateless over the store and the router.
#pragma once

#include <optional>
#include <string>

#include "common/clock.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace hotline::http {

// The bodies a change is recorded with.
struct AuditSnapshots {
  std::optional<std::string> before;
  std::optional<std::string> after;
};

class AuditTrail {
 public:
  AuditTrail(store::AuditRepo& repo, const Clock& clock) : repo_(repo), clock_(clock) {}

  bool records(const Route& route) const;
  // The GET route of the same path whose answers are a change's before and after, or null.
  const Route* view_of(const Router& router, const Route& route) const;
  // The view's answer for the object the request names, when it is 200 and JSON.
  std::optional<std::string> snapshot(const Route& view, const RequestContext& context) const;
  void record(const Route& route, const RequestContext& context, const ApiResponse& response,
              const AuditSnapshots& snapshots) const;

 private:
  store::AuditRepo& repo_;
  const Clock& clock_;
};

// "queues" for /api/v1/queues/{id}, "voicemail.messages" for /api/v1/voicemail/messages/{id}/audio,
// "auth.login" for /api/v1/auth/login: the literal segments after /api/v1 up to the first parameter.
std::string audit_object_type(const std::string& pattern);

}  // namespace hotline::http
