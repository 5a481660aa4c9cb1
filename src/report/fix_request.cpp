#include "report/fix_request.hpp"

#include "azure/what_if.hpp"
#include "util/time.hpp"

namespace bicepgate::report {
namespace {

using nlohmann::json;

// Every string in the document passes through the mask list.
void redact(json& node, const github::WorkflowCommands& commands) {
  if (node.is_string()) {
    node = commands.redact(node.get<std::string>());
  } else if (node.is_structured()) {
    for (auto& child : node) redact(child, commands);
  }
}

json error_json(const classify::ErrorNode& e, const model::RunContext& ctx) {
  json out = {{"code", e.code}, {"message", e.message}};
  if (!e.file.empty()) {
    out["file"] = ctx.workspace_relative(e.file);
    if (e.line > 0) out["line"] = e.line;
    if (e.column > 0) out["column"] = e.column;
  }
  if (!e.severity.empty()) out["severity"] = e.severity;
  if (e.target.find("/providers/") != std::string::npos) {
    auto [type, name] = azure::type_and_name_of(e.target);
    out["resource_id"] = e.target;
    out["resource_type"] = type;
    out["resource_name"] = name;
  } else if (!e.target.empty()) {
    out["resource_name"] = e.target;
  }
  return out;
}

json errors_of(const model::RunContext& ctx) {
  json errors = json::array();
  // Lint failures: the diagnostics that stop the run (errors, and the warnings the environment's
  // warnings-as-errors fails on); warnings let through are not what the agent must fix.
  // Runtime failures: the classified error tree.
  for (const auto& d : ctx.record.compilation.diagnostics) {
    const bool stops = d.severity == bicep::Severity::kError ||
                       (d.severity == bicep::Severity::kWarning &&
                        ctx.settings.target.warnings_as_errors.fails(d.code));
    if (!stops) continue;
    classify::ErrorNode node;
    node.code = d.code;
    node.message = d.message;
    node.file = d.file;
    node.line = d.line;
    node.column = d.column;
    node.severity = bicep::to_string(d.severity);
    errors.push_back(error_json(node, ctx));
  }
  for (const auto& e : ctx.record.outcome.errors) errors.push_back(error_json(e, ctx));
  if (errors.empty())
    errors.push_back(
        {{"code", ctx.record.outcome.code.empty() ? "NONE:Unclassified" : ctx.record.outcome.code},
         {"message", ctx.record.outcome.message}});
  // An error with no place of its own (a wrapper such as DeploymentFailed) points where the
  // failure does.
  if (!ctx.record.outcome.file.empty()) {
    for (auto& error : errors) {
      if (error.contains("file")) continue;
      error["file"] = ctx.record.outcome.file;
      error["line"] = ctx.record.outcome.line;
      if (ctx.record.outcome.column > 0) error["column"] = ctx.record.outcome.column;
    }
  }
  if (!ctx.record.outcome.hint.empty()) errors[0]["hint"] = ctx.record.outcome.hint;
  return errors;
}

void shorten_strings(json& node, std::size_t limit) {
  if (node.is_string() && node.get<std::string>().size() > limit) {
    node = node.get<std::string>().substr(0, limit) + "…";
  } else if (node.is_structured()) {
    for (auto& child : node) shorten_strings(child, limit);
  }
}

}  // namespace

bool wants_fix_request(const model::RunContext& ctx) {
  // A fault of bicepgate's own is nothing the agent could fix in the template.
  return model::is_failure(ctx.record.machine.current()) &&
         ctx.record.outcome.code != model::kInternalErrorCode &&
         (ctx.record.outcome.failure_class == classify::FailureClass::kLogic ||
          ctx.record.outcome.failure_class == classify::FailureClass::kUnknown);
}

json build_fix_request(const model::RunContext& ctx, const FixRequestFacts& facts,
                       std::size_t max_bytes) {
  const auto& env = ctx.settings.target;
  json pull_request = nullptr;
  if (ctx.event.pull_request) {
    pull_request = {{"number", ctx.event.pull_request->number},
                    {"head", ctx.event.pull_request->head_ref},
                    {"base", ctx.event.pull_request->base_ref}};
  }
  json history = json::array();
  for (const auto& t : ctx.record.machine.history()) {
    history.push_back({{"from", model::to_string(t.from)},
                       {"to", model::to_string(t.to)},
                       {"at", util::format_utc(t.at, "%Y-%m-%dT%H:%M:%SZ")}});
  }
  json changes = json::array();
  for (const auto& c : ctx.record.what_if.changes) {
    if (c.change_type == "NoChange") continue;
    changes.push_back({{"resource_type", c.resource_type},
                       {"resource_name", c.resource_name},
                       {"change_type", c.change_type},
                       {"changed_properties", c.changed_properties()}});
  }
  json files = json::array();
  for (const auto& f : facts.changed_files) {
    json hunks = json::array();
    for (const auto& h : f.hunks) {
      hunks.push_back({{"old_start", h.old_start},
                       {"old_lines", h.old_lines},
                       {"new_start", h.new_start},
                       {"new_lines", h.new_lines}});
    }
    files.push_back({{"path", f.path}, {"status", std::string(1, f.status)}, {"hunks", hunks}});
  }
  std::vector<std::string> must_not_touch = facts.protected_files;
  for (const char* rule :
       {"credentials, secrets and secure parameter values",
        "role assignments (Microsoft.Authorization/*)", "resource deletions or Complete mode",
        ".github/workflows/*", ".github/bicepgate.yml"}) {
    must_not_touch.emplace_back(rule);
  }
  json doc = {
      {"schema_version", kFixRequestSchemaVersion},
      {"id", facts.id},
      {"created", facts.created},
      {"run",
       {{"repository", ctx.event.repository},
        {"sha", ctx.settings.git_sha},
        {"ref", ctx.event.ref},
        {"event", ctx.event.event_name},
        {"pull_request", pull_request},
        {"run_id", ctx.event.run_id},
        {"run_url", ctx.event.run_url()},
        {"workflow", ctx.event.workflow}}},
      {"environment",
       {{"name", env.name},
        {"resource_group", env.resource_group},
        {"location", ctx.location()},
        {"scope", ctx.scope()},
        {"production", env.production}}},
      {"stage", ctx.record.outcome.stage},
      {"failure",
       {{"class", model::class_name(ctx.record.outcome)},
        {"code", ctx.record.outcome.code},
        {"message", ctx.record.outcome.message},
        {"hint", ctx.record.outcome.hint}}},
      {"state_history", history},
      {"errors", errors_of(ctx)},
      {"what_if", {{"counts", ctx.record.what_if.counts}, {"changes", changes}}},
      {"changed_files", files},
      {"files", {{"template", env.template_file}, {"parameters", env.parameters_file}}},
      {"attempt", facts.attempt},
      {"instructions",
       {{"may_change", json::array({env.template_file, "the Bicep modules it uses",
                                    env.production ? std::string("(no parameter files: production)")
                                                   : env.parameters_file})},
        {"must_not_touch", must_not_touch},
        {"notes",
         json::array({"Fix the cause named in errors[0]; keep the change minimal.",
                      "Add the trailer 'Fix-Request-Id: " + facts.id + "' to the fix commit.",
                      "If the fix needs anything in must_not_touch, stop and ask a human."})}}},
      {"truncated", json::array()}};
  redact(doc, ctx.commands);

  // Keep within the bound, cutting what the agent needs least first.
  auto size = [&] { return doc.dump().size(); };
  if (size() > max_bytes) {
    for (auto& f : doc["changed_files"]) f["hunks"] = json::array();
    doc["truncated"].push_back("changed_files[].hunks");
  }
  if (size() > max_bytes) {
    shorten_strings(doc["errors"], 1000);
    shorten_strings(doc["failure"], 1000);
    doc["truncated"].push_back("messages longer than 1000 characters");
  }
  for (const char* list : {"what_if", "changed_files", "errors"}) {
    json& items = std::string(list) == "what_if" ? doc["what_if"]["changes"] : doc[list];
    while (size() > max_bytes && items.size() > 1) {
      std::size_t keep = items.size() / 2;
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(keep), items.end());
      doc["truncated"].push_back(std::string(list) + " cut to " + std::to_string(keep) +
                                 " entries");
    }
  }
  return doc;
}

}  // namespace bicepgate::report
