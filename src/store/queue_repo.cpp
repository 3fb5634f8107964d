#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

constexpr int kMaxServiceLevelS = 3600;

const std::string kQueueColumns =
    "id, tenant_id, name, skill_id, min_level, strategy, max_wait_ms, max_length, ring_timeout_ms, "
    "wrap_up_ms,"
    " max_misses, overflow_kind, overflow_target, music_class, announce_interval_ms, survey_flow, created_at,"
    " service_level_s";

Queue queue_of(const Statement& row) {
  Queue q;
  q.id = row.int64(0);
  q.tenant_id = row.int64(1);
  q.name = row.text(2);
  q.skill_id = row.opt_int64(3);
  q.min_level = static_cast<int>(row.int64(4));
  q.strategy = row.text(5);
  q.max_wait_ms = row.int64(6);
  q.max_length = static_cast<int>(row.int64(7));
  q.ring_timeout_ms = row.int64(8);
  q.wrap_up_ms = row.int64(9);
  q.max_misses = static_cast<int>(row.int64(10));
  q.overflow_kind = row.opt_text(11);
  q.overflow_target = row.opt_text(12);
  q.music_class = row.text(13);
  q.announce_interval_ms = row.int64(14);
  q.survey_flow = row.opt_text(15);
  q.created_at = row.int64(16);
  q.service_level_s = static_cast<int>(row.int64(17));
  return q;
}

bool is_strategy(const std::string& s) {
  return s == "ring_all" || s == "round_robin" || s == "longest_idle" || s == "fewest_calls" ||
         s == "least_talk_time" || s == "skill_level";
}

bool is_overflow_kind(const std::string& s) {
  return s == "queue" || s == "voicemail" || s == "external_number" || s == "flow";
}

Status validate(const Queue& q) {
  if (auto s = require_text("name", q.name); !s) return s;
  if (!is_strategy(q.strategy)) {
    return Error::invalid("strategy",
                          "strategy is ring_all, round_robin, longest_idle, fewest_calls, "
                          "least_talk_time or skill_level");
  }
  if (q.min_level < 1 || q.min_level > 10) return Error::invalid("min_level", "min_level is 1 to 10");
  if (q.max_wait_ms < 0) return Error::invalid("max_wait_ms", "max_wait_ms must not be negative");
  if (q.max_length < 0) return Error::invalid("max_length", "max_length must not be negative");
  if (q.ring_timeout_ms < 1000) return Error::invalid("ring_timeout_ms", "ring_timeout_ms is at least 1000");
  if (q.wrap_up_ms < 0) return Error::invalid("wrap_up_ms", "wrap_up_ms must not be negative");
  if (q.max_misses < 1) return Error::invalid("max_misses", "max_misses is at least 1");
  if (q.service_level_s < 1 || q.service_level_s > kMaxServiceLevelS) {
    return Error::invalid("service_level_s",
                          "service_level_s is 1 to " + std::to_string(kMaxServiceLevelS) + " seconds");
  }
  if (q.overflow_kind && !is_overflow_kind(*q.overflow_kind)) {
    return Error::invalid("overflow_kind", "overflow_kind is queue, voicemail, external_number or flow");
  }
  if (q.survey_flow && q.survey_flow->empty())
    return Error::invalid("survey_flow", "survey_flow names a flow, or is absent for no survey");
  if (q.overflow_kind.has_value() != q.overflow_target.has_value()) {
    return Error::invalid("overflow_target", "overflow_kind and overflow_target go together");
  }
  return ok_status();
}

