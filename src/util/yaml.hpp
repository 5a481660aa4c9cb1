#pragma once
// The one YAML reader of the tables and configs (the routing config, data/error-rules.yml,
// data/regions.yml): each loader checks shapes, keys and values through it, so every bad input
// is worded the same way: "<file>:<line>: <key> must be <what was expected>, found <what was>".

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace bicepgate::util {

// A YAML document being read, bound to the file name its errors start with. Errors carry the
// file, line and column of the node they are about, and a code "<domain>.<kind>".
class YamlReader {
 public:
  // `source` names the file in messages; `domain` prefixes the error codes ("config", "rules").
  YamlReader(std::string source, std::string domain);

  // The text of a YAML file; a file that cannot be read is "<path>: cannot read (<why>)".
  static Result<std::string> read_file(const std::filesystem::path& path,
                                       const std::string& domain);

  // The document's root, which must be a map or a list (`kind`); `expected` says what it holds
  // ("a list of rules"). A syntax error is "<file>:<line>: invalid YAML: <why>" (<domain>.yaml).
  Result<YAML::Node> document(const std::string& text, YAML::NodeType::value kind,
                              const std::string& expected) const;

  // An error about `node`, with its line when it has one (a missing key's node has none).
  Unexpected<Error> error_at(const YAML::Node& node, const std::string& message,
                             const std::string& kind = "invalid") const;

  // Every key of `map` is one of `allowed`; else "unknown key 'x' in <where> (did you mean…)".
  Status check_keys(const YAML::Node& map, const std::vector<std::string>& allowed,
                    const std::string& where) const;
  // `node` is of `kind`: else "<what> must be a map, found a list".
  Status expect(const YAML::Node& node, YAML::NodeType::value kind, const std::string& what) const;
  // The value of `key` in `map`, which must be there: else "<where> needs '<key>'".
  Result<YAML::Node> required(const YAML::Node& map, const std::string& key,
                              const std::string& where) const;

  // One value (not a list or a map).
  Result<std::string> scalar(const YAML::Node& node, const std::string& what) const;
  // The value of an optional key, or `fallback` when the key is absent.
  Result<std::string> scalar_or(const YAML::Node& map, const std::string& key,
                                const std::string& fallback) const;
  // true or false (as YAML 1.2 writes them), nothing else.
  Result<bool> boolean(const YAML::Node& node, const std::string& what) const;
  Result<bool> boolean_or(const YAML::Node& map, const std::string& key, bool fallback) const;
  Result<int> integer(const YAML::Node& node, const std::string& what, int min, int max) const;
  // One value or a list of values: `event: push` and `event: [push, release]` alike.
  Result<std::vector<std::string>> values(const YAML::Node& node, const std::string& what) const;
  // A list of at least one single value.
  Result<std::vector<std::string>> non_empty_list(const YAML::Node& node,
                                                  const std::string& what) const;

  // Runs a loader's `parse`, turning what yaml-cpp throws on shapes the loader's checks did not
  // expect (a mapping as a key…) into an error with its line, never a crash.
  template <typename Parse>
  auto guard(Parse&& parse) const -> decltype(parse()) {
    try {
      return parse();
    } catch (const YAML::Exception& e) {
      return exception_error(e);
    }
  }

  const std::string& source() const { return source_; }

 private:
  Unexpected<Error> exception_error(const YAML::Exception& e) const;

  std::string source_;
  std::string domain_;
};

// How a node's kind reads in a message: "a map", "a list", "a single value", "nothing".
std::string describe_kind(const YAML::Node& node);

}  // namespace bicepgate::util
