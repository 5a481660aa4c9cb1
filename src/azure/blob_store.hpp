#pragma once
// A blob container reached through az storage blob (never a shell): the container's URL parsed
// and checked, the argument vectors of upload (create-only or ETag-guarded), list (paged) and
// download, and the parsers of what az prints back. The audit trail's team store
// (audit/team_store.*) builds on it.

#include <filesystem>
#include <string>
#include <vector>

#include "azure/az_runner.hpp"
#include "util/result.hpp"

namespace bicepgate::azure {

// A container named by its URL: https://<account>.blob.core.windows.net/<container> (any cloud's
// <account>.blob.<suffix>), or an emulator's path-style URL on the loopback host,
// http(s)://127.0.0.1:10000/<account>/<container>.
struct BlobContainer {
  std::string endpoint;  // the account's blob endpoint (az --blob-endpoint), no trailing slash
  std::string account;
  std::string container;
  std::string url() const { return endpoint + "/" + container; }
};

// `input` names the input or flag in the messages. Refused with what was expected: no scheme
// or one other than https (http on the loopback host only), a query (a SAS token would be a
// secret on az's command line), a path that is not one container, names that break Azure's
// rules (account: 3-24 lowercase letters and digits; container: 3-63 lowercase letters,
// digits and single hyphens, starting and ending with a letter or digit).
Result<BlobContainer> parse_container_url(const std::string& url, const std::string& input);

// How az authenticates: login, the signed-in identity's token (az storage --auth-mode login; the
// identity needs a data role such as Storage Blob Data Contributor); key, the account key or
// connection string az reads from its environment (AZURE_STORAGE_CONNECTION_STRING or
// AZURE_STORAGE_KEY), never from bicepgate's command line.
enum class BlobAuth { kLogin, kKey };

// An upload's condition: create (the blob must not exist: --if-none-match '*') or replace the
// version with this ETag (--overwrite true --if-match ETAG).
struct UploadCondition {
  std::string if_match;  // empty: create only
};

std::vector<std::string> upload_args(const BlobContainer& where, BlobAuth auth,
                                     const std::string& name, const std::filesystem::path& file,
                                     const UploadCondition& condition);
// One page of names: --num-results `page_size`, from `marker` (empty: the first page), with
// --show-next-marker so the page ends with {"nextMarker": …}.
std::vector<std::string> list_args(const BlobContainer& where, BlobAuth auth,
                                   const std::string& marker, int page_size);
std::vector<std::string> download_args(const BlobContainer& where, BlobAuth auth,
                                       const std::string& name, const std::filesystem::path& file);

// The ETag of the uploaded version, from az storage blob upload's JSON ({"etag": "\"0x…\"", …}).
Result<std::string> parse_upload_etag(const std::string& out);

struct BlobPage {
  std::vector<std::string> names;
  std::string next_marker;  // empty: the last page
};
// az storage blob list --show-next-marker: the blobs, then {"nextMarker": token-or-null}.
Result<BlobPage> parse_blob_page(const std::string& out);

// Why a storage call failed, from az's message (ErrorCode:… lines of the service's error, or
// the connection error of urllib3).
enum class BlobFailure {
  kExists,           // BlobAlreadyExists: create-only met a blob
  kConditionNotMet,  // ConditionNotMet: the ETag changed since we wrote it
  kDenied,           // AuthenticationFailed, AuthorizationFailure, …, or az has no login
  kNotFound,         // ContainerNotFound, BlobNotFound, ResourceNotFound
  kTransient,        // unreachable, timed out, the service busy or failing (5xx)
  kOther,
};
BlobFailure classify_blob_failure(const std::string& err);
const char* to_string(BlobFailure failure);

// The calls themselves, through the az seam; `stage` names them in the audit record.
class BlobStore {
 public:
  BlobStore(AzRunner& az, BlobContainer where, BlobAuth auth, std::string stage)
      : az_(az), where_(std::move(where)), auth_(auth), stage_(std::move(stage)) {}

  // The new version's ETag. A failure's code is "blob.<kind>" (to_string(BlobFailure)).
  Result<std::string> upload(const std::string& name, const std::filesystem::path& file,
                             const UploadCondition& condition);
  Result<BlobPage> list_page(const std::string& marker, int page_size);
  Status download(const std::string& name, const std::filesystem::path& file);
  const BlobContainer& where() const { return where_; }

 private:
  Result<AzResult> call(std::vector<std::string> args);
  AzRunner& az_;
  BlobContainer where_;
  BlobAuth auth_;
  std::string stage_;
};

}  // namespace bicepgate::azure
