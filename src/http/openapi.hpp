// The OpenAPI 3.1 description of /api/v1. The source of truth is src/http/openapi.json, which the
// build embeds into the binary (embed_file.cmake → openapi_embedded.cpp in the build directory).
#pragma once

#include <string_view>

namespace hotline::http {

// The text of src/http/openapi.json as it was at build time.
std::string_view openapi_json();

}  // namespace hotline::http
