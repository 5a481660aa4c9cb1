#include "routing/config.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::fixture_path;
using bicepgate::testing::read_fixture;
using bicepgate::testing::TempDir;

TEST_CASE("the embedded default declares dev, staging and prod with prod as production") {
  auto config = routing::embedded_default_config();
  CHECK(config.source == routing::kEmbeddedConfigName);
  REQUIRE(config.environments.size() == 3);
  CHECK(config.environments.at("prod").production);
  CHECK_FALSE(config.environments.at("staging").production);
  CHECK(config.environments.at("dev").resource_group == "rg-aos-dev");
  CHECK_FALSE(config.environments.at("dev").warnings_as_errors.any());
  CHECK_FALSE(config.environments.at("staging").warnings_as_errors.any());
  CHECK(config.environments.at("prod").warnings_as_errors.all);
  REQUIRE(config.routes.size() == 3);
  CHECK(config.routes[1].preview == std::vector<std::string>{"prod"});
  CHECK(config.routes[1].plan_only);
  CHECK_FALSE(config.routes[2].plan_only);
}

TEST_CASE("a team's config file is read with its probes, policies and routes") {
  auto config = routing::parse_config(read_fixture("configs/custom.yml"), "custom.yml");
  REQUIRE(config);
  const auto& preprod = config->environments.at("preprod");
  REQUIRE(preprod.health_probes.size() == 2);
  CHECK(preprod.health_probes[0].kind == "http");
  CHECK(preprod.health_probes[0].expect_status == 204);
  CHECK(preprod.health_probes[0].timeout_seconds == 5);
  CHECK(preprod.health_probes[1].kind == "tcp");
  CHECK(config->environments.at("live").production);
  CHECK(config->environments.at("live").delete_policy == routing::DeletePolicy::kBlock);
  CHECK(config->routes[0].events == std::vector<std::string>{"push", "workflow_dispatch"});
  CHECK_FALSE(config->routes[1].plan_only);
  CHECK(config->routes[1].line == 29);
}

TEST_CASE("an unknown key is named with its file, line and a suggestion") {
  auto config = routing::parse_config("environments:\n  dev:\n    resourceGroup: rg\n",
                                      ".github/bicepgate.yml");
  REQUIRE_FALSE(config);
  CHECK(config.error().line == 3);
  CHECK(config.error().file == ".github/bicepgate.yml");
  CHECK(config.error().message ==
        ".github/bicepgate.yml:3: unknown key 'resourceGroup' in environment 'dev' (did you mean "
        "'resource-group'?)");
}

TEST_CASE("an unknown key with no near match lists what is allowed") {
  auto config =
      routing::parse_config("environments:\n  dev:\n    resource-group: rg\nflavour: x\n", "c.yml");
  REQUIRE_FALSE(config);
  CHECK_THAT(config.error().message,
             Catch::Contains("c.yml:4") && Catch::Contains("environments, routes"));
}

TEST_CASE("invalid YAML names the file and line") {
  auto config = routing::parse_config("environments:\n  dev: [unclosed\n", "c.yml");
  REQUIRE_FALSE(config);
  CHECK(config.error().code == "config.yaml");
  CHECK_THAT(config.error().message,
             Catch::StartsWith("c.yml:") && Catch::Contains("invalid YAML"));
}

TEST_CASE("a route to an undeclared environment is rejected with a suggestion") {
  auto config = routing::parse_config(
      "environments:\n  staging:\n    resource-group: rg\nroutes:\n  - event: push\n    "
      "environment: stagin\n",
      "c.yml");
  REQUIRE_FALSE(config);
  CHECK_THAT(config.error().message, Catch::Contains("c.yml:6") && Catch::Contains("'stagin'") &&
                                         Catch::Contains("did you mean 'staging'"));
}

