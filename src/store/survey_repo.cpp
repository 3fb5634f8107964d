#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kSurveyColumns =
    "id, tenant_id, call_id, user_id, agent_extension, queue, flow, question, variable, answer, score, at";

SurveyRecord survey_of(const Statement& row) {
  return SurveyRecord{row.int64(0),    row.int64(1),    row.text(2),       row.opt_int64(3),
                      row.opt_text(4), row.opt_text(5), row.text(6),       row.text(7),
                      row.text(8),     row.text(9),     row.opt_int64(10), row.int64(11)};
}

SqlFilter filter_of(const SurveyQuery& q) {
  SqlFilter f{" WHERE tenant_id = ?", {q.tenant_id}};
  if (q.user_id) {
    f.where += " AND user_id = ?";
    f.params.emplace_back(*q.user_id);
  }
  if (q.call_id) {
    f.where += " AND call_id = ?";
    f.params.emplace_back(*q.call_id);
  }
  if (q.from_ms) {
    f.where += " AND at >= ?";
    f.params.emplace_back(*q.from_ms);
  }
  if (q.to_ms) {
    f.where += " AND at < ?";
    f.params.emplace_back(*q.to_ms);
  }
  return f;
}

// Thread: any; adds are queued to the writer thread.
class SqliteSurveyRepo final : public SurveyRepo {
 public:
  explicit SqliteSurveyRepo(SqliteContext ctx) : ctx_(ctx) {}

  void add_async(const SurveyRecord& s) override {
    ctx_.writes.post([s](SqliteConnection& conn) {
      return conn.run(
          "INSERT INTO surveys (tenant_id, call_id, user_id, agent_extension, queue, flow, question, "
          "variable,"
          " answer, score, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          s.tenant_id, s.call_id, s.user_id, s.agent_extension, s.queue, s.flow, s.question, s.variable,
          s.answer, s.score, s.at);
    });
  }

  std::vector<SurveyRecord> query(const SurveyQuery& q) override {
    SqlFilter f = filter_of(q);
    f.params.emplace_back(static_cast<std::int64_t>(std::max(0, q.limit)));
    f.params.emplace_back(static_cast<std::int64_t>(std::max(0, q.offset)));
    std::vector<SurveyRecord> surveys;
    auto status = run_filtered(ctx_.reads,
                               "SELECT " + kSurveyColumns + " FROM surveys" + f.where +
                                   " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
                               f.params, [&](const Statement& row) { surveys.push_back(survey_of(row)); });
    if (!status) spdlog::error("store: survey query failed: {}", status.error().message);
    return surveys;
  }

  std::int64_t count(const SurveyQuery& q) override {
    SqlFilter f = filter_of(q);
    std::int64_t n = 0;
    auto status = run_filtered(ctx_.reads, "SELECT COUNT(*) FROM surveys" + f.where, f.params,
                               [&](const Statement& row) { n = row.int64(0); });
    if (!status) spdlog::error("store: survey count failed: {}", status.error().message);
    return n;
  }

  std::vector<SurveyRecord> for_call(TenantId tenant, const std::string& call_id) override {
    return list_rows<SurveyRecord>(
        ctx_.reads,
        "SELECT " + kSurveyColumns + " FROM surveys WHERE tenant_id = ? AND call_id = ? ORDER BY at, id",
        survey_of, tenant, call_id);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<SurveyRepo> make_survey_repo(SqliteContext ctx) {
  return std::make_unique<SqliteSurveyRepo>(ctx);
}

}  // namespace hotline::store
