#include "audit/trail.hpp"

#include <spdlog/spdlog.h>

#include "util/files.hpp"
#include "util/strings.hpp"

namespace bicepgate::audit {
namespace {

nlohmann::json event_json(const AuditEvent& e) {
  nlohmann::json out = {{"at", e.at}, {"kind", e.kind}};
  if (e.kind == "transition") {
    out["from"] = e.from_state;
    out["to"] = e.to_state;
  } else {
    out["argv"] = e.argv;
    out["exit_code"] = e.exit_code;
    out["duration_ms"] = e.duration_ms;
  }
  if (!e.note.empty()) out["note"] = e.note;
  return out;
}

std::string compact(const std::string& iso) {
  std::string out;
  for (char c : iso) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) out += c;
  }
  return out;
}

}  // namespace

std::vector<std::string> redact_arguments(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    out.push_back(args[i]);
    if ((args[i] == "--federated-token" || args[i] == "--password" || args[i] == "-p" ||
         args[i] == "--client-secret") &&
        i + 1 < args.size()) {
      out.emplace_back("<redacted>");
      ++i;
    } else if (args[i] == "--parameters" && i + 1 < args.size()) {
      const auto& value = args[++i];
      auto eq = value.find('=');
      out.push_back(eq == std::string::npos ? value : value.substr(0, eq + 1) + "<redacted>");
    }
  }
  return out;
}

Trail Trail::open(const Location& where, DeploymentRecord record) {
  if (record.started.empty()) record.started = now_iso8601();
  record.final_state = "running";
  auto store = Store::open(where.db);
  std::string problem;
  if (!store) {
    problem = store.error().message;
  } else if (auto ok = store->begin(record); !ok) {
    problem = ok.error().message;
  }
  std::optional<Store> usable;
  if (problem.empty()) usable = std::move(*store);
  Trail trail(std::move(usable), where, std::move(record));
  trail.database_problem_ = problem;
  return trail;
}

void Trail::transition(const model::Transition& t) {
  AuditEvent e;
  e.at = now_iso8601();
  e.kind = "transition";
  e.from_state = model::to_string(t.from);
  e.to_state = model::to_string(t.to);
  e.note = t.note.size() > 2000 ? t.note.substr(0, 2000) : t.note;
  events_.push_back(event_json(e));
  if (!store_) return;
  if (auto ok = store_->add_event(record_.id, e); !ok)
    spdlog::warn("audit: {}", ok.error().message);
}

void Trail::az_call(const azure::AzCallRecord& call) {
  AuditEvent e;
  e.at = now_iso8601();
  e.kind = "az";
  e.argv = redact_arguments(call.call.args);
  e.exit_code = call.exit_code;
  e.duration_ms = call.duration.count();
  e.note = call.call.stage + (call.failure.empty() ? "" : ": " + call.failure);
  events_.push_back(event_json(e));
  if (!store_) return;
  if (auto ok = store_->add_event(record_.id, e); !ok)
    spdlog::warn("audit: {}", ok.error().message);
}

nlohmann::json Trail::document(const github::WorkflowCommands& commands) const {
  auto doc = to_json(record_);
  doc["events"] = events_;
  commands.redact(doc);
  return doc;
}

Result<std::filesystem::path> Trail::write_json(const nlohmann::json& extra,
                                                const github::WorkflowCommands* commands) {
  auto doc = to_json(record_);
  doc["events"] = events_;
  for (const auto& [key, value] : extra.items()) doc[key] = value;
  if (commands != nullptr) commands->redact(doc);
  auto path =
      where_.dir / "runs" / (compact(record_.started) + "-" + record_.id.substr(0, 12) + ".json");
  if (auto ok = util::write_file_atomic(path, doc.dump(2) + "\n"); !ok) return fail(ok.error());
  return path;
}

