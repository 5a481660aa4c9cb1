#pragma once
// The secrets of a run and the encoded forms the runner masks with them, so that what we write
// ourselves (log, summary, audit record, fix-request, PR comment) hides the same text the
// runner's log would.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bicepgate::github {

// The runner's value encoders, in the order HostContext.cs registers them
// (src/Runner.Common/HostContext.cs; bodies in src/Sdk/DTLogging/Logging/ValueEncoders.cs).
// Each takes and returns UTF-8; an empty result means "no form" as in the runner.
std::string base64_form(const std::string& value);                     // Base64StringEscape
std::string base64_shift1_form(const std::string& value);              // Base64StringEscapeShift1
std::string base64_shift2_form(const std::string& value);              // Base64StringEscapeShift2
std::string command_line_form(const std::string& value);               // CommandLineArgumentEscape
std::string expression_form(const std::string& value);                 // ExpressionStringEscape
std::string json_string_form(const std::string& value);                // JsonStringEscape
std::string uri_data_form(const std::string& value);                   // UriDataEscape
std::string xml_data_form(const std::string& value);                   // XmlDataEscape
std::string trim_double_quotes_form(const std::string& value);         // TrimDoubleQuotes
std::string powershell_pre_ampersand_form(const std::string& value);   // PowerShell...Pre
std::string powershell_post_ampersand_form(const std::string& value);  // PowerShell...Post

// Encoded forms shorter than this are not masked: four base64 characters or a two-letter
// quote-trimmed word would hide ordinary text everywhere (the runner's own PowerShell encoders
// refuse sections under 6 characters for the same reason).
inline constexpr std::size_t kMinEncodedFormLength = 6;

// Pure. Ours, beyond the runner: the base64 of `value`'s whole 3-byte groups at each of the
// three alignments. Inside a longer base64 text (base64(concat(secret, '@host')) in a template)
// the secret's last group changes with what follows, so no whole form above matches there.
std::vector<std::string> base64_stem_forms(const std::string& value);

// Pure. The distinct encoded forms of `value` worth masking: each encoder's non-empty result
// and the base64 stems, without `value` itself, without duplicates, none shorter than
// kMinEncodedFormLength.
std::vector<std::string> encoded_forms(const std::string& value);

// Pure. Every occurrence of any form replaced by ***; overlapping matches merge into one, as
// the runner's SecretMasker.MaskSecrets does.
std::string mask_text(const std::string& text, const std::vector<std::string>& forms);

class SecretMasks {
 public:
  // Adds the secret (each trimmed line, and the whole value when it has several) and their
  // encoded forms; returns the forms that were new, in the order they should be announced.
  std::vector<std::string> add(const std::string& secret);
  std::string redact(const std::string& text) const { return mask_text(text, forms_); }
  // Every string in the document, keys included.
  void redact(nlohmann::json& doc) const;
  const std::vector<std::string>& forms() const { return forms_; }

 private:
  std::vector<std::string> forms_;
};

}  // namespace bicepgate::github
