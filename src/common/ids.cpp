#include "common/ids.hpp"

#include "common/hash.hpp"

namespace hotline {

std::string new_uuid() {
  std::string h = random_hex(16);
  h[12] = '4';                                       // version 4
  h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) & 3];  // RFC 4122 variant
  return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) + '-' +
         h.substr(20);
}

}  // namespace hotline
