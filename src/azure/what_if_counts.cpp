#include "azure/what_if_counts.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace bicepgate::azure {
namespace {

// One candidate list of changes: the root's "changes", or "properties"."changes". Both are read
// as they stream by; which one counts is known only at the end (the root's, whenever the root
// has the key), so each keeps its own counts and first problem.
struct ChangeList {
  bool present = false;  // the key was seen
  bool is_null = true;
  bool is_array = false;
  std::map<std::string, int> counts;
  std::string problem;

  void reset() { *this = ChangeList{}; }
};

enum class Role { kRoot, kProperties, kChanges, kChange, kOther };

struct Frame {
  Role role = Role::kOther;
  ChangeList* list = nullptr;              // for kChanges and kChange
  std::string key;                         // objects: the key whose value comes next
  std::optional<std::string> change_type;  // kChange: the last changeType, if a string
};

// nlohmann's SAX interface; a callback returns false only for what ends the parse at once.
class Counter {
 public:
  ChangeList root_list;
  ChangeList properties_list;
  bool error_member = false;  // the root's last "error" is not null
  bool root_is_object = false;
  std::string stop_message;
  std::string stop_code;

  bool null() { return value(nullptr); }
  bool boolean(bool) { return value(""); }
  bool number_integer(nlohmann::json::number_integer_t) { return value(""); }
  bool number_unsigned(nlohmann::json::number_unsigned_t) { return value(""); }
  bool number_float(nlohmann::json::number_float_t, const std::string&) { return value(""); }
  bool binary(nlohmann::json::binary_t&) { return value(""); }
  bool string(std::string& text) { return value(text.c_str(), true); }
  bool start_object(std::size_t) { return open(true); }
  bool start_array(std::size_t) { return open(false); }
  bool key(std::string& name) {
    stack_.back().key = name;
    if (stack_.back().role == Role::kChange && name == "changeType")
      stack_.back().change_type.reset();
    return true;
  }
  bool end_object() {
    const Frame frame = stack_.back();
    stack_.pop_back();
    if (frame.role == Role::kChange) {
      if (!frame.change_type || frame.change_type->empty()) {
        note(*frame.list, "what-if change without 'changeType'");
      } else {
        ++frame.list->counts[*frame.change_type];
      }
    }
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    stop_message =
        "what-if output (was --no-pretty-print --output json passed?): " + std::string(e.what()) +
        " at byte " + std::to_string(position);
    stop_code = "json.parse";
    return false;
  }

 private:
  static void note(ChangeList& list, const std::string& problem) {
    if (list.problem.empty()) list.problem = problem;
  }

  // The list a value at the current position starts, if it is one.
  ChangeList* list_here() {
    if (stack_.empty()) return nullptr;
    const Frame& parent = stack_.back();
    if (parent.key != "changes") return nullptr;
    if (parent.role == Role::kRoot) return &root_list;
    if (parent.role == Role::kProperties) return &properties_list;
    return nullptr;
  }

  // Everything a value (of any kind) means where it sits. `object`/`array` for containers.
  bool arrive(bool object, bool array, bool is_null) {
    if (stack_.empty()) {
      // Read on: a syntax error further on decides first, as when the document is parsed whole.
      root_is_object = object;
      return true;
    }
    Frame& parent = stack_.back();
    if (ChangeList* list = list_here()) {
      list->reset();  // a repeated key: the last value counts, as in a parsed document
      list->present = true;
      list->is_null = is_null;
      list->is_array = array;
    }
    if (parent.role == Role::kRoot && parent.key == "error") error_member = !is_null;
    if (parent.role == Role::kRoot && parent.key == "properties") properties_list.reset();
    if (parent.role == Role::kChanges && !object)
      note(*parent.list, "what-if change is not an object");
    return true;
  }

  bool value(const char* text, bool is_string = false) {
    if (!arrive(false, false, text == nullptr)) return false;
    if (stack_.empty()) return true;  // a document that is one value: nothing to count
    Frame& parent = stack_.back();
    if (parent.role == Role::kChange && parent.key == "changeType" && is_string)
      parent.change_type = text;
    return true;
  }

  bool open(bool object) {
    if (!arrive(object, !object, false)) return false;
    Frame frame;
    if (stack_.empty()) {
      frame.role = object ? Role::kRoot : Role::kOther;
    } else if (ChangeList* list = list_here(); list != nullptr && !object) {
      frame.role = Role::kChanges;
      frame.list = list;
    } else if (stack_.back().role == Role::kChanges && object) {
      frame.role = Role::kChange;
      frame.list = stack_.back().list;
    } else if (stack_.back().role == Role::kRoot && stack_.back().key == "properties" && object) {
      frame.role = Role::kProperties;
    }
    stack_.push_back(std::move(frame));
    return true;
  }

  std::vector<Frame> stack_;
};

}  // namespace

Result<std::map<std::string, int>> count_what_if_changes(std::istream& in) {
  Counter counter;
  bool complete = false;
  try {
    complete = nlohmann::json::sax_parse(in, &counter);
  } catch (const nlohmann::json::exception& e) {
    return fail(std::string("what-if output: ") + e.what(), "json.parse");
  }
  if (!complete) return fail(counter.stop_message, counter.stop_code);
  if (!counter.root_is_object) return fail("what-if output is not a JSON object", "whatif.json");
  // As parse_what_if: the root's changes whenever the root has the key, else properties'.
  const ChangeList& list = counter.root_list.present ? counter.root_list : counter.properties_list;
  if (!list.present || list.is_null) {
    if (counter.error_member) return fail("what-if reported an error", "whatif.error");
    return std::map<std::string, int>{};
  }
  if (!list.is_array) return fail("what-if 'changes' is not a list", "whatif.json");
  if (!list.problem.empty()) return fail(list.problem, "whatif.json");
  return list.counts;
}

}  // namespace bicepgate::azure
