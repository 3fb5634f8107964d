// The hotline executable's subcommands. main.cpp parses the command line; these do the work.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hotline::cli {

struct ServeOptions {
  std::filesystem::path data_dir = "data";
  std::string bind_address = "127.0.0.1";
  std::uint16_t sip_port = 5060;
  std::uint16_t http_port = 8080;
  std::uint16_t rtp_port_min = 20000;
  std::uint16_t rtp_port_max = 29999;
  int ring_timeout_s = 30;
  int media_timeout_s = 60;  // 0: never
  int media_workers = 0;
  int sip_log_level = 0;
  int utc_offset_minutes = 480;      // tenants' local time: route windows, IVR conditions, ACD day
  int trunk_response_timeout_s = 5;  // a silent trunk is failed over after this long
  int park_timeout_s = 120;          // a parked call rings back who parked it after this long
  int park_slots = 50;               // slots of each tenant's parking lot
  // Accounts (app/auth_service.hpp): lock-out, per-address throttling, idle sessions.
  int login_max_failures = 5;
  int login_lock_minutes = 15;
  int login_address_max_failures = 20;
  int login_address_window_minutes = 10;
  int session_idle_minutes = 30;

  int sip_ban_failures = 10;  // failed authentications from one address that ban it...
  int sip_ban_window_s = 60;  // ...within this window
  int sip_ban_seconds = 300;  // for this long (0: never ban)

  // The built web app served on the HTTP port; empty: <executable's folder>/../web/dist, which is
  // the source tree's web/dist for build/hotline.
  std::filesystem::path web_root;
  std::vector<std::string> embed_origins;  // sites whose pages may frame the agent toolbar
};

int init(const std::filesystem::path& data_dir, bool demo);
int serve(const ServeOptions& options);

struct TrunkOptions {
  std::string tenant = "demo";
  std::string name;
  std::string host;
  int port = 5060;
  std::string transport = "udp";
  std::optional<std::string> username;
  std::optional<std::string> password;
};
int add_trunk(const std::filesystem::path& data_dir, const TrunkOptions& options);

struct NumberOptions {
  std::string tenant = "demo";
  std::string pattern;
  std::string target;  // one extension, or several comma-separated to ring all
  std::optional<std::string> trunk;
  bool is_public = false;  // SIP callers that do not authenticate may call it
};
int add_number(const std::filesystem::path& data_dir, const NumberOptions& options);

struct TenantSettingsOptions {
  std::string tenant = "demo";
  std::optional<std::string> recording_mode;          // stereo | mono | off
  std::optional<std::string> music_class;             // a folder under DATA/moh
  std::optional<std::string> language;                // zh-CN | en
  std::optional<std::string> international_prefixes;  // e.g. "00,+"
  std::optional<std::string> premium_prefixes;        // e.g. "1900,168"
};
int set_tenant(const std::filesystem::path& data_dir, const TenantSettingsOptions& options);

struct CallerListOptions {
  std::string tenant = "demo";
  std::string kind;    // blacklist | whitelist | vip
  std::string number;  // a caller number or a pattern
  int priority = 1;    // vip: how far ahead in queues
  std::string note;
};
int add_to_caller_list(const std::filesystem::path& data_dir, const CallerListOptions& options);

struct HolidayOptions {
  std::string tenant = "demo";
  std::string calendar;  // the name flows' conditions use
  std::string date;      // YYYY-MM-DD
  std::string name;
};
int add_holiday(const std::filesystem::path& data_dir, const HolidayOptions& options);

struct FlowOptions {
  std::string tenant = "demo";
  std::string name;
  std::filesystem::path file;  // the flow JSON (docs/ivr.md)
};
// Validates the flow, stores it as the draft and publishes it as the next version.
int publish_flow(const std::filesystem::path& data_dir, const FlowOptions& options);

struct QueueOptions {
  std::string tenant = "demo";
  std::string name;
  std::string strategy = "longest_idle";
  std::string members;  // comma-separated extensions of the agents who serve it
  int ring_timeout_s = 20;
  int wrap_up_s = 10;
  int max_wait_s = 300;
  int announce_s = 30;                     // position and expected wait; 0: never
  int service_level_s = 20;                // answered within this: in the service level (SUP-2)
  std::optional<std::string> overflow;     // KIND:TARGET: queue:NAME, voicemail:BOX, external_number:NUMBER
  std::optional<std::string> survey_flow;  // IVR-9: the caller's flow when the agent hangs up first
};
int add_queue(const std::filesystem::path& data_dir, const QueueOptions& options);

struct VoicemailBoxOptions {
  std::string tenant = "demo";
  std::string name;
  std::optional<std::string> extension;  // its unanswered calls land in the box
  std::string greeting_text;
  std::string greeting_file;
  std::string language = "zh-CN";
  int max_length_s = 120;
};
int add_voicemail_box(const std::filesystem::path& data_dir, const VoicemailBoxOptions& options);

struct RouteOptions {
  std::string tenant = "demo";
  std::string pattern;
  std::string trunk;
  int priority = 100;
  int strip_digits = 0;
  std::string prepend;
  int cost_per_minute = 0;
  std::string days = "all";         // mon-fri, sat,sun, ...
  std::optional<std::string> from;  // HH:MM local time; with `to`
  std::optional<std::string> to;
  std::string caller_id = "keep";  // keep | fixed:NUMBER | prefix:DIGITS
};
int add_route(const std::filesystem::path& data_dir, const RouteOptions& options);
// Prints the tenant's outbound routes in the order they are considered.
int list_routes(const std::filesystem::path& data_dir, const std::string& tenant);

struct ExtensionOptions {
  std::string tenant = "demo";
  std::string extension;  // the first one; with count > 1 the following numbers too
  int count = 1;
  std::optional<std::string> password;  // default: a generated password each
};
int add_extensions(const std::filesystem::path& data_dir, const ExtensionOptions& options);

// An online copy of the database, checked, into DATA/backups/hotline-YYYYMMDD-HHMMSS.db or `out`.
int backup(const std::filesystem::path& data_dir, const std::optional<std::filesystem::path>& out);
// Installs a backup as the database; refuses while a server serves `data_dir`.
int restore(const std::filesystem::path& data_dir, const std::filesystem::path& file);

struct UserOptions {
  std::string tenant = "demo";
  std::string username;
  std::string role;                      // one of app::builtin_roles()
  std::optional<std::string> extension;  // the user's own extension (an agent's phone)
  std::optional<std::string> password;   // default: a generated one, printed
};
// Adds a web login with a role (platform_operator, manager, agent...).
int add_user(const std::filesystem::path& data_dir, const UserOptions& options);

}  // namespace hotline::cli