TEST_CASE("a config that deploys production from a pull request is rejected") {
  SECTION("by the environment's name") {
    auto config = routing::parse_config(
        "environments:\n  prod:\n    resource-group: rg\nroutes:\n  - event: pull_request\n    "
        "environment: prod\n",
        "c.yml");
    REQUIRE_FALSE(config);
    CHECK_THAT(config.error().message,
               Catch::Contains("c.yml:6") && Catch::Contains("never deploys from a pull request"));
  }
  SECTION("by production: true on any name, and for pull_request_target too") {
    auto config = routing::parse_config(
        "environments:\n  live:\n    resource-group: rg\n    production: true\nroutes:\n"
        "  - event: [push, pull_request_target]\n    environment: live\n",
        "c.yml");
    REQUIRE_FALSE(config);
  }
  SECTION("prod cannot be declared non-production to get around it") {
    auto config = routing::parse_config(
        "environments:\n  prod:\n    resource-group: rg\n    production: false\nroutes:\n"
        "  - event: pull_request\n    environment: prod\n",
        "c.yml");
    REQUIRE_FALSE(config);
  }
  SECTION("a what-if preview of production from a pull request is fine") {
    auto config = routing::parse_config(
        "environments:\n  prod:\n    resource-group: rg\n  staging:\n    resource-group: rg2\n"
        "routes:\n  - event: pull_request\n    environment: staging\n    preview: [prod]\n",
        "c.yml");
    CHECK(config);
  }
}

TEST_CASE("bad values are named with what was expected") {
  auto policy = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\n    delete-policy: maybe\n", "c.yml");
  REQUIRE_FALSE(policy);
  CHECK_THAT(policy.error().message,
             Catch::Contains("c.yml:4") && Catch::EndsWith("block, require-approval or allow"));
  auto typo = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\n    delete-policy: require-aproval\n",
      "c.yml");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().message ==
        "c.yml:4: delete-policy 'require-aproval' of environment 'dev' must be block, "
        "require-approval or allow (did you mean 'require-approval'?)");
  for (auto [text, want] : {std::pair{"block", routing::DeletePolicy::kBlock},
                            std::pair{"require-approval", routing::DeletePolicy::kRequireApproval},
                            std::pair{"allow", routing::DeletePolicy::kAllow}}) {
    auto config = routing::parse_config(
        std::string("environments:\n  dev:\n    resource-group: rg\n    delete-policy: ") + text +
            "\n",
        "c.yml");
    REQUIRE(config);
    CHECK(config->environments.at("dev").delete_policy == want);
    CHECK(routing::to_string(want) == text);
  }
  auto flag = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\n    allow-warnings: yes\n", "c.yml");
  REQUIRE_FALSE(flag);
  CHECK_THAT(flag.error().message, Catch::Contains("expected true or false"));
  auto probe = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\n    health-probes:\n      - http: ftp://x\n",
      "c.yml");
  REQUIRE_FALSE(probe);
  CHECK_THAT(probe.error().message, Catch::Contains("c.yml:5"));
  auto missing_rg = routing::parse_config("environments:\n  dev:\n    location: eastus\n", "c.yml");
  REQUIRE_FALSE(missing_rg);
  CHECK_THAT(missing_rg.error().message, Catch::Contains("needs 'resource-group'"));
}

TEST_CASE("the default config path missing means the embedded default, with a notice") {
  TempDir workspace;
  // The runner sets a left-out input to its action.yml default, so "" and the default are alike.
  for (const std::string input : {"", ".github/bicepgate.yml", "./.github/bicepgate.yml"}) {
    auto config = routing::load_config(workspace.path(), input);
    REQUIRE(config);
    CHECK(config->source == routing::kEmbeddedConfigName);
    CHECK(config->looked_for == ".github/bicepgate.yml");
    CHECK(config->environments.count("prod") == 1);
  }
  auto config = routing::load_config(workspace.path(), "");
  CHECK_THAT(routing::embedded_default_notice(*config),
             Catch::StartsWith("no config file at .github/bicepgate.yml; using the embedded "
                               "default routing") &&
                 Catch::Contains("develop deploys dev"));
}

TEST_CASE("the default config path present is read, named relative to the workspace") {
  TempDir workspace;
  std::filesystem::create_directories(workspace / ".github");
  REQUIRE(util::write_file_atomic(workspace / ".github/bicepgate.yml",
                                  read_fixture("configs/custom.yml")));
  auto config = routing::load_config(workspace.path(), ".github/bicepgate.yml");
  REQUIRE(config);
  CHECK(config->source == ".github/bicepgate.yml");
  CHECK(config->looked_for.empty());
  CHECK(config->environments.count("preprod") == 1);
}

