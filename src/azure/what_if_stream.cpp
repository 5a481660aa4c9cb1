#include "azure/what_if_stream.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "util/json_skim.hpp"
#include "util/strings.hpp"

namespace bicepgate::azure {
namespace {

using nlohmann::json;

// One candidate list of changes: the root's "changes", or "properties"."changes". Which one
// counts is known only at the end (the root's whenever the root has the key), as in
// what_if_counts.cpp.
struct ChangeList {
  bool present = false;
  bool is_null = true;
  bool is_array = false;
  std::vector<WhatIfChange> changes;
  std::string problem;  // the first, as the document parser stops at the first
};

// Builds one JSON value from SAX events: used for the parts that are kept whole (a delta, the
// root's error, a watched body value), all small next to the bodies.
class Capture {
 public:
  void begin() {
    value_ = nullptr;
    stack_.clear();
    active_ = true;
  }
  bool active() const { return active_; }
  json& value() { return value_; }
  // Each returns true when the value is complete.
  bool scalar(json v) {
    place(std::move(v));
    return done_if_top();
  }
  void open(json container) { stack_.push_back(place(std::move(container))); }
  bool close() {
    stack_.pop_back();
    return done_if_top();
  }
  void key(const std::string& name) { key_ = name; }

 private:
  bool done_if_top() {
    if (!stack_.empty()) return false;
    active_ = false;
    return true;
  }
  // Pointers on the stack stay valid: only the innermost container grows, and none of its
  // elements is on the stack while it does.
  json* place(json v) {
    if (stack_.empty()) {
      value_ = std::move(v);
      return &value_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return &parent.back();
    }
    json& slot = parent[key_];  // a repeated key: the last value wins, as nlohmann's parser does
    slot = std::move(v);
    return &slot;
  }

  json value_;
  std::vector<json*> stack_;
  std::string key_;
  bool active_ = false;
};

enum class Role { kRoot, kProperties, kChanges, kChange, kBody, kSkip };
enum class Captured { kDelta, kError, kFact };

// The watched paths as a tree of their segments: a body object's frame points at its node, so a
// key is looked up among that node's few children and the paths are not compared whole.
struct WatchNode {
  std::string name;
  bool watched = false;  // the path to here is watched: its whole value is kept as a fact
  std::vector<WatchNode> children;
};

const WatchNode& watch_tree() {
  static const WatchNode kTree = [] {
    WatchNode tree;
    for (const char* path : kWatchedBodyPaths) {
      WatchNode* node = &tree;
      for (auto& segment : util::split(path, '.')) {
        auto found = std::find_if(node->children.begin(), node->children.end(),
                                  [&](const WatchNode& child) { return child.name == segment; });
        if (found == node->children.end()) {
          node->children.push_back(WatchNode{std::move(segment), false, {}});
          node = &node->children.back();
        } else {
          node = &*found;
        }
      }
      node->watched = true;
    }
    return tree;
  }();
  return kTree;
}

const WatchNode* child_named(const WatchNode& node, std::string_view key) {
  for (const auto& child : node.children)
    if (child.name == key) return &child;
  return nullptr;
}

struct Frame {
  Role role = Role::kSkip;
  ChangeList* list = nullptr;                    // kChanges, kChange
  std::string key;                               // objects: the key whose value comes next
  std::map<std::string, json>* facts = nullptr;  // kBody
  std::string path;                              // kBody: the dotted path of this object
  const WatchNode* watch = nullptr;              // kBody: its node in the watched paths
};

// nlohmann's SAX interface; a callback returns false only for a syntax error.
class Reader {
 public:
  ChangeList root_list;
  ChangeList properties_list;
  std::string status;
  json error = nullptr;
  bool root_is_object = false;
  std::string stop_message;