Result<std::filesystem::path> Trail::finish(const model::RunSettings& settings,
                                            const model::RunRecord& run,
                                            const github::WorkflowCommands& commands) {
  record_.finished = now_iso8601();
  record_.final_state = model::to_string(run.machine.current());
  record_.failure_class = model::class_name(run.outcome);
  record_.failure_code = run.outcome.code;
  record_.message = commands.redact(run.outcome.message);
  record_.deployment_name = run.deployment_name;
  auto dash = run.deployment_name.rfind('-');
  record_.content_hash = dash == std::string::npos ? "" : run.deployment_name.substr(dash + 1);
  record_.resource_group = settings.target.resource_group;
  record_.template_file = settings.target.template_file;
  record_.parameters_file = settings.target.parameters_file;
  nlohmann::json outputs = nlohmann::json::object();
  nlohmann::json withheld = nlohmann::json::array();
  nlohmann::json masked = nlohmann::json::array();  // input masked-outputs: named, never valued
  for (const auto& [name, output] : run.deployment.outputs) {
    if (output.withheld) withheld.push_back(name);
    if (output.masked) masked.push_back(name);
    if (!output.secure && !output.withheld && !output.masked) outputs[name] = output.value;
  }
  nlohmann::json retries = nlohmann::json::array();
  for (const auto& r : run.retries) {
    retries.push_back({{"stage", r.stage},
                       {"attempt", r.attempt},
                       {"code", r.code},
                       {"delay_ms", r.delay.count()}});
  }
  nlohmann::json relogins = nlohmann::json::array();
  for (const auto& r : run.relogins)
    relogins.push_back({{"stage", r.stage}, {"reason", r.reason}, {"ok", r.ok}});
  record_.details = {{"what_if", run.what_if.counts},
                     {"destructive_changes", run.destructive.size()},
                     {"unmanaged_resources", run.unmanaged.size()},
                     {"outputs", outputs},
                     {"withheld_outputs", withheld},
                     {"masked_outputs", masked},
                     // What input what-if-exclude-change-types hid from the reports; what_if
                     // above counts every change.
                     {"what_if_hidden", run.shown_what_if().hidden},
                     {"retries", retries},
                     {"relogins", relogins},
                     {"az_version", run.az_version},
                     {"cloud", run.cloud},
                     {"region_warnings", run.region_warnings},
                     {"hint", run.outcome.hint},
                     {"plan_only", settings.plan_only},
                     // Where it deployed: the template's targetScope once lint read it.
                     {"scope", run.scope.empty() ? settings.target.scope : run.scope}};
  if (!settings.target.management_group.empty())
    record_.details["management_group"] = settings.target.management_group;
  // Previews are part of this run's record, not records of their own: they write nothing, and a
  // record for prod would read as a deployment there to whoever lists prod's history. Their az
  // calls are in `events`, their stage named "preview <environment>: …".
  if (!run.previews.empty()) record_.details["previews"] = model::previews_json(run.previews);
  // A stack environment: the stack, and what its update deleted and detached.
  if (settings.target.stack) {
    record_.details["type"] = "stack";
    if (run.stack) record_.details["stack"] = azure::stack_json(*run.stack);
  }
  // What ARM redeployed after the deployment failed: the failure above stays the run's.
  if (run.rollback.requested) record_.details["rollback"] = model::rollback_json(run.rollback);
  // A drift check deploys nothing: what it compared with, what it found, and the issue.
  if (settings.drift) {
    record_.details["drift"] = {
        {"checked", run.drift.checked},    {"drift", run.drift.drift},
        {"baseline", run.drift.baseline},  {"fingerprint", run.drift.fingerprint},
        {"issue", run.drift.issue_action}, {"issue_number", run.drift.issue_number}};
  }
  // The database row gets the same redaction as the JSON record (write_json).
  commands.redact(record_.details);
  nlohmann::json resources = nlohmann::json::array();
  for (const auto& h : run.health) {
    ResourceHealth r{commands.redact(h.target), h.kind,
                     !h.checked  ? "unchecked"
                     : h.healthy ? "healthy"
                                 : "unhealthy",
                     commands.redact(h.detail)};
    if (h.kind == "resource") r.type = azure::type_and_name_of(h.target).first;
    resources.push_back(to_json(r));
    if (!store_) continue;
    if (auto ok = store_->add_resource(record_.id, r); !ok)
      spdlog::warn("audit: {}", ok.error().message);
  }
  // The JSON record is written even when the database refuses the row.
  // Every change, since the job summary and the PR comment may have to leave some out.
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : run.what_if.changes) {
    changes.push_back({{"resource_id", c.resource_id},
                       {"change_type", c.change_type},
                       {"changed_properties", c.changed_properties()}});
  }
  auto json = write_json({{"resources", resources}, {"what_if_changes", changes}}, &commands);
  if (store_) {
    if (auto ok = store_->finish(record_); !ok) return fail(ok.error());
  }
  return json;
}

Result<std::filesystem::path> Trail::finish_early(const std::string& state,
                                                  const std::string& failure_class,
                                                  const std::string& message) {
  record_.finished = now_iso8601();
  record_.final_state = state;
  record_.failure_class = failure_class;
  record_.message = message;
  auto json = write_json(nlohmann::json::object());
  if (store_) {
    if (auto ok = store_->finish(record_); !ok) return fail(ok.error());
  }
  return json;
}

DeploymentRecord new_record(const github::EventContext& event, const std::string& git_sha,
                            const std::string& environment) {
  DeploymentRecord record;
  record.id = util::random_hex(16);
  record.git_sha = git_sha;
  record.ref = event.ref;
  record.environment = environment;
  record.started = now_iso8601();
  record.details = {
      {"event", event.event_name}, {"run_url", event.run_url()}, {"actor", event.actor}};
  return record;
}

}  // namespace bicepgate::audit
