#include "pbx/toll_rules.hpp"

#include <algorithm>

namespace hotline::pbx {
namespace {

constexpr std::string_view kInternational = "calls.dial.international";
constexpr std::string_view kPremium = "calls.dial.premium";

std::vector<std::string> split_prefixes(std::string_view csv) {
  std::vector<std::string> out;
  while (!csv.empty()) {
    auto comma = std::min(csv.find(','), csv.size());
    if (comma > 0) out.emplace_back(csv.substr(0, comma));
    csv.remove_prefix(std::min(comma + 1, csv.size()));
  }
  return out;
}

bool starts_with_any(const std::vector<std::string>& prefixes, std::string_view dialled) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& prefix) { return dialled.starts_with(prefix); });
}

}  // namespace

TollPrefixes toll_prefixes_of(const store::Tenant& tenant) {
  return {split_prefixes(tenant.international_prefixes), split_prefixes(tenant.premium_prefixes)};
}

TollClass toll_class(const TollPrefixes& prefixes, std::string_view dialled) {
  if (starts_with_any(prefixes.premium, dialled)) return TollClass::Premium;
  if (starts_with_any(prefixes.international, dialled)) return TollClass::International;
  return TollClass::Ordinary;
}

std::string_view toll_capability(TollClass toll) {
  switch (toll) {
    case TollClass::International:
      return kInternational;
    case TollClass::Premium:
      return kPremium;
    case TollClass::Ordinary:
      break;
  }
  return {};
}

std::string_view to_string(TollClass toll) {
  switch (toll) {
    case TollClass::International:
      return "international";
    case TollClass::Premium:
      return "premium";
    case TollClass::Ordinary:
      break;
  }
  return "ordinary";
}

bool may_dial(const DialPrivileges& privileges, TollClass toll) {
  switch (toll) {
    case TollClass::International:
      return privileges.international;
    case TollClass::Premium:
      return privileges.premium;
    case TollClass::Ordinary:
      break;
  }
  return true;
}

}  // namespace hotline::pbx
