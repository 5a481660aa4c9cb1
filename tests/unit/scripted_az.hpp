#pragma once
// A fake of the az seam for unit tests of the whole run loop: each call is answered by its
// first words ("deployment group what-if") with what the real az printed, recorded under
// tests/fixtures/az/ (see its README), in the order given; every call is kept for assertions.

#include <algorithm>
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "azure/az_runner.hpp"
#include "support.hpp"

namespace bicepgate::testing {

// What one az process does: its exit code and output, how long it takes, or a bug behind the
// seam.
struct AzAnswer {
  int exit_code = 0;
  std::string out;
  std::string err;
  // How long az takes. At or past the call's timeout az is stopped there, and the seam fails
  // with az.timeout as ProcessAzRunner does (util::run kills the process group).
  std::chrono::milliseconds takes{0};
  // Not empty: run() throws this, as a parser meeting a shape it never expected would.
  std::string throws;

  // A recorded call: tests/fixtures/az/<stem>.stdout, <stem>.stderr and the exit code of
  // <stem>.call.json.
  static AzAnswer recorded(const std::string& stem) {
    AzAnswer answer;
    auto call = nlohmann::json::parse(read_fixture(stem + ".call.json"));
    answer.exit_code = call.at("exit_code").get<int>();
    answer.out = read_fixture(stem + ".stdout");
    answer.err = read_fixture(stem + ".stderr");
    return answer;
  }
  // What az printed and its exit code, as given.
  static AzAnswer of(int exit_code, std::string out, std::string err) {
    AzAnswer answer;
    answer.exit_code = exit_code;
    answer.out = std::move(out);
    answer.err = std::move(err);
    return answer;
  }
  // An az that never ends by itself: stopped at the call's timeout.
  static AzAnswer hangs() {
    AzAnswer answer;
    answer.takes = std::chrono::milliseconds::max();
    return answer;
  }
  static AzAnswer throwing(std::string what) {
    AzAnswer answer;
    answer.throws = std::move(what);
    return answer;
  }
};

class ScriptedAz final : public azure::AzRunner {
 public:
  // Calls whose arguments start with `words` (split at spaces) get `answer`. Answers given for
  // the same words are used in order, the last one for every call after; the longest words
  // that match a call decide.
  ScriptedAz& on(const std::string& words, AzAnswer answer) {
    std::lock_guard<std::mutex> lock(mutex_);
    script_[split(words)].push_back(std::move(answer));
    return *this;
  }

  // Calls that start with `words` get `answer` alone, whatever was scripted for them before.
  ScriptedAz& instead(const std::string& words, AzAnswer answer) {
    std::lock_guard<std::mutex> lock(mutex_);
    script_[split(words)] = {std::move(answer)};
    return *this;
  }

  // Every call of a recorded run (tests/fixtures/az/<folder>/NN-*.call.json), queued in the
  // order az answered them, under the words the call began with.
  ScriptedAz& replay(const std::string& folder) {
    for (const auto& stem : recorded_calls(folder)) {
      on(first_words(recorded_args(stem)), AzAnswer::recorded(stem));
    }
    return *this;
  }

  // The stems (folder/NN-words) of a recorded run's calls, in the order they were made.
  static std::vector<std::string> recorded_calls(const std::string& folder) {
    std::vector<std::string> stems;
    const std::string suffix = ".call.json";
    for (const auto& entry : std::filesystem::directory_iterator(fixture_path(folder))) {
      const auto name = entry.path().filename().string();
      if (name.size() > suffix.size() && name.ends_with(suffix))
        stems.push_back(folder + "/" + name.substr(0, name.size() - suffix.size()));
    }
    std::sort(stems.begin(), stems.end());
    if (stems.empty()) throw std::runtime_error("no recorded az calls in " + folder);
    return stems;
  }
  // The arguments a recorded call was made with (the recording's temporary folder as <tmp>).
  static std::vector<std::string> recorded_args(const std::string& stem) {
    return nlohmann::json::parse(read_fixture(stem + ".call.json"))
        .at("args")
        .get<std::vector<std::string>>();
  }
  // "deployment group what-if": the words before the first option.
  static std::string first_words(const std::vector<std::string>& args) {
    std::string words;
    for (const auto& arg : args) {
      if (arg.starts_with("-")) break;
      words += (words.empty() ? "" : " ") + arg;
    }
    return words;
  }

  Result<azure::AzResult> run(const azure::AzCall& call) override {
    std::optional<AzAnswer> scripted;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (auto* queue = answers_for(call.args); queue != nullptr) {
        scripted = queue->front();
        if (queue->size() > 1) queue->pop_front();
      } else {
        unscripted_.push_back(joined(call.args));
      }
    }
    if (!scripted) {
      remember({call, -1, {}, "no scripted answer"});
      return fail("no scripted answer for az " + joined(call.args), "test.unscripted");
    }
    const AzAnswer& answer = *scripted;
    if (!answer.throws.empty()) {
      remember({call, -1, {}, "threw"});
      throw std::runtime_error(answer.throws);
    }
    if (answer.takes >= call.timeout) {
      std::this_thread::sleep_for(call.timeout);
      remember({call, -1, call.timeout, "timed out"});
      return fail(azure::timed_out(call));
    }
    if (answer.takes.count() > 0) std::this_thread::sleep_for(answer.takes);
    remember({call, answer.exit_code, answer.takes, {}});
    return azure::AzResult{answer.exit_code, answer.out, answer.err, answer.takes};
  }

  // Every call made, in order, as ProcessAzRunner records them.
  std::vector<azure::AzCallRecord> calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }
  // The first words of each call made ("deployment group what-if"), in order.
  std::vector<std::string> commands() const {
    std::vector<std::string> out;
    for (const auto& record : calls()) out.push_back(first_words(record.call.args));
    return out;
  }
  // The calls nothing was scripted for (each was answered with an error).
  std::vector<std::string> unscripted() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return unscripted_;
  }

 private:
  static std::vector<std::string> split(const std::string& words) {
    std::vector<std::string> out;
    std::istringstream in(words);
    for (std::string word; in >> word;) out.push_back(word);
    return out;
  }
  static std::string joined(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& arg : args) out += (out.empty() ? "" : " ") + arg;
    return out;
  }
  std::deque<AzAnswer>* answers_for(const std::vector<std::string>& args) {
    std::deque<AzAnswer>* best = nullptr;
    std::size_t best_length = 0;
    for (auto& [words, queue] : script_) {
      if (words.size() > args.size() || words.size() < best_length) continue;
      if (!std::equal(words.begin(), words.end(), args.begin())) continue;
      best = &queue;
      best_length = words.size();
    }
    return best;
  }
  void remember(azure::AzCallRecord record) {
    std::function<void(const azure::AzCallRecord&)> tell;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      calls_.push_back(record);
      tell = on_call;
    }
    if (tell) tell(record);
  }

  mutable std::mutex mutex_;  // the deploy stage calls az from two threads (the progress poll)
  std::map<std::vector<std::string>, std::deque<AzAnswer>> script_;
  std::vector<azure::AzCallRecord> calls_;
  std::vector<std::string> unscripted_;
};

}  // namespace bicepgate::testing
