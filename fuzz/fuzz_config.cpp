// Fuzz target: the YAML loaders (the routing config, then a route decision for a fixed pull
// request; the region table; the what-if noise list).
#include <cstddef>
#include <cstdint>
#include <string>

#include "azure/regions.hpp"
#include "azure/what_if_noise.hpp"
#include "routing/router.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto config = bicepgate::routing::parse_config(text, "fuzz.yml");
  if (config) {
    bicepgate::github::EventContext event;
    event.event_name = "pull_request";
    event.ref = "refs/pull/7/merge";
    event.branch = "feature/x";
    bicepgate::github::PullRequest pr;
    pr.number = 7;
    pr.head_ref = "feature/x";
    pr.base_ref = "main";
    event.pull_request = pr;
    (void)bicepgate::routing::decide(*config, event, "");
    event.pull_request.reset();
    event.event_name = "push";
    event.ref = "refs/heads/main";
    event.branch = "main";
    (void)bicepgate::routing::decide(*config, event, "");
  }
  (void)bicepgate::azure::RegionTable::parse(text, "regions.yml");
  (void)bicepgate::azure::parse_noise_rules(text, "noise");
  return 0;
}
