// To-dos with reminders (CTI-4, 待办事宜): the signed-in user notes down a matter and a time to be
// reminded of it; cti::TodoReminders pops it on the user's desktops then. Every to-do is the
// user's own: another user's (or tenant's) id is simply not found. After each change the user's
// sockets hear todo.changed, so a pop dealt with on one desktop closes on the others.
#include <limits>
#include <nlohmann/json.hpp>

#include "common/json_reader.hpp"
#include "cti/event_hub.hpp"
#include "cti/todo_json.hpp"
#include "cti/todo_reminders.hpp"
#include "http/api_routes.hpp"
#include "http/call_query.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

constexpr std::size_t kMaxTitle = 200;  // characters
constexpr std::size_t kMaxNotes = 4000;
constexpr std::size_t kMaxCallId = 64;
constexpr std::size_t kMaxCustomerNumber = 32;
constexpr int kMaxListed = 200;
constexpr std::int64_t kMaxMs = std::numeric_limits<std::int64_t>::max();

// Characters of UTF-8 text: its bytes that start one.
std::size_t characters(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

// A text field of at most `max` characters into `value` (absent: unchanged); whether it was set.
bool read_text(ObjectReader& r, std::string_view key, std::size_t max, std::string& value,
               Need need = Need::Optional) {
  auto text = r.string(key, need);
  if (!text) return false;
  if (characters(*text) > max) {
    r.error(key, std::string(key) + " must be at most " + std::to_string(max) + " characters");
    return false;
  }
  value = *text;
  return true;
}

// A time (Unix ms) whose null clears it.
void read_time(ObjectReader& r, std::string_view key, std::optional<UnixMs>& value) {
  if (r.null(key)) {
    value.reset();
  } else if (auto ms = r.integer(key, 0, kMaxMs)) {
    value = *ms;
  }
}

void read_optional_text(ObjectReader& r, std::string_view key, std::size_t max,
                        std::optional<std::string>& value) {
  if (r.null(key)) {
    value.reset();
    return;
  }
  std::string text;
  read_text(r, key, max, text);
  if (!text.empty()) value = text;
}

// Creating reads every field; changing reads what the user edits (the call and customer a to-do
// was noted from stay) and `done`, which stamps or clears done_at.
void read_todo_fields(const nlohmann::json& body, store::Todo& todo, bool creating, UnixMs now,
                      ErrorList& errors) {
  ObjectReader r(body, "", errors);
  if (read_text(r, "title", kMaxTitle, todo.title, creating ? Need::Required : Need::Optional) &&
      todo.title.find_first_not_of(" \t\r\n") == std::string::npos)
    r.error("title", "title must not be empty");
  read_text(r, "notes", kMaxNotes, todo.notes);
  read_time(r, "due_at", todo.due_at);
  read_time(r, "remind_at", todo.remind_at);
  if (creating) {
    read_optional_text(r, "call_id", kMaxCallId, todo.call_id);
    read_optional_text(r, "customer_number", kMaxCustomerNumber, todo.customer_number);
  } else if (auto done = r.boolean("done")) {
    if (!*done)
      todo.done_at.reset();
    else if (!todo.done_at)
      todo.done_at = now;
  }
  r.finish();
}

Result<store::Todo> todo_of(const ApiDeps& deps, const RequestContext& context) {
  Error not_found = Error::not_found("no to-do " + context.params.at("id"));
  auto id = id_param(context, "id");
  if (!id) return not_found;
  const auto& who = *context.principal;
  auto todo = deps.store.todos().get(who.tenant_id, who.user_id, *id);
  if (!todo && todo.error().code == ErrorCode::NotFound) return not_found;
  return todo;
}

// The user's desktops hear the change; the reminder thread looks again at what is soonest.
void announce(const ApiDeps& deps, const RequestContext& context, nlohmann::json data) {
  if (deps.todo_reminders) deps.todo_reminders->changed();
  if (!deps.cti_hub) return;
  cti::Event event;
  event.name = "todo.changed";
  event.at = deps.clock.now_ms();
  event.tenant_id = context.principal->tenant_id;
  event.user_id = context.principal->user_id;
  event.data = std::move(data);
  deps.cti_hub->publish(std::move(event));
}

Result<store::TodoQuery> todo_query(const RequestContext& context) {
  store::TodoQuery query{context.principal->tenant_id, context.principal->user_id};
  if (auto state = context.query.find("state"); state != context.query.end()) {
    if (state->second == "open")
      query.state = store::TodoQuery::State::Open;
    else if (state->second == "done")
      query.state = store::TodoQuery::State::Done;
    else if (state->second == "all")
      query.state = store::TodoQuery::State::All;
    else
      return Error::invalid("state", "state must be open, done or all");
  }
  auto limit = int_param(context.query, "limit", 1, kMaxListed);
  if (!limit) return limit.error();
  auto offset = int_param(context.query, "offset", 0, std::numeric_limits<int>::max());
  if (!offset) return offset.error();
  query.limit = static_cast<int>(limit->value_or(50));
  query.offset = static_cast<int>(offset->value_or(0));
  return query;
}

ApiResponse list_todos(const ApiDeps& deps, RequestContext& context) {
  auto query = todo_query(context);
  if (!query) return error_response(query.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& todo : deps.store.todos().list(*query)) items.push_back(cti::todo_json(todo));
  return json_response(200, {{"items", std::move(items)}, {"total", deps.store.todos().count(*query)}});
}

ApiResponse create_todo(const ApiDeps& deps, RequestContext& context) {
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  store::Todo todo;
  todo.tenant_id = context.principal->tenant_id;
  todo.user_id = context.principal->user_id;
  ErrorList errors;
  read_todo_fields(*body, todo, true, deps.clock.now_ms(), errors);
  if (!errors.empty()) return invalid_input_response(errors.take());
  auto id = deps.store.todos().create(todo);
  if (!id) return error_response(id.error());
  auto created = deps.store.todos().get(todo.tenant_id, todo.user_id, *id);
  if (!created) return error_response(created.error());
  auto json = cti::todo_json(*created);
  announce(deps, context, {{"todo", json}});
  return json_response(201, json);
}

ApiResponse get_todo(const ApiDeps& deps, RequestContext& context) {
  auto todo = todo_of(deps, context);
  if (!todo) return error_response(todo.error());
  return json_response(200, cti::todo_json(*todo));
}

ApiResponse update_todo(const ApiDeps& deps, RequestContext& context) {
  auto todo = todo_of(deps, context);
  if (!todo) return error_response(todo.error());
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  read_todo_fields(*body, *todo, false, deps.clock.now_ms(), errors);
  if (!errors.empty()) return invalid_input_response(errors.take());
  if (auto updated = deps.store.todos().update(*todo); !updated) return error_response(updated.error());
  auto changed = deps.store.todos().get(todo->tenant_id, todo->user_id, todo->id);
  if (!changed) return error_response(changed.error());
  auto json = cti::todo_json(*changed);
  announce(deps, context, {{"todo", json}});
  return json_response(200, json);
}

ApiResponse delete_todo(const ApiDeps& deps, RequestContext& context) {
  auto todo = todo_of(deps, context);
  if (!todo) return error_response(todo.error());
  if (auto removed = deps.store.todos().remove(todo->tenant_id, todo->user_id, todo->id); !removed)
    return error_response(removed.error());
  announce(deps, context, {{"id", todo->id}, {"deleted", true}});
  return {204, {}, {}};
}

}  // namespace

void add_todo_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/todos", true, "todos.self",
              [deps](RequestContext& c) { return list_todos(deps, c); }});
  router.add({"POST", "/api/v1/todos", true, "todos.self",
              [deps](RequestContext& c) { return create_todo(deps, c); }});
  router.add({"GET", "/api/v1/todos/{id}", true, "todos.self",
              [deps](RequestContext& c) { return get_todo(deps, c); }});
  router.add({"PATCH", "/api/v1/todos/{id}", true, "todos.self",
              [deps](RequestContext& c) { return update_todo(deps, c); }});
  router.add({"DELETE", "/api/v1/todos/{id}", true, "todos.self",
              [deps](RequestContext& c) { return delete_todo(deps, c); }});
}

}  // namespace hotline::http
