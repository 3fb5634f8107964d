#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kFlowColumns =
    "id, tenant_id, name, description, draft, published_version, created_at, updated_at";
const std::string kVersionColumns = "v.flow_id, v.version, v.definition, v.published_at, v.published_by";

Flow flow_of(const Statement& row) {
  return {row.int64(0), row.int64(1),     row.text(2),  row.text(3),
          row.text(4),  row.opt_int64(5), row.int64(6), row.int64(7)};
}

FlowVersion version_of(const Statement& row) {
  return {row.int64(0), row.int64(1), row.text(2), row.int64(3), row.text(4)};
}

Status require_flow(const Flow& f) {
  if (auto s = require_text("name", f.name); !s) return s;
  return require_text("draft", f.draft);
}

// Thread: any; writes wait for the writer thread.
class SqliteFlowRepo final : public FlowRepo {
 public:
  explicit SqliteFlowRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const Flow& f) override {
    if (auto s = require_flow(f); !s) return s.error();
    UnixMs now = ctx_.stamp(f.created_at);
    return insert_sync(ctx_.writes,
                       "INSERT INTO flows (tenant_id, name, description, draft, created_at, updated_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       f.tenant_id, f.name, f.description, f.draft, now, now);
  }

  Result<Flow> get(TenantId tenant, std::int64_t id) override {
    return select_one<Flow>(ctx_.reads,
                            "SELECT " + kFlowColumns + " FROM flows WHERE tenant_id = ? AND id = ?", flow_of,
                            "flow " + std::to_string(id), tenant, id);
  }

  Result<Flow> find(TenantId tenant, const std::string& name) override {
    return select_one<Flow>(ctx_.reads,
                            "SELECT " + kFlowColumns + " FROM flows WHERE tenant_id = ? AND name = ?",
                            flow_of, "flow '" + name + "'", tenant, name);
  }

  std::vector<Flow> list(TenantId tenant) override {
    return list_rows<Flow>(ctx_.reads,
                           "SELECT " + kFlowColumns + " FROM flows WHERE tenant_id = ? ORDER BY name",
                           flow_of, tenant);
  }

  Status update(const Flow& f) override {
    if (auto s = require_flow(f); !s) return s;
    return write_one(ctx_.writes, "flow " + std::to_string(f.id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE flows SET name = ?, description = ?, draft = ?, updated_at = ?"
          " WHERE tenant_id = ? AND id = ?",
          f.name, f.description, f.draft, ctx_.stamp(f.updated_at), f.tenant_id, f.id);
    });
  }

  Status remove(TenantId tenant, std::int64_t id) override {
    return write_one(ctx_.writes, "flow " + std::to_string(id), [&](SqliteConnection& conn) {
      return conn.run("DELETE FROM flows WHERE tenant_id = ? AND id = ?", tenant, id);
    });
  }

  Result<std::int64_t> publish(TenantId tenant, std::int64_t id, const std::string& definition,
                               const std::string& published_by, UnixMs at) override {
    if (auto s = require_text("definition", definition); !s) return s.error();
    std::int64_t version = 0;
    Status status = ctx_.writes.call([&](SqliteConnection& conn) -> Status {
      std::optional<std::int64_t> current;
      bool exists = false;
      auto read = conn.each_row(
          "SELECT COALESCE(MAX(v.version), 0) FROM flows f LEFT JOIN flow_versions v ON v.flow_id = f.id"
          " WHERE f.tenant_id = ? AND f.id = ? GROUP BY f.id",
          [&](const Statement& row) {
            exists = true;
            current = row.int64(0);
          },
          tenant, id);
      if (!read) return read;
      if (!exists) return Error::not_found("flow " + std::to_string(id) + " not found");
      version = current.value_or(0) + 1;
      auto stamp = ctx_.stamp(at);
      if (auto s =
              conn.run("INSERT INTO flow_versions (flow_id, version, definition, published_at, published_by)"
                       " VALUES (?, ?, ?, ?, ?)",
                       id, version, definition, stamp, published_by);
          !s) {
        return s;
      }
      return conn.run("UPDATE flows SET published_version = ?, updated_at = ? WHERE id = ?", version, stamp,
                      id);
    });
    if (!status) return status.error();
    return version;
  }

  Result<FlowVersion> version(TenantId tenant, std::int64_t id, std::int64_t version) override {
    return select_one<FlowVersion>(ctx_.reads,
                                   "SELECT " + kVersionColumns +
                                       " FROM flow_versions v JOIN flows f ON f.id = v.flow_id"
                                       " WHERE f.tenant_id = ? AND v.flow_id = ? AND v.version = ?",
                                   version_of,
                                   "version " + std::to_string(version) + " of flow " + std::to_string(id),
                                   tenant, id, version);
  }

  std::vector<FlowVersion> versions(TenantId tenant, std::int64_t id) override {
    return list_rows<FlowVersion>(ctx_.reads,
                                  "SELECT v.flow_id, v.version, '', v.published_at, v.published_by"
                                  " FROM flow_versions v JOIN flows f ON f.id = v.flow_id"
                                  " WHERE f.tenant_id = ? AND v.flow_id = ? ORDER BY v.version DESC",
                                  version_of, tenant, id);
  }

  Result<FlowVersion> published(TenantId tenant, const std::string& name) override {
    return select_one<FlowVersion>(
        ctx_.reads,
        "SELECT " + kVersionColumns +
            " FROM flow_versions v JOIN flows f ON f.id = v.flow_id"
            " AND v.version = f.published_version WHERE f.tenant_id = ? AND f.name = ?",
        version_of, "a published version of flow '" + name + "'", tenant, name);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<FlowRepo> make_flow_repo(SqliteContext ctx) { return std::make_unique<SqliteFlowRepo>(ctx); }

}  // namespace hotline::store
