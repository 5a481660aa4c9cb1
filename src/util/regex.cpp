#include "util/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdexcept>

namespace bicepgate::util {

struct Regex::Code {
  pcre2_code* code = nullptr;
  ~Code() { pcre2_code_free(code); }
};

namespace {

// ECMAScript's "." excludes "\r" as well as "\n": PCRE2 does so under the CR/LF/CRLF newline
// convention. Its "$" matches before a final newline unless told it ends the subject only.
Result<pcre2_code*> compile_code(std::string_view pattern, unsigned flags) {
  pcre2_compile_context* context = pcre2_compile_context_create(nullptr);
  pcre2_set_newline(context, PCRE2_NEWLINE_ANYCRLF);
  uint32_t options = PCRE2_DOLLAR_ENDONLY;
  if ((flags & Regex::kIgnoreCase) != 0) options |= PCRE2_CASELESS;
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   options, &error, &offset, context);
  pcre2_compile_context_free(context);
  if (code == nullptr) {
    std::string message(256, '\0');
    int length = pcre2_get_error_message(error, reinterpret_cast<PCRE2_UCHAR*>(message.data()),
                                         message.size());
    message.resize(length < 0 ? 0 : static_cast<std::size_t>(length));
    return fail(message + " at offset " + std::to_string(offset), "regex.compile");
  }
  // Without a JIT (some platforms, or memory that cannot be made executable) the interpreter
  // still matches, only slower.
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  return code;
}

}  // namespace

bool RegexMatch::matched(std::size_t group) const {
  return group < spans_.size() && spans_[group].first != std::string_view::npos;
}

std::string RegexMatch::str(std::size_t group) const {
  if (!matched(group)) return {};
  return std::string(subject_.substr(spans_[group].first, length(group)));
}

std::size_t RegexMatch::position(std::size_t group) const {
  return matched(group) ? spans_[group].first : std::string_view::npos;
}

std::size_t RegexMatch::length(std::size_t group) const {
  return matched(group) ? spans_[group].second - spans_[group].first : 0;
}

Result<Regex> Regex::compile(std::string_view pattern, unsigned flags) {
  auto code = compile_code(pattern, flags);
  if (!code) return fail(code.error());
  auto owned = std::make_shared<Code>();
  owned->code = *code;
  Regex regex;
  regex.code_ = std::move(owned);
  return regex;
}

Regex::Regex(std::string_view pattern, unsigned flags) {
  auto compiled = compile(pattern, flags);
  if (!compiled)
    throw std::logic_error("regex '" + std::string(pattern) + "': " + compiled.error().message);
  code_ = std::move(compiled->code_);
}

// A match that runs out of PCRE2's limits (a pathological pattern on a huge line) counts as no
// match, as the cut to a sentence-sized head did for std::regex.
bool Regex::run(std::string_view text, std::size_t from, unsigned options,
                RegexMatch* match) const {
  pcre2_match_data* data = pcre2_match_data_create_from_pattern(code_->code, nullptr);
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  int found = pcre2_match(code_->code, subject, text.size(), from, options, data, nullptr);
  // The JIT backtracks on a small fixed stack: a group repeated a few thousand times ("(?:a|b)*"
  // over a long message) exhausts it. The interpreter keeps its frames on the heap.
  if (found == PCRE2_ERROR_JIT_STACKLIMIT)
    found =
        pcre2_match(code_->code, subject, text.size(), from, options | PCRE2_NO_JIT, data, nullptr);
  if (found > 0 && match != nullptr) {
    const uint32_t pairs = pcre2_get_ovector_count(data);
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
    uint32_t groups = 0;
    pcre2_pattern_info(code_->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    match->subject_ = text;
    match->spans_.assign(groups + 1, {std::string_view::npos, std::string_view::npos});
    for (std::size_t i = 0; i <= groups && i < pairs; ++i) {
      if (ovector[2 * i] != PCRE2_UNSET) match->spans_[i] = {ovector[2 * i], ovector[2 * i + 1]};
    }
  }
  pcre2_match_data_free(data);
  return found > 0;
}

bool Regex::search(std::string_view text, RegexMatch& match, std::size_t from) const {
  return run(text, from, 0, &match);
}

bool Regex::search(std::string_view text) const {
  return run(text, 0, 0, nullptr);
}

bool Regex::full_match(std::string_view text, RegexMatch& match) const {
  return run(text, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, &match);
}

bool Regex::full_match(std::string_view text) const {
  return run(text, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, nullptr);
}

std::vector<RegexMatch> Regex::search_all(std::string_view text) const {
  std::vector<RegexMatch> matches;
  std::size_t from = 0;
  RegexMatch match;
  while (from <= text.size() && search(text, match, from)) {
    const std::size_t end = match.position() + match.length();
    // An empty match moves on by one byte, as std::sregex_iterator does.
    from = match.length() == 0 ? end + 1 : end;
    matches.push_back(std::move(match));
  }
  return matches;
}

std::string Regex::erase(std::string_view text, bool every) const {
  std::string out;
  std::size_t kept = 0;
  RegexMatch match;
  while (kept <= text.size() && search(text, match, kept)) {
    out.append(text.substr(kept, match.position() - kept));
    const std::size_t end = match.position() + match.length();
    if (match.length() == 0) {  // keep the byte an empty match stands before
      if (end < text.size()) out += text[end];
      kept = end + 1;
    } else {
      kept = end;
    }
    if (!every) break;
  }
  if (kept < text.size()) out.append(text.substr(kept));
  return out;
}

}  // namespace bicepgate::util
