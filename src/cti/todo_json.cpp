#include "cti/todo_json.hpp"

#include "common/json_values.hpp"

namespace hotline::cti {

nlohmann::json todo_json(const store::Todo& t) {
  return {{"id", t.id},
          {"title", t.title},
          {"notes", t.notes},
          {"due_at", or_null(t.due_at)},
          {"remind_at", or_null(t.remind_at)},
          {"reminded_at", or_null(t.reminded_at)},
          {"done", t.done_at.has_value()},
          {"done_at", or_null(t.done_at)},
          {"call_id", or_null(t.call_id)},
          {"customer_number", or_null(t.customer_number)},
          {"created_at", t.created_at},
          {"updated_at", t.updated_at}};
}

}  // namespace hotline::cti