TEST_CASE("another config path that is missing is an error naming the input") {
  TempDir workspace;
  auto asked = routing::load_config(workspace.path(), "ci/team.yml");
  REQUIRE_FALSE(asked);
  CHECK(asked.error().code == "config.missing");
  CHECK_THAT(asked.error().message,
             Catch::StartsWith("config file ci/team.yml (input 'config') does not exist") &&
                 Catch::Contains("expected a YAML file of environments and routes"));
  auto real = routing::load_config(workspace.path(), fixture_path("configs/custom.yml").string());
  REQUIRE(real);
  CHECK(real->environments.count("preprod") == 1);
}

TEST_CASE("a YAML shape the loader does not expect is an error with its line, not a crash") {
  auto config = bicepgate::routing::parse_config("environments:\n  ? [a, b]\n  : {}\n", "c.yml");
  REQUIRE_FALSE(config);
  CHECK(config.error().message.rfind("c.yml:", 0) == 0);
}

namespace {

routing::WarningsAsErrors policy_of(const std::string& settings, const std::string& env = "dev") {
  auto config = routing::parse_config(
      "environments:\n  " + env + ":\n    resource-group: rg\n" + settings, "c.yml");
  REQUIRE(config);
  return config->environments.at(env).warnings_as_errors;
}

}  // namespace

TEST_CASE("warnings fail lint in production by default, and nowhere else") {
  CHECK(policy_of("", "prod").all);
  CHECK(policy_of("", "production").all);
  CHECK(policy_of("    production: true\n", "live").all);
  CHECK_FALSE(policy_of("", "staging").any());
  CHECK_FALSE(policy_of("", "dev").any());
}

TEST_CASE("an environment sets warnings-as-errors to true, false or a list of codes") {
  CHECK(policy_of("    warnings-as-errors: true\n", "staging").all);
  CHECK_FALSE(policy_of("    warnings-as-errors: false\n", "prod").any());
  auto listed = policy_of("    warnings-as-errors: [BCP037, BCP081, no-unused-params]\n", "prod");
  CHECK_FALSE(listed.all);
  CHECK(listed.codes == std::vector<std::string>{"BCP037", "BCP081", "no-unused-params"});
  CHECK(listed.fails("BCP037"));
  CHECK(listed.fails("bcp081"));
  CHECK_FALSE(listed.fails("BCP089"));
  CHECK(routing::to_string(listed) == "BCP037, BCP081, no-unused-params");
  CHECK(routing::to_string(policy_of("", "prod")) == "true");
  CHECK(routing::to_string(policy_of("", "dev")) == "false");
  SECTION("the older allow-warnings key still means its inverse") {
    CHECK_FALSE(policy_of("    allow-warnings: true\n", "prod").any());
    CHECK(policy_of("    allow-warnings: false\n", "dev").all);
  }
}

TEST_CASE("a wrong warnings-as-errors is named with what was expected") {
  auto word = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\n    warnings-as-errors: sometimes\n",
      "c.yml");
  REQUIRE_FALSE(word);
  CHECK_THAT(word.error().message,
             Catch::StartsWith("c.yml:4: warnings-as-errors of environment 'dev' is 'sometimes'") &&
                 Catch::Contains("expected true, false or a list of warning codes"));
  auto joined = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\n    warnings-as-errors: [\"BCP037, "
      "BCP081\"]\n",
      "c.yml");
  REQUIRE_FALSE(joined);
  CHECK_THAT(joined.error().message, Catch::Contains("one warning code per item"));
  auto both = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\n    warnings-as-errors: true\n"
      "    allow-warnings: true\n",
      "c.yml");
  REQUIRE_FALSE(both);
  CHECK_THAT(both.error().message,
             Catch::Contains("c.yml:5") && Catch::Contains("both 'warnings-as-errors' and "
                                                           "'allow-warnings'"));
}

namespace {
// A config with prod (production by name) and one more environment, routed from pull requests
// with plan-only: false.
Result<routing::Config> pr_deploys(const std::string& environment, const std::string& settings,
                                   const std::string& event = "pull_request") {
  return routing::parse_config("environments:\n  prod:\n    resource-group: rg-aos-prod\n  " +
                                   environment + ":\n" + settings + "routes:\n  - event: " + event +
                                   "\n    environment: " + environment + "\n    plan-only: false\n",
                               "c.yml");
}
}  // namespace

