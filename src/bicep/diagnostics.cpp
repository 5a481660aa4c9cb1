#include "bicep/diagnostics.hpp"

#include <cctype>
#include <optional>

#include "util/strings.hpp"

namespace bicepgate::bicep {
namespace {

constexpr std::string_view kSeverities[] = {"Error ", "Warning ", "Info "};

// Azure Pipelines / Actions log timestamps: 2023-02-01T09:41:27.6251249Z
std::string_view strip_timestamp(std::string_view line) {
  if (line.size() > 20 && std::isdigit(static_cast<unsigned char>(line[0])) != 0 && line[4] == '-' &&
      line[10] == 'T') {
    auto space = line.find(' ');
    if (space != std::string_view::npos && line[space - 1] == 'Z') return line.substr(space + 1);
  }
  return line;
}

bool read_int(std::string_view text, std::size_t& pos, int& out) {
  std::size_t start = pos;
  long value = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0 && pos - start < 9) {
    value = value * 10 + (text[pos] - '0');
    ++pos;
  }
  out = static_cast<int>(value);
  return pos > start;
}

// The path is the run of characters before "(": it ends the file name and starts after the
// last log prefix separator (whitespace, or ": " of a tool prefix).
std::string path_before(std::string_view line, std::size_t paren) {
  std::size_t start = paren;
  while (start > 0) {
    char c = line[start - 1];
    if (c == ' ' || c == '\t' || c == '\'' || c == '"') break;
    --start;
  }
  return std::string(line.substr(start, paren - start));
}

std::optional<Diagnostic> parse_line(std::string_view line) {
  // Try each "(" that could open "(line,col) : Severity ".
  for (std::size_t paren = line.find('('); paren != std::string_view::npos; paren = line.find('(', paren + 1)) {
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

std::vector<Diagnostic> parse_diagnostics(std::string_view output) {
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
