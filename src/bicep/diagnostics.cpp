#include "bicep/diagnostics.hpp"

#include <cctype>
#include <optional>

#include "util/strings.hpp"

namespace bicepgate::bicep {
namespace {

constexpr std::string_view kSeverities[] = {"Error ", "Warning ", "Info "};

// Azure Pipelines / Actions log timestamps: 2023-02-01T09:41:27.6251249Z
std::string_view strip_timestamp(std::string_view line) {
  if (line.size() > 20 && std::isdigit(static_cast<unsigned char>(line[0])) != 0 &&
      line[4] == '-' && line[10] == 'T') {
    auto space = line.find(' ');
    if (space != std::string_view::npos && line[space - 1] == 'Z') return line.substr(space + 1);
  }
  return line;
}

bool read_int(std::string_view text, std::size_t& pos, int& out) {
  std::size_t start = pos;
  long value = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0 &&
         pos - start < 9) {
    value = value * 10 + (text[pos] - '0');
    ++pos;
  }
  out = static_cast<int>(value);
  return pos > start;
}

bool starts_path(std::string_view text, std::size_t at) {
  auto rest = text.substr(at);
  if (rest.empty()) return false;
  if (rest[0] == '/' || rest[0] == '\\' || rest.substr(0, 2) == "./" ||
      rest.substr(0, 3) == "../" || rest.substr(0, 2) == "~/") {
    return true;
  }
  return rest.size() > 2 && std::isalpha(static_cast<unsigned char>(rest[0])) != 0 &&
         rest[1] == ':' && (rest[2] == '\\' || rest[2] == '/');
}

// The path is what precedes "(line,col)". Log prefixes come first: a tool's "Name: ", a
// logger's "module:line ", quotes. Paths may contain spaces, so within the last prefix-free
// segment the path starts at the first token that looks like a path; failing that, after the
// last space.
std::string path_before(std::string_view line, std::size_t paren) {
  auto head = line.substr(0, paren);
  auto separator = head.rfind(": ");
  std::size_t start = separator == std::string_view::npos ? 0 : separator + 2;
  while (start < paren && (head[start] == ' ' || head[start] == '\t')) ++start;
  auto segment = head.substr(start);
  while (!segment.empty() && (segment.front() == '\'' || segment.front() == '"'))
    segment.remove_prefix(1);
  if (segment.find_first_of(" \t") != std::string_view::npos) {
    std::size_t chosen = std::string_view::npos;
    for (std::size_t i = 0; i < segment.size(); ++i) {
      if ((i == 0 || segment[i - 1] == ' ' || segment[i - 1] == '\t') && starts_path(segment, i)) {
        chosen = i;
        break;
      }
    }
    if (chosen == std::string_view::npos) chosen = segment.find_last_of(" \t") + 1;
    segment = segment.substr(chosen);
  }
  while (!segment.empty() && (segment.front() == '\'' || segment.front() == '"'))
    segment.remove_prefix(1);
  while (!segment.empty() && (segment.back() == '\'' || segment.back() == '"'))
    segment.remove_suffix(1);
  return std::string(segment);
}

std::optional<Diagnostic> parse_line(std::string_view line) {
  // Try each "(" that could open "(line,col) : Severity ".
  for (std::size_t paren = line.find('('); paren != std::string_view::npos;
       paren = line.find('(', paren + 1)) {
    if (paren == 0) continue;
    Diagnostic d;
    std::size_t pos = paren + 1;
    if (!read_int(line, pos, d.line) || pos >= line.size() || line[pos] != ',') continue;
    ++pos;
    if (!read_int(line, pos, d.column) || line.substr(pos, 4) != ") : ") continue;
    pos += 4;
    bool found = false;
    for (std::size_t s = 0; s < std::size(kSeverities); ++s) {
      if (line.substr(pos, kSeverities[s].size()) == kSeverities[s]) {
        d.severity = static_cast<Severity>(s);
        pos += kSeverities[s].size();
        found = true;
        break;
      }
    }
    if (!found) continue;
    auto colon = line.find(": ", pos);
    if (colon == std::string_view::npos) {
      d.code = util::trim(line.substr(pos));
      if (d.code.back() == ':') d.code.pop_back();
    } else {
      d.code = std::string(line.substr(pos, colon - pos));
      d.message = util::trim(line.substr(colon + 2));
    }
    d.file = path_before(line, paren);
    if (d.file.empty()) continue;
    // A trailing " [https://aka.ms/…]" is the rule's documentation link.
    if (!d.message.empty() && d.message.back() == ']') {
      auto open = d.message.rfind(" [http");
      if (open != std::string::npos) {
        d.link = d.message.substr(open + 2, d.message.size() - open - 3);
        d.message = util::trim(d.message.substr(0, open));
      }
    }
    return d;
  }
  return std::nullopt;
}

}  // namespace

std::string to_string(Severity severity) {
  switch (severity) {
    case Severity::kWarning: return "Warning";
    case Severity::kInfo: return "Info";
    case Severity::kError: break;
  }
  return "Error";
}

std::vector<Diagnostic> parse_diagnostics(std::string_view raw_output) {
  const std::string clean = util::valid_utf8(raw_output);
  const std::string_view output = clean;
  std::vector<Diagnostic> found;
  bool continuing = false;
  for (const auto& raw : util::split_lines(output)) {
    auto line = strip_timestamp(raw);
    if (auto d = parse_line(line)) {
      found.push_back(std::move(*d));
      continuing = true;
      continue;
    }
    auto text = util::trim(line);
    if (continuing && !text.empty()) {
      found.back().message += (found.back().message.empty() ? "" : "\n") + text;
    }
  }
  return found;
}

}  // namespace bicepgate::bicep
