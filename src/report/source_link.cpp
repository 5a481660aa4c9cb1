#include "report/source_link.hpp"

#include "report/markdown.hpp"

namespace bicepgate::report {
namespace {

// RFC 3986 unreserved characters stay; every other byte of a segment is %XX. '/' separates
// segments and stays.
std::string percent_encoded(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4U];
      out += kHex[byte & 0x0FU];
    }
  }
  return out;
}

// A path inside the repository: relative, no empty, "." or ".." segment.
bool plain_relative(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    auto segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

bool hex_sha(std::string_view sha) {
  if (sha.size() < 7 || sha.size() > 64) return false;
  for (char c : sha) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

}  // namespace

std::string source_line_url(const github::EventContext& event, std::string_view path, int line) {
  const std::string& sha = event.pull_request && !event.pull_request->head_sha.empty()
                               ? event.pull_request->head_sha
                               : event.sha;
  const auto slash = event.repository.find('/');
  if (line <= 0 || !hex_sha(sha) || slash == std::string::npos || !plain_relative(path) ||
      !plain_relative(event.repository) ||
      event.repository.find('/', slash + 1) != std::string::npos || event.server_url.empty() ||
      event.server_url.find_first_of(" \t\n()<>|`\\") != std::string::npos) {
    return {};
  }
  return event.server_url + "/" + percent_encoded(event.repository) + "/blob/" + sha + "/" +
         percent_encoded(path) + "#L" + std::to_string(line);
}

std::string source_line_markdown(const github::EventContext& event, std::string_view path, int line,
                                 bool in_cell) {
  const std::string where = std::string(path) + ":" + std::to_string(line);
  std::string shown = in_cell ? markdown_code_in_cell(where) : markdown_code(where);
  auto url = source_line_url(event, path, line);
  // The URL is ours: every byte of it outside a fixed set is percent-encoded, so no ')' or
  // space ends it early and no '|' ends a table cell.
  return url.empty() ? shown : "[" + shown + "](" + url + ")";
}

}  // namespace bicepgate::report
