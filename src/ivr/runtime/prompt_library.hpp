// PromptLibrary: the prompt files flows play (IVR-11), as the administration console manages them.
// A tenant's own prompts are the files DATA/prompts/<tenant id>/NAME.wav, stored at 8 kHz mono
// 16-bit from an upload or from text-to-speech; the files elsewhere under DATA/prompts are shared
// by every tenant and read-only here. find_prompt (prompt_files.hpp) resolves a flow's file the
// same way, the tenant's first, so a tenant's prompt shadows a shared one of the same name.
//
// Thread: any (it reads and writes files only; replacing a file is atomic).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/store.hpp"

namespace hotline::ivr {

struct PromptFileInfo {
  std::string name;  // as a flow names it: "welcome.wav", or a shared file's path under DATA/prompts
  bool shared = false;
  std::int64_t duration_ms = 0;  // 0 when the file cannot be read as audio
  std::uintmax_t size_bytes = 0;
  UnixMs modified_at = 0;
};

class PromptLibrary {
 public:
  explicit PromptLibrary(std::filesystem::path data_dir);

  // The tenant's prompts by name, then the shared ones by path.
  std::vector<PromptFileInfo> list(store::TenantId tenant) const;
  // The tenant's prompt file `name`; NotFound when it has none (shared files are not the tenant's).
  Result<std::filesystem::path> file(store::TenantId tenant, std::string_view name) const;
  // Stores 8 kHz mono samples as the tenant's prompt `name`, replacing one of that name.
  Result<PromptFileInfo> save(store::TenantId tenant, std::string_view name,
                              std::span<const std::int16_t> samples) const;
  Status remove(store::TenantId tenant, std::string_view name) const;
  // The names of the tenant's flows whose published version plays the tenant's prompt `name`.
  std::vector<std::string> flows_using(store::Store& store, store::TenantId tenant,
                                       std::string_view name) const;

 private:
  std::filesystem::path tenant_dir(store::TenantId tenant) const;

  std::filesystem::path prompts_dir_;
  std::filesystem::path data_dir_;
};

}  // namespace hotline::ivr