// Thread: any; writes wait for the writer thread.
class SqliteQueueRepo final : public QueueRepo {
 public:
  explicit SqliteQueueRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const Queue& q) override {
    if (auto s = validate(q); !s) return s.error();
    return insert_sync(
        ctx_.writes,
        "INSERT INTO queues (tenant_id, name, skill_id, min_level, strategy, max_wait_ms, max_length,"
        " ring_timeout_ms, wrap_up_ms, max_misses, overflow_kind, overflow_target, music_class,"
        " announce_interval_ms, survey_flow, created_at, service_level_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?, ?, ?, ?)",
        q.tenant_id, q.name, q.skill_id, q.min_level, q.strategy, q.max_wait_ms, q.max_length,
        q.ring_timeout_ms, q.wrap_up_ms, q.max_misses, q.overflow_kind, q.overflow_target, q.music_class,
        q.announce_interval_ms, q.survey_flow, ctx_.stamp(q.created_at), q.service_level_s);
  }

  Result<Queue> get(TenantId tenant, std::int64_t id) override {
    return select_one<Queue>(ctx_.reads,
                             "SELECT " + kQueueColumns + " FROM queues WHERE tenant_id = ? AND id = ?",
                             queue_of, "queue " + std::to_string(id), tenant, id);
  }

  Result<Queue> find(TenantId tenant, const std::string& name) override {
    return select_one<Queue>(ctx_.reads,
                             "SELECT " + kQueueColumns + " FROM queues WHERE tenant_id = ? AND name = ?",
                             queue_of, "queue '" + name + "'", tenant, name);
  }

  std::vector<Queue> list(TenantId tenant) override {
    return list_rows<Queue>(ctx_.reads,
                            "SELECT " + kQueueColumns + " FROM queues WHERE tenant_id = ? ORDER BY name",
                            queue_of, tenant);
  }

  Status update(const Queue& q) override {
    if (auto s = validate(q); !s) return s;
    return write_one(ctx_.writes, "queue " + std::to_string(q.id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE queues SET name = ?, skill_id = ?, min_level = ?, strategy = ?, max_wait_ms = ?, "
          "max_length = ?,"
          " ring_timeout_ms = ?, wrap_up_ms = ?, max_misses = ?, overflow_kind = ?, overflow_target = ?,"
          " music_class = ?, announce_interval_ms = ?, survey_flow = ?, service_level_s = ?"
          " WHERE tenant_id = ? AND id = ?",
          q.name, q.skill_id, q.min_level, q.strategy, q.max_wait_ms, q.max_length, q.ring_timeout_ms,
          q.wrap_up_ms, q.max_misses, q.overflow_kind, q.overflow_target, q.music_class,
          q.announce_interval_ms, q.survey_flow, q.service_level_s, q.tenant_id, q.id);
    });
  }

  Status remove(TenantId tenant, std::int64_t id) override {
    return write_one(ctx_.writes, "queue " + std::to_string(id), [&](SqliteConnection& conn) {
      return conn.run("DELETE FROM queues WHERE tenant_id = ? AND id = ?", tenant, id);
    });
  }

  Status set_members(TenantId tenant, std::int64_t queue_id,
                     const std::vector<std::int64_t>& users) override {
    return ctx_.writes.call([&](SqliteConnection& conn) -> Status {
      if (auto s = require_owned(conn, "queues", "queue", tenant, queue_id); !s) {
        return s;
      }
      if (auto s = conn.run("DELETE FROM queue_members WHERE queue_id = ?", queue_id); !s) return s;
      for (auto user : users) {
        if (auto s = require_owned(conn, "users", "user", tenant, user); !s) {
          return s;
        }
        if (auto s = conn.run("INSERT OR IGNORE INTO queue_members (queue_id, user_id) VALUES (?, ?)",
                              queue_id, user);
            !s) {
          return s;
        }
      }
      return ok_status();
    });
  }

  std::vector<QueueMember> members(TenantId tenant) override {
    return list_rows<QueueMember>(
        ctx_.reads,
        "SELECT m.queue_id, m.user_id FROM queue_members m JOIN queues q ON q.id = m.queue_id"
        " WHERE q.tenant_id = ? ORDER BY m.queue_id, m.user_id",
        [](const Statement& row) {
          return QueueMember{row.int64(0), row.int64(1)};
        },
        tenant);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<QueueRepo> make_queue_repo(SqliteContext ctx) {
  return std::make_unique<SqliteQueueRepo>(ctx);
}

}  // namespace hotline::store
