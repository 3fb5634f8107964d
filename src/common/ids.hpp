// Identifiers for calls and legs: random UUIDv4 strings, unique across restarts and nodes.
#pragma once

#include <string>

namespace hotline {

std::string new_uuid();

}  // namespace hotline
