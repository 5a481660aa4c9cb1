#pragma once
// Reading and writing whole files, with errors that name the path.

#include <filesystem>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace bicepgate::util {

Result<std::string> read_file(const std::filesystem::path& path);
// Writes to a temporary file beside `path`, then renames: readers never see half a file.
Status write_file_atomic(const std::filesystem::path& path, std::string_view content);
// Creates `path` (which must not exist) readable by its owner only (0600) and writes `content`:
// a secret handed to a child by file rather than on its command line.
Status write_private_file(const std::filesystem::path& path, std::string_view content);
Status append_file(const std::filesystem::path& path, std::string_view content);
// A fresh hex string from the system's random source (delimiters, operation ids).
std::string random_hex(std::size_t bytes);

}  // namespace bicepgate::util
