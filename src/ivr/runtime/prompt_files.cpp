#include "ivr/runtime/prompt_files.hpp"

#include <system_error>

namespace hotline::ivr {
namespace {

namespace fs = std::filesystem;

bool is_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

}  // namespace

std::optional<std::string> find_prompt(const fs::path& data_dir, store::TenantId tenant,
                                       std::string_view prompt) {
  fs::path path(prompt);
  if (prompt.empty()) return std::nullopt;
  if (path.is_absolute()) return is_file(path) ? std::optional(path.string()) : std::nullopt;
  for (const auto& part : path) {
    if (part == "..") return std::nullopt;
  }
  fs::path prompts = fs::absolute(data_dir / "prompts");
  for (const fs::path& candidate : {prompts / std::to_string(tenant) / path, prompts / path}) {
    if (is_file(candidate)) return candidate.lexically_normal().string();
  }
  return std::nullopt;
}

PromptResolver prompt_resolver(fs::path data_dir, store::TenantId tenant) {
  return [data_dir = std::move(data_dir), tenant](std::string_view prompt) {
    return find_prompt(data_dir, tenant, prompt);
  };
}

}  // namespace hotline::ivr
