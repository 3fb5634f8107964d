// A to-do (CTI-4) as the REST API returns it and the CTI WebSocket sends it (todo.reminder,
// todo.changed, hello's reminders): one shape for both.
#pragma once

#include <nlohmann/json.hpp>

#include "store/records.hpp"

namespace hotline::cti {

nlohmann::json todo_json(const store::Todo& todo);

}  // namespace hotline::cti
