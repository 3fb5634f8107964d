// CDR: turning the call model into `calls` and `call_legs` rows (RPT-1), and the mapping from
// SIP outcomes to dispositions. Rows are written when a call starts (so a crash leaves a trace that
// the next start closes as interrupted) and again when it ends.
#pragma once

#include "pbx/call.hpp"
#include "store/records.hpp"

namespace hotline::pbx {

// busy | rejected | no_answer | unavailable | cancelled | failed, for a final SIP status >= 300.
const char* disposition_for_status(int status);

store::CallRecord to_call_record(const Call& call);
store::CallLegRecord to_leg_record(const Leg& leg, std::int64_t tenant_id);

}  // namespace hotline::pbx