TEST_CASE("no config deploys production from a pull request, whatever it calls it") {
  SECTION("a name that differs from prod only in case") {
    for (const std::string name : {"Prod", "PRODUCTION"}) {
      INFO(name);
      auto config = routing::parse_config("environments:\n  " + name +
                                              ":\n    resource-group: rg-live\nroutes:\n"
                                              "  - event: pull_request\n    environment: " +
                                              name + "\n    plan-only: false\n",
                                          "c.yml");
      REQUIRE_FALSE(config);
      CHECK_THAT(config.error().message, Catch::Contains("c.yml:6") &&
                                             Catch::Contains("never deploys from a pull request"));
    }
  }
  SECTION("a name with prod as one of its words, even when it says production: false") {
    for (const std::string name : {"prod-eu", "PROD_EU", "eu.prod", "prodEu", "production-west"}) {
      INFO(name);
      auto config = pr_deploys(name, "    resource-group: rg-" + name + "\n");
      REQUIRE_FALSE(config);
      CHECK_THAT(config.error().message, Catch::Contains("never deploys from a pull request") &&
                                             Catch::Contains("says production"));
      auto denied =
          pr_deploys(name, "    resource-group: rg-" + name + "\n    production: false\n");
      REQUIRE_FALSE(denied);
      CHECK_THAT(denied.error().message, Catch::Contains("'production: false'"));
    }
  }
  SECTION("another name on production's resource group, in any case") {
    auto config = pr_deploys("staging", "    resource-group: RG-AOS-PROD\n");
    REQUIRE_FALSE(config);
    CHECK_THAT(config.error().message, Catch::Contains("c.yml:8") &&
                                           Catch::Contains("resource group 'RG-AOS-PROD'") &&
                                           Catch::Contains("production environment 'prod'"));
    auto denied = pr_deploys("staging", "    resource-group: rg-aos-prod\n    production: false\n");
    REQUIRE_FALSE(denied);
    CHECK_THAT(denied.error().message,
               Catch::Contains("c.yml:6") && Catch::Contains("'production: false'"));
  }
  SECTION("a subscription-scope environment, which reaches production's resource group") {
    auto config = pr_deploys("platform", "    scope: subscription\n    location: eastus\n");
    REQUIRE_FALSE(config);
    CHECK_THAT(config.error().message, Catch::Contains("subscription scope"));
  }
  SECTION("every pull-request-like event, not only pull_request") {
    for (const std::string event :
         {"pull_request_review", "pull_request_review_comment", "issue_comment"}) {
      INFO(event);
      CHECK_FALSE(pr_deploys("prod-eu", "    resource-group: rg-eu\n", event));
      auto to_prod = routing::parse_config(
          "environments:\n  prod:\n    resource-group: rg\nroutes:\n  - event: " + event +
              "\n    environment: prod\n",
          "c.yml");
      CHECK_FALSE(to_prod);
    }
  }
  SECTION("while a name that only contains the letters, and its own resource group, are fine") {
    for (const std::string name : {"preprod", "product", "reproduce", "staging"}) {
      INFO(name);
      auto config = pr_deploys(name, "    resource-group: rg-" + name + "\n");
      REQUIRE(config);
      CHECK_FALSE(config->environments.at(name).production);
    }
  }
}

TEST_CASE("environment names that differ only in case are refused") {
  auto config = routing::parse_config(
      "environments:\n  prod:\n    resource-group: rg-a\n  Prod:\n    resource-group: rg-b\n",
      "c.yml");
  REQUIRE_FALSE(config);
  CHECK_THAT(config.error().message, Catch::Contains("c.yml:4: environments 'prod' and 'Prod'") &&
                                         Catch::Contains("differ only in case"));
}

TEST_CASE("an unknown event in a route is named with its line and a suggestion") {
  auto single = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\nroutes:\n  - event: psuh\n"
      "    environment: dev\n",
      ".github/bicepgate.yml");
  REQUIRE_FALSE(single);
  CHECK(single.error().message ==
        ".github/bicepgate.yml:5: unknown event 'psuh' in a route (did you mean 'push'?)");
  auto listed = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\nroutes:\n  - event:\n      - push\n"
      "      - pull_requests\n    environment: dev\n",
      "c.yml");
  REQUIRE_FALSE(listed);
  CHECK_THAT(listed.error().message, Catch::StartsWith("c.yml:7: unknown event 'pull_requests'") &&
                                         Catch::Contains("did you mean 'pull_request'?"));
  auto comment = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\nroutes:\n  - event: pull_request_comment\n"
      "    environment: dev\n",
      "c.yml");
  REQUIRE_FALSE(comment);
  CHECK_THAT(comment.error().message, Catch::Contains("arrives as 'issue_comment'"));
}

