// Publishing a flow (IVR-3): the definition is compiled — every error found is reported — and,
// only when it is valid, stored as the flow's draft and its next immutable version at once. Used
// by the API and the CLI alike.
//
// Thread: any (the store is thread-safe).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ivr/flow_compiler.hpp"
#include "store/store.hpp"

namespace hotline::ivr {

struct Publication {
  std::int64_t version = 0;   // set when published
  std::vector<Error> errors;  // what keeps the definition from compiling; nothing was stored
};

// A store failure (NotFound for another tenant's flow) is the Result's error.
Result<Publication> publish_flow(store::Store& store, store::TenantId tenant, std::int64_t flow_id,
                                 const std::string& definition, const std::string& published_by, UnixMs at,
                                 const CompileOptions& options = {});

}  // namespace hotline::ivr
