// init, trunk add, number add, route add, queue add, voicemail add...: offline administration on
// the data folder.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "app/app.hpp"
#include "commands.hpp"
#include "common/local_time.hpp"
#include "ivr/runtime/flow_publishing.hpp"
#include "ivr/runtime/prompt_files.hpp"
#include "pbx/dialplan.hpp"
#include "store/store.hpp"

namespace hotline::cli {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<store::Store> open_store(const fs::path& data_dir, const Clock& clock) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) {
    std::fprintf(stderr, "cannot create %s: %s\n", data_dir.c_str(), ec.message().c_str());
    return nullptr;
  }
  auto store = store::open_sqlite({.path = data_dir / "hotline.db"}, clock);
  if (!store) {
    std::fprintf(stderr, "cannot open the database: %s\n", store.error().message.c_str());
    return nullptr;
  }
  return std::move(store.value());
}

std::optional<store::TenantId> tenant_id(store::Store& store, const std::string& name) {
  for (const auto& t : store.tenants().list()) {
    if (t.name == name) return t.id;
  }
  std::fprintf(stderr, "no tenant named %s\n", name.c_str());
  return std::nullopt;
}

std::optional<std::int64_t> trunk_id(store::Store& store, store::TenantId tenant, const std::string& name) {
  for (const auto& t : store.trunks().list_all()) {
    if (t.tenant_id == tenant && t.name == name) return t.id;
  }
  std::fprintf(stderr, "no trunk named %s\n", name.c_str());
  return std::nullopt;
}

int report(const Result<std::int64_t>& created, const char* what) {
  if (!created) {
    std::fprintf(stderr, "cannot add %s: %s\n", what, created.error().message.c_str());
    return 1;
  }
  std::printf("added %s %lld\n", what, static_cast<long long>(created.value()));
  return 0;
}

void print_demo(const app::DemoCredentials& c, const fs::path& file) {
  std::printf("Demo tenant created (SIP realm %s).\n", c.sip_realm.c_str());
  std::printf("  admin login:   %s / %s\n", c.admin_username.c_str(), c.admin_password.c_str());
  std::printf("  operator login (tenants, seats): %s / %s\n", c.operator_username.c_str(),
              c.operator_password.c_str());
  for (const auto& e : c.extensions) {
    std::printf("  extension %s: SIP password %s\n", e.extension.c_str(), e.password.c_str());
  }
  std::printf("  hotline number 4000 rings 1001-1003; 8000 is a conference room\n");
  std::printf("Credentials saved to %s (mode 0600).\n", file.c_str());
}

}  // namespace

int init(const fs::path& data_dir, bool demo) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  std::printf("Database ready: %s\n", (data_dir / "hotline.db").c_str());
  if (!demo) return 0;
  auto creds = app::provision_demo(*store, clock);
  if (!creds) {
    std::fprintf(stderr, "cannot create the demo tenant: %s\n", creds.error().message.c_str());
    return creds.error().code == ErrorCode::Conflict ? 0 : 1;
  }
  auto file = data_dir / "demo-credentials.json";
  if (auto st = app::write_credentials_file(*creds, file); !st) {
    std::fprintf(stderr, "cannot write %s: %s\n", file.c_str(), st.error().message.c_str());
    return 1;
  }
  print_demo(*creds, file);
  store->close();
  return 0;
}

int add_trunk(const fs::path& data_dir, const TrunkOptions& o) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, o.tenant);
  if (!tenant) return 1;
  store::Trunk t;
  t.tenant_id = *tenant;
  t.name = o.name;
  t.host = o.host;
  t.port = o.port;
  t.transport = o.transport;
  t.username = o.username;
  t.password = o.password;
  t.created_at = clock.now_ms();
  return report(store->trunks().create(t), "trunk");
}

int add_number(const fs::path& data_dir, const NumberOptions& o) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, o.tenant);
  if (!tenant) return 1;
  store::Number n;
  n.tenant_id = *tenant;
  if (o.trunk) {
    auto id = trunk_id(*store, *tenant, *o.trunk);
    if (!id) return 1;
    n.trunk_id = *id;
  }
  n.pattern = o.pattern;
  if (auto colon = o.target.find(':'); colon != std::string::npos) {  // a service: "conference:demo"
    n.target_type = o.target.substr(0, colon);
    n.target = o.target.substr(colon + 1);
    if (!pbx::is_service_target(n.target_type) || n.target.empty()) {
      std::fprintf(stderr, "--target: '%s' is not conference:NAME, flow:NAME, queue:NAME or voicemail:BOX\n",
                   o.target.c_str());
      return 1;
    }
  } else {
    n.target_type = o.target.find(',') == std::string::npos ? "extension" : "ring_all";
    n.target = o.target;
  }
  n.created_at = clock.now_ms();
  n.is_public = o.is_public;
  return report(store->numbers().create(n), "number");
}

