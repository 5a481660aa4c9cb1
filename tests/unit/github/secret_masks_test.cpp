#include "github/secret_masks.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace bicepgate::github;

namespace {
bool has(const std::vector<std::string>& forms, const std::string& form) {
  return std::find(forms.begin(), forms.end(), form) != forms.end();
}
}  // namespace

// Expected values computed as the runner's ValueEncoders.cs does (Convert.ToBase64String of
// the UTF-8, Uri.EscapeDataString, SecurityElement.Escape, JsonConvert.ToString).
TEST_CASE("base64 forms: whole, and shifted by one and two bytes") {
  CHECK(base64_form("secret123") == "c2VjcmV0MTIz");
  CHECK(base64_shift1_form("secret123") == "ZWNyZXQxMjM=");
  CHECK(base64_shift2_form("secret123") == "Y3JldDEyMw==");
  // Too short to shift: the whole value, as Base64StringEscapeShift does.
  CHECK(base64_shift2_form("ab") == "YWI=");
}

TEST_CASE("a secret base64-encoded behind a prefix is caught by a shifted form") {
  // base64("user:secret-value-42"): "user:" puts the secret two bytes into a group.
  const std::string encoded = "dXNlcjpzZWNyZXQtdmFsdWUtNDI=";
  auto forms = encoded_forms("secret-value-42");
  CHECK(has(forms, "ZWNyZXQtdmFsdWUtNDI="));
  CHECK(mask_text("Authorization: Basic " + encoded, forms) == "Authorization: Basic dXNlcjpz***");
}

TEST_CASE("a secret inside a longer base64 text is masked at each alignment") {
  // base64(concat(prefix, secret, suffix)): the secret's last group depends on the suffix, so
  // only its whole groups can match; a whole form (with padding) matches nowhere but the end.
  for (std::string prefix : {"", "u", "us"}) {
    auto encoded = base64_form(prefix + "secret-value-42" + "@db01.contoso.com");
    auto masked = mask_text(encoded, encoded_forms("secret-value-42"));
    CHECK(masked.find("***") != std::string::npos);
    CHECK(masked.size() + 13 <= encoded.size());  // 16 or more of the secret's characters
  }
}

TEST_CASE("command-line and expression forms escape quotes") {
  CHECK(command_line_form(R"(pa"ss)") == R"(pa\"ss)");
  CHECK(expression_form("it's") == "it''s");
}

TEST_CASE("the JSON form escapes as Newtonsoft does, quotes left off") {
  CHECK(json_string_form("a\"b\\c\n\t\x01") == "a\\\"b\\\\c\\n\\t\\u0001");
  CHECK(json_string_form("x\xE2\x80\xA8y\xC2\x85z") == "x\\u2028y\\u0085z");
  CHECK(json_string_form("caf\xC3\xA9/<>") == "caf\xC3\xA9/<>");
}

TEST_CASE("the URI form keeps only RFC 3986 unreserved characters, upper-case hex") {
  CHECK(uri_data_form("a b/c?d=\xC3\xA9~-._") == "a%20b%2Fc%3Fd%3D%C3%A9~-._");
}

TEST_CASE("the XML form escapes the five XML characters") {
  CHECK(xml_data_form(R"(<a & 'b' "c">)") == "&lt;a &amp; &apos;b&apos; &quot;c&quot;&gt;");
}

TEST_CASE("quotes are trimmed only from values longer than 8 characters") {
  CHECK(trim_double_quotes_form("\"abcdefgh\"") == "abcdefgh");
  CHECK(trim_double_quotes_form("\"abcdef\"").empty());
  CHECK(trim_double_quotes_form("abcdefghij").empty());
}

TEST_CASE("PowerShell ampersand sections, as the runner's examples describe them") {
  CHECK(powershell_pre_ampersand_form("secretpart1&secretpart2&secretpart3") ==
        "secretpart1&secretpart2&");
  CHECK(powershell_post_ampersand_form("secretpart1&secretpart2&secretpart3") == "secretpart3");
  CHECK(powershell_pre_ampersand_form("secretpart1&+secretpart2&secretpart3") == "secretpart1&+");
  CHECK(powershell_post_ampersand_form("secretpart1&+secretpart2&secretpart3") ==
        "ecretpart2&secretpart3");
  CHECK(powershell_pre_ampersand_form("ab&cd").empty());  // under 6 characters
  CHECK(powershell_post_ampersand_form("no ampersand").empty());
}

TEST_CASE("encoded forms leave out the value itself, duplicates and short forms") {
  auto forms = encoded_forms("plainsecret");
  CHECK_FALSE(has(forms, "plainsecret"));  // JSON, URI and XML forms equal the value
  CHECK(has(forms, "cGxhaW5zZWNyZXQ="));
  for (const auto& form : encoded_forms("abc")) CHECK(form.size() >= kMinEncodedFormLength);
  CHECK_FALSE(has(encoded_forms("abc"), "YWJj"));
}

TEST_CASE("masking merges overlapping matches into one ***") {
  CHECK(mask_text("xxabcdyy", {"abc", "bcd"}) == "xx***yy");
  CHECK(mask_text("abc abc", {"abc"}) == "*** ***");
  CHECK(mask_text("nothing here", {"abc"}) == "nothing here");
}

TEST_CASE("a multi-line secret is masked whole, line by line and in its encoded forms") {
  SecretMasks masks;
  auto added = masks.add("-----BEGIN KEY-----\r\nMIIEvQIBADANBg\n-----END KEY-----\n");
  CHECK(has(added, "MIIEvQIBADANBg"));
  CHECK(has(added, "-----BEGIN KEY-----"));
  CHECK(has(added, json_string_form("-----BEGIN KEY-----\r\nMIIEvQIBADANBg\n-----END KEY-----\n")));
  CHECK(masks.add("MIIEvQIBADANBg").empty());  // already known
  CHECK(masks.redact("key=TUlJRXZRSUJBREFOQmc=") == "key=***");
}

TEST_CASE("every string of a JSON document is redacted, keys included") {
  SecretMasks masks;
  masks.add("hunter2-long");
  nlohmann::json doc = {{"message", "password hunter2-long rejected"},
                        {"hunter2-long", {"aHVudGVyMi1sb25n", 3}},
                        {"url", "https://x/?p=hunter2-long"}};
  masks.redact(doc);
  CHECK(doc["message"] == "password *** rejected");
  CHECK(doc.contains("***"));
  CHECK(doc["***"][0] == "***");
  CHECK(doc["***"][1] == 3);
  CHECK(doc.dump().find("hunter2") == std::string::npos);
}
