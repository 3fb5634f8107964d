// app: business services above the store. For now: accounts and sessions (argon2id passwords,
// throttled logins, bearer and API tokens, what the audit log may keep) and provisioning of
// tenants, extensions and the demo tenant. CRM, tickets, KB, campaigns and reports land here later.
//
// Threads: stateless services; any thread may call them (the store serialises writes).
#pragma once

#include "app/api_tokens.hpp"
#include "app/audit_redaction.hpp"
#include "app/auth_service.hpp"
#include "app/passwords.hpp"
#include "app/provisioning.hpp"
#include "app/roles.hpp"
