#include "azure/blob_store.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

#include "scripted_az.hpp"
#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::AzAnswer;
using bicepgate::testing::read_fixture;
using bicepgate::testing::ScriptedAz;

namespace {

bool has_pair(const std::vector<std::string>& args, const std::string& flag,
              const std::string& value) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == flag && args[i + 1] == value) return true;
  }
  return false;
}

bool has(const std::vector<std::string>& args, const std::string& flag) {
  return std::find(args.begin(), args.end(), flag) != args.end();
}

azure::BlobContainer parsed(const std::string& url) {
  auto container = azure::parse_container_url(url, "input 'audit-store'");
  INFO(url << ": " << (container ? "" : container.error().message));
  REQUIRE(container);
  return *container;
}

std::string refusal(const std::string& url) {
  auto container = azure::parse_container_url(url, "input 'audit-store'");
  REQUIRE_FALSE(container);
  CHECK(container.error().code == "blob.url");
  return container.error().message;
}

}  // namespace

TEST_CASE("a container URL of Azure names the account's endpoint and the container", "[blob]") {
  auto c = parsed("https://contosoaudit.blob.core.windows.net/bicepgate-audit");
  CHECK(c.endpoint == "https://contosoaudit.blob.core.windows.net");
  CHECK(c.account == "contosoaudit");
  CHECK(c.container == "bicepgate-audit");
  CHECK(c.url() == "https://contosoaudit.blob.core.windows.net/bicepgate-audit");
  // A trailing slash and another cloud's suffix are fine.
  auto china = parsed("https://acct1.blob.core.chinacloudapi.cn/audit/");
  CHECK(china.endpoint == "https://acct1.blob.core.chinacloudapi.cn");
  CHECK(china.container == "audit");
}

TEST_CASE("an emulator's URL on this machine names the account in its path", "[blob]") {
  auto c = parsed("http://127.0.0.1:10000/devstoreaccount1/audit");
  CHECK(c.endpoint == "http://127.0.0.1:10000/devstoreaccount1");
  CHECK(c.account == "devstoreaccount1");
  CHECK(c.container == "audit");
  CHECK(parsed("https://localhost:10000/devstoreaccount1/audit").endpoint ==
        "https://localhost:10000/devstoreaccount1");
}

TEST_CASE("a wrong container URL is refused with the input's name and what was expected",
          "[blob]") {
  auto no_scheme = refusal("contosoaudit.blob.core.windows.net/audit");
  CHECK(no_scheme.find("input 'audit-store'") != std::string::npos);
  CHECK(no_scheme.find("no scheme") != std::string::npos);
  CHECK(no_scheme.find("expected https://<account>.blob.core.windows.net/<container>") !=
        std::string::npos);
  CHECK(refusal("ftp://a.blob.core.windows.net/audit").find("scheme ftp") != std::string::npos);
  CHECK(refusal("http://contosoaudit.blob.core.windows.net/audit").find("only for an emulator") !=
        std::string::npos);
  CHECK(refusal("https://contosoaudit.blob.core.windows.net/audit?sv=2022&sig=abc")
            .find("SAS token") != std::string::npos);
  CHECK(refusal("https://contosoaudit.blob.core.windows.net/").find("one container") !=
        std::string::npos);
  CHECK(refusal("https://contosoaudit.blob.core.windows.net/a/b").find("one container") !=
        std::string::npos);
  CHECK(refusal("https://example.com/audit").find("<account>.blob.") != std::string::npos);
  // Hosts are case-insensitive: lower-cased, then checked.
  CHECK(parsed("https://ContosoAudit.blob.core.windows.net/audit").account == "contosoaudit");
  CHECK(refusal("https://ab.blob.core.windows.net/audit").find("account 'ab'") !=
        std::string::npos);
  CHECK(refusal("https://contosoaudit.blob.core.windows.net/Audit").find("container 'Audit'") !=
        std::string::npos);
  CHECK(refusal("https://contosoaudit.blob.core.windows.net/au--dit").find("single hyphens") !=
        std::string::npos);
  CHECK(refusal("https://contosoaudit.blob.core.windows.net/-audit").find("container") !=
        std::string::npos);
  CHECK(refusal("https://user@contosoaudit.blob.core.windows.net/audit").find("user") !=
        std::string::npos);
  CHECK(refusal("https://contosoaudit.blob.core.windows.net:x/audit").find("port") !=
        std::string::npos);
  CHECK(refusal("http://127.0.0.1:10000/audit").find("account, then the container") !=
        std::string::npos);
}

