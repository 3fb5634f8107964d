// What a caller hears before an agent takes the call (IVR-8, 自动报工号): "工号 1 0 0 1 为您服务".
// The agent's work number is its extension (users have no separate work number), spoken digit by
// digit — "一零零一", not "一千零一" — in the tenant's language, zh-CN or en.
#pragma once

#include <string>
#include <string_view>

#include "media/media.hpp"

namespace hotline::pbx {

// The number as speech, one digit at a time; characters other than digits are left out.
media::PlayItemSpec spoken_digits(std::string_view number, const std::string& language);

// The whole announcement, not interruptible by keys.
media::PlaySpec agent_announcement(std::string_view work_number, const std::string& language);

}  // namespace hotline::pbx
