#pragma once
// drift: what-if of the environment's last successful deployment (the template and parameters
// ARM kept of it) against Azure now; any change the noise filter leaves is drift. Writes
// nothing to Azure.

#include "model/run_context.hpp"

namespace bicepgate::stages {

inline constexpr const char* kNoBaselineCode = "drift.no-deployment";

Status detect_drift(model::RunContext& ctx);

}  // namespace bicepgate::stages
