#pragma once
// stages/: one pair of files per pipeline stage. lint: compile once, annotate every diagnostic.

#include "pipeline/run_context.hpp"

namespace bicepgate::stages {

Status lint(pipeline::RunContext& ctx);

}  // namespace bicepgate::stages
