#include "pbx/feature_codes.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace hotline::pbx {
namespace {

constexpr std::array<SupervisionMode, 4> kModes = {SupervisionMode::Listen, SupervisionMode::Whisper,
                                                   SupervisionMode::Barge, SupervisionMode::TakeOver};

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

std::optional<SupervisionRequest> parse_supervision_code(std::string_view dialled) {
  if (dialled.size() < 3 || dialled[0] != '*' || dialled[1] < '1' || dialled[1] > '4') return std::nullopt;
  std::string_view extension = dialled.substr(2);
  if (!all_digits(extension)) return std::nullopt;
  return SupervisionRequest{kModes[static_cast<std::size_t>(dialled[1] - '1')], std::string(extension)};
}

std::optional<std::string> parse_pickup_code(std::string_view dialled) {
  if (dialled.size() < 3 || !dialled.starts_with("*8") || !all_digits(dialled.substr(2))) return std::nullopt;
  return std::string(dialled.substr(2));
}

std::optional<int> parse_park_slot(std::string_view name) {
  constexpr std::size_t kMaxSlotDigits = 4;
  if (!all_digits(name) || name.size() > kMaxSlotDigits || name[0] == '0') return std::nullopt;
  int slot = 0;
  for (char c : name) slot = slot * 10 + (c - '0');
  return slot;
}

std::optional<int> parse_park_retrieve_code(std::string_view dialled) {
  if (!dialled.starts_with("*7")) return std::nullopt;
  return parse_park_slot(dialled.substr(2));
}

std::optional<bool> parse_dnd_code(std::string_view dialled) {
  if (dialled == "*51") return true;
  if (dialled == "*50") return false;
  return std::nullopt;
}

std::string supervision_service_name(const SupervisionRequest& request) {
  return std::string(to_string(request.mode)) + ":" + request.extension;
}

std::optional<SupervisionRequest> parse_supervision_service_name(std::string_view name) {
  auto colon = name.find(':');
  if (colon == std::string_view::npos || !all_digits(name.substr(colon + 1))) return std::nullopt;
  for (auto mode : kModes) {
    if (name.substr(0, colon) == to_string(mode))
      return SupervisionRequest{mode, std::string(name.substr(colon + 1))};
  }
  return std::nullopt;
}

std::string_view to_string(SupervisionMode mode) {
  switch (mode) {
    case SupervisionMode::Whisper:
      return "whisper";
    case SupervisionMode::Barge:
      return "barge";
    case SupervisionMode::TakeOver:
      return "take_over";
    case SupervisionMode::Listen:
      break;
  }
  return "listen";
}

std::string_view supervision_capability(SupervisionMode mode) {
  switch (mode) {
    case SupervisionMode::Whisper:
      return "calls.whisper";
    case SupervisionMode::Barge:
    case SupervisionMode::TakeOver:  // as intrusive: the agent is cut off
      return "calls.barge";
    case SupervisionMode::Listen:
      break;
  }
  return "calls.listen";
}

bool may_supervise(const DialPrivileges& privileges, SupervisionMode mode) {
  switch (mode) {
    case SupervisionMode::Whisper:
      return privileges.whisper;
    case SupervisionMode::Barge:
    case SupervisionMode::TakeOver:
      return privileges.barge;
    case SupervisionMode::Listen:
      break;
  }
  return privileges.listen;
}

}  // namespace hotline::pbx
