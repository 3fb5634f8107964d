// Music on hold (PBX-4): the tenant's classes and the shared ones, uploading a WAV into one of the
// tenant's classes, listening to a file, deleting a file or an empty class. After a change the
// media engine reloads the class (LiveState::reload_music), so held callers hear it at once.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "http/api_routes.hpp"
#include "http/file_response.hpp"
#include "http/json_errors.hpp"
#include "media/audio/wav_import.hpp"
#include "media/music_catalog.hpp"

namespace hotline::http {
namespace {

media::MusicCatalog catalog(const ApiDeps& deps) { return media::MusicCatalog(deps.data_dir / "moh"); }

nlohmann::json file_json(const media::MusicFileInfo& f) {
  return {{"name", f.name},
          {"duration_ms", f.duration_ms},
          {"size_bytes", f.size_bytes},
          {"modified_at", f.modified_at}};
}

ApiResponse list_classes(const ApiDeps& deps, RequestContext& context) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& c : catalog(deps).list(context.principal->tenant_id)) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : c.files) files.push_back(file_json(f));
    items.push_back({{"name", c.name}, {"shared", c.shared}, {"files", std::move(files)}});
  }
  return json_response(200, {{"items", std::move(items)}});
}

// The change is on disk either way; a core that does not answer applies it a little later.
void reload(const ApiDeps& deps, store::TenantId tenant, const std::string& music_class) {
  if (auto reloaded = deps.live.reload_music(tenant, music_class); !reloaded)
    spdlog::warn("http: music class {} of tenant {} saved, not reloaded yet: {}", music_class, tenant,
                 reloaded.error().message);
}

ApiResponse upload_file(const ApiDeps& deps, RequestContext& context) {
  const std::string& music_class = context.params.at("class");
  const std::string& name = context.params.at("file");
  if (auto valid = media::audio::check_music_class_name(music_class, "class"); !valid)
    return error_response(valid.error());
  if (auto valid = media::audio::check_audio_file_name(name, "file"); !valid)
    return error_response(valid.error());
  auto audio = media::audio::decode_wav_upload(context.request.body);
  if (!audio) return error_response(audio.error());
  store::TenantId tenant = context.principal->tenant_id;
  bool existed = catalog(deps).file(tenant, music_class, name).ok();
  auto saved = catalog(deps).save(tenant, music_class, name, (*audio)->samples());
  if (!saved) return error_response(saved.error());
  reload(deps, tenant, music_class);
  return json_response(existed ? 200 : 201, file_json(*saved));
}

ApiResponse file_audio(const ApiDeps& deps, RequestContext& context) {
  auto path =
      catalog(deps).file(context.principal->tenant_id, context.params.at("class"), context.params.at("file"));
  if (!path) return error_response(path.error());
  return wav_file_response(*path, context.params.at("file"));
}

ApiResponse delete_file(const ApiDeps& deps, RequestContext& context) {
  store::TenantId tenant = context.principal->tenant_id;
  const std::string& music_class = context.params.at("class");
  if (auto removed = catalog(deps).remove_file(tenant, music_class, context.params.at("file")); !removed)
    return error_response(removed.error());
  reload(deps, tenant, music_class);
  return {204, {}, {}};
}

ApiResponse delete_class(const ApiDeps& deps, RequestContext& context) {
  if (auto removed = catalog(deps).remove_class(context.principal->tenant_id, context.params.at("class"));
      !removed)
    return error_response(removed.error());
  return {204, {}, {}};
}

}  // namespace

void add_music_routes(Router& router, const ApiDeps& deps) {
  router.add(
      {"GET", "/api/v1/moh", true, "moh.read", [deps](RequestContext& c) { return list_classes(deps, c); }});
  router.add({"DELETE", "/api/v1/moh/{class}", true, "moh.write",
              [deps](RequestContext& c) { return delete_class(deps, c); }});
  router.add({"PUT", "/api/v1/moh/{class}/{file}", true, "moh.write",
              [deps](RequestContext& c) { return upload_file(deps, c); }});
  router.add({"DELETE", "/api/v1/moh/{class}/{file}", true, "moh.write",
              [deps](RequestContext& c) { return delete_file(deps, c); }});
  router.add({"GET", "/api/v1/moh/{class}/{file}/audio", true, "moh.read",
              [deps](RequestContext& c) { return file_audio(deps, c); }});
}

}  // namespace hotline::http
