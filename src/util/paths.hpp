#pragma once
// Paths that outside text names (action inputs, the repository's config and files) resolved
// inside the folders they may reach, symbolic links followed, or refused with a reason.

#include <filesystem>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace bicepgate::util {

struct AllowedRoot {
  std::filesystem::path path;
  std::string name;  // for people: "the workspace", "RUNNER_TEMP"
};

// Reads the file system (symbolic links) but changes nothing. `value` is relative to the first
// root, or absolute. The result is the path with every existing symbolic link resolved; it is
// refused (code "path.outside") when it, or what a link in it points at, lies outside every
// root. `what` names the value in the message: "input 'sarif-file'".
Result<std::filesystem::path> contained_path(const std::string& value,
                                             const std::vector<AllowedRoot>& roots,
                                             const std::string& what);

}  // namespace bicepgate::util
