// Today's queue figures after a restart (SUP-2): the queue exits of the router's day that the
// store's queue log holds (QueueCalls writes one row per exit) are counted again into the router, so
// that restarting the server does not zero the wallboard. Rows whose outcome the ACD does not know
// are skipped.
//
// Thread: core loop only (or before it runs), as the router.
#pragma once

#include <cstdint>

#include "acd/queue_router.hpp"
#include "common/result.hpp"
#include "store/store.hpp"

namespace hotline::acd {

Status restore_today_from_log(QueueRouter& router, store::AcdLogRepo& log, std::int64_t tenant_id);

}  // namespace hotline::acd
