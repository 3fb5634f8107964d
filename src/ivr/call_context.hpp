// What the runtime tells a session about its call: who is calling, the customer record found for
// them, the holiday calendars and the tenant's UTC offset. The session reads it, never changes it.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

namespace hotline::ivr {

// A call's variables: names to string values, ordered so that CDR and screen-pop output is stable.
using Variables = std::map<std::string, std::string, std::less<>>;

struct CallerInfo {
  std::string number;   // caller.number: the calling party
  std::string dialled;  // caller.dialled: the access number dialled (IVR-2)
  int vip_level = 0;    // caller.vip_level: 0 for none
  Variables customer;   // customer.<field>: the CRM record's fields, as strings
};

// Calendar name → dates ("YYYY-MM-DD"), e.g. "cn_public" → {"2024-10-01", ...}.
using HolidayCalendars = std::map<std::string, std::set<std::string, std::less<>>, std::less<>>;

struct CallContext {
  CallerInfo caller;
  Variables variables;  // set before the flow starts (e.g. agent_id for a survey flow)
  std::shared_ptr<const HolidayCalendars> holidays;  // may be null: no holidays
  int utc_offset_minutes = 0;  // the tenant's, for time-of-day and date conditions (480: UTC+8)
};

}  // namespace hotline::ivr
