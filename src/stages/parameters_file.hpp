#pragma once
// stages/parameters_file: part of validating parameters. An ARM parameters file (.json) must
// read as az reads it (util/jsonc) before any az call: its secure values are masked from it,
// and a file az cannot read would otherwise fail later as an unknown what-if error.

#include "model/run_context.hpp"

namespace bicepgate::stages {

// A configuration failure (code parameters.invalid_json) naming file:line:column and what was
// expected. A .bicepparam file the compiler reads, but its `using` must name the template given
// (code parameters.using_mismatch), or the compiled template would silently replace it.
Status check_parameters_file(model::RunContext& ctx);

// After lint, before az: every name the overrides and a .json parameters file give must be a
// parameter the compiled template declares. One that is not is a configuration failure (code
// parameters.undeclared, no fix-request: the agent may not touch a workflow's inputs) naming
// it, the closest declared name and all of them, rather than az's "unrecognized template
// parameter" or ARM's InvalidTemplate after a login and an upload.
Status check_parameter_names(model::RunContext& ctx);

}  // namespace bicepgate::stages
