#include "stages/regions.hpp"

#include <spdlog/spdlog.h>

#include <map>

#include "azure/regions.hpp"
#include "util/json.hpp"
#include "util/strings.hpp"

namespace bicepgate::stages {
namespace {

using nlohmann::json;

// The parameter values the deployment will get: the parameters file, then the overrides.
json parameter_values(const model::RunContext& ctx) {
  json values = json::object();
  auto doc = json::parse(ctx.parameters_text(), nullptr, false);
  if (doc.is_object() && doc.contains("parameters") && doc["parameters"].is_object()) {
    for (const auto& [name, spec] : doc["parameters"].items()) {
      if (spec.is_object() && spec.contains("value")) values[name] = spec["value"];
    }
  }
  for (const auto& [name, value] : ctx.overrides()) {
    if (value == "true" || value == "false") {
      values[name] = value == "true";
    } else {
      values[name] = value;
    }
  }
  return values;
}

struct Shortfall {
  const azure::Need* need;
  std::string region;
};

std::vector<Shortfall> shortfalls(const std::vector<azure::Need>& needs,
                                  const azure::RegionTable& table, const std::string& fallback) {
  std::vector<Shortfall> out;
  for (const auto& need : needs) {
    std::string region = need.location.empty() ? azure::normalize_region(fallback) : need.location;
    if (region.empty()) continue;  // unknown until Azure evaluates it
    if (!table.offers(region, *need.capability)) out.push_back({&need, region});
  }
  return out;
}

}  // namespace

void check_regions(model::RunContext& ctx) {
  const auto& table = ctx.settings.regions;
  if (table.capabilities.empty()) return;
  auto arm_template = json::parse(ctx.record.compilation.arm_json, nullptr, false);
  if (!arm_template.is_object()) return;
  auto values = parameter_values(ctx);
  auto needs = azure::needed_capabilities(arm_template, values, table);
  if (needs.empty()) return;
  const std::string location = ctx.location();
  auto short_of = shortfalls(needs, table, location);
  if (short_of.empty()) return;

  if (ctx.settings.auto_region) {
    const bool movable =
        arm_template.contains("parameters") && arm_template["parameters"].contains("location");
    auto better = azure::choose_region(needs, table);
    if (!movable) {
      ctx.record.region_warnings.emplace_back(
          "auto-region cannot move this template: it has no 'location' parameter");
    } else if (!better) {
      ctx.record.region_warnings.emplace_back(
          "auto-region found no tier-1 region that offers everything this template needs");
    } else {
      ctx.record.moved_to_region = *better;  // the location override, and where a sub deploys
      std::vector<std::string> lacking;
      lacking.reserve(short_of.size());
      for (const auto& s : short_of) lacking.push_back(s.need->capability->description);
      ctx.record.region_warnings.push_back("auto-region: deploying to " + *better + " instead of " +
                                           short_of.front().region + ", which lacks " +
                                           util::join(lacking, ", "));
      values["location"] = *better;
      needs = azure::needed_capabilities(arm_template, values, table);
      short_of = shortfalls(needs, table, *better);
    }
  }

  // Before warning, ask Azure which regions really offer the resource type (once per namespace).
  std::map<std::string, json> providers;
  for (const auto& s : short_of) {
    const auto& capability = *s.need->capability;
    auto slash = capability.resource_type.find('/');
    std::string ns = capability.resource_type.substr(0, slash);
    std::string type = capability.resource_type.substr(slash + 1);
    if (!providers.contains(ns)) {
      auto shown = ctx.az.run({"planning",
                               {"provider", "show", "--namespace", ns, "--output", "json"},
                               std::chrono::minutes(2)});
      providers[ns] = shown && shown->ok() ? json::parse(shown->out, nullptr, false) : json();
    }
    auto live = azure::provider_locations(providers[ns], type);
    std::string message =
        s.need->resource + " needs " + capability.description + ", which " + s.region + " ";
    if (live && std::find(live->begin(), live->end(), s.region) == live->end()) {
      message += "does not offer (az provider show lists " + std::to_string(live->size()) +
                 " other regions)";
    } else if (live && capability.sku.empty()) {
      spdlog::info("regions: {} offers {} after all (az provider show)", s.region,
                   capability.description);
      continue;
    } else if (live) {
      message += "offers only as a resource type; the SKU is not known to be offered there";
    } else {
      message += "is not known to offer (data/regions.yml)";
    }
    ctx.record.region_warnings.push_back(message + ": " + capability.if_missing + ".");
  }
  for (const auto& warning : ctx.record.region_warnings) {
    github::Annotation annotation;
    annotation.level = github::AnnotationLevel::kWarning;
    annotation.title = "bicepgate: region";
    annotation.message = warning;
    annotation.file = ctx.settings.target.template_file;
    ctx.commands.annotate(annotation);
  }
}

}  // namespace bicepgate::stages
