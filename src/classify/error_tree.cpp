#include "classify/error_tree.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include "bicep/diagnostics.hpp"
#include "util/regex.hpp"
#include "util/strings.hpp"

namespace bicepgate::classify {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 12;
constexpr std::size_t kMaxMessage = 4000;
constexpr std::size_t kMaxLine = 2000;

// Case-insensitive member lookup: App Service answers with Code/Message/Details.
const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (util::to_lower(it.key()) == key) return &it.value();
  }
  return nullptr;
}

std::string text_of(const json* value) {
  if (value == nullptr || value->is_null()) return {};
  if (value->is_string()) return value->get<std::string>();
  return value->dump();
}

// A code as a reporter's Markdown dresses it ("**_VnetSubnetConflictWithIntendedPolicy_**",
// https://github.com/microsoft/MCW-Migrating-SQL-databases-to-Azure/issues/14), undressed.
std::string plain_code(const std::string& code) {
  const auto first = code.find_first_not_of("*_`");
  if (first == std::string::npos) return code;
  return code.substr(first, code.find_last_not_of("*_`") - first + 1);
}

std::string capitalised(std::string word) {
  if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  return word;
}

// Finds the end of the balanced {…} that starts at `open`, respecting quoted strings.
std::size_t matching_brace(std::string_view text, std::size_t open) {
  int depth = 0;
  char quote = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"') {
      quote = c;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// az 2.0–2.3 printed Python dicts: {'code': 'X', 'message': "it's", 'target': None}.
std::string python_to_json(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"') {
      char quote = c;
      out += '"';
      for (++i; i < text.size() && text[i] != quote; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
          char next = text[i + 1];
          if (next == quote) {
            out += quote == '"' ? "\\\"" : "'";
          } else {
            out += '\\';
            out += next;
          }
          ++i;
        } else if (text[i] == '"') {
          out += "\\\"";
        } else {
          out += text[i];
        }
      }
      out += '"';
    } else if (text.substr(i, 4) == "None") {
      out += "null";
      i += 3;
    } else if (text.substr(i, 4) == "True") {
      out += "true";
      i += 3;
    } else if (text.substr(i, 5) == "False") {
      out += "false";
      i += 4;
    } else if (c == '<') {
      // <azure…ErrorResponse object at 0x…>: the repr hides the inner error; keep a placeholder.
      auto end = text.find('>', i);
      out += "null";
      i = end == std::string_view::npos ? text.size() : end;
    } else {
      out += c;
    }
  }
  return out;
}

bool try_parse(std::string_view text, json& out) {
  out = json::parse(text, nullptr, false);
  if (!out.is_discarded()) return true;
  out = json::parse(python_to_json(text), nullptr, false);
  return !out.is_discarded();
}

// How many braces are open before a position, folded forward: callers ask in increasing order,
// so a long output is read once, not once per error found in it.
class OpenBraces {
 public:
  explicit OpenBraces(std::string_view text) : text_(text) {}

  int before(std::size_t at) {
    if (at < scanned_) {
      scanned_ = 0;
      depth_ = 0;
    }
    for (; scanned_ < at && scanned_ < text_.size(); ++scanned_) {
      if (text_[scanned_] == '{') ++depth_;
      if (text_[scanned_] == '}' && depth_ > 0) --depth_;
    }
    return depth_;
  }

 private:
  std::string_view text_;
  std::size_t scanned_ = 0;
  int depth_ = 0;
};

ErrorNode azure_node(std::string code, std::string message, int depth = 0) {
  ErrorNode node;
  node.code = std::move(code);
  node.message = std::move(message);
  node.depth = depth;
  return node;
}

class Extractor {
 public:
  std::vector<ErrorNode> nodes;

  void add(ErrorNode node) {
    node.code = plain_code(node.code);
    if (node.code.empty()) return;
    if (node.message.size() > kMaxMessage) node.message = node.message.substr(0, kMaxMessage) + "…";
    auto key = node.code + "\n" + node.message + "\n" + node.file + std::to_string(node.line);
    if (!seen_.insert(key).second) return;
    nodes.push_back(std::move(node));
  }

