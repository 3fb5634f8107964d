// Factories for the SQLite implementations of the repository interfaces of store.hpp, one class
// per file (tenant_repo.cpp, user_repo.cpp, ...). Internal to the store.
#pragma once

#include <memory>
#include <optional>

#include "store/repo_support.hpp"
#include "store/store.hpp"

namespace hotline::store {

std::unique_ptr<TenantRepo> make_tenant_repo(SqliteContext ctx);
std::unique_ptr<UserRepo> make_user_repo(SqliteContext ctx);
std::unique_ptr<RoleRepo> make_role_repo(SqliteContext ctx);
std::unique_ptr<SessionRepo> make_session_repo(SqliteContext ctx);
std::unique_ptr<ApiTokenRepo> make_api_token_repo(SqliteContext ctx);
std::unique_ptr<AuditRepo> make_audit_repo(SqliteContext ctx);
std::unique_ptr<ExtensionRepo> make_extension_repo(SqliteContext ctx);
std::unique_ptr<TrunkRepo> make_trunk_repo(SqliteContext ctx);
std::unique_ptr<NumberRepo> make_number_repo(SqliteContext ctx);
std::unique_ptr<FlowRepo> make_flow_repo(SqliteContext ctx);
std::unique_ptr<SkillRepo> make_skill_repo(SqliteContext ctx);
std::unique_ptr<QueueRepo> make_queue_repo(SqliteContext ctx);
std::unique_ptr<CallerListRepo> make_caller_list_repo(SqliteContext ctx);
std::unique_ptr<HolidayRepo> make_holiday_repo(SqliteContext ctx);
std::unique_ptr<AcdLogRepo> make_acd_log_repo(SqliteContext ctx);
std::unique_ptr<OutboundRouteRepo> make_outbound_route_repo(SqliteContext ctx);
std::unique_ptr<NotReadyReasonRepo> make_not_ready_reason_repo(SqliteContext ctx);
std::unique_ptr<RegistrationRepo> make_registration_repo(SqliteContext ctx);
// last_heartbeat: this node's heartbeat as found at open, before this process stamped its own.
std::unique_ptr<RecordingRepo> make_recording_repo(SqliteContext ctx);
std::unique_ptr<CallEventRepo> make_call_event_repo(SqliteContext ctx);
std::unique_ptr<VoicemailBoxRepo> make_voicemail_box_repo(SqliteContext ctx);
std::unique_ptr<VoicemailMessageRepo> make_voicemail_message_repo(SqliteContext ctx);
std::unique_ptr<SurveyRepo> make_survey_repo(SqliteContext ctx);
std::unique_ptr<TodoRepo> make_todo_repo(SqliteContext ctx);
std::unique_ptr<CallRepo> make_call_repo(SqliteContext ctx, std::optional<UnixMs> last_heartbeat);

}  // namespace hotline::store
