// The tenant's system parameters (ADM-4): GET/PUT /api/v1/settings — how calls are recorded, the
// music on hold, the language callers hear from the server itself and the toll-fraud prefixes
// (what `hotline tenant set` changes). PUT changes the fields it names; the running system uses
// them from the next call on.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/json_reader.hpp"
#include "http/api_routes.hpp"
#include "http/json_errors.hpp"
#include "http/request_body.hpp"

namespace hotline::http {
namespace {

nlohmann::json settings_json(const store::Tenant& t) {
  return {{"tenant", t.name},
          {"sip_realm", t.sip_realm},
          {"recording_mode", t.recording_mode},
          {"music_class", t.music_class},
          {"language", t.language},
          {"international_prefixes", t.international_prefixes},
          {"premium_prefixes", t.premium_prefixes}};
}

// "00,+", "1900,168" or "": comma-separated digits, each optionally after '+' (as the store keeps).
bool is_prefix_list(std::string_view csv) {
  if (csv.empty()) return true;
  for (std::size_t start = 0; start <= csv.size();) {
    std::size_t comma = std::min(csv.find(',', start), csv.size());
    std::string_view prefix = csv.substr(start, comma - start);
    if (prefix.starts_with('+')) prefix.remove_prefix(1);
    if (comma == start ||
        !std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    start = comma + 1;
  }
  return true;
}

// "default" (built in) or a folder of DATA/moh: what the media engine can play.
bool is_music_class(const ApiDeps& deps, const std::string& name) {
  if (name == "default") return true;
  bool plain = !name.empty() && name.size() <= 64 && name.front() != '.' &&
               std::all_of(name.begin(), name.end(), [](unsigned char c) {
                 return std::isalnum(c) || c == '-' || c == '_' || c == '.';
               });
  std::error_code ec;
  return plain && std::filesystem::is_directory(deps.data_dir / "moh" / name, ec);
}

void read_settings(const ApiDeps& deps, const nlohmann::json& body, store::Tenant& t, ErrorList& errors) {
  ObjectReader r(body, "", errors);
  if (auto v = r.string("recording_mode")) {
    t.recording_mode = *v;
    if (*v != "stereo" && *v != "mono" && *v != "off")
      r.error("recording_mode", "must be stereo, mono or off");
  }
  if (auto v = r.string("music_class")) {
    t.music_class = *v;
    if (!is_music_class(deps, *v)) r.error("music_class", "must be default or a folder of DATA/moh");
  }
  if (auto v = r.string("language")) {
    t.language = *v;
    if (*v != "zh-CN" && *v != "en") r.error("language", "must be zh-CN or en");
  }
  if (auto v = r.string("international_prefixes")) {
    t.international_prefixes = *v;
    if (!is_prefix_list(*v))
      r.error("international_prefixes", "must be comma-separated digits, each optionally after '+'");
  }
  if (auto v = r.string("premium_prefixes")) {
    t.premium_prefixes = *v;
    if (!is_prefix_list(*v))
      r.error("premium_prefixes", "must be comma-separated digits, each optionally after '+'");
  }
  for (const char* fixed : {"tenant", "sip_realm"}) {
    if (r.get(fixed)) r.error(fixed, "cannot be changed here");
  }
  r.finish();
}

ApiResponse get_settings(const ApiDeps& deps, RequestContext& context) {
  auto tenant = deps.store.tenants().get(context.principal->tenant_id);
  if (!tenant) return error_response(tenant.error());
  return json_response(200, settings_json(*tenant));
}

ApiResponse put_settings(const ApiDeps& deps, RequestContext& context) {
  auto tenant = deps.store.tenants().get(context.principal->tenant_id);
  if (!tenant) return error_response(tenant.error());
  auto body = object_body(context.request);
  if (!body) return error_response(body.error());
  ErrorList errors;
  read_settings(deps, *body, *tenant, errors);
  if (!errors.empty()) return invalid_input_response(errors.take());
  if (auto saved = deps.store.tenants().update_settings(*tenant); !saved)
    return error_response(saved.error());
  apply_configuration(deps, tenant->id);
  return json_response(200, settings_json(*tenant));
}

}  // namespace

void add_settings_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/settings", true, "settings.read",
              [deps](RequestContext& c) { return get_settings(deps, c); }});
  router.add({"PUT", "/api/v1/settings", true, "settings.write",
              [deps](RequestContext& c) { return put_settings(deps, c); }});
}

}  // namespace hotline::http
