#pragma once
// What a subcommand prints as its result on stdout (classify, audit): outside text in it must
// not read as a workflow command when the CLI runs in a workflow step.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace bicepgate::github {

// Pure. The document as JSON text, ASCII only, with "##[" inside strings written "##\u005b"
// (the same value): no line of it reads as a command (see could_be_command).
std::string command_safe_json(const nlohmann::json& doc, int indent = 2);
// Pure. Every line neutralised as WorkflowCommands::log does (without masks).
std::string command_safe_text(std::string_view text);

}  // namespace bicepgate::github
