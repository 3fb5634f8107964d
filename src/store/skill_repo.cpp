#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

// Thread: any; writes wait for the writer thread.
class SqliteSkillRepo final : public SkillRepo {
 public:
  explicit SqliteSkillRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const Skill& s) override {
    if (auto ok = require_text("name", s.name); !ok) return ok.error();
    return insert_sync(ctx_.writes, "INSERT INTO skills (tenant_id, name, created_at) VALUES (?, ?, ?)",
                       s.tenant_id, s.name, ctx_.stamp(s.created_at));
  }

  std::vector<Skill> list(TenantId tenant) override {
    return list_rows<Skill>(
        ctx_.reads, "SELECT id, tenant_id, name, created_at FROM skills WHERE tenant_id = ? ORDER BY name",
        [](const Statement& row) {
          return Skill{row.int64(0), row.int64(1), row.text(2), row.int64(3)};
        },
        tenant);
  }

  Status remove(TenantId tenant, std::int64_t id) override {
    return ctx_.writes.call([&](SqliteConnection& conn) -> Status {
      if (auto s = require_owned(conn, "skills", "skill", tenant, id); !s) return s;
      std::string queue;
      auto status = conn.each_row(
          "SELECT name FROM queues WHERE tenant_id = ? AND skill_id = ? ORDER BY name LIMIT 1",
          [&](const Statement& row) { queue = row.text(0); }, tenant, id);
      if (!status) return status;
      if (!queue.empty())
        return Error::conflict("skill " + std::to_string(id) + " is required by queue " + queue);
      return conn.run("DELETE FROM skills WHERE tenant_id = ? AND id = ?", tenant, id);
    });
  }

  Status set_agent_skills(TenantId tenant, std::int64_t user_id,
                          const std::vector<AgentSkill>& skills) override {
    for (const auto& skill : skills) {
      if (skill.level < 1 || skill.level > 10) return Error::invalid("level", "skill levels are 1 to 10");
    }
    return ctx_.writes.call([&](SqliteConnection& conn) -> Status {
      if (auto s = require_owned(conn, "users", "user", tenant, user_id); !s) {
        return s;
      }
      if (auto s = conn.run("DELETE FROM agent_skills WHERE user_id = ?", user_id); !s) return s;
      for (const auto& skill : skills) {
        if (auto s = require_owned(conn, "skills", "skill", tenant, skill.skill_id); !s) {
          return s;
        }
        if (auto s = conn.run("INSERT INTO agent_skills (user_id, skill_id, level) VALUES (?, ?, ?)", user_id,
                              skill.skill_id, skill.level);
            !s) {
          return s;
        }
      }
      return ok_status();
    });
  }

  std::vector<AgentSkill> agent_skills(TenantId tenant) override {
    return list_rows<AgentSkill>(
        ctx_.reads,
        "SELECT a.user_id, a.skill_id, a.level FROM agent_skills a JOIN skills s ON s.id = a.skill_id"
        " WHERE s.tenant_id = ? ORDER BY a.user_id, a.skill_id",
        [](const Statement& row) {
          return AgentSkill{row.int64(0), row.int64(1), static_cast<int>(row.int64(2))};
        },
        tenant);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<SkillRepo> make_skill_repo(SqliteContext ctx) {
  return std::make_unique<SqliteSkillRepo>(ctx);
}

}  // namespace hotline::store
