// Where a flow's prompt files are (IVR-11): a path as written in a flow's "file" item is looked up
// in the tenant's prompts, DATA/prompts/<tenant id>/PATH, then in the prompts every tenant shares,
// DATA/prompts/PATH; an absolute path is taken as it is. Publishing refuses a flow whose prompt
// is none of these ("unknown prompt file"), and calls play the file found.
//
// Thread: any.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "store/records.hpp"

namespace hotline::ivr {

using PromptResolver = std::function<std::optional<std::string>(std::string_view prompt)>;

// The file to play for `prompt`, or nothing when there is none (or the path climbs out of the
// prompts folder with "..").
std::optional<std::string> find_prompt(const std::filesystem::path& data_dir, store::TenantId tenant,
                                       std::string_view prompt);

PromptResolver prompt_resolver(std::filesystem::path data_dir, store::TenantId tenant);

}  // namespace hotline::ivr
