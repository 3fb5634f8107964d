// sip: SIP signalling on sofia-sip. It owns the core loop (su_root), the nua user agent on UDP and
// TCP, digest authentication (MD5 and SHA-256), and the registrar with its location service. It
// knows nothing of calls: the pbx module receives INVITE and in-dialog events as SipEvents.
//
// Thread: everything here runs on the core loop (CoreLoop::post is the one thread-safe door).
#pragma once

#include "sip/auth_failure_bans.hpp"
#include "sip/core_loop.hpp"
#include "sip/digest.hpp"
#include "sip/identity_directory.hpp"
#include "sip/location_service.hpp"
#include "sip/registrar.hpp"
#include "sip/request_authenticator.hpp"
#include "sip/sip_stack.hpp"
