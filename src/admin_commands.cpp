// init, trunk add, number add, route add: offline administration on the data folder.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/app.hpp"
#include "commands.hpp"
#include "ivr/flow_compiler.hpp"
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
      std::fprintf(stderr, "--target: '%s' is not conference:NAME, flow:NAME or queue:NAME\n",
                   o.target.c_str());
      return 1;
    }
  } else {
    n.target_type = o.target.find(',') == std::string::npos ? "extension" : "ring_all";
    n.target = o.target;
  }
  n.created_at = clock.now_ms();
  return report(store->numbers().create(n), "number");
}

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
  r.created_at = clock.now_ms();
  return report(store->outbound_routes().create(r), "outbound route");
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

int publish_flow(const fs::path& data_dir, const FlowOptions& o) {
  std::ifstream in(o.file);
  std::stringstream text;
  text << in.rdbuf();
  std::string json = text.str();
  auto compiled = ivr::compile_flow(json);
  if (!compiled.ok()) {
    for (const auto& error : compiled.errors)
      std::fprintf(stderr, "%s: %s\n", error.field.c_str(), error.message.c_str());
    return 1;
  }
  SystemClock clock;
  auto store = open_store(data_dir, clock);
  if (!store) return 1;
  auto tenant = tenant_id(*store, o.tenant);
  if (!tenant) return 1;
  auto flow = store->flows().find(*tenant, o.name);
  std::int64_t id = 0;
  if (flow) {
    flow->draft = json;
    if (auto updated = store->flows().update(*flow); !updated) return report(updated.error(), "flow");
    id = flow->id;
  } else {
    auto created = store->flows().create({0, *tenant, o.name, "", json});
    if (!created) return report(created, "flow");
    id = *created;
  }
  auto version = store->flows().publish(*tenant, id, json, "cli", clock.now_ms());
  if (!version) return report(version.error(), "flow");
  std::printf("published flow %s version %lld\n", o.name.c_str(), static_cast<long long>(*version));
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
  q.survey_flow = o.survey_flow;
  auto id = store->queues().create(q);
  if (!id) return report(id, "queue");
  if (auto set = store->queues().set_members(*tenant, *id, members); !set)
    return report(set.error(), "queue");
  return report(id, "queue");
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
  if (auto updated = store->tenants().update_settings(*tenant); !updated) {
    std::fprintf(stderr, "cannot change tenant %s: %s\n", o.tenant.c_str(), updated.error().message.c_str());
    return 1;
  }
  std::printf("tenant %s: recording %s, music on hold '%s'\n", o.tenant.c_str(),
              tenant->recording_mode.c_str(), tenant->music_class.c_str());
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

}  // namespace hotline::cli
