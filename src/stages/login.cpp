#include "stages/login.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "azure/login.hpp"
#include "stages/failure.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"
#include "util/time.hpp"

namespace bicepgate::stages {
namespace {

// The secret az logs in with, handed over in a 0600 file of the run's private folder and
// passed as `@path`: az replaces an argument value starting with '@' by the file's content
// (azure-cli-core, azure/cli/core/commands/__init__.py, _expand_file_prefixed_files, run on
// every argument before parsing; the same in az 2.45 and 2.7x). On the command line the secret
// would be readable by every process of the machine in /proc/PID/cmdline.
class SecretFile {
 public:
  static Result<SecretFile> write(const std::filesystem::path& folder, const std::string& secret) {
    auto path = folder / ("login-" + util::random_hex(8));
    // az splits "name=value" at the first '=' before looking for the '@'.
    if (path.string().find('=') != std::string::npos) {
      return fail("the run's work folder " + folder.string() +
                      " contains '='; az cannot read a secret file from there (set RUNNER_TEMP "
                      "to a path without '=')",
                  "login.secret_file");
    }
    if (auto ok = util::write_private_file(path, secret); !ok) return fail(ok.error());
    return SecretFile(std::move(path));
  }
  SecretFile(SecretFile&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  SecretFile(const SecretFile&) = delete;
  SecretFile& operator=(const SecretFile&) = delete;
  SecretFile& operator=(SecretFile&&) = delete;
  ~SecretFile() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove(path_, ec);
  }
  std::string argument() const { return "@" + path_.string(); }