  // Every {…} in the text that parses (as JSON or a Python dict) and looks like an error.
  void scan_json(std::string_view text, int base_depth, int budget,
                 const std::vector<std::string>& around = {}) {
    if (budget <= 0) return;
    std::size_t pos = 0;
    OpenBraces open(text);
    while ((pos = text.find('{', pos)) != std::string_view::npos) {
      auto close = matching_brace(text, pos);
      json doc;
      if (close != std::string_view::npos && try_parse(text.substr(pos, close - pos + 1), doc) &&
          doc.is_object()) {
        // A fragment inside an object that did not parse is as deep as the braces around it.
        walk(doc, base_depth + open.before(pos), budget - 1, around);
        pos = close + 1;
      } else {
        ++pos;  // broken or truncated: inner objects may still parse
      }
    }
  }

  // VS Code's Problems panel copied as JSON: a marker with "resource", "startLineNumber", a
  // numeric severity (MarkerSeverity: 8 Error, 4 Warning, 2 Info, 1 Hint, in
  // https://github.com/microsoft/vscode/blob/main/src/vs/platform/markers/common/markers.ts)
  // and a code that is a string or {"value": …} (a copy:
  // https://github.com/Azure/bicep/issues/19228).
  bool add_marker(const json& node) {
    const json* line = member(node, "startlinenumber");
    const json* code = member(node, "code");
    if (code != nullptr && code->is_object()) code = member(*code, "value");
    if (line == nullptr || !line->is_number() || code == nullptr || !code->is_string())
      return false;
    ErrorNode found;
    found.kind = ErrorKind::kBicep;
    found.code = code->get<std::string>();
    found.message = text_of(member(node, "message"));
    found.file = text_of(member(node, "resource"));
    found.line = line->get<int>();
    if (const json* column = member(node, "startcolumn"); column != nullptr && column->is_number())
      found.column = column->get<int>();
    const json* severity = member(node, "severity");
    const int level = severity != nullptr && severity->is_number() ? severity->get<int>() : 8;
    found.severity = level >= 8 ? "Error" : level >= 4 ? "Warning" : "Info";
    add(std::move(found));
    return true;
  }

  // An error object: {code, message, target, details[], error{}, innererror}, any casing.
  // `around` holds the codes of the errors that wrap this one, outermost first.
  void walk(const json& node, int depth, int budget, std::vector<std::string> around) {
    if (depth > kMaxDepth || budget <= 0) return;
    if (node.is_array()) {
      for (const auto& item : node) walk(item, depth, budget, around);
      return;
    }
    if (!node.is_object() || add_marker(node)) return;
    const json* code = member(node, "code");
    const json* message = member(node, "message");
    int inner = depth;
    if (code != nullptr && code->is_string()) {
      ErrorNode found;
      found.code = plain_code(code->get<std::string>());
      found.target = text_of(member(node, "target"));
      found.depth = depth;
      if (message != nullptr && message->is_string()) found.message = message->get<std::string>();
      if (message != nullptr && message->is_object())
        found.message = text_of(member(*message, "message"));
      found.wrapped_by = around;
      around.push_back(found.code);
      add(found);
      inner = depth + 1;
    }
    for (const char* key : {"error", "details", "innererror", "errorentity", "statusmessage"}) {
      if (const json* child = member(node, key)) {
        if (child->is_string()) {
          scan_json(child->get<std::string>(), inner, budget - 1, around);
        } else {
          walk(*child, inner, budget - 1, around);
        }
      }
    }
    // A message may itself be an error: a JSON string, or an object (App Service).
    if (message != nullptr && message->is_string() &&
        message->get<std::string>().find('{') != std::string::npos) {
      scan_json(message->get<std::string>(), inner, budget - 1, around);
    } else if (message != nullptr && message->is_object()) {
      walk(*message, inner, budget - 1, around);
    }
  }