  // Most of the text is resource bodies nobody reads: inside them (skip_depth_ > 0) each event
  // only counts nesting, and no value is built.
  bool null() { return skipping() || scalar(nullptr); }
  bool boolean(bool v) { return skipping() || scalar(v); }
  bool number_integer(json::number_integer_t v) { return skipping() || scalar(v); }
  bool number_unsigned(json::number_unsigned_t v) { return skipping() || scalar(v); }
  bool number_float(json::number_float_t v, const std::string&) { return skipping() || scalar(v); }
  bool binary(json::binary_t& v) { return skipping() || scalar(json::binary(v)); }
  bool string(std::string& v) { return skipping() || scalar(std::move(v)); }
  bool key(std::string& name) {
    if (skipping()) return true;
    if (capture_.active()) {
      capture_.key(name);
    } else {
      stack_.back().key = name;
    }
    return true;
  }
  bool start_object(std::size_t) {
    if (skipping()) return ++skip_depth_ > 0;
    return open(json::object());
  }
  bool start_array(std::size_t) {
    if (skipping()) return ++skip_depth_ > 0;
    return open(json::array());
  }
  bool end_object() {
    if (skipping()) return --skip_depth_ >= 0;
    return close();
  }
  bool end_array() {
    if (skipping()) return --skip_depth_ >= 0;
    return close();
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    stop_message = e.what();
    return false;
  }
  // Inside a value nobody reads (util::skim_sax_parse skips its text unlexed).
  bool skipping() const { return skip_depth_ > 0; }

 private:
  static void note(ChangeList& list, const std::string& problem) {
    if (list.problem.empty()) list.problem = problem;
  }

  WhatIfChange& change_of(const Frame& frame) { return frame.list->changes.back(); }

  // What a value of any kind means where it arrives; for a value that starts a capture, begins it.
  // Returns the role a container opened here plays.
  Role arrive(const json& value, bool container) {
    if (stack_.empty()) {
      root_is_object = value.is_object();
      return value.is_object() ? Role::kRoot : Role::kSkip;
    }
    Frame& parent = stack_.back();
    const std::string& key = parent.key;
    switch (parent.role) {
      case Role::kRoot:
      case Role::kProperties: {
        if (key == "changes") {
          ChangeList& list = parent.role == Role::kRoot ? root_list : properties_list;
          list = ChangeList{};  // a repeated key: the last value counts
          list.present = true;
          list.is_null = value.is_null();
          list.is_array = value.is_array();
          if (value.is_array()) return Role::kChanges;
        } else if (parent.role == Role::kRoot && key == "properties") {
          properties_list = ChangeList{};
          if (value.is_object()) return Role::kProperties;
        } else if (parent.role == Role::kRoot && key == "status") {
          status = value.is_string() ? value.get<std::string>() : std::string();
        } else if (parent.role == Role::kRoot && key == "error") {
          start_capture(Captured::kError);
        }
        return Role::kSkip;
      }
      case Role::kChanges:
        if (!value.is_object()) {
          note(*parent.list, "what-if change is not an object");
          return Role::kSkip;
        }
        parent.list->changes.emplace_back();
        return Role::kChange;
      case Role::kChange: {
        WhatIfChange& change = change_of(parent);
        auto text = [&] { return value.is_string() ? value.get<std::string>() : std::string(); };
        if (key == "resourceId") {
          change.resource_id = text();
        } else if (key == "changeType") {
          change.change_type = text();
        } else if (key == "unsupportedReason") {
          change.unsupported_reason = text();
        } else if (key == "delta") {
          change.delta.clear();
          if (value.is_array()) start_capture(Captured::kDelta);
        } else if (key == "before" || key == "after") {
          auto& facts = key == "before" ? change.before_facts : change.after_facts;
          facts.clear();
          if (value.is_object()) return Role::kBody;
        }
        return Role::kSkip;
      }
      case Role::kBody: {
        // A key with a dot cannot name a watched path: the document parser walks key by key.
        if (key.find('.') != std::string::npos) return Role::kSkip;
        // Facts are kept under watched paths only: any other path neither holds one nor leads
        // to one.
        const WatchNode* watch = child_named(*parent.watch, key);
        if (watch == nullptr) return Role::kSkip;
        const std::string path = parent.path.empty() ? key : parent.path + "." + key;
        // A repeated key replaces what the earlier value left, as in a parsed document.
        std::erase_if(*parent.facts, [&](const auto& fact) {
          const std::string& held = fact.first;
          return held.size() >= path.size() && held.compare(0, path.size(), path) == 0 &&
                 (held.size() == path.size() || held[path.size()] == '.');
        });
        if (watch->watched) {
          fact_path_ = path;
          fact_into_ = parent.facts;
          start_capture(Captured::kFact);
        } else if (container && value.is_object()) {
          body_watch_ = watch;
          return Role::kBody;
        }
        return Role::kSkip;
      }
      case Role::kSkip: return Role::kSkip;
    }
    return Role::kSkip;
  }

  void start_capture(Captured what) {
    capture_.begin();
    captured_ = what;
  }

