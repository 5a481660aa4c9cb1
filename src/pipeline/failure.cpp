#include "pipeline/failure.hpp"

#include <spdlog/spdlog.h>

#include "azure/what_if.hpp"
#include "bicep/source_locator.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

namespace bicepgate::pipeline {
namespace {

// Every error that names a resource id points at the resource's declaration in the template;
// the failure's own source line is the first of them.
void point_at_source(RunContext& ctx) {
  const auto& template_file = ctx.settings.target.template_file;
  auto source = util::read_file(ctx.in_workspace(template_file));
  if (!source) return;
  const auto relative = ctx.workspace_relative(template_file);
  for (auto& error : ctx.outcome.errors) {
    if (!error.file.empty() || error.target.find("/providers/") == std::string::npos) continue;
    auto [type, name] = azure::type_and_name_of(error.target);
    auto at = bicep::locate_resource(*source, type);
    if (!at) continue;
    error.file = relative;
    error.line = at->line;
    error.column = at->column;
    if (ctx.outcome.file.empty()) {
      ctx.outcome.file = relative;
      ctx.outcome.line = at->line;
      ctx.outcome.column = at->column;
    }
  }
}

}  // namespace

Status unreadable(RunContext& ctx, const Error& error) {
  ctx.outcome.failure_class = "unknown";
  ctx.outcome.code = error.code;
  return fail(error);
}

Status az_failed(RunContext& ctx, const std::string& what, const Result<azure::AzResult>& result) {
  auto& out = ctx.outcome;
  if (!result) {
    const auto& error = result.error();
    out.code = "NONE:" + error.code;
    if (error.code == "az.spawn") {
      out.failure_class = "configuration";
      out.hint =
          "Install the Azure CLI (az) or put it on PATH; the bicepgate container image has it.";
    } else {
      // Timeouts and signals: the platform was slow or the runner is stopping.
      out.failure_class = "environmental";
      out.retryable = error.code == "az.timeout";
      out.hint = "az did not finish; the stage is retried when retries remain.";
    }
    return fail(what + ": " + error.message, error.code);
  }
  auto verdict = classify::classify(result->err.empty() ? result->out : result->err, ctx.rules);
  // az's own words, whole and unchanged but for masks, for whoever reads the log; between
  // ::stop-commands:: markers, as they quote outside text that may look like commands.
  if (auto said = util::trim(result->err); !said.empty()) {
    constexpr std::size_t kShown = 64 * 1024;
    spdlog::info("{}: az exited with {}; its error output follows", what, result->exit_code);
    ctx.commands.log_raw(
        said.size() > kShown ? util::valid_utf8(said.substr(0, kShown)) + "\n[… cut]" : said);
  }
  out.failure_class = classify::to_string(verdict.failure_class);
  out.retryable =
      verdict.retryable && verdict.failure_class == classify::FailureClass::kEnvironmental;
  out.code = verdict.code;
  out.hint = verdict.hint;
  out.retry_after_seconds = verdict.retry_after_seconds;
  out.errors = verdict.errors;
  std::string detail =
      verdict.primary != nullptr ? verdict.primary->message : util::trim(result->err);
  if (detail.size() > 1500) detail = detail.substr(0, 1500) + "…";
  point_at_source(ctx);
  return fail(what + " failed with " + verdict.code + " (" + out.failure_class +
                  "): " + ctx.commands.redact(detail),
              verdict.code);
}

}  // namespace bicepgate::pipeline