  // When the JSON is too damaged to parse (masking, truncation, hard wraps), "code": "X" pairs
  // still name the errors; their depth is how many braces are open before them.
  void scan_code_pairs(std::string_view text) {
    static const util::Regex kPair(
        R"re((?:^|[^A-Za-z0-9_])(?:code|Code)\\*["']?\s*[:=]\s*\\*["']([A-Za-z][A-Za-z0-9_.]{2,80})\\*["'])re");
    static const util::Regex kMessage(
        R"re(^[^{}]{0,200}?\\*["']?(?:message|Message)\\*["']?\s*[:=]\s*(?:\\*"((?:[^"\\]|\\[^"])*)|'([^']*)))re");
    std::string s(text);
    OpenBraces open(s);
    for (const auto& pair : kPair.search_all(s)) {
      ErrorNode node;
      node.code = pair.str(1);
      auto at = pair.position();
      node.depth = open.before(at);
      util::RegexMatch message;
      std::string after = s.substr(at + pair.length(), 2400);
      if (kMessage.search(after, message)) {
        node.message = message.matched(1) ? message.str(1) : message.str(2);
      }
      if (!known(node.code)) add(node);
    }
  }

  // The line forms of az 2.1x–2.5x and other clients.
  void scan_lines(std::string_view text) {
    static const util::Regex kAzureError(R"(Azure Error:\s*([A-Za-z][A-Za-z0-9]+))");
    // PowerShell's Format-List pads the label: "Code    : InvalidTemplateDeployment".
    static const util::Regex kCodeLine(R"(^\s*Code\s*:\s*([A-Za-z][A-Za-z0-9_.]+)\s*$)");
    static const util::Regex kMessageLine(R"(^\s*Message\s*:\s*(.+)$)");
    static const util::Regex kParenthesised(R"(^\s*(?:ERROR:\s*)?\(([A-Z][A-Za-z0-9]+)\)\s*(.+)$)");
    static const util::Regex kKeyValue(
        R"re(Code\s*=\s*"?([A-Za-z][A-Za-z0-9]+)"?\s*;?\s*Message\s*=\s*"?([^"\n]+))re");
    // After the labels az and the Actions print first: "ERROR: InternalServerError - …",
    // "ValidationError: InternalServerError - …", "Warning: X: …".
    static const util::Regex kCamelColon(
        R"(^\s*(?:(?:ERROR|Error|Warning|ValidationError|DeploymentError):\s*)*_?([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+):\s+(.+)$)");
    static const util::Regex kCamelDash(
        R"(^\s*(?:(?:ERROR|Error|Warning|ValidationError|DeploymentError):\s*)*"?([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+) - (.+)$)");
    // Mid-line, after a sentence: "… configuration. Error: BadRequest - The parameter …" (the
    // App Service task: https://github.com/microsoft/azure-pipelines-tasks/issues/11686).
    static const util::Regex kErrorDash(R"(\bError: ([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+) - (.+)$)");
    static const util::Regex kCodeSuffix(R"(\(Code:\s*([A-Za-z][A-Za-z0-9]+)\))");
    // Any case: people paste sign-in errors lower-cased (https://github.com/pnp/PnP-PowerShell/
    // discussions/3026 "aadsts50196: …"); the code is reported as Entra ID prints it.
    static const util::Regex kAadsts(R"((AADSTS\d{5,7})[:\s]*([^\r\n]*))",
                                     util::Regex::kIgnoreCase);
    static const std::set<std::string> kNotCodes = {
        "ValidationError", "DeploymentError", "ErrorDetails", "StatusMessage", "ServiceRequestId",
        "EventCategory", "TraceBack", "WARNING", "ERROR",
        // Labels, not codes: "ErrorCode: X" / "StatusCode: 400" (azure-core's
        // RequestFailedException, as PowerShell Az prints it).
        "ErrorCode", "StatusCode", "ErrorType"};
    auto lines = util::split_lines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string& line = lines[i];
      util::RegexMatch m;
      auto next_message = [&](std::size_t from) -> std::string {
        for (std::size_t j = from; j < lines.size() && j < from + 3; ++j) {
          util::RegexMatch mm;
          if (kMessageLine.full_match(lines[j], mm)) return util::trim(mm.str(1));
        }
        return {};
      };
      if (kAzureError.search(line, m)) add(azure_node(m.str(1), next_message(i + 1)));
      if (kCodeLine.full_match(line, m)) add(azure_node(m.str(1), next_message(i + 1)));
      if (kParenthesised.full_match(line, m) && !known(m.str(1))) {
        add(azure_node(m.str(1), util::trim(m.str(2))));
      }
      for (const auto& pair : kKeyValue.search_all(line)) {
        add(azure_node(pair.str(1), util::trim(pair.str(2))));
      }
      for (const auto& suffix : kCodeSuffix.search_all(line)) {
        if (!known(suffix.str(1))) add(azure_node(suffix.str(1), util::trim(line)));
      }
      // "ValidationError: InternalServerError - …": the label is not a code, what follows is.
      // A sentence-sized head only (a code names itself early in its line).
      const std::string head = line.substr(0, kMaxLine);
      for (const auto* form : {&kCamelColon, &kCamelDash, &kErrorDash}) {
        if (form->search(head, m) && kNotCodes.count(m.str(1)) == 0 && !known(m.str(1)))
          add(azure_node(m.str(1), util::trim(m.str(2)), 1));
      }
      for (const auto& aadsts : kAadsts.search_all(line)) {
        add(azure_node(util::to_upper(aadsts.str(1)), util::trim(aadsts.str(2))));
      }
      scan_code_label(line, next_message(i + 1));
      // The portal's activity log copied as Markdown: "**Error code**", then the code alone
      // (https://github.com/CDCgov/prime-reportstream/issues/7678).
      static const util::Regex kLabelAlone(R"(^\W*Error code\W*$)", util::Regex::kIgnoreCase);
      static const util::Regex kBareCode(R"(^[\s*_]*([A-Z][A-Za-z0-9]{2,80})[\s*_]*$)");
      if (i + 1 < lines.size() && kLabelAlone.full_match(line) &&
          kBareCode.full_match(lines[i + 1], m) && !known(m.str(1)))
        add(azure_node(m.str(1), i + 3 < lines.size() ? util::trim(lines[i + 3]) : ""));
    }
  }

  // A code after a label, as SDKs print it: "ERROR CODE: ResourceGroupNotFound" (Go azcore's
  // ResponseError, azd and Terraform: https://github.com/Azure/azure-sdk-for-go/blob/main/sdk/
  // azcore/internal/exported/response_error.go), "ErrorCode: ResourceNotFound" (azure-core's
  // RequestFailedException in .NET and PowerShell Az), "Error code: X" in portals and logs,
  // "Error type: X" from the VS Code Azure extensions
  // (https://github.com/microsoft/vscode-azureappservice/issues/2483).
  void scan_code_label(const std::string& line, const std::string& message) {
    static const util::Regex kLabel(
        R"re((?:^|[^A-Za-z])error[ _]?(?:code|type)\\*["']?\s*[:=]\s*\\*["']?([A-Za-z][A-Za-z0-9_]{2,80}(?:\.[A-Za-z0-9_]+)*))re",
        util::Regex::kIgnoreCase);
    util::RegexMatch m;
    if (!kLabel.search(line, m) || known(m.str(1))) return;
    add(azure_node(m.str(1), message.empty() ? util::trim(line) : message));
  }

