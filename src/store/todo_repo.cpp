#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kTodoColumns =
    "id, tenant_id, user_id, title, notes, due_at, remind_at, reminded_at, done_at, call_id,"
    " customer_number, created_at, updated_at";
const std::string kPendingReminder = "remind_at IS NOT NULL AND reminded_at IS NULL AND done_at IS NULL";

Todo todo_of(const Statement& row) {
  return {row.int64(0),     row.int64(1),     row.int64(2),     row.text(3),      row.text(4),
          row.opt_int64(5), row.opt_int64(6), row.opt_int64(7), row.opt_int64(8), row.opt_text(9),
          row.opt_text(10), row.int64(11),    row.int64(12)};
}

// The WHERE and ORDER BY of a user's list in `state`.
std::string listed(TodoQuery::State state) {
  const std::string user = " WHERE tenant_id = ? AND user_id = ?";
  switch (state) {
    case TodoQuery::State::Open:
      return user +
             " AND done_at IS NULL ORDER BY COALESCE(MIN(remind_at, due_at), remind_at, due_at) IS NULL,"
             " COALESCE(MIN(remind_at, due_at), remind_at, due_at), created_at DESC, id DESC";
    case TodoQuery::State::Done:
      return user + " AND done_at IS NOT NULL ORDER BY done_at DESC, id DESC";
    case TodoQuery::State::All:
      return user + " ORDER BY done_at IS NOT NULL, done_at DESC, created_at DESC, id DESC";
  }
  return user;
}

// Thread: any; writes wait for the writer thread.
class SqliteTodoRepo final : public TodoRepo {
 public:
  explicit SqliteTodoRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const Todo& t) override {
    if (auto s = require_text("title", t.title); !s) return s.error();
    UnixMs now = ctx_.stamp(t.created_at);
    return insert_sync(ctx_.writes,
                       "INSERT INTO todos (tenant_id, user_id, title, notes, due_at, remind_at, reminded_at,"
                       " done_at, call_id, customer_number, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       t.tenant_id, t.user_id, t.title, t.notes, t.due_at, t.remind_at, t.reminded_at,
                       t.done_at, t.call_id, t.customer_number, now, now);
  }

  Result<Todo> get(TenantId tenant, std::int64_t user_id, std::int64_t id) override {
    return select_one<Todo>(
        ctx_.reads, "SELECT " + kTodoColumns + " FROM todos WHERE tenant_id = ? AND user_id = ? AND id = ?",
        todo_of, "to-do " + std::to_string(id), tenant, user_id, id);
  }

  std::vector<Todo> list(const TodoQuery& q) override {
    return list_rows<Todo>(ctx_.reads,
                           "SELECT " + kTodoColumns + " FROM todos" + listed(q.state) + " LIMIT ? OFFSET ?",
                           todo_of, q.tenant_id, q.user_id, q.limit, q.offset);
  }

  std::int64_t count(const TodoQuery& q) override {
    std::string where = listed(q.state);
    where = where.substr(0, where.find(" ORDER BY"));
    auto rows = list_rows<std::int64_t>(
        ctx_.reads, "SELECT COUNT(*) FROM todos" + where, [](const Statement& row) { return row.int64(0); },
        q.tenant_id, q.user_id);
    return rows.empty() ? 0 : rows.front();
  }

  Status update(const Todo& t) override {
    if (auto s = require_text("title", t.title); !s) return s;
    return write_one(ctx_.writes, "to-do " + std::to_string(t.id), [&](SqliteConnection& conn) {
      // SET expressions see the row as it was: reminded_at survives only an unchanged remind_at.
      return conn.run(
          "UPDATE todos SET reminded_at = CASE WHEN remind_at IS ? THEN reminded_at ELSE NULL END,"
          " title = ?, notes = ?, due_at = ?, remind_at = ?, done_at = ?, updated_at = ?"
          " WHERE tenant_id = ? AND user_id = ? AND id = ?",
          t.remind_at, t.title, t.notes, t.due_at, t.remind_at, t.done_at, ctx_.clock.now_ms(), t.tenant_id,
          t.user_id, t.id);
    });
  }

  Status remove(TenantId tenant, std::int64_t user_id, std::int64_t id) override {
    return write_one(ctx_.writes, "to-do " + std::to_string(id), [&](SqliteConnection& conn) {
      return conn.run("DELETE FROM todos WHERE tenant_id = ? AND user_id = ? AND id = ?", tenant, user_id,
                      id);
    });
  }

  std::vector<Todo> popped(TenantId tenant, std::int64_t user_id, int limit) override {
    return list_rows<Todo>(ctx_.reads,
                           "SELECT " + kTodoColumns +
                               " FROM todos WHERE tenant_id = ? AND user_id = ? AND done_at IS NULL"
                               " AND remind_at IS NOT NULL AND reminded_at IS NOT NULL"
                               " ORDER BY reminded_at, id LIMIT ?",
                           todo_of, tenant, user_id, limit);
  }

  std::vector<Todo> due_reminders(UnixMs now, int limit) override {
    return list_rows<Todo>(ctx_.reads,
                           "SELECT " + kTodoColumns + " FROM todos WHERE " + kPendingReminder +
                               " AND remind_at <= ? ORDER BY remind_at, id LIMIT ?",
                           todo_of, now, limit);
  }

  std::optional<UnixMs> next_reminder() override {
    auto rows = list_rows<std::optional<UnixMs>>(ctx_.reads,
                                                 "SELECT MIN(remind_at) FROM todos WHERE " + kPendingReminder,
                                                 [](const Statement& row) { return row.opt_int64(0); });
    return rows.empty() ? std::nullopt : rows.front();
  }

  Status mark_reminded(const Todo& t, UnixMs at) override {
    return write_one(ctx_.writes, "to-do " + std::to_string(t.id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE todos SET reminded_at = ? WHERE id = ? AND remind_at IS ? AND " + kPendingReminder, at,
          t.id, t.remind_at);
    });
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<TodoRepo> make_todo_repo(SqliteContext ctx) { return std::make_unique<SqliteTodoRepo>(ctx); }

}  // namespace hotline::store