 private:
  explicit SecretFile(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

// Input cloud: az's active cloud for the login and every call after it. A name az does not
// know is refused with the names it does; one already active is left as it is.
Status select_cloud(model::RunContext& ctx) {
  const auto& cloud = ctx.settings.login.cloud;
  auto listed = ctx.az.run({"validating_parameters",
                            {"cloud", "list", "--output", "json", "--only-show-errors"},
                            std::chrono::minutes(2)});
  if (!listed || !listed->ok()) return stages::az_failed(ctx, "az cloud list", listed);
  auto clouds = azure::parse_cloud_list(listed->out);
  if (!clouds) return stages::unreadable(ctx, clouds.error());
  if (std::find(clouds->names.begin(), clouds->names.end(), cloud) == clouds->names.end()) {
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
    ctx.record.outcome.hint =
        "Name one of az's clouds, or register a private one first (az cloud register) in the "
        "image or in a step before this one.";
    return fail("input 'cloud' is '" + cloud + "', which az does not know (it knows " +
                    util::join(clouds->names, ", ") + ")",
                "cloud.unknown");
  }
  ctx.record.cloud = cloud;
  if (clouds->active == cloud) return {};
  auto set = ctx.az.run({"validating_parameters",
                         {"cloud", "set", "--name", cloud, "--only-show-errors"},
                         std::chrono::minutes(2)});
  if (!set || !set->ok()) return stages::az_failed(ctx, "az cloud set", set);
  spdlog::info("login: cloud {}", cloud);
  return {};
}

Status log_in(model::RunContext& ctx, bool again) {
  const auto& settings = ctx.settings.login;
  // Masked before anything could print them, whatever happens next.
  // A pretty-printed creds JSON is masked by its secret, not line by line ("{" would hide
  // every brace of the log).
  if (!settings.id_token_request.empty()) ctx.commands.add_mask(settings.id_token_request);
  if (!settings.creds.empty() && settings.creds.find('\n') == std::string::npos)
    ctx.commands.add_mask(settings.creds);
  if (!again && !settings.cloud.empty()) {
    if (auto selected = select_cloud(ctx); !selected) return selected;
  }
  auto plan = azure::plan_login(settings);
  if (!plan) {
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
    ctx.record.outcome.code = plan.error().code;
    ctx.record.outcome.hint =
        "Set inputs client-id, tenant-id and subscription-id with `permissions: id-token: write`, "
        "or input creds; see README, 'Log in to Azure'.";
    return fail(plan.error());
  }
  if (!plan->client_secret.empty()) ctx.commands.add_mask(plan->client_secret);
  if (!plan->warning.empty() && !again) {
    github::Annotation warning;
    warning.level = github::AnnotationLevel::kWarning;
    warning.title = "bicepgate: login";
    warning.message = plan->warning;
    ctx.commands.annotate(warning);
  }
  std::vector<std::string> args;
  std::optional<SecretFile> secret_file;
  auto secret_argument = [&](const std::string& secret) -> Result<std::string> {
    auto file = SecretFile::write(ctx.settings.work_dir, secret);
    if (!file) {
      ctx.record.outcome.failure_class = classify::FailureClass::kEnvironmental;
      ctx.record.outcome.code = file.error().code;
      return fail(file.error());
    }
    secret_file.emplace(std::move(*file));
    return secret_file->argument();
  };
  switch (plan->kind) {
    case azure::LoginPlan::Kind::kExisting: break;
    case azure::LoginPlan::Kind::kOidc: {
      auto token = azure::request_id_token(
          settings, azure::federated_audience(settings.cloud, settings.audience));
      if (!token) {
        const bool transient = token.error().code == "oidc.transient";
        ctx.record.outcome.failure_class = transient ? classify::FailureClass::kEnvironmental
                                                     : classify::FailureClass::kConfiguration;
        ctx.record.outcome.retryable = transient;
        ctx.record.outcome.code = token.error().code;
        return fail(token.error());
      }
      ctx.commands.add_mask(*token);
      auto from_file = secret_argument(*token);
      if (!from_file) return fail(from_file.error());
      args = {"login",         "--service-principal", "--username", plan->client_id, "--tenant",
              plan->tenant_id, "--federated-token",   *from_file,   "--output",      "none"};
      break;
    }
    case azure::LoginPlan::Kind::kSecret: {
      auto from_file = secret_argument(plan->client_secret);
      if (!from_file) return fail(from_file.error());
      args = {"login",         "--service-principal", "--username", plan->client_id, "--tenant",
              plan->tenant_id, "--password",          *from_file,   "--output",      "none"};
      break;
    }
  }
  if (!args.empty()) {
    auto done = ctx.az.run({"validating_parameters", args, std::chrono::minutes(5)});
    secret_file.reset();  // az has read it
    if (!done || !done->ok()) return stages::az_failed(ctx, "az login", done);
    spdlog::info("login: service principal {} ({}){}", plan->client_id,
                 plan->kind == azure::LoginPlan::Kind::kOidc ? "OpenID Connect" : "creds",
                 again ? ", again" : "");
    ctx.login = {true, ctx.now()};
  }
  if (!plan->subscription_id.empty()) {
    auto set = ctx.az.run({"validating_parameters",
                           {"account", "set", "--subscription", plan->subscription_id},
                           std::chrono::minutes(2)});
    if (!set || !set->ok()) return stages::az_failed(ctx, "az account set", set);
  }
  return {};
}

}  // namespace

Status login(model::RunContext& ctx) {
  return log_in(ctx, false);
}

bool expired_login(const model::RunOutcome& outcome) {
  return outcome.code == "AADSTS700024" || outcome.code == "ExpiredAuthenticationToken";
}

Status renew_login_if_due(model::RunContext& ctx, const std::string& stage,
                          const std::string& expired_code) {
  if (!ctx.login.renewable) return {};
  const auto age = ctx.now() - ctx.login.at;
  const bool old = ctx.settings.relogin_after.count() > 0 && age >= ctx.settings.relogin_after;
  if (expired_code.empty() && !old) return {};
  model::Relogin relogin{stage, expired_code.empty() ? "age" : expired_code, false};
  spdlog::info(
      "login: {} before {}; logging in again",
      expired_code.empty()
          ? "the login is " +
                util::format_minutes(std::chrono::duration_cast<std::chrono::milliseconds>(age)) +
                " old"
          : "the login expired (" + expired_code + ")",
      stage);
  auto done = log_in(ctx, true);
  relogin.ok = static_cast<bool>(done);
  ctx.record.relogins.push_back(relogin);
  return done;
}

}  // namespace bicepgate::stages
