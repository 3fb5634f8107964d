// hotline: the command line. Parsing only; the subcommands live in commands.hpp.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "http/url.hpp"

namespace {

// Login lock-out, per-address throttling and idle sessions (docs/api.md, "Accounts").
void add_account_options(CLI::App& serve_cmd, hotline::cli::ServeOptions& o) {
  serve_cmd
      .add_option("--login-max-failures", o.login_max_failures,
                  "Wrong passwords in a row that lock an account")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  serve_cmd.add_option("--login-lock-minutes", o.login_lock_minutes, "Minutes a locked account stays locked")
      ->capture_default_str()
      ->check(CLI::Range(1, 10080));
  serve_cmd
      .add_option("--login-address-max-failures", o.login_address_max_failures,
                  "Failed logins from one address, any usernames, before it is refused for a while")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  serve_cmd
      .add_option("--login-address-window-minutes", o.login_address_window_minutes,
                  "The window those failures are counted in")
      ->capture_default_str()
      ->check(CLI::Range(1, 1440));
  serve_cmd.add_option("--session-idle-minutes", o.session_idle_minutes, "A session unused this long ends")
      ->capture_default_str()
      ->check(CLI::Range(1, 720));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hotline::cli;
  CLI::App app{"Hotline contact-center server: SIP PBX, media, IVR, ACD, CTI and business API"};
  app.set_version_flag("--version", std::string("hotline ") + HOTLINE_VERSION);
  app.require_subcommand(1);

  std::filesystem::path data_dir = "data";
  bool demo = false;
  auto* init_cmd = app.add_subcommand("init", "Create the database (and with --demo a demo tenant)");
  init_cmd->add_option("--data", data_dir, "Data folder")->required();
  init_cmd->add_flag("--demo", demo,
                     "Create the demo tenant: numbers 4000 and 8000, extensions 1001-1003, admin");

  ServeOptions serve_opts;
  std::string rtp_ports = "20000-29999";
  auto* serve_cmd = app.add_subcommand("serve", "Run the server");
  serve_cmd->add_option("--data", serve_opts.data_dir, "Data folder")->required();
  serve_cmd->add_option("--bind", serve_opts.bind_address, "Address for SIP, RTP and HTTP")
      ->capture_default_str();
  serve_cmd->add_option("--sip-port", serve_opts.sip_port, "SIP port (UDP and TCP)")->capture_default_str();
  serve_cmd->add_option("--http-port", serve_opts.http_port, "HTTP port")->capture_default_str();
  serve_cmd->add_option(
      "--web-root", serve_opts.web_root,
      "The built web app to serve on the HTTP port (default: <hotline's folder>/../web/dist)");
  serve_cmd
      ->add_option(
          "--embed-origin", serve_opts.embed_origins,
          "An origin (https://crm.example.com) whose pages may frame the agent toolbar /embed/toolbar; "
          "repeatable")
      ->check([](const std::string& origin) {
        return hotline::http::is_embed_origin(origin) ? std::string()
                                                      : "not an origin like https://crm.example.com";
      });
  serve_cmd->add_option("--rtp-ports", rtp_ports, "RTP port range MIN-MAX")->capture_default_str();
  serve_cmd->add_option("--ring-timeout", serve_opts.ring_timeout_s, "Seconds a call rings before 480")
      ->capture_default_str()
      ->check(CLI::Range(1, 600));
  serve_cmd
      ->add_option("--media-timeout", serve_opts.media_timeout_s,
                   "Seconds without RTP from a party before an answered call is hung up (0: never)")
      ->capture_default_str()
      ->check(CLI::Range(0, 3600));
  serve_cmd
      ->add_option(
          "--park-timeout", serve_opts.park_timeout_s,
          "Seconds a parked call waits in its slot before it rings back the extension that parked it")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  serve_cmd
      ->add_option("--park-slots", serve_opts.park_slots, "Slots of each tenant's parking lot (*7 + 1 to N)")
      ->capture_default_str()
      ->check(CLI::Range(1, 9999));
  serve_cmd->add_option("--media-workers", serve_opts.media_workers, "RTP worker threads (0: cores-1)");
  serve_cmd->add_option("--sip-log-level", serve_opts.sip_log_level, "sofia-sip log level 0-9")
      ->check(CLI::Range(0, 9));
  serve_cmd
      ->add_option("--utc-offset", serve_opts.utc_offset_minutes,
                   "Tenants' local time as minutes from UTC, for route windows, IVR time conditions and the "
                   "ACD's figures of the day")
      ->capture_default_str()
      ->check(CLI::Range(-720, 840));
  serve_cmd
      ->add_option("--trunk-response-timeout", serve_opts.trunk_response_timeout_s,
                   "Seconds without any response from a trunk before the call tries the next one")
      ->capture_default_str()
      ->check(CLI::Range(1, 32));
  add_account_options(*serve_cmd, serve_opts);
  serve_cmd
      ->add_option("--sip-ban-failures", serve_opts.sip_ban_failures,
                   "Failed SIP authentications (wrong password, unknown user) that ban the source address")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  serve_cmd
      ->add_option("--sip-ban-window", serve_opts.sip_ban_window_s,
                   "Seconds within which those failures count")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  serve_cmd
      ->add_option("--sip-ban-seconds", serve_opts.sip_ban_seconds,
                   "Seconds a banned address is refused (0: never ban)")
      ->capture_default_str()
      ->check(CLI::Range(0, 30 * 86400));

  auto* trunk_cmd = app.add_subcommand("trunk", "Manage SIP trunks")->require_subcommand(1);
  TrunkOptions trunk;
  auto* trunk_add = trunk_cmd->add_subcommand("add", "Add a SIP trunk");
  trunk_add->add_option("--data", data_dir, "Data folder")->required();
  trunk_add->add_option("--tenant", trunk.tenant, "Tenant name")->capture_default_str();
  trunk_add->add_option("--name", trunk.name, "Trunk name")->required();
  trunk_add->add_option("--host", trunk.host, "Peer IP address")->required();
  trunk_add->add_option("--port", trunk.port, "Peer SIP port")->capture_default_str();
  trunk_add->add_option("--transport", trunk.transport, "udp or tcp")->check(CLI::IsMember({"udp", "tcp"}));
  trunk_add->add_option("--username", trunk.username, "Digest user for calls to the peer");
  trunk_add->add_option("--password", trunk.password, "Digest password for calls to the peer");

  auto* number_cmd =
      app.add_subcommand("number", "Manage numbers (DIDs, access numbers)")->require_subcommand(1);
  NumberOptions number;
  auto* number_add = number_cmd->add_subcommand("add", "Route a number to extensions");
  number_add->add_option("--data", data_dir, "Data folder")->required();
  number_add->add_option("--tenant", number.tenant, "Tenant name")->capture_default_str();
  number_add->add_option("--pattern", number.pattern, "Digits; X any digit; trailing . any rest")->required();
  number_add
      ->add_option("--target", number.target,
                   "Extension, comma-separated extensions to ring all, or a service: conference:ROOM, "
                   "flow:NAME, queue:NAME, voicemail:BOX")
      ->required();
  number_add->add_option("--trunk", number.trunk, "Only for calls from this trunk");
  number_add->add_flag("--public", number.is_public,
                       "SIP callers that do not authenticate (no trunk, no extension) may call it");

  auto* tenant_cmd = app.add_subcommand("tenant", "Manage tenants")->require_subcommand(1);
  TenantSettingsOptions tenant_settings;
  auto* tenant_set =
      tenant_cmd->add_subcommand("set", "Change a tenant's settings (takes effect at the next start)");
  tenant_set->add_option("--data", data_dir, "Data folder")->required();
  tenant_set->add_option("--tenant", tenant_settings.tenant, "Tenant name")->capture_default_str();
  tenant_set->add_option("--recording-mode", tenant_settings.recording_mode, "stereo, mono or off");
  tenant_set->add_option("--music-class", tenant_settings.music_class,
                         "Music on hold: a folder under DATA/moh");
  tenant_set->add_option(
      "--language", tenant_settings.language,
      "What callers hear from the server (queue announcements, work numbers): zh-CN or en");
  tenant_set->add_option("--international-prefixes", tenant_settings.international_prefixes,
                         "Dialled prefixes that need calls.dial.international, e.g. 00,+ (empty: none)");
  tenant_set->add_option("--premium-prefixes", tenant_settings.premium_prefixes,
                         "Dialled prefixes that need calls.dial.premium, e.g. 1900,168 (empty: none)");

  auto* list_cmd =
      app.add_subcommand("list", "Manage caller lists (blacklist, whitelist, VIP)")->require_subcommand(1);
  CallerListOptions caller_list;
  auto* list_add = list_cmd->add_subcommand("add", "Put a caller number (or pattern) on a list");
  list_add->add_option("--data", data_dir, "Data folder")->required();
  list_add->add_option("--tenant", caller_list.tenant, "Tenant name")->capture_default_str();
  list_add->add_option("--kind", caller_list.kind, "blacklist (486 before any media), whitelist or vip")
      ->required();
  list_add->add_option("--number", caller_list.number, "Caller number; X any digit, trailing . any rest")
      ->required();
  list_add->add_option("--priority", caller_list.priority, "vip: queue priority")->capture_default_str();
  list_add->add_option("--note", caller_list.note, "Why");

  auto* holiday_cmd = app.add_subcommand("holiday", "Manage holiday calendars")->require_subcommand(1);
  HolidayOptions holiday;
  auto* holiday_add = holiday_cmd->add_subcommand("add", "Add a date to a holiday calendar");
  holiday_add->add_option("--data", data_dir, "Data folder")->required();
  holiday_add->add_option("--tenant", holiday.tenant, "Tenant name")->capture_default_str();
  holiday_add->add_option("--calendar", holiday.calendar, "Calendar name (flows: \"holiday\": NAME)")
      ->required();
  holiday_add->add_option("--date", holiday.date, "YYYY-MM-DD, the tenant's local date")->required();
  holiday_add->add_option("--name", holiday.name, "What the day is");

  auto* flow_cmd = app.add_subcommand("flow", "Manage IVR flows")->require_subcommand(1);
  FlowOptions flow;
  auto* flow_publish =
      flow_cmd->add_subcommand("publish", "Validate a flow file and publish it as the next version");
  flow_publish->add_option("--data", data_dir, "Data folder")->required();
  flow_publish->add_option("--tenant", flow.tenant, "Tenant name")->capture_default_str();
  flow_publish->add_option("--name", flow.name, "Flow name (numbers reach it as flow:NAME)")->required();
  flow_publish->add_option("--file", flow.file, "Flow JSON (docs/ivr.md)")
      ->required()
      ->check(CLI::ExistingFile);

  auto* queue_cmd = app.add_subcommand("queue", "Manage ACD queues")->require_subcommand(1);
  QueueOptions queue;
  auto* queue_add = queue_cmd->add_subcommand("add", "Add a queue served by the agents of some extensions");
  queue_add->add_option("--data", data_dir, "Data folder")->required();
  queue_add->add_option("--tenant", queue.tenant, "Tenant name")->capture_default_str();
  queue_add->add_option("--name", queue.name, "Queue name (numbers and flows reach it by name)")->required();
  queue_add
      ->add_option("--strategy", queue.strategy,
                   "ring_all, round_robin, longest_idle, fewest_calls, least_talk_time or skill_level")
      ->capture_default_str();
  queue_add->add_option("--members", queue.members, "Extensions of the agents, comma-separated")->required();
  queue_add->add_option("--ring-timeout", queue.ring_timeout_s, "Seconds an agent rings")
      ->capture_default_str();
  queue_add->add_option("--wrap-up", queue.wrap_up_s, "Seconds after a call before the next")
      ->capture_default_str();
  queue_add->add_option("--max-wait", queue.max_wait_s, "Seconds a caller waits at most")
      ->capture_default_str();
  queue_add
      ->add_option("--announce-interval", queue.announce_s,
                   "Seconds between announcements of position and expected wait (0: none)")
      ->capture_default_str();
  queue_add
      ->add_option("--service-level", queue.service_level_s,
                   "Seconds: a call answered after waiting at most this long is within the service level")
      ->capture_default_str();
  queue_add->add_option(
      "--overflow", queue.overflow,
      "Where callers go after --max-wait or when the queue is full: queue:NAME, voicemail:BOX or "
      "external_number:NUMBER");

  auto* voicemail_cmd = app.add_subcommand("voicemail", "Manage voicemail boxes")->require_subcommand(1);
  VoicemailBoxOptions box;
  auto* voicemail_add = voicemail_cmd->add_subcommand("add", "Add a voicemail box");
  voicemail_add->add_option("--data", data_dir, "Data folder")->required();
  voicemail_add->add_option("--tenant", box.tenant, "Tenant name")->capture_default_str();
  voicemail_add->add_option("--box", box.name, "Box name (flows, queues and voicemail:BOX numbers name it)")
      ->required();
  voicemail_add->add_option("--extension", box.extension, "Calls to this extension nobody answers land here");
  voicemail_add->add_option("--greeting", box.greeting_text,
                            "Greeting text, spoken (default: a standard one)");
  voicemail_add->add_option("--greeting-file", box.greeting_file,
                            "Greeting WAV (relative to the data folder)");
  voicemail_add->add_option("--language", box.language, "zh-CN or en")->capture_default_str();
  voicemail_add->add_option("--max-length", box.max_length_s, "Longest message in seconds (1-600)")
      ->capture_default_str();
  queue_add->add_option("--survey-flow", queue.survey_flow,
                        "Flow the caller hears when the agent hangs up first (post-call survey)");

  auto* route_cmd = app.add_subcommand("route", "Manage outbound routes")->require_subcommand(1);
  RouteOptions route;
  auto* route_add = route_cmd->add_subcommand("add", "Send dialled numbers matching a pattern to a trunk");
  route_add->add_option("--data", data_dir, "Data folder")->required();
  route_add->add_option("--tenant", route.tenant, "Tenant name")->capture_default_str();
  route_add->add_option("--pattern", route.pattern, "Digits; X any digit; trailing . any rest")->required();
  route_add->add_option("--trunk", route.trunk, "Trunk name")->required();
  route_add->add_option("--priority", route.priority, "Lower is tried first")->capture_default_str();
  route_add->add_option("--strip", route.strip_digits, "Leading digits to remove")->capture_default_str();
  route_add->add_option("--prepend", route.prepend, "Digits to put in front");
  route_add->add_option("--cost", route.cost_per_minute, "Cost per minute (fen or cents): cheaper first")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  route_add->add_option("--days", route.days, "Days the route is open: mon-fri, sat,sun, ... or all")
      ->capture_default_str();
  route_add->add_option("--from", route.from,
                        "Open from HH:MM local time (with --to; may run past midnight)");
  route_add->add_option("--to", route.to, "Open until HH:MM local time");
  route_add
      ->add_option("--caller-id", route.caller_id,
                   "What the far end sees: keep, fixed:NUMBER, or prefix:DIGITS (DIGITS + extension)")
      ->capture_default_str();
  std::string route_list_tenant = "demo";
  auto* route_list =
      route_cmd->add_subcommand("list", "Show the outbound routes in the order they are tried");
  route_list->add_option("--data", data_dir, "Data folder")->required();
  route_list->add_option("--tenant", route_list_tenant, "Tenant name")->capture_default_str();

  auto* extension_cmd = app.add_subcommand("extension", "Manage SIP extensions")->require_subcommand(1);
  ExtensionOptions extension;
  auto* extension_add = extension_cmd->add_subcommand("add", "Add extensions (prints their SIP passwords)");
  extension_add->add_option("--data", data_dir, "Data folder")->required();
  extension_add->add_option("--tenant", extension.tenant, "Tenant name")->capture_default_str();
  extension_add->add_option("--extension", extension.extension, "Extension number (the first, with --count)")
      ->required()
      ->check(CLI::Number);
  extension_add->add_option("--count", extension.count, "How many consecutive extensions")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  extension_add->add_option("--password", extension.password, "SIP password for all (default: generated)");

  std::optional<std::filesystem::path> backup_out;
  auto* backup_cmd =
      app.add_subcommand("backup", "Copy the database while the server runs, and check the copy");
  backup_cmd->add_option("--data", data_dir, "Data folder")->required();
  backup_cmd->add_option("--out", backup_out,
                         "Backup file (default: DATA/backups/hotline-YYYYMMDD-HHMMSS.db)");
  std::filesystem::path restore_file;
  auto* restore_cmd =
      app.add_subcommand("restore", "Replace the database with a backup (the server must be stopped)");
  restore_cmd->add_option("--data", data_dir, "Data folder")->required();
  restore_cmd->add_option("file", restore_file, "Backup file")->required();
  auto* user_cmd = app.add_subcommand("user", "Manage web logins")->require_subcommand(1);
  UserOptions user;
  auto* user_add =
      user_cmd->add_subcommand("add", "Add a user with a role (prints the password if generated)");
  user_add->add_option("--data", data_dir, "Data folder")->required();
  user_add->add_option("--tenant", user.tenant, "Tenant name")->capture_default_str();
  user_add->add_option("--username", user.username, "Login name (unique across tenants)")->required();
  user_add->add_option("--role", user.role, "agent, team_leader, manager, tenant_admin, platform_operator...")
      ->required();
  user_add->add_option("--extension", user.extension, "The user's own extension");
  user_add->add_option("--password", user.password, "Login password (default: generated)");

  CLI11_PARSE(app, argc, argv);

  if (*init_cmd) return init(data_dir, demo);
  if (*serve_cmd) {
    auto dash = rtp_ports.find('-');
    try {
      serve_opts.rtp_port_min = static_cast<std::uint16_t>(std::stoi(rtp_ports.substr(0, dash)));
      serve_opts.rtp_port_max = static_cast<std::uint16_t>(std::stoi(rtp_ports.substr(dash + 1)));
    } catch (...) {
      dash = std::string::npos;
    }
    if (dash == std::string::npos || serve_opts.rtp_port_min >= serve_opts.rtp_port_max) {
      std::fprintf(stderr, "--rtp-ports: expected MIN-MAX, e.g. 20000-29999\n");
      return 2;
    }
    return serve(serve_opts);
  }
  if (*trunk_add) return add_trunk(data_dir, trunk);
  if (*number_add) return add_number(data_dir, number);
  if (*route_add) return add_route(data_dir, route);
  if (*route_list) return list_routes(data_dir, route_list_tenant);
  if (*flow_publish) return publish_flow(data_dir, flow);
  if (*list_add) return add_to_caller_list(data_dir, caller_list);
  if (*holiday_add) return add_holiday(data_dir, holiday);
  if (*tenant_set) return set_tenant(data_dir, tenant_settings);
  if (*queue_add) return add_queue(data_dir, queue);
  if (*extension_add) return add_extensions(data_dir, extension);
  if (*voicemail_add) return add_voicemail_box(data_dir, box);
  if (*backup_cmd) return backup(data_dir, backup_out);
  if (*restore_cmd) return restore(data_dir, restore_file);
  if (*user_add) return add_user(data_dir, user);
  return 2;
}
