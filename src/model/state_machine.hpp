#pragma once
// The states of a run and the legal moves between them.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace bicepgate::model {

enum class State {
  kInitialized,
  kValidatingParameters,
  kLinting,
  kPlanning,
  kAwaitingConfirmation,
  kDeploying,
  kVerifyingHealth,
  kCompleted,
  kFailed,
  kRolledBack,
  kSkipped,
  kCancelled,  // the runner stopped the job (SIGINT/SIGTERM); what went on in Azure goes on
};

std::string to_string(State state);
// Pure. What a person calls the step (the audit, the outputs and the logs keep to_string's
// names): "build and lint", "the delete gate". A name that is no state comes back as it is.
std::string describe(State state);
std::string describe_stage(const std::string& state_name);
bool is_terminal(State state);
// Failed, or failed and then rolled back: either way the run failed (exit 1, its failure kept).
bool is_failure(State state);
bool is_legal(State from, State to);

struct Transition {
  State from;
  State to;
  std::chrono::system_clock::time_point at;
  std::string note;
};

// Records every transition with its time; an illegal one is a bug and throws.
class StateMachine {
 public:
  State current() const { return current_; }
  void move_to(State next, std::string note = {});
  const std::vector<Transition>& history() const { return history_; }
  // Told of every transition as it happens (the audit trail writes it at once).
  std::function<void(const Transition&)> on_transition;

 private:
  State current_ = State::kInitialized;
  std::vector<Transition> history_;
};

}  // namespace bicepgate::model
