#include "util/json_skim.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "support.hpp"

using bicepgate::util::skim_sax_parse;
using nlohmann::json;

namespace {

// Writes every event down; skips the values of keys named "skip" when asked to, and every
// container opened `skip_from` deep or deeper (0: none).
class Recorder {
 public:
  explicit Recorder(bool skip_marked, int skip_from = 0)
      : skip_marked_(skip_marked), skip_from_(skip_from) {}
  std::vector<std::string> events;

  bool null() { return add("null"); }
  bool boolean(bool v) { return add(v ? "true" : "false"); }
  bool number_integer(json::number_integer_t v) { return add("i" + std::to_string(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return add("u" + std::to_string(v)); }
  bool number_float(json::number_float_t v, const std::string& s) {
    return add("f" + json(v).dump() + "/" + s);
  }
  bool binary(json::binary_t&) { return add("binary"); }
  bool string(std::string& v) { return add("s" + v); }
  bool key(std::string& v) {
    add("k" + v);
    skip_next_ = skip_marked_ && v == "skip";
    return true;
  }
  bool start_object(std::size_t) { return open("{"); }
  bool start_array(std::size_t) { return open("["); }
  bool end_object() { return close("}"); }
  bool end_array() { return close("]"); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }
  bool skipping() const { return skipping_; }

 private:
  bool add(std::string event) {
    skip_next_ = false;
    events.push_back(std::move(event));
    return true;
  }
  bool open(std::string event) {
    skipping_ = skip_next_ || (skip_from_ > 0 && ++depth_ >= skip_from_);
    return add(std::move(event));
  }
  bool close(std::string event) {
    if (skip_from_ > 0) --depth_;
    skipping_ = false;
    return add(std::move(event));
  }
  bool skip_marked_;
  int skip_from_;
  int depth_ = 0;
  bool skip_next_ = false;
  bool skipping_ = false;
};

// The skimmer takes what nlohmann takes and refuses what it refuses; on what it takes, it sends
// the same events.
void check_same_as_nlohmann(const std::string& text) {
  INFO(text.substr(0, 200));
  Recorder exact(false);
  bool nlohmann_takes = false;
  try {
    nlohmann_takes = json::sax_parse(text, &exact);
  } catch (const json::exception&) {
  }
  Recorder skimmed(false);
  REQUIRE(skim_sax_parse(text, skimmed) == nlohmann_takes);
  if (nlohmann_takes) CHECK(skimmed.events == exact.events);
  // Containers skipped at every depth are checked as strictly.
  for (int depth = 1; depth <= 4; ++depth) {
    Recorder skipping(false, depth);
    CHECK(skim_sax_parse(text, skipping) == nlohmann_takes);
  }
}

}  // namespace

TEST_CASE("the JSON skimmer reads what nlohmann reads and refuses what it refuses") {
  for (const std::string& text : std::vector<std::string>{
           R"({"a": [1, -2, 3.5, 1e3, -0, 0.0, 18446744073709551615, 18446744073709551616]})",
           R"({"a": -9223372036854775808, "b": -9223372036854775809, "c": 1E+2, "d": 2e-400})",
           R"([true, false, null, "x", {}, [], [{}], {"": ""}])",
           R"("esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \u0000")",
           "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xED\x9F\xBF \xF4\x8F\xBF\xBF\"",
           "\xEF\xBB\xBF{\"bom\": 1}",
           " \t\r\n{ \"a\" : 1 } \n",
           "5",
           "",
           " ",
           "\xEF\xBB{}",
           "{} {}",
           "{},",
           R"({"a": 1,})",
           R"([1, 2,])",
           R"([,1])",
           R"({,"a": 1})",
           R"({"a" 1})",
           R"({"a": 1 "b": 2})",
           R"({1: 2})",
           R"([01])",
           R"([1.])",
           R"([.5])",
           R"([-])",
           R"([1e])",
           R"([+1])",
           R"([1e400])",
           R"([-1e400])",
           R"([tru])",
           R"([nul])",
           R"([True])",
           R"(["\x"])",
           R"(["\u12"])",
           R"(["\ud800"])",
           R"(["\udc00"])",
           R"(["\ud800\u0041"])",
           "[\"tab\tin\"]",
           "[\"\x01\"]",
           "[\"\xC0\xAF\"]",
           "[\"\xE0\x80\xAF\"]",
           "[\"\xED\xA0\x80\"]",
           "[\"\xF4\x90\x80\x80\"]",
           "[\"\xF5\x80\x80\x80\"]",
           "[\"\xC3\"]",
           "[\"\x80\"]",
           std::string("[1]\0", 4),
           std::string("[1] \0 x", 7),
           std::string("[1,\0]", 5),
           std::string("\0", 1),
           "[\"unterminated",
           R"({"a": [1, {"b": [)",
           "// c\n{}",
       }) {
    check_same_as_nlohmann(text);
  }
  // Deep nesting: the skimmer keeps its own stack, as nlohmann's parser does.
  check_same_as_nlohmann(std::string(100000, '[') + std::string(100000, ']'));
  check_same_as_nlohmann(std::string(100000, '[') + std::string(99999, ']'));
}

TEST_CASE("the JSON skimmer agrees with nlohmann on az's what-if output cut and corrupted") {
  const std::string fixture = bicepgate::testing::read_fixture("az/what_if_mixed.json");
  check_same_as_nlohmann(fixture);
  std::mt19937 random(16);
  const std::string bytes = std::string("{}[],:\"\\ 0-1.eE+tfnu\x01\x80\xC3\xEF\0", 25);
  for (int i = 0; i < 3000; ++i) {
    std::string text = fixture;
    std::uniform_int_distribution<std::size_t> at(0, text.size() - 1);
    switch (i % 3) {
      case 0: text[at(random)] = bytes[random() % bytes.size()]; break;
      case 1: text.erase(at(random), 1 + random() % 3); break;
      case 2: text.resize(at(random)); break;
    }
    check_same_as_nlohmann(text);
  }
}

TEST_CASE("a skipped container is checked, not reported, and its end still is") {
  Recorder recorder(true);
  REQUIRE(
      skim_sax_parse(R"({"skip": {"a": [1, {"b": "\u00e9"}], "c": null}, "keep": [2]})", recorder));
  CHECK(recorder.events ==
        std::vector<std::string>{"{", "kskip", "{", "}", "kkeep", "[", "u2", "]", "}"});
  for (const char* broken :
       {R"({"skip": {"a": [1, {"b": "\x"}]}})", R"({"skip": [1, 2,]})", R"({"skip": {"a" 1}})",
        R"({"skip": [1e999]})", R"({"skip": {"a": 1,}})", R"({"skip": [}])"}) {
    Recorder skipping(true);
    CHECK_FALSE(skim_sax_parse(broken, skipping));
  }
}
