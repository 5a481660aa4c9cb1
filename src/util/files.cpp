#include "util/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace bicepgate::util {

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail("cannot read " + path.string() + ": " + std::strerror(errno), "io.read");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  auto temp = path;
  temp += ".tmp-" + random_hex(4);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return fail("cannot write " + temp.string() + ": " + std::strerror(errno), "io.write");
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) return fail("cannot write " + temp.string() + ": disk full?", "io.write");
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    return fail("cannot rename into " + path.string() + ": " + ec.message(), "io.write");
  }
  return {};
}

Status write_private_file(const std::filesystem::path& path, std::string_view content) {
  // O_EXCL | O_NOFOLLOW: never write a secret through a link or into a file someone made first.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return fail("cannot create " + path.string() + ": " + std::strerror(errno), "io.write");
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      std::error_code ec;
      std::filesystem::remove(path, ec);
      return fail("cannot write " + path.string() + ": " + why, "io.write");
    }
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return {};
}

Status append_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  if (!out)
    return fail("cannot append to " + path.string() + ": " + std::strerror(errno), "io.write");
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) return fail("cannot append to " + path.string(), "io.write");
  return {};
}

std::string random_hex(std::size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::random_device source;
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    auto byte = static_cast<unsigned>(source()) & 0xffU;
    out += kDigits[byte >> 4U];
    out += kDigits[byte & 0xfU];
  }
  return out;
}

}  // namespace bicepgate::util
