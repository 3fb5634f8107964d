// SqliteStore: the SQLite implementation of Store. Owns the writer (WriteQueue), the read pool
// and the repositories built on them. Internal to the store; open_sqlite() is the way in.
#pragma once

#include <memory>
#include <optional>

#include "store/read_pool.hpp"
#include "store/store.hpp"
#include "store/write_queue.hpp"

namespace hotline::store {

// Thread: any thread may use the repositories and flush(); close() from the owning thread once.
class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<WriteQueue> writes, std::unique_ptr<ReadPool> reads, const Clock& clock,
              std::optional<UnixMs> last_heartbeat);
  ~SqliteStore() override;

  TenantRepo& tenants() override { return *tenants_; }
  UserRepo& users() override { return *users_; }
  RoleRepo& roles() override { return *roles_; }
  SessionRepo& sessions() override { return *sessions_; }
  ApiTokenRepo& api_tokens() override { return *api_tokens_; }
  AuditRepo& audit() override { return *audit_; }
  ExtensionRepo& extensions() override { return *extensions_; }
  TrunkRepo& trunks() override { return *trunks_; }
  NumberRepo& numbers() override { return *numbers_; }
  FlowRepo& flows() override { return *flows_; }
  SkillRepo& skills() override { return *skills_; }
  QueueRepo& queues() override { return *queues_; }
  CallerListRepo& caller_lists() override { return *caller_lists_; }
  HolidayRepo& holidays() override { return *holidays_; }
  AcdLogRepo& acd_log() override { return *acd_log_; }
  OutboundRouteRepo& outbound_routes() override { return *outbound_routes_; }
  NotReadyReasonRepo& not_ready_reasons() override { return *not_ready_reasons_; }
  RegistrationRepo& registrations() override { return *registrations_; }
  CallRepo& calls() override { return *calls_; }
  RecordingRepo& recordings() override { return *recordings_; }
  CallEventRepo& call_events() override { return *call_events_; }
  VoicemailBoxRepo& voicemail_boxes() override { return *voicemail_boxes_; }
  VoicemailMessageRepo& voicemail_messages() override { return *voicemail_messages_; }
  SurveyRepo& surveys() override { return *surveys_; }
  TodoRepo& todos() override { return *todos_; }

  void flush() override { writes_->flush(); }
  bool healthy() const override { return writes_->healthy(); }
  void close() override { writes_->stop(); }

 private:
  std::unique_ptr<WriteQueue> writes_;
  std::unique_ptr<ReadPool> reads_;
  std::unique_ptr<TenantRepo> tenants_;
  std::unique_ptr<UserRepo> users_;
  std::unique_ptr<RoleRepo> roles_;
  std::unique_ptr<SessionRepo> sessions_;
  std::unique_ptr<ApiTokenRepo> api_tokens_;
  std::unique_ptr<AuditRepo> audit_;
  std::unique_ptr<ExtensionRepo> extensions_;
  std::unique_ptr<TrunkRepo> trunks_;
  std::unique_ptr<NumberRepo> numbers_;
  std::unique_ptr<FlowRepo> flows_;
  std::unique_ptr<SkillRepo> skills_;
  std::unique_ptr<QueueRepo> queues_;
  std::unique_ptr<CallerListRepo> caller_lists_;
  std::unique_ptr<HolidayRepo> holidays_;
  std::unique_ptr<AcdLogRepo> acd_log_;
  std::unique_ptr<OutboundRouteRepo> outbound_routes_;
  std::unique_ptr<NotReadyReasonRepo> not_ready_reasons_;
  std::unique_ptr<RegistrationRepo> registrations_;
  std::unique_ptr<CallRepo> calls_;
  std::unique_ptr<RecordingRepo> recordings_;
  std::unique_ptr<CallEventRepo> call_events_;
  std::unique_ptr<VoicemailBoxRepo> voicemail_boxes_;
  std::unique_ptr<VoicemailMessageRepo> voicemail_messages_;
  std::unique_ptr<SurveyRepo> surveys_;
  std::unique_ptr<TodoRepo> todos_;
};

}  // namespace hotline::store
