#include "stages/parameters_file.hpp"

#include "util/files.hpp"
#include "util/jsonc.hpp"

namespace bicepgate::stages {

Status check_parameters_file(pipeline::RunContext& ctx) {
  const auto& name = ctx.settings.target.parameters_file;
  if (name.empty() || ctx.in_workspace(name).extension() != ".json") return {};
  auto text = util::read_file(ctx.in_workspace(name));
  if (!text) {
    ctx.outcome.failure_class = "configuration";
    return fail("parameters file " + name + " cannot be read (" + text.error().message +
                    "); its secure values cannot be masked, so nothing runs",
                "parameters.unreadable");
  }
  auto parsed = util::parse_jsonc(*text, name);
  if (parsed) return {};
  ctx.outcome.failure_class = "configuration";
  ctx.outcome.file = name;
  ctx.outcome.line = parsed.error().line;
  ctx.outcome.column = parsed.error().column;
  return fail(parsed.error().message +
                  " (az reads JSON with comments and, without true/false/null, trailing "
                  "commas; nothing else). Its secure values cannot be masked, so nothing runs",
              "parameters.invalid_json");
}

}  // namespace bicepgate::stages
