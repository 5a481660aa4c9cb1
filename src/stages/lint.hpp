#pragma once
// stages/: one pair of files per pipeline stage. lint: compile once, annotate every diagnostic.

#include "model/run_context.hpp"

namespace bicepgate::stages {

Status lint(model::RunContext& ctx);

// Pure: the error that decides a failed compile (the first, as Bicep orders them), or null.
const bicep::Diagnostic* decisive_error(const std::vector<bicep::Diagnostic>& diagnostics);

// Pure: the warnings among `diagnostics` that the environment's warnings-as-errors fails on.
std::vector<const bicep::Diagnostic*> failing_warnings(
    const std::vector<bicep::Diagnostic>& diagnostics, const routing::WarningsAsErrors& policy);

}  // namespace bicepgate::stages