  void finish_capture() {
    json& value = capture_.value();
    switch (captured_) {
      case Captured::kDelta: change_of(stack_.back()).delta = flatten_delta(value); break;
      case Captured::kError: error = std::move(value); break;
      case Captured::kFact: (*fact_into_)[fact_path_] = std::move(value); break;
    }
    value = nullptr;
  }

  bool scalar(json value) {
    if (capture_.active()) {
      if (capture_.scalar(std::move(value))) finish_capture();
      return true;
    }
    arrive(value, false);
    if (capture_.active() && capture_.scalar(std::move(value))) finish_capture();
    return true;
  }

  bool open(json container) {
    if (capture_.active()) {
      capture_.open(std::move(container));
      return true;
    }
    Frame frame;
    frame.role = arrive(container, true);
    if (capture_.active()) {
      capture_.open(std::move(container));
      return true;
    }
    if (frame.role == Role::kSkip && !stack_.empty()) {
      skip_depth_ = 1;
      return true;
    }
    if (!stack_.empty()) {
      const Frame& parent = stack_.back();
      frame.list = parent.list;
      if (frame.role == Role::kBody) {
        if (parent.role == Role::kChange) {
          WhatIfChange& change = change_of(parent);
          frame.facts = parent.key == "before" ? &change.before_facts : &change.after_facts;
          frame.watch = &watch_tree();
        } else {
          frame.facts = parent.facts;
          frame.path = parent.path.empty() ? parent.key : parent.path + "." + parent.key;
          frame.watch = body_watch_;
        }
      }
      if (frame.role == Role::kChanges)
        frame.list = parent.role == Role::kRoot ? &root_list : &properties_list;
    }
    stack_.push_back(std::move(frame));
    return true;
  }

  bool close() {
    if (capture_.active()) {
      if (capture_.close()) finish_capture();
      return true;
    }
    const Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.role == Role::kChange) {
      WhatIfChange& change = change_of(frame);
      if (change.change_type.empty()) {
        note(*frame.list, "what-if change without 'changeType'");
      } else {
        drop_unread_facts(change);
        auto [type, name] = type_and_name_of(change.resource_id);
        change.resource_type = std::move(type);
        change.resource_name = std::move(name);
      }
    }
    return true;
  }

  std::vector<Frame> stack_;
  int skip_depth_ = 0;  // containers open inside a skipped value
  Capture capture_;
  Captured captured_ = Captured::kDelta;
  std::string fact_path_;
  std::map<std::string, json>* fact_into_ = nullptr;
  const WatchNode* body_watch_ = nullptr;  // the node of the body object arrive() just opened
};

template <typename Input>
bool sax_read(Input&& input, Reader& reader) {
  try {
    return json::sax_parse(std::forward<Input>(input), &reader);
  } catch (const json::exception& e) {
    reader.stop_message = e.what();
    return false;
  }
}

Result<WhatIfResult> result_of(Reader& reader, bool complete) {
  // The document parser's words (util::parse_json).
  if (!complete)
    return fail("what-if output (was --no-pretty-print --output json passed?) is not JSON: " +
                    reader.stop_message,
                "json.parse");
  if (!reader.root_is_object) return fail("what-if output is not a JSON object", "whatif.json");
  ChangeList& list = reader.root_list.present ? reader.root_list : reader.properties_list;
  WhatIfResult result;
  result.status = reader.status;
  if (!list.present || list.is_null) {
    if (!reader.error.is_null())
      return fail("what-if reported an error: " + reader.error.dump(), "whatif.error");
    return result;
  }
  if (!list.is_array) return fail("what-if 'changes' is not a list", "whatif.json");
  if (!list.problem.empty()) return fail(list.problem, "whatif.json");
  result.changes = std::move(list.changes);
  result.recount();
  return result;
}

}  // namespace

Result<WhatIfResult> read_what_if(std::string_view text) {
  // The bodies' text skipped unlexed; on any doubt (the text is not valid JSON), nlohmann's
  // parser reads it all again for its exact events and error.
  {
    Reader reader;
    if (util::skim_sax_parse(text, reader)) return result_of(reader, true);
  }
  Reader exact;
  const bool complete = sax_read(text, exact);
  return result_of(exact, complete);
}

Result<WhatIfResult> read_what_if(std::istream& in) {
  Reader reader;
  const bool complete = sax_read(in, reader);
  return result_of(reader, complete);
}

}  // namespace bicepgate::azure
