#pragma once
// The team's audit trail in Azure Storage (input audit-store): one blob per run,
// <environment>/<run id>.json, holding the same JSON record the run writes to the workspace.
// Written at start, create-only, so that no two runs ever share a blob; and at the end replaced
// by the closed record, guarded by the ETag of the start's write, so that nothing written in
// between by anyone else is lost. Parallel runs write different blobs and never wait for each
// other.

#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "audit/store.hpp"
#include "azure/blob_store.hpp"
#include "util/result.hpp"
#include "util/retry.hpp"

namespace bicepgate::audit {

// <environment>/<run id>.json; an environment's characters other than letters, digits, '.', '_'
// and '-' become '_' (and no environment at all is "_none"), so a name never nests or escapes.
std::string blob_name(const DeploymentRecord& record);

// How often a write is tried when the store is unreachable or busy: twice, 5 s apart. Each try
// is one az call, which already retries such failures itself: az 2.45's storage SDK
// (azure/storage/blob/_shared/policies.py ExponentialRetry: retry_total=3, initial_backoff=15,
// increment_base=3) tries 4 times over about 60 to 90 s. So an unreachable store costs about
// 3 minutes before the run gives up. A refusal (denied, no such container, the blob already
// there) is not retried: trying again cannot change it.
util::RetryPolicy store_retry_policy();

class TeamStore {
 public:
  // `scratch` is a folder of this run's own for the file az uploads.
  TeamStore(azure::BlobStore blobs, std::filesystem::path scratch, util::RetryHooks hooks = {})
      : blobs_(std::move(blobs)), scratch_(std::move(scratch)), hooks_(std::move(hooks)) {}

  // Writes the open record (`document`: the record so far, as Trail::document gives it),
  // create-only, and keeps its ETag for close().
  Status open(const DeploymentRecord& record, const nlohmann::json& document);
  // Replaces the open record with the closed one (the JSON file Trail::finish wrote), only if
  // the blob is still the version open() wrote.
  Status close(const DeploymentRecord& record, const std::filesystem::path& record_file);
  bool opened() const { return !etag_.empty(); }
  // The blob's URL, for messages.
  std::string url_of(const DeploymentRecord& record) const;

 private:
  Result<std::string> upload(const std::string& name, const std::filesystem::path& file,
                             const azure::UploadCondition& condition);
  azure::BlobStore blobs_;
  std::filesystem::path scratch_;
  util::RetryHooks hooks_;
  std::string etag_;
};

}  // namespace bicepgate::audit