namespace {

// The route's window and caller ID from the command line; false (with the error printed) on a
// bad value.
bool set_route_rules(store::OutboundRoute& r, const RouteOptions& o) {
  auto days = pbx::parse_days(o.days);
  if (!days) {
    std::fprintf(stderr, "--days: %s\n", days.error().message.c_str());
    return false;
  }
  r.open_days = *days;
  if (o.from.has_value() != o.to.has_value()) {
    std::fprintf(stderr, "--from and --to go together\n");
    return false;
  }
  if (o.from) {
    auto from = parse_hh_mm(*o.from), to = parse_hh_mm(*o.to);
    if (!from || !to) {
      std::fprintf(stderr, "--from/--to: expected HH:MM (00:00-24:00), got %s and %s\n", o.from->c_str(),
                   o.to->c_str());
      return false;
    }
    r.open_from_minute = *from;
    r.open_to_minute = *to;
  }
  auto caller_id = pbx::parse_caller_id_rule(o.caller_id);
  if (!caller_id) {
    std::fprintf(stderr, "--caller-id: %s\n", caller_id.error().message.c_str());
    return false;
  }
  auto mode = pbx::to_string(*caller_id);
  r.caller_id_mode = mode.substr(0, mode.find(':'));
  r.caller_id = caller_id->digits;
  return true;
}

std::string hh_mm(int minute) {
  char text[24];
  std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
  return text;
}

}  // namespace

int add_route(const fs::path& data_dir, const RouteOptions& o) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, o.tenant);
  if (!tenant) return 1;
  auto trunk = trunk_id(*store, *tenant, o.trunk);
  if (!trunk) return 1;
  store::OutboundRoute r;
  r.tenant_id = *tenant;
  r.pattern = o.pattern;
  r.trunk_id = *trunk;
  r.priority = o.priority;
  r.strip_digits = o.strip_digits;
  r.prepend = o.prepend;
  r.cost_per_minute = o.cost_per_minute;
  if (!set_route_rules(r, o)) return 1;
  r.created_at = clock.now_ms();
  return report(store->outbound_routes().create(r), "outbound route");
}

int list_routes(const fs::path& data_dir, const std::string& tenant_name) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, tenant_name);
  if (!tenant) return 1;
  std::map<std::int64_t, std::string> trunks;
  for (const auto& t : store->trunks().list_all()) trunks[t.id] = t.name;
  std::printf("%-4s %-14s %-12s %8s %6s %5s %-8s %-16s %s\n", "id", "pattern", "trunk", "priority", "cost",
              "strip", "prepend", "open", "caller-id");
  for (const auto& r : store->outbound_routes().list(*tenant)) {
    std::string open = pbx::days_to_string(r.open_days);
    if (r.open_from_minute != r.open_to_minute)
      open += " " + hh_mm(r.open_from_minute) + "-" + hh_mm(r.open_to_minute);
    std::printf("%-4lld %-14s %-12s %8d %6d %5d %-8s %-16s %s\n", static_cast<long long>(r.id),
                r.pattern.c_str(), trunks[r.trunk_id].c_str(), r.priority, r.cost_per_minute, r.strip_digits,
                r.prepend.c_str(), open.c_str(), pbx::to_string(pbx::caller_id_rule_of(r)).c_str());
  }
  return 0;
}

int add_extensions(const fs::path& data_dir, const ExtensionOptions& o) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, o.tenant);
  if (!tenant) return 1;
  auto realm = store->tenants().get(*tenant)->sip_realm;
  auto first = std::stoll(o.extension);
  for (int i = 0; i < o.count; ++i) {
    auto number = std::to_string(first + i);
    auto password =
        app::create_extension(*store, clock, *tenant, realm, number, "Extension " + number, o.password);
    if (!password) {
      std::fprintf(stderr, "cannot add extension %s: %s\n", number.c_str(), password.error().message.c_str());
      return 1;
    }
    if (!o.password) std::printf("extension %s: SIP password %s\n", number.c_str(), password->c_str());
  }
  std::printf("added %d extension(s) from %s (realm %s)\n", o.count, o.extension.c_str(), realm.c_str());
  return 0;
}

int add_user(const fs::path& data_dir, const UserOptions& o) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, o.tenant);
  if (!tenant) return 1;
  const auto& roles = app::builtin_roles();
  if (std::find(roles.begin(), roles.end(), o.role) == roles.end()) {
    std::fprintf(stderr, "--role: '%s' is not a built-in role\n", o.role.c_str());
    return 1;
  }
  auto password =
      app::create_user(*store, clock, *tenant, o.username, o.role, o.username, o.extension, o.password);
  if (!password) {
    std::fprintf(stderr, "cannot add user %s: %s\n", o.username.c_str(), password.error().message.c_str());
    return 1;
  }
  if (!o.password) std::printf("user %s: password %s\n", o.username.c_str(), password->c_str());
  std::printf("added user %s (%s)\n", o.username.c_str(), o.role.c_str());
  return 0;
}

