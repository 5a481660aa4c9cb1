#include <iostream>
#include <iterator>

#include "classify/classifier.hpp"
#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "github/command_output.hpp"

namespace bicepgate::cli {
namespace {

int classify_stdin(const std::string& rules_path, bool explain) {
  auto env = github::current_environment();
  auto rules = rules_path.empty() ? load_rules(env) : classify::RuleTable::load(rules_path);
  if (!rules) {
    std::cerr << github::command_safe_text(std::string("bicepgate classify: ") +
                                           rules.error().message + "\n");
    return 1;
  }
  std::string output((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  auto verdict = classify::classify(output, *rules);
  // The classification quotes the error text: printed so no line of it reads as a command.
  if (explain) {
    std::cout << github::command_safe_text(classify::explain(
        verdict, rules_path.empty() ? std::string("data/error-rules.yml") : rules_path));
  } else {
    std::cout << github::command_safe_json(classify::to_json(verdict)) << "\n";
  }
  return 0;
}

}  // namespace

void add_classify(CLI::App& app, int& exit_code) {
  auto rules = std::make_shared<std::string>();
  auto explain = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "classify",
      "Read one error output (az, bicep, a CI log) on stdin and print its classification as JSON: "
      "class, retryable, code, errors, hint.");
  cmd->add_option("--rules", *rules, "Rules file (default: data/error-rules.yml)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--explain", *explain,
                "Print for people instead: the rule that fired, its source and the chain from "
                "wrapper to decisive error");
  cmd->callback([rules, explain, &exit_code] { exit_code = classify_stdin(*rules, *explain); });
}

}  // namespace bicepgate::cli
