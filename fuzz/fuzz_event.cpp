// Fuzz target: the event context (GITHUB_* variables and the event payload) and the inputs
// (INPUT_* with YAML 1.2 booleans, numbers and lists). The first bytes choose the event name,
// the ref and an input value; the rest is the payload, which is also read as az reads a
// parameters file (util/jsonc).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "github/event_context.hpp"
#include "github/inputs.hpp"
#include "util/jsonc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::array<const char*, 6> kEvents = {
      "push", "pull_request", "pull_request_target", "workflow_dispatch", "schedule", ""};
  static const std::array<const char*, 5> kRefs = {"refs/heads/main", "refs/pull/7/merge",
                                                   "refs/tags/v1.0", "refs/heads/", ""};
  if (size < 3) return 0;
  bicepgate::github::EnvironmentMap env;
  env["GITHUB_EVENT_NAME"] = kEvents[data[0] % kEvents.size()];
  env["GITHUB_REF"] = kRefs[data[1] % kRefs.size()];
  env["GITHUB_REPOSITORY"] = "contoso/platform";
  std::size_t value_size = std::min<std::size_t>(data[2] % 32, size - 3);
  std::string value(reinterpret_cast<const char*>(data + 3), value_size);
  std::string payload(reinterpret_cast<const char*>(data + 3 + value_size), size - 3 - value_size);
  env["INPUT_ALLOW-WARNINGS"] = value;
  env["INPUT_MAX-RETRIES"] = value;
  env["INPUT_PARAMETER-OVERRIDES"] = value;
  auto context = bicepgate::github::parse_event_context(env, payload);
  if (context) {
    (void)context->is_pull_request_event();
    (void)context->run_url();
  }
  bicepgate::github::Inputs inputs(env);
  (void)inputs.get_bool("allow-warnings", false);
  (void)inputs.get_int("max-retries", 4, 0, 20);
  (void)inputs.get_list("parameter-overrides");
  // What parse_jsonc accepts, jsonc_to_json turns into JSON any parser reads the same.
  if (auto doc = bicepgate::util::parse_jsonc(payload, "fuzz.json"); doc) {
    auto json = bicepgate::util::jsonc_to_json(payload);
    if (!json || nlohmann::json::parse(*json) != *doc) __builtin_trap();
  }
  return 0;
}
