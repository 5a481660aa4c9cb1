#include "azure/blob_store.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>

namespace bicepgate::azure {
namespace {

constexpr const char* kExpected =
    "expected https://<account>.blob.core.windows.net/<container> (or, for an emulator on this "
    "machine, http(s)://127.0.0.1:<port>/<account>/<container>)";

bool lower_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Azure's naming rules ("Naming and Referencing Containers, Blobs, and Metadata",
// learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata;
// "Storage account name", learn.microsoft.com/azure/storage/common/storage-account-overview).
std::string account_problem(const std::string& account) {
  if (account.size() < 3 || account.size() > 24 ||
      !std::all_of(account.begin(), account.end(), lower_or_digit))
    return "account '" + account + "' is not 3 to 24 lowercase letters and digits";
  return {};
}

std::string container_problem(const std::string& container) {
  bool ok = container.size() >= 3 && container.size() <= 63 && lower_or_digit(container.front()) &&
            lower_or_digit(container.back()) && container.find("--") == std::string::npos &&
            std::all_of(container.begin(), container.end(),
                        [](char c) { return lower_or_digit(c) || c == '-'; });
  if (!ok)
    return "container '" + container +
           "' is not 3 to 63 lowercase letters, digits and single hyphens, starting and ending "
           "with a letter or digit";
  return {};
}

bool loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < path.size()) {
    auto slash = path.find('/', at);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(at, slash - at));
    at = slash + 1;
  }
  // One trailing slash is harmless (".../container/"); an empty segment elsewhere is not.
  if (!out.empty() && out.back().empty() && path.back() == '/') out.pop_back();
  return out;
}

std::vector<std::string> common(const char* verb, const BlobContainer& where, BlobAuth auth) {
  return {"storage", "blob", verb, "--auth-mode", auth == BlobAuth::kLogin ? "login" : "key",
          "--blob-endpoint", where.endpoint, "--container-name", where.container,
          // az's preview notices (--overwrite) are not failures; errors still come.
          "--only-show-errors"};
}

bool contains(const std::string& text, const char* what) {
  return text.find(what) != std::string::npos;
}

}  // namespace

Result<BlobContainer> parse_container_url(const std::string& url, const std::string& input) {
  auto refuse = [&](const std::string& why) {
    return fail(input + " is '" + url + "': " + why + "; " + kExpected, "blob.url");
  };
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return refuse("no scheme");
  std::string scheme = url.substr(0, scheme_end);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme != "https" && scheme != "http") return refuse("scheme " + scheme);
  const std::string rest = url.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != std::string::npos)
    return refuse(
        "a query or fragment (a SAS token does not belong in the URL: give az its credentials "
        "through its environment, see audit-store-auth)");
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash + 1);
  if (authority.empty()) return refuse("no host");
  if (authority.find('@') != std::string::npos) return refuse("user information in the host");
  if (std::any_of(authority.begin(), authority.end(),
                  [](unsigned char c) { return std::isspace(c) != 0; }))
    return refuse("white space in the host");
  std::string host = authority;
  if (auto colon = authority.rfind(':');
      colon != std::string::npos && authority.find(']') == std::string::npos) {
    host = authority.substr(0, colon);
    auto port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; }))
      return refuse("port '" + port + "' is not a number");
  }
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto segments = split_path(path);
  BlobContainer out;
  if (loopback(host)) {
    // The emulator's path-style URL: the account is the first segment.
    if (segments.size() != 2 || segments[0].empty() || segments[1].empty())
      return refuse("an emulator URL names the account, then the container");
    out.account = segments[0];
    out.container = segments[1];
    out.endpoint = scheme + "://" + authority + "/" + out.account;
  } else {
    if (scheme != "https") return refuse("http is only for an emulator on 127.0.0.1");
    auto dot = host.find(".blob.");
    if (dot == std::string::npos || dot == 0 || dot + 6 >= host.size())
      return refuse("host " + host + " is not <account>.blob.<cloud suffix>");
    if (segments.size() != 1 || segments[0].empty())
      return refuse("the path is not one container name");
    out.account = host.substr(0, dot);
    out.container = segments[0];
    out.endpoint = "https://" + authority;
  }
  if (auto why = account_problem(out.account); !why.empty()) return refuse(why);
  if (auto why = container_problem(out.container); !why.empty()) return refuse(why);
  return out;
}

std::vector<std::string> upload_args(const BlobContainer& where, BlobAuth auth,
                                     const std::string& name, const std::filesystem::path& file,
                                     const UploadCondition& condition) {
  auto args = common("upload", where, auth);
  args.insert(args.end(), {"--name", name, "--file", file.string(), "--no-progress"});
  if (condition.if_match.empty()) {
    // Create only: the service refuses with BlobAlreadyExists when the blob is there.
    args.insert(args.end(), {"--if-none-match", "*"});
  } else {
    // Replace only the version we wrote: ConditionNotMet when the ETag changed. --overwrite
    // true, since az 2.45's upload otherwise adds its own create-only condition
    // (command_modules/storage/operations/blob.py upload_blob passes overwrite to the SDK).
    args.insert(args.end(), {"--overwrite", "true", "--if-match", condition.if_match});
  }
  args.insert(args.end(), {"--output", "json"});
  return args;
}

