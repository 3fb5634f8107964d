// What a caller waiting in a queue is told every announce interval (ACD-3): its place in line
// and, once the queue has answered calls to estimate from, the expected wait — in the tenant's
// language (zh-CN or en), for the speech synthesizer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace hotline::acd {

// `position` 1 is next in line; the wait is rounded up to whole minutes (at least one).
std::string queue_position_text(std::size_t position, std::optional<std::int64_t> expected_wait_ms,
                                const std::string& language);

}  // namespace hotline::acd
