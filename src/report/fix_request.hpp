#pragma once
// The fix-request: the versioned document (schemas/fix-request.schema.json) the
// deployment-error-fixer agent reads after a logic failure. Built from the run, with every
// masked value removed and its size bounded.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "git/repository.hpp"
#include "model/run_context.hpp"

namespace bicepgate::report {

inline constexpr const char* kFixRequestSchemaVersion = "1.0";
inline constexpr std::size_t kFixRequestMaxBytes = std::size_t{64} * 1024;

struct FixRequestFacts {
  std::string id;       // the run id
  std::string created;  // ISO 8601
  std::vector<git::ChangedFile> changed_files;
  int attempt = 1;
  std::vector<std::string> protected_files;  // production parameter files
};

// Only logic failures (and unknown ones, treated as logic) get a fix-request.
bool wants_fix_request(const model::RunContext& ctx);

// Pure. The document, redacted and within `max_bytes` (what was cut is listed in "truncated").
nlohmann::json build_fix_request(const model::RunContext& ctx, const FixRequestFacts& facts,
                                 std::size_t max_bytes = kFixRequestMaxBytes);

}  // namespace bicepgate::report