TEST_CASE("a tag route is for tags only") {
  auto both = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\nroutes:\n  - event: push\n"
      "    branch: main\n    tag: v*\n    environment: dev\n",
      "c.yml");
  REQUIRE_FALSE(both);
  CHECK_THAT(both.error().message, Catch::Contains("c.yml:7") && Catch::Contains("'tag' and"));
  auto from_pr = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\nroutes:\n  - event: pull_request\n"
      "    tag: v*\n    environment: dev\n",
      "c.yml");
  REQUIRE_FALSE(from_pr);
  CHECK_THAT(from_pr.error().message, Catch::Contains("never a tag"));
  auto typo = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg\nroutes:\n  - event: push\n"
      "    tags: v*\n    environment: dev\n",
      "c.yml");
  REQUIRE_FALSE(typo);
  CHECK_THAT(typo.error().message, Catch::Contains("did you mean 'tag'?"));
}

// ---- Below: the helpers that the fix added (no counterpart before it).

TEST_CASE("production by name: prod, production or prd as a word, in any case") {
  for (const std::string name : {"prod", "Prod", "PRODUCTION", "prod-eu", "eu_prod", "prodEu",
                                 "ProdEU", "prod2", "app.prd", "pre-prod"}) {
    INFO(name);
    CHECK(routing::is_production_name(name));
  }
  for (const std::string name : {"preprod", "product", "PRODEU", "dev", "staging", "prodigy"}) {
    INFO(name);
    CHECK_FALSE(routing::is_production_name(name));
  }
}

TEST_CASE("a target that inputs moved onto production's resource group is production") {
  auto config = routing::embedded_default_config();
  auto staging = config.environments.at("staging");
  CHECK(routing::production_reason(config, staging).empty());
  staging.resource_group = "RG-AOS-PROD";
  CHECK_THAT(routing::production_reason(config, staging),
             Catch::Contains("production environment 'prod'"));
  staging.resource_group = "rg-aos-staging";
  staging.scope = "subscription";
  CHECK_THAT(routing::production_reason(config, staging), Catch::Contains("subscription scope"));
  CHECK(routing::find_environment(config, "STAGING") == &config.environments.at("staging"));
  CHECK(routing::find_environment(config, "qa") == nullptr);
}

TEST_CASE("management-group and tenant scope: the group is named, Complete mode is refused") {
  auto parse = [](const std::string& body) {
    return routing::parse_config("environments:\n  platform:\n" + body +
                                     "routes:\n  - event: push\n    environment: platform\n",
                                 "c.yml");
  };
  auto mg = parse("    scope: managementGroup\n    management-group: mg-platform\n");
  REQUIRE(mg);
  CHECK(mg->environments.at("platform").management_group == "mg-platform");
  REQUIRE(parse("    scope: tenant\n"));

  auto unnamed = parse("    scope: managementGroup\n");
  REQUIRE_FALSE(unnamed);
  CHECK_THAT(unnamed.error().message, Catch::Contains("needs 'management-group'"));
  auto complete = parse("    scope: tenant\n    mode: Complete\n");
  REQUIRE_FALSE(complete);
  CHECK_THAT(complete.error().message, Catch::Contains("needs scope resourceGroup"));
  auto odd = parse("    scope: managementgroup\n    management-group: mg\n");
  REQUIRE_FALSE(odd);
  CHECK_THAT(odd.error().message,
             Catch::Contains("must be resourceGroup, subscription, managementGroup or tenant"));
}

TEST_CASE("a tenant target, or production's management group, is production") {
  auto config = routing::embedded_default_config();
  auto staging = config.environments.at("staging");
  staging.scope = "tenant";
  CHECK_THAT(routing::production_reason(config, staging), Catch::Contains("tenant scope"));

  auto platform = routing::parse_config(R"(environments:
  platform-prod:
    scope: managementGroup
    management-group: mg-platform
  platform-dev:
    scope: managementGroup
    management-group: mg-platform-dev
routes:
  - event: push
    environment: platform-dev
)",
                                        "c.yml");
  REQUIRE(platform);
  auto dev = platform->environments.at("platform-dev");
  CHECK(routing::production_reason(*platform, dev).empty());
  dev.management_group = "MG-Platform";
  CHECK_THAT(routing::production_reason(*platform, dev),
             Catch::Contains("management group 'MG-Platform', which production environment "
                             "'platform-prod' uses"));
}