int publish_flow(const fs::path& data_dir, const FlowOptions& o) {
  std::ifstream in(o.file);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", o.file.c_str());
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string json = text.str();
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, o.tenant);
  if (!tenant) return 1;
  auto flow = store->flows().find(*tenant, o.name);
  std::int64_t id = flow ? flow->id : 0;
  if (!flow) {
    auto created = store->flows().create({0, *tenant, o.name, "", json});
    if (!created) return report(created, "flow");
    id = *created;
  }
  ivr::CompileOptions options;
  options.resolve_prompt = ivr::prompt_resolver(data_dir, *tenant);
  auto published = ivr::publish_flow(*store, *tenant, id, json, "cli", clock.now_ms(), options);
  if (!published) return report(published.error(), "flow");
  for (const auto& error : published->errors)
    std::fprintf(stderr, "%s: %s\n", error.field.c_str(), error.message.c_str());
  if (!published->errors.empty()) return 1;
  std::printf("published flow %s version %lld\n", o.name.c_str(), static_cast<long long>(published->version));
  return 0;
}

int add_queue(const fs::path& data_dir, const QueueOptions& o) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, o.tenant);
  if (!tenant) return 1;
  std::vector<std::int64_t> members;
  auto users = store->users().list(*tenant);
  std::stringstream list(o.members);
  for (std::string extension; std::getline(list, extension, ',');) {
    auto user = std::find_if(users.begin(), users.end(),
                             [&](const store::User& u) { return u.extension == extension; });
    if (user == users.end()) {
      std::fprintf(stderr, "--members: no user has extension %s\n", extension.c_str());
      return 1;
    }
    members.push_back(user->id);
  }
  store::Queue q;
  q.tenant_id = *tenant;
  q.name = o.name;
  q.strategy = o.strategy;
  q.ring_timeout_ms = o.ring_timeout_s * 1000LL;
  q.wrap_up_ms = o.wrap_up_s * 1000LL;
  q.max_wait_ms = o.max_wait_s * 1000LL;
  q.announce_interval_ms = o.announce_s * 1000LL;
  q.service_level_s = o.service_level_s;  // the store checks the range (1-3600)
  if (o.overflow) {                       // KIND:TARGET; the store names a bad kind
    auto colon = o.overflow->find(':');
    if (colon == std::string::npos || colon + 1 == o.overflow->size()) {
      std::fprintf(stderr, "--overflow: expected KIND:TARGET (e.g. external_number:01055501234), got %s\n",
                   o.overflow->c_str());
      return 1;
    }
    q.overflow_kind = o.overflow->substr(0, colon);
    q.overflow_target = o.overflow->substr(colon + 1);
  }
  q.survey_flow = o.survey_flow;
  auto id = store->queues().create(q);
  if (!id) return report(id, "queue");
  if (auto set = store->queues().set_members(*tenant, *id, members); !set)
    return report(set.error(), "queue");
  return report(id, "queue");
}

int add_voicemail_box(const fs::path& data_dir, const VoicemailBoxOptions& o) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, o.tenant);
  if (!tenant) return 1;
  store::VoicemailBox box;
  box.tenant_id = *tenant;
  box.name = o.name;
  box.extension = o.extension;
  box.greeting_text = o.greeting_text;
  box.greeting_file = o.greeting_file;
  box.language = o.language;
  box.max_message_ms = o.max_length_s * 1000LL;
  box.created_at = clock.now_ms();
  return report(store->voicemail_boxes().create(box), "voicemail box");
}

int set_tenant(const fs::path& data_dir, const TenantSettingsOptions& o) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto id = tenant_id(*store, o.tenant);
  if (!id) return 1;
  auto tenant = store->tenants().get(*id);
  if (!tenant) return report(tenant.error(), "tenant");
  if (o.recording_mode) tenant->recording_mode = *o.recording_mode;
  if (o.music_class) tenant->music_class = *o.music_class;
  if (o.language) tenant->language = *o.language;
  if (o.international_prefixes) tenant->international_prefixes = *o.international_prefixes;
  if (o.premium_prefixes) tenant->premium_prefixes = *o.premium_prefixes;
  if (auto updated = store->tenants().update_settings(*tenant); !updated) {
    std::fprintf(stderr, "cannot change tenant %s: %s\n", o.tenant.c_str(), updated.error().message.c_str());
    return 1;
  }
  std::printf(
      "tenant %s: recording %s, music on hold '%s', language %s, international prefixes '%s',"
      " premium prefixes '%s'\n",
      o.tenant.c_str(), tenant->recording_mode.c_str(), tenant->music_class.c_str(), tenant->language.c_str(),
      tenant->international_prefixes.c_str(), tenant->premium_prefixes.c_str());
  return 0;
}

int add_to_caller_list(const fs::path& data_dir, const CallerListOptions& o) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, o.tenant);
  if (!tenant) return 1;
  return report(store->caller_lists().add({0, *tenant, o.kind, o.number, o.priority, o.note}), "list entry");
}

int add_holiday(const fs::path& data_dir, const HolidayOptions& o) {
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, o.tenant);
  if (!tenant) return 1;
  return report(store->holidays().add({0, *tenant, o.calendar, o.date, o.name}), "holiday");
}

}  // namespace hotline::cli
