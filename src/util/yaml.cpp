#include "util/yaml.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "util/strings.hpp"

namespace bicepgate::util {
namespace {

std::string describe(YAML::NodeType::value kind) {
  switch (kind) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a single value";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: break;
  }
  return "nothing";
}

// yaml-cpp's Mark() throws on a node it cannot place (a zombie from a missing key).
int line_of(const YAML::Node& node, int* column = nullptr) {
  try {
    const auto mark = node.Mark();
    if (column != nullptr) *column = mark.column >= 0 ? mark.column + 1 : 0;
    return mark.line >= 0 ? mark.line + 1 : 0;
  } catch (const YAML::Exception&) {
    return 0;
  }
}

}  // namespace

std::string describe_kind(const YAML::Node& node) {
  return node.IsDefined() ? describe(node.Type()) : "nothing";
}

YamlReader::YamlReader(std::string source, std::string domain)
    : source_(std::move(source)), domain_(std::move(domain)) {}

Result<std::string> YamlReader::read_file(const std::filesystem::path& path,
                                          const std::string& domain) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(Error{path.string() + ": cannot read (" + std::strerror(errno) + ")",
                      domain + ".read", path.string(), 0, 0});
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Result<YAML::Node> YamlReader::document(const std::string& text, YAML::NodeType::value kind,
                                        const std::string& expected) const {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    Error error{source_ + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg,
                domain_ + ".yaml", source_, e.mark.line + 1, e.mark.column + 1};
    return fail(std::move(error));
  }
  if (root.IsNull()) {
    // Only comments, or nothing at all: the document has no node to take a line from.
    return fail(Error{source_ + ": the file is empty; expected " + expected, domain_ + ".empty",
                      source_, 0, 0});
  }
  if (root.Type() != kind) {
    return error_at(root, "expected " + expected + ", found " + describe_kind(root), "shape");
  }
  return root;
}

Unexpected<Error> YamlReader::error_at(const YAML::Node& node, const std::string& message,
                                       const std::string& kind) const {
  Error e;
  e.file = source_;
  e.line = line_of(node, &e.column);
  e.message = source_ + (e.line > 0 ? ":" + std::to_string(e.line) : "") + ": " + message;
  e.code = domain_ + "." + kind;
  return fail(std::move(e));
}

Status YamlReader::check_keys(const YAML::Node& map, const std::vector<std::string>& allowed,
                              const std::string& where) const {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) {
      return error_at(it->first,
                      "a key in " + where + " is " + describe_kind(it->first) +
                          "; keys are plain words (" + join(allowed, ", ") + ")",
                      "key");
    }
    auto key = it->first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string message = "unknown key '" + key + "' in " + where;
    if (auto guess = closest(key, allowed); !guess.empty()) {
      message += " (did you mean '" + guess + "'?)";
    } else {
      message += " (expected one of: " + join(allowed, ", ") + ")";
    }
    return error_at(it->first, message, "key");
  }
  return {};
}

Status YamlReader::expect(const YAML::Node& node, YAML::NodeType::value kind,
                          const std::string& what) const {
  if (node.IsDefined() && node.Type() == kind) return {};
  return error_at(node, what + " must be " + describe(kind) + ", found " + describe_kind(node),
                  "type");
}

Result<YAML::Node> YamlReader::required(const YAML::Node& map, const std::string& key,
                                        const std::string& where) const {
  auto value = map[key];
  if (!value) return error_at(map, where + " needs '" + key + "'", "missing");
  return value;
}

Result<std::string> YamlReader::scalar(const YAML::Node& node, const std::string& what) const {
  if (!node.IsScalar()) {
    return error_at(node, what + " must be a single value, found " + describe_kind(node), "type");
  }
  return node.as<std::string>();
}

Result<std::string> YamlReader::scalar_or(const YAML::Node& map, const std::string& key,
                                          const std::string& fallback) const {
  const auto value = map[key];
  if (!value) return fallback;
  return scalar(value, "'" + key + "'");
}

Result<bool> YamlReader::boolean(const YAML::Node& node, const std::string& what) const {
  auto text = scalar(node, what);
  if (!text) return fail(text.error());
  if (*text == "true" || *text == "True" || *text == "TRUE") return true;
  if (*text == "false" || *text == "False" || *text == "FALSE") return false;
  return error_at(node, what + " is '" + *text + "', expected true or false", "type");
}

Result<bool> YamlReader::boolean_or(const YAML::Node& map, const std::string& key,
                                    bool fallback) const {
  const auto value = map[key];
  if (!value) return fallback;
  return boolean(value, "'" + key + "'");
}

Result<int> YamlReader::integer(const YAML::Node& node, const std::string& what, int min,
                                int max) const {
  try {
    int value = node.as<int>();
    if (value >= min && value <= max) return value;
  } catch (const YAML::Exception&) {
  }
  return error_at(
      node,
      what + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max),
      "type");
}

Result<std::vector<std::string>> YamlReader::values(const YAML::Node& node,
                                                    const std::string& what) const {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.as<std::string>());
    return out;
  }
  if (!node.IsSequence()) {
    return error_at(
        node, what + " must be a value or a list of values, found " + describe_kind(node), "type");
  }
  for (const auto& item : node) {
    auto text = scalar(item, "each item of " + what);
    if (!text) return fail(text.error());
    out.push_back(*text);
  }
  return out;
}

Result<std::vector<std::string>> YamlReader::non_empty_list(const YAML::Node& node,
                                                            const std::string& what) const {
  if (!node.IsSequence() || node.size() == 0) {
    return error_at(node,
                    what + " must be a non-empty list, found " +
                        (node.IsSequence() ? "an empty list" : describe_kind(node)),
                    "type");
  }
  std::vector<std::string> out;
  for (const auto& item : node) {
    auto text = scalar(item, "each item of " + what);
    if (!text) return fail(text.error());
    out.push_back(*text);
  }
  return out;
}

Unexpected<Error> YamlReader::exception_error(const YAML::Exception& e) const {
  const int line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
  return fail(Error{source_ + (line > 0 ? ":" + std::to_string(line) : "") + ": " + e.msg +
                        " (a key or value of an unexpected kind: keys are plain words)",
                    domain_ + ".yaml", source_, line, e.mark.column >= 0 ? e.mark.column + 1 : 0});
}

}  // namespace bicepgate::util
