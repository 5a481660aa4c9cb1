#include "model/state_machine.hpp"

#include <stdexcept>

namespace bicepgate::model {

std::string to_string(State state) {
  switch (state) {
    case State::kInitialized: return "initialized";
    case State::kValidatingParameters: return "validating_parameters";
    case State::kLinting: return "linting";
    case State::kPlanning: return "planning";
    case State::kAwaitingConfirmation: return "awaiting_confirmation";
    case State::kDeploying: return "deploying";
    case State::kVerifyingHealth: return "verifying_health";
    case State::kCompleted: return "completed";
    case State::kFailed: return "failed";
    case State::kRolledBack: return "rolled_back";
    case State::kSkipped: return "skipped";
    case State::kCancelled: return "cancelled";
  }
  return "unknown";
}

std::string describe(State state) {
  switch (state) {
    case State::kInitialized: return "start";
    case State::kValidatingParameters: return "input checks";
    case State::kLinting: return "Bicep build and lint";
    case State::kPlanning: return "what-if";
    case State::kAwaitingConfirmation: return "the delete gate";
    case State::kDeploying: return "deployment";
    case State::kVerifyingHealth: return "health checks";
    case State::kCompleted: return "done";
    case State::kFailed: return "failed";
    case State::kRolledBack: return "rolled back";
    case State::kSkipped: return "skipped";
    case State::kCancelled: return "cancelled";
  }
  return "unknown";
}

std::string describe_stage(const std::string& state_name) {
  for (int i = static_cast<int>(State::kInitialized); i <= static_cast<int>(State::kCancelled);
       ++i) {
    const auto state = static_cast<State>(i);
    if (to_string(state) == state_name) return describe(state);
  }
  return state_name;
}

bool is_terminal(State state) {
  return state == State::kCompleted || state == State::kFailed || state == State::kRolledBack ||
         state == State::kSkipped || state == State::kCancelled;
}

bool is_failure(State state) {
  return state == State::kFailed || state == State::kRolledBack;
}

bool is_legal(State from, State to) {
  // A cancel may come at any moment of a run, as a failure may.
  if (to == State::kFailed || to == State::kCancelled) return !is_terminal(from);
  switch (from) {
    case State::kInitialized:
      // Skipped here: the event routes to no environment.
      return to == State::kValidatingParameters || to == State::kSkipped;
    case State::kValidatingParameters:
      // Planning straight from validating: a drift check builds nothing, it plans the template
      // ARM kept of the last deployment.
      return to == State::kLinting || to == State::kPlanning;
    case State::kLinting: return to == State::kPlanning;
    case State::kPlanning:
      // Completed straight from planning: a plan-only run (pull request, preview).
      // Verifying health straight from planning: unchanged, not deployed, force: health.
      return to == State::kAwaitingConfirmation || to == State::kDeploying ||
             to == State::kSkipped || to == State::kCompleted || to == State::kVerifyingHealth;
    case State::kAwaitingConfirmation:
      // Completed: a plan-only run whose destructive changes are approved; skipped: unchanged.
      return to == State::kDeploying || to == State::kCompleted || to == State::kSkipped ||
             to == State::kVerifyingHealth;
    case State::kDeploying: return to == State::kVerifyingHealth;
    // Skipped after verifying health: the unchanged deployment was only verified.
    case State::kVerifyingHealth: return to == State::kCompleted || to == State::kSkipped;
    case State::kFailed: return to == State::kRolledBack;
    case State::kCompleted:
    case State::kRolledBack:
    case State::kSkipped:
    case State::kCancelled: return false;
  }
  return false;
}

void StateMachine::move_to(State next, std::string note) {
  if (!is_legal(current_, next)) {
    throw std::logic_error("illegal state transition " + to_string(current_) + " -> " +
                           to_string(next));
  }
  history_.push_back({current_, next, std::chrono::system_clock::now(), std::move(note)});
  current_ = next;
  if (on_transition) on_transition(history_.back());
}

}  // namespace bicepgate::model