TEST_CASE("unmanaged-policy is allow, warn, approve or block, warn when unset") {
  auto parse = [](const std::string& value) {
    std::string yaml = "environments:\n  dev:\n    resource-group: rg\n";
    if (!value.empty()) yaml += "    unmanaged-policy: " + value + "\n";
    yaml += "routes:\n  - event: push\n    environment: dev\n";
    return routing::parse_config(yaml, "c.yml");
  };
  using routing::UnmanagedPolicy;
  REQUIRE(parse(""));
  CHECK(parse("")->environments.at("dev").unmanaged_policy == UnmanagedPolicy::kWarn);
  for (auto [text, policy] :
       {std::pair{"allow", UnmanagedPolicy::kAllow}, std::pair{"warn", UnmanagedPolicy::kWarn},
        std::pair{"approve", UnmanagedPolicy::kApprove},
        std::pair{"block", UnmanagedPolicy::kBlock}}) {
    auto config = parse(text);
    REQUIRE(config);
    CHECK(config->environments.at("dev").unmanaged_policy == policy);
    CHECK(routing::to_string(policy) == text);
  }
  auto typo = parse("aprove");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().message ==
        "c.yml:4: unmanaged-policy 'aprove' of environment 'dev' must be allow, warn, approve or "
        "block (did you mean 'approve'?)");
  auto far = parse("require-approval");
  REQUIRE_FALSE(far);
  CHECK_THAT(far.error().message, Catch::EndsWith("must be allow, warn, approve or block"));
}

TEST_CASE("rollback-on-failure is an environment's own key, unset when the config is silent") {
  auto parse = [](const std::string& lines) {
    return routing::parse_config("environments:\n  dev:\n    resource-group: rg\n" + lines +
                                     "routes:\n  - event: push\n    environment: dev\n",
                                 "c.yml");
  };
  REQUIRE(parse(""));
  CHECK_FALSE(parse("")->environments.at("dev").rollback_on_failure.has_value());
  auto on = parse("    rollback-on-failure: true\n");
  REQUIRE(on);
  CHECK(on->environments.at("dev").rollback_on_failure->kind ==
        routing::RollbackPolicy::Kind::kLastSuccessful);
  auto named = parse("    rollback-on-failure: bicepgate-dev-0123456789abcdef\n");
  REQUIRE(named);
  CHECK(named->environments.at("dev").rollback_on_failure->deployment ==
        "bicepgate-dev-0123456789abcdef");
  auto bad = parse("    rollback-on-failure: not a name\n");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message,
             Catch::StartsWith("c.yml:4: rollback-on-failure of environment 'dev' is 'not a "
                               "name', expected false, true, last-successful"));
  auto subscription = parse("    scope: subscription\n    rollback-on-failure: true\n");
  REQUIRE_FALSE(subscription);
  CHECK_THAT(subscription.error().message, Catch::Contains("needs scope resourceGroup"));
}

TEST_CASE("an environment that is not a map says what it is instead") {
  auto config = bicepgate::routing::parse_config("environments:\n  dev: [a, b]\n", "c.yml");
  REQUIRE_FALSE(config);
  CHECK(config.error().message == "c.yml:2: environment 'dev' must be a map, found a list");
  CHECK(config.error().line == 2);
}

TEST_CASE("a schedule route may check drift; a route for pushes may not") {
  const std::string environments =
      "environments:\n  prod:\n    resource-group: rg-aos-prod\n    template: main.bicep\n";
  auto config = routing::parse_config(
      environments +
          "routes:\n  - event: [schedule, workflow_dispatch]\n    environment: prod\n"
          "    drift: true\n  - event: push\n    environment: prod\n",
      "drift.yml");
  REQUIRE(config);
  CHECK(config->routes[0].drift);
  CHECK_FALSE(config->routes[1].drift);
  auto refused =
      routing::parse_config(environments +
                                "routes:\n  - event: [push, schedule]\n    environment: prod\n"
                                "    drift: true\n",
                            "drift.yml");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().line == 8);
  CHECK_THAT(refused.error().message,
             Catch::Contains("'drift: true' is for the events schedule and workflow_dispatch"));
}
