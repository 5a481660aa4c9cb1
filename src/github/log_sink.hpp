#pragma once
// spdlog's lines through the workflow-command channel: masked, neutralised, and under Actions in
// the same stream as the commands, so a line stays inside its ::group:: and after its mask.

#include <spdlog/logger.h>

#include <memory>
#include <string>

#include "github/workflow_commands.hpp"

namespace bicepgate::github {

// A logger named `name` whose only sink is `channel.log()`.
std::shared_ptr<spdlog::logger> channel_logger(const std::string& name, WorkflowCommands& channel);

}  // namespace bicepgate::github