std::vector<std::string> list_args(const BlobContainer& where, BlobAuth auth,
                                   const std::string& marker, int page_size) {
  auto args = common("list", where, auth);
  // az 2.45 list_blobs (operations/blob.py): by_page(continuation_token=marker), pages read until
  // num_results, then {"nextMarker": continuation_token} appended with --show-next-marker.
  args.insert(args.end(), {"--num-results", std::to_string(page_size), "--show-next-marker"});
  if (!marker.empty()) args.insert(args.end(), {"--marker", marker});
  args.insert(args.end(), {"--output", "json"});
  return args;
}

std::vector<std::string> download_args(const BlobContainer& where, BlobAuth auth,
                                       const std::string& name, const std::filesystem::path& file) {
  auto args = common("download", where, auth);
  args.insert(args.end(),
              {"--name", name, "--file", file.string(), "--no-progress", "--output", "none"});
  return args;
}

Result<std::string> parse_upload_etag(const std::string& out) {
  auto doc = nlohmann::json::parse(out, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return fail("az storage blob upload printed no JSON object", "blob.output");
  auto etag = doc.find("etag");
  if (etag == doc.end() || !etag->is_string() || etag->get<std::string>().empty())
    return fail("az storage blob upload printed no etag", "blob.output");
  return etag->get<std::string>();
}

Result<BlobPage> parse_blob_page(const std::string& out) {
  auto doc = nlohmann::json::parse(out, nullptr, false);
  if (doc.is_discarded() || !doc.is_array())
    return fail("az storage blob list printed no JSON array", "blob.output");
  BlobPage page;
  for (const auto& item : doc) {
    if (!item.is_object()) continue;
    if (auto marker = item.find("nextMarker"); marker != item.end()) {
      if (marker->is_string()) page.next_marker = marker->get<std::string>();
      continue;
    }
    if (auto name = item.find("name"); name != item.end() && name->is_string())
      page.names.push_back(name->get<std::string>());
  }
  return page;
}

BlobFailure classify_blob_failure(const std::string& err) {
  // The service's ErrorCode values: learn.microsoft.com/rest/api/storageservices/
  // blob-service-error-codes and common-rest-api-error-codes.
  if (contains(err, "ErrorCode:BlobAlreadyExists")) return BlobFailure::kExists;
  if (contains(err, "ErrorCode:ConditionNotMet")) return BlobFailure::kConditionNotMet;
  static const std::array<const char*, 7> kDeniedMarkers = {
      "ErrorCode:AuthenticationFailed",
      "ErrorCode:AuthorizationFailure",
      "ErrorCode:AuthorizationPermissionMismatch",
      "ErrorCode:InsufficientAccountPermissions",
      "ErrorCode:InvalidAuthenticationInfo",
      "Please run 'az login'",
      "az login"};
  for (const auto* marker : kDeniedMarkers) {
    if (contains(err, marker)) return BlobFailure::kDenied;
  }
  if (contains(err, "ErrorCode:ContainerNotFound") || contains(err, "ErrorCode:BlobNotFound") ||
      contains(err, "ErrorCode:ResourceNotFound"))
    return BlobFailure::kNotFound;
  static const std::array<const char*, 9> kTransientMarkers = {
      "Failed to establish a new connection",
      "Connection refused",
      "Connection reset",
      "timed out",
      "Max retries exceeded",
      "ErrorCode:ServerBusy",
      "ErrorCode:InternalError",
      "ErrorCode:OperationTimedOut",
      "Name or service not known"};
  for (const auto* marker : kTransientMarkers) {
    if (contains(err, marker)) return BlobFailure::kTransient;
  }
  return BlobFailure::kOther;
}

const char* to_string(BlobFailure failure) {
  switch (failure) {
    case BlobFailure::kExists: return "exists";
    case BlobFailure::kConditionNotMet: return "condition_not_met";
    case BlobFailure::kDenied: return "denied";
    case BlobFailure::kNotFound: return "not_found";
    case BlobFailure::kTransient: return "transient";
    case BlobFailure::kOther: break;
  }
  return "failed";
}

Result<AzResult> BlobStore::call(std::vector<std::string> args) {
  AzCall call;
  call.stage = stage_;
  call.args = std::move(args);
  call.timeout = std::chrono::minutes(2);
  auto done = az_.run(call);
  if (!done) return fail(done.error());
  if (!done->ok()) {
    auto kind = classify_blob_failure(done->err);
    std::string first_line = done->err.substr(0, done->err.find('\n'));
    if (first_line.rfind("ERROR: ", 0) == 0) first_line = first_line.substr(7);
    return fail("az storage blob " + call.args[2] + " (" + where_.url() + "): " + first_line,
                std::string("blob.") + to_string(kind));
  }
  return done;
}

Result<std::string> BlobStore::upload(const std::string& name, const std::filesystem::path& file,
                                      const UploadCondition& condition) {
  auto done = call(upload_args(where_, auth_, name, file, condition));
  if (!done) return fail(done.error());
  return parse_upload_etag(done->out);
}

Result<BlobPage> BlobStore::list_page(const std::string& marker, int page_size) {
  auto done = call(list_args(where_, auth_, marker, page_size));
  if (!done) return fail(done.error());
  return parse_blob_page(done->out);
}

Status BlobStore::download(const std::string& name, const std::filesystem::path& file) {
  auto done = call(download_args(where_, auth_, name, file));
  if (!done) return fail(done.error());
  return {};
}

}  // namespace bicepgate::azure
