#include "ivr/runtime/prompt_library.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>

#include "ivr/flow_compiler.hpp"
#include "ivr/runtime/prompt_files.hpp"
#include "media/audio/wav_import.hpp"

namespace hotline::ivr {
namespace {

using media::audio::check_audio_file_name;

namespace fs = std::filesystem;

bool is_tenant_folder(const fs::path& name) {
  const std::string text = name.string();
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

UnixMs modified_ms(const fs::path& path) {
  std::error_code ec;
  auto written = fs::last_write_time(path, ec);
  if (ec) return 0;
  auto system = std::chrono::file_clock::to_sys(written);
  return std::chrono::duration_cast<std::chrono::milliseconds>(system.time_since_epoch()).count();
}

PromptFileInfo describe(const fs::path& path, std::string name, bool shared) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  auto duration = media::audio::audio_duration_ms(path);
  return {std::move(name), shared, duration ? *duration : 0, ec ? 0 : size, modified_ms(path)};
}

bool is_wav(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".wav";
}

void list_shared(const fs::path& prompts, std::vector<PromptFileInfo>& out) {
  std::error_code ec;
  std::vector<PromptFileInfo> shared;
  for (auto it = fs::recursive_directory_iterator(prompts, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it.depth() == 0 && it->is_directory() && is_tenant_folder(it->path().filename())) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && is_wav(it->path()))
      shared.push_back(describe(it->path(), it->path().lexically_relative(prompts).string(), true));
  }
  std::sort(shared.begin(), shared.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  out.insert(out.end(), shared.begin(), shared.end());
}

}  // namespace

PromptLibrary::PromptLibrary(fs::path data_dir)
    : prompts_dir_(data_dir / "prompts"), data_dir_(std::move(data_dir)) {}

fs::path PromptLibrary::tenant_dir(store::TenantId tenant) const {
  return prompts_dir_ / std::to_string(tenant);
}

std::vector<PromptFileInfo> PromptLibrary::list(store::TenantId tenant) const {
  std::vector<PromptFileInfo> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(tenant_dir(tenant), ec)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && check_audio_file_name(name, "name"))
      out.push_back(describe(entry.path(), name, false));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  list_shared(prompts_dir_, out);
  return out;
}

Result<fs::path> PromptLibrary::file(store::TenantId tenant, std::string_view name) const {
  fs::path path = tenant_dir(tenant) / std::string(name);
  std::error_code ec;
  if (!check_audio_file_name(name, "name") || !fs::is_regular_file(path, ec))
    return Error::not_found("no prompt " + std::string(name));
  return path;
}

Result<PromptFileInfo> PromptLibrary::save(store::TenantId tenant, std::string_view name,
                                           std::span<const std::int16_t> samples) const {
  if (auto valid = check_audio_file_name(name, "name"); !valid) return valid.error();
  fs::path path = tenant_dir(tenant) / std::string(name);
  if (auto written = media::audio::write_wav_atomically(path, samples); !written) return written.error();
  return describe(path, std::string(name), false);
}

Status PromptLibrary::remove(store::TenantId tenant, std::string_view name) const {
  auto path = file(tenant, name);
  if (!path) return path.error();
  std::error_code ec;
  if (!fs::remove(*path, ec) && ec)
    return Error::unavailable("cannot delete " + path->string() + ": " + ec.message());
  return ok_status();
}

std::vector<std::string> PromptLibrary::flows_using(store::Store& store, store::TenantId tenant,
                                                    std::string_view name) const {
  auto path = file(tenant, name);
  if (!path) return {};
  const std::string target = fs::absolute(*path).lexically_normal().string();
  std::vector<std::string> users;
  for (const auto& flow : store.flows().list(tenant)) {
    if (!flow.published_version) continue;
    auto version = store.flows().version(tenant, flow.id, *flow.published_version);
    if (!version) continue;
    bool uses = false;
    CompileOptions options;
    options.resolve_prompt = [&](std::string_view prompt) {
      auto found = find_prompt(data_dir_, tenant, prompt);
      if (found && *found == target) uses = true;
      return found ? found : std::optional<std::string>(std::string(prompt));
    };
    compile_flow(version->definition, options);
    if (uses) users.push_back(flow.name);
  }
  return users;
}

}  // namespace hotline::ivr
