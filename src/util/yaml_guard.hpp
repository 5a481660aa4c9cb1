#pragma once
// yaml-cpp throws on shapes a loader's checks do not expect (a mapping as a key, a scalar read
// as a list…). Every YAML loader runs inside this guard, so whatever the file holds it gets an
// error with its line, never a crash.

#include <yaml-cpp/exceptions.h>

#include <string>

#include "util/result.hpp"

namespace bicepgate::util {

template <typename Parse>
auto guard_yaml(const std::string& source, Parse&& parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const YAML::Exception& e) {
    return fail(source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg +
                    " (a key or value of an unexpected kind: keys are plain words)",
                "yaml.invalid");
  }
}

}  // namespace bicepgate::util