TEST_CASE("the open write is create-only and the close is guarded by the ETag", "[blob]") {
  auto c = parsed("https://contosoaudit.blob.core.windows.net/audit");
  auto open = azure::upload_args(c, azure::BlobAuth::kLogin, "prod/abc.json", "/tmp/r.json", {});
  CHECK(std::vector<std::string>(open.begin(), open.begin() + 3) ==
        std::vector<std::string>{"storage", "blob", "upload"});
  CHECK(has_pair(open, "--auth-mode", "login"));
  CHECK(has_pair(open, "--blob-endpoint", "https://contosoaudit.blob.core.windows.net"));
  CHECK(has_pair(open, "--container-name", "audit"));
  CHECK(has_pair(open, "--name", "prod/abc.json"));
  CHECK(has_pair(open, "--file", "/tmp/r.json"));
  CHECK(has_pair(open, "--if-none-match", "*"));
  CHECK_FALSE(has(open, "--if-match"));
  CHECK_FALSE(has(open, "--overwrite"));
  CHECK(has_pair(open, "--output", "json"));

  auto close = azure::upload_args(c, azure::BlobAuth::kKey, "prod/abc.json", "/tmp/r.json",
                                  {"\"0x1E72FCED6FE3E00\""});
  CHECK(has_pair(close, "--auth-mode", "key"));
  CHECK(has_pair(close, "--if-match", "\"0x1E72FCED6FE3E00\""));
  CHECK(has_pair(close, "--overwrite", "true"));
  CHECK_FALSE(has(close, "--if-none-match"));
  // No credential ever rides on the command line.
  for (const auto* secret : {"--account-key", "--connection-string", "--sas-token"}) {
    CHECK_FALSE(has(open, secret));
    CHECK_FALSE(has(close, secret));
  }
}

TEST_CASE("listing pages with --num-results and the marker az printed", "[blob]") {
  auto c = parsed("https://contosoaudit.blob.core.windows.net/audit");
  auto first = azure::list_args(c, azure::BlobAuth::kLogin, "", 500);
  CHECK(has_pair(first, "--num-results", "500"));
  CHECK(has(first, "--show-next-marker"));
  CHECK_FALSE(has(first, "--marker"));
  auto next = azure::list_args(c, azure::BlobAuth::kLogin, "dev/r1.json", 500);
  CHECK(has_pair(next, "--marker", "dev/r1.json"));
  auto down = azure::download_args(c, azure::BlobAuth::kLogin, "dev/r1.json", "/tmp/x.json");
  CHECK(has_pair(down, "--name", "dev/r1.json"));
  CHECK(has_pair(down, "--file", "/tmp/x.json"));
}

TEST_CASE("az's recorded output gives the ETag and the page", "[blob]") {
  // Recorded from az 2.45.0 against Azurite 3.37.0 (tests/fixtures/az/blob/README.md).
  auto etag = azure::parse_upload_etag(read_fixture("az/blob/upload_created.json"));
  REQUIRE(etag);
  CHECK(*etag == "\"0x1E72FCED6FE3E00\"");
  CHECK_FALSE(azure::parse_upload_etag("{}"));
  CHECK_FALSE(azure::parse_upload_etag("not json"));

  auto page = azure::parse_blob_page(read_fixture("az/blob/list_page.json"));
  REQUIRE(page);
  CHECK(page->names == std::vector<std::string>{"dev/r1.json"});
  CHECK(page->next_marker == "dev/r1.json");
  auto last = azure::parse_blob_page(R"([{"name": "a/b.json"}, {"nextMarker": null}])");
  REQUIRE(last);
  CHECK(last->next_marker.empty());
  CHECK_FALSE(azure::parse_blob_page("{}"));
}

TEST_CASE("az's recorded failures are told apart", "[blob]") {
  using azure::BlobFailure;
  CHECK(azure::classify_blob_failure(read_fixture("az/blob/upload_exists.stderr")) ==
        BlobFailure::kExists);
  CHECK(azure::classify_blob_failure(read_fixture("az/blob/upload_condition_not_met.stderr")) ==
        BlobFailure::kConditionNotMet);
  CHECK(azure::classify_blob_failure(read_fixture("az/blob/list_container_not_found.stderr")) ==
        BlobFailure::kNotFound);
  CHECK(azure::classify_blob_failure(read_fixture("az/blob/upload_unreachable.stderr")) ==
        BlobFailure::kTransient);
  CHECK(azure::classify_blob_failure("ERROR: something else") == BlobFailure::kOther);
}

TEST_CASE("a failed upload carries its kind as the error code", "[blob]") {
  ScriptedAz az;
  az.on("storage blob upload", AzAnswer::of(1, "", read_fixture("az/blob/upload_exists.stderr")));
  azure::BlobStore blobs(az, parsed("https://contosoaudit.blob.core.windows.net/audit"),
                         azure::BlobAuth::kLogin, "audit store");
  auto etag = blobs.upload("prod/abc.json", "/tmp/r.json", {});
  REQUIRE_FALSE(etag);
  CHECK(etag.error().code == "blob.exists");
  CHECK(etag.error().message.find("The specified blob already exists.") != std::string::npos);
  CHECK(az.calls().at(0).call.stage == "audit store");
}
