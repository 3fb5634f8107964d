// Database backups (ADM-4), for the platform operator: make one now (an online copy, checked),
// list them, download one. Restoring is `hotline restore`, with the server stopped. Recordings,
// prompts and music are files under DATA and are not in the backup (store/database_backup.hpp).
#include <nlohmann/json.hpp>

#include "http/api_routes.hpp"
#include "http/file_response.hpp"
#include "http/json_errors.hpp"
#include "store/database_backup.hpp"

namespace hotline::http {
namespace {

std::filesystem::path backups_dir(const ApiDeps& deps) { return deps.data_dir / "backups"; }

nlohmann::json backup_json(const store::BackupFile& b) {
  return {{"name", b.name},
          {"size_bytes", b.size_bytes},
          {"created_at", b.created_at},
          {"download_url", "/api/v1/system/backups/" + b.name + "/file"}};
}

ApiResponse create_backup(const ApiDeps& deps, RequestContext&) {
  auto made = store::back_up_database(deps.data_dir / "hotline.db", backups_dir(deps), deps.clock.now_ms());
  if (!made) return error_response(made.error());
  return json_response(201, backup_json(*made));
}

ApiResponse list_backups(const ApiDeps& deps, RequestContext&) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& backup : store::list_backups(backups_dir(deps))) items.push_back(backup_json(backup));
  return json_response(200, {{"items", std::move(items)}});
}

ApiResponse download_backup(const ApiDeps& deps, RequestContext& context) {
  const std::string& name = context.params.at("name");
  std::error_code ec;
  if (!store::is_backup_file_name(name) || !std::filesystem::is_regular_file(backups_dir(deps) / name, ec))
    return error_response(Error::not_found("no backup " + name));
  return file_response(backups_dir(deps) / name, "application/octet-stream", "attachment", name);
}

}  // namespace

void add_backup_routes(Router& router, const ApiDeps& deps) {
  router.add({"GET", "/api/v1/system/backups", true, "system.backup",
              [deps](RequestContext& c) { return list_backups(deps, c); }});
  router.add({"POST", "/api/v1/system/backups", true, "system.backup",
              [deps](RequestContext& c) { return create_backup(deps, c); }});
  router.add({"GET", "/api/v1/system/backups/{name}/file", true, "system.backup",
              [deps](RequestContext& c) { return download_backup(deps, c); }});
}

}  // namespace hotline::http
