// The sofia-sip headers, included in one place with the magic types Hotline uses: every handle's
// context is a plain pointer that the owner casts back.
#pragma once

#ifndef NUA_MAGIC_T
#define NUA_MAGIC_T void
#define NUA_HMAGIC_T void
#define SU_ROOT_MAGIC_T void
#define SU_WAKEUP_ARG_T void
#endif

#include <sofia-sip/msg_addr.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_log.h>
#include <sofia-sip/su_string.h>
#include <sofia-sip/su_tag_io.h>
#include <sofia-sip/url.h>

#include <string>

namespace hotline::sip {

// The text of any sofia header or URL, e.g. to_text(sip->sip_to->a_url).
std::string url_to_string(const url_t* url);
inline std::string str_or_empty(const char* s) { return s ? std::string(s) : std::string(); }
// Whether the message's Allow-Events names the event package `event` (RFC 6665), e.g. "talk".
bool allows_event(const sip_t* sip, const char* event);

}  // namespace hotline::sip
