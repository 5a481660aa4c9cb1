#include "audit/team_store.hpp"

#include <spdlog/spdlog.h>

#include "util/files.hpp"

namespace bicepgate::audit {

std::string blob_name(const DeploymentRecord& record) {
  std::string environment;
  for (char c : record.environment) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    environment += keep ? c : '_';
  }
  // "." and ".." would read as path segments to whoever browses the container.
  if (environment.empty() || environment.find_first_not_of('.') == std::string::npos)
    environment = "_none";
  return environment + "/" + record.id + ".json";
}

util::RetryPolicy store_retry_policy() {
  util::RetryPolicy policy;
  policy.attempts = 2;
  policy.backoff.base = std::chrono::seconds(5);
  policy.backoff.cap = std::chrono::seconds(5);
  return policy;
}

std::string TeamStore::url_of(const DeploymentRecord& record) const {
  return blobs_.where().url() + "/" + blob_name(record);
}

Result<std::string> TeamStore::upload(const std::string& name, const std::filesystem::path& file,
                                      const azure::UploadCondition& condition) {
  Result<std::string> last = fail("not tried", "blob.failed");
  util::retry(
      store_retry_policy(), hooks_,
      [&](int) {
        last = blobs_.upload(name, file, condition);
        util::AttemptVerdict verdict;
        verdict.retry = !last && last.error().code == "blob.transient";
        return verdict;
      },
      [&](int attempt, std::chrono::milliseconds delay) {
        spdlog::warn("audit store: {}; trying again in {} s (attempt {} of {})",
                     last.error().message, delay.count() / 1000, attempt + 1,
                     store_retry_policy().attempts);
      });
  return last;
}

Status TeamStore::open(const DeploymentRecord& record, const nlohmann::json& document) {
  const auto file = scratch_ / ("audit-open-" + record.id + ".json");
  if (auto ok = util::write_file_atomic(file, document.dump(2) + "\n"); !ok)
    return fail(ok.error());
  auto etag = upload(blob_name(record), file, {});
  std::error_code ec;
  std::filesystem::remove(file, ec);
  if (!etag) {
    if (etag.error().code == "blob.exists") {
      return fail(url_of(record) +
                      " already exists: another run wrote a record under this run's id, and it "
                      "is left as it is",
                  "blob.exists");
    }
    return fail(etag.error());
  }
  etag_ = *etag;
  return {};
}

Status TeamStore::close(const DeploymentRecord& record, const std::filesystem::path& record_file) {
  if (etag_.empty()) return fail("the open record was never written", "blob.not_opened");
  auto etag = upload(blob_name(record), record_file, {etag_});
  if (!etag) {
    if (etag.error().code == "blob.condition_not_met") {
      return fail(url_of(record) +
                      " changed since this run wrote its open record (another writer under the "
                      "same run id?); it is left as it is",
                  "blob.condition_not_met");
    }
    return fail(etag.error());
  }
  etag_ = *etag;
  return {};
}

}  // namespace bicepgate::audit
