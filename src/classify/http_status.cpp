#include "classify/http_status.hpp"

#include <map>
#include <string>

#include "util/regex.hpp"
#include "util/strings.hpp"

namespace bicepgate::classify {
namespace {

// Reason phrases (RFC 9110 section 15) with spaces removed: .NET's CloudException prints the enum
// name ('BadRequest'), msrest the phrase ('Too Many Requests').
int status_of_reason(std::string reason) {
  static const std::map<std::string, int> kReasons = {
      {"badrequest", 400},      {"unauthorized", 401},
      {"forbidden", 403},       {"notfound", 404},
      {"conflict", 409},        {"preconditionfailed", 412},
      {"toomanyrequests", 429}, {"internalservererror", 500},
      {"badgateway", 502},      {"serviceunavailable", 503},
      {"gatewaytimeout", 504},  {"requesttimeout", 408},
  };
  reason = util::replace_all(util::to_lower(reason), " ", "");
  auto it = kReasons.find(reason);
  return it == kReasons.end() ? 0 : it->second;
}

std::optional<int> numeric_status(const std::string& text) {
  // Each alternative is a shape a client prints:
  //   "RESPONSE 404: 404 Not Found"  Go azcore ResponseError (azd, Terraform azurerm)
  //     https://github.com/Azure/azure-sdk-for-go/blob/main/sdk/azcore/internal/exported/response_error.go
  //   "Status: 404 (Not Found)"      azure-core RequestFailedException (.NET, PowerShell Az)
  //   "StatusCode=409" / "StatusCode: 400"  go-autorest (Terraform) / PowerShell
  //   "(HTTP Status Code: 400)"      the activity log's subStatus
  //   "HTTP/1.1 503 Service Unavailable", "status code 429", "statusCode": 429
  //   "HTTP Error 404: Not Found"    Python's urllib.error.HTTPError
  //   "does not indicate success: 404 (Not Found)"  .NET
  //   HttpResponseMessage.EnsureSuccessStatusCode
  static const util::Regex kNumeric(
      R"re((?:RESPONSE |\bStatus:\s*|\bStatus ?Code\s*[=:]\s*"?|HTTP Status Code:\s*|HTTP/\d(?:\.\d)?\s+|status code:?\s+'?|"statusCode"\s*:\s*"?|HTTP Error |does not indicate success:\s*)([45]\d\d)\b)re",
      util::Regex::kIgnoreCase);
  //   "403 Client Error: Forbidden for url: …"  requests' Response.raise_for_status
  //     (https://github.com/psf/requests/blob/main/src/requests/models.py)
  static const util::Regex kRequests(R"(\b([45]\d\d) (?:Client|Server) Error\b)");
  util::RegexMatch m;
  if (kNumeric.search(text, m) || kRequests.search(text, m)) return std::stoi(m.str(1));
  return std::nullopt;
}

std::optional<int> named_status(const std::string& text) {
  // "Operation returned an invalid status 'Bad Request'" (msrest, azure-core) and
  // "... invalid status code 'BadRequest'" (.NET CloudException); "statusCode": "Conflict" in a
  // deployment operation.
  static const util::Regex kNamed(
      R"re((?:invalid status(?: code)? '|"statusCode"\s*:\s*")([A-Za-z ]+)['"])re",
      util::Regex::kIgnoreCase);
  for (const auto& named : kNamed.search_all(text)) {
    if (int status = status_of_reason(named.str(1)); status != 0) return status;
  }
  return std::nullopt;
}

}  // namespace

std::optional<int> http_status(std::string_view output) {
  const std::string text(output);
  if (auto status = numeric_status(text)) return status;
  return named_status(text);
}

}  // namespace bicepgate::classify