  // "(ServiceUnavailable)" inside a message names the real cause behind a wrapper code.
  void scan_embedded_codes() {
    static const util::Regex kEmbedded(R"(\(([A-Z][a-z]+(?:[A-Z][a-z0-9]*)+)\))");
    std::vector<ErrorNode> found;
    for (const auto& node : nodes) {
      for (const auto& embedded : kEmbedded.search_all(node.message)) {
        ErrorNode inner = azure_node(embedded.str(1), node.message, node.depth + 1);
        inner.target = node.target;
        inner.wrapped_by = node.wrapped_by;
        inner.wrapped_by.push_back(node.code);
        if (inner.code != node.code) found.push_back(inner);
      }
    }
    for (auto& node : found) {
      if (!known(node.code)) add(std::move(node));
    }
  }

  bool known(const std::string& code) const {
    return std::any_of(nodes.begin(), nodes.end(),
                       [&](const ErrorNode& n) { return n.code == code; });
  }

 private:
  std::set<std::string> seen_;
};

}  // namespace

std::vector<ErrorNode> extract_errors(std::string_view raw_output) {
  const std::string clean = util::valid_utf8(raw_output);
  const std::string_view output = clean;
  Extractor extractor;
  for (const auto& d : bicep::parse_diagnostics(output)) {
    ErrorNode node;
    node.code = d.code;
    node.message = d.message;
    node.kind = ErrorKind::kBicep;
    node.file = d.file;
    node.line = d.line;
    node.column = d.column;
    node.severity = bicep::to_string(d.severity);
    extractor.add(std::move(node));
  }
  const std::string text = strip_log_prefixes(output);
  // A diagnostic whose path was lost ("Error BCP192: …", pasted or printed by a wrapper).
  static const util::Regex kPathless(
      R"((?:^|\s)(Error|Warning|Info) (BCP\d{3}|[a-z]+(?:-[a-z]+)+): (.+))");
  // MSBuild's canonical form, lower-case category (Bicep.MSBuild logs through MSBuild:
  // https://learn.microsoft.com/visualstudio/msbuild/msbuild-diagnostic-format-for-tasks):
  // "main.bicep(4,23): error BCP079: …".
  static const util::Regex kMsBuild(
      R"(^\s*(\S[^(]*\.bicep(?:param)?)\((\d+),(\d+)\)\s?:\s*(error|warning|info) (BCP\d{3}|[a-z]+(?:-[a-z]+)+): (.+))");
  // VS Code's Problems panel copies "message bicep(BCP037)" or "bicep[BCP190](link)"
  // (https://github.com/Azure/bicep/issues/13556, /17092) and linter findings as
  // "message bicep core (https://aka.ms/bicep/linter/no-unused-vars)".
  static const util::Regex kProblems(
      R"(^\s*(.+?)\s*bicep(?:\[(BCP\d{3})\]|\((BCP\d{3})\)| core \(https://aka\.ms/bicep/linter/([a-z]+(?:-[a-z]+)+)\)))");
  // Any other rendering that kept the documentation link Bicep appends to each diagnostic
  // ("… [https://aka.ms/bicep/core-diagnostics#BCP007]", "[https://aka.ms/bicep/linter/
  // no-unused-params]", as in Azure/bicep's own CLI tests, src/Bicep.Cli.IntegrationTests).
  static const util::Regex kDocLink(
      R"(aka\.ms/bicep/(?:core-diagnostics#(BCP\d{3})|linter/([a-z]+(?:-[a-z]+)+)))");
  for (const auto& line : util::split_lines(text)) {
    util::RegexMatch m;
    ErrorNode node;
    node.kind = ErrorKind::kBicep;
    // A sentence-sized head only (a diagnostic names its code early in its line).
    const std::string head = line.substr(0, kMaxLine);
    if (kMsBuild.search(head, m)) {
      node.file = m.str(1);
      node.line = std::stoi(m.str(2));
      node.column = std::stoi(m.str(3));
      node.severity = capitalised(m.str(4));
      node.code = m.str(5);
      node.message = util::trim(m.str(6));
    } else if (kPathless.search(head, m)) {
      node.code = m.str(2);
      node.message = util::trim(m.str(3));
      node.severity = m.str(1);
    } else if (head.find("bicep") != std::string::npos && kProblems.search(head, m)) {
      node.code = m.matched(2) ? m.str(2) : m.matched(3) ? m.str(3) : m.str(4);
      node.message = util::trim(m.str(1));
    } else if (head.find("aka.ms/bicep/") != std::string::npos && kDocLink.search(head, m)) {
      node.code = m.matched(1) ? m.str(1) : m.str(2);
      node.message = util::trim(head.substr(0, m.position(0)));
    }
    if (!node.code.empty() && !extractor.known(node.code)) extractor.add(std::move(node));
  }
  extractor.scan_json(text, 0, 64);
  extractor.scan_code_pairs(text);
  extractor.scan_lines(text);
  extractor.scan_embedded_codes();
  auto nodes = std::move(extractor.nodes);
  std::stable_sort(nodes.begin(), nodes.end(),
                   [](const ErrorNode& a, const ErrorNode& b) { return a.depth < b.depth; });
  return nodes;
}

}  // namespace bicepgate::classify
