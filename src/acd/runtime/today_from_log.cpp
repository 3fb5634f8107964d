#include "acd/runtime/today_from_log.hpp"

#include <vector>

namespace hotline::acd {

Status restore_today_from_log(QueueRouter& router, store::AcdLogRepo& log, std::int64_t tenant_id) {
  std::vector<QueueExit> exits;
  for (const auto& row : log.queue_exits_since(tenant_id, router.day_started_at())) {
    auto outcome = queue_outcome_of(row.outcome);
    if (!outcome) continue;
    exits.push_back(
        {0, row.queue_id, row.tenant_id, row.entered_at, row.left_at, row.wait_ms, *outcome, row.user_id});
  }
  return router.restore_today(exits);
}

}  // namespace hotline::acd
