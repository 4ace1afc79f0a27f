// Every pattern of the SDK schemas has a function that answers what its regex
// answers (core/schema_patterns.hpp); these tests hold each function to
// std::regex, the engine valijson would use, over edge cases and random strings.
#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/schema_check.hpp"
#include "core/schema_patterns.hpp"

namespace kiln {
namespace {

using nlohmann::json;

void collect_patterns(const json& schema, std::set<std::string>& out) {
  if (schema.is_array())
    for (const auto& item : schema) collect_patterns(item, out);
  if (!schema.is_object()) return;
  if (auto it = schema.find("pattern"); it != schema.end() && it->is_string()) out.insert(it->get<std::string>());
  if (auto it = schema.find("patternProperties"); it != schema.end() && it->is_object())
    for (auto p = it->begin(); p != it->end(); ++p) out.insert(p.key());
  for (const auto& [key, value] : schema.items())
    if (key != "const" && key != "enum" && key != "default" && key != "examples") collect_patterns(value, out);
}

std::set<std::string> sdk_patterns() {
  std::set<std::string> patterns;
  collect_patterns(sdk_schema(SdkSchema::detection), patterns);
  collect_patterns(sdk_schema(SdkSchema::plan), patterns);
  return patterns;
}

// Strings near each pattern's edges: its lengths, `..` components, bytes in and out of its classes.
std::vector<std::string> edge_cases() {
  std::vector<std::string> cases = {"", "a", "/", "//", ".", "..", "...", "/..", "/../", "../", "a/..", "a/../b", "a..b",
                                    "a/..b", "a/b..", "..a", "/a/b", "a/b/", "a//b", "/.../x", "A_1", "_", "1a", "a1",
                                    "node", "libpq-dev", "libpq5=15.3-0+deb12u1", "python3=3.11.2-1", "a=", "ab=",
                                    "ab==1", "ab=1=2", "ab=1~rc:2", "Ab", "a+b.c-d", "nginx:1.25@sha256:abc", "-a",
                                    ".a", "a b", "a\tb", "a\nb", "a\rb", std::string("a\0b", 3), std::string(1, '\0'),
                                    "\xc3\xa9", "caf\xc3\xa9", "x\n", "\n", "$HOME", "a;b", "web", "prod.1"};
  for (std::size_t n : {127u, 128u, 129u, 255u, 256u, 257u, 511u, 512u, 513u, 1022u, 1023u, 1024u, 1025u}) {
    cases.push_back(std::string(n, 'a'));
    cases.push_back("/" + std::string(n, 'a'));
    cases.push_back(std::string(n - 3, 'b') + "/..");
    cases.push_back("ab=" + std::string(n, '1'));
    cases.push_back(std::string(n, 'a') + "=1");
  }
  return cases;
}

std::vector<std::string> random_strings() {
  static const std::string alphabet = std::string("aZ09._+@/-:=~ \n\r\xc3\xa9$_") + std::string(1, '\0');
  std::mt19937 random(20240611);  // fixed: a failure is seen again on the next run
  std::vector<std::string> out;
  for (int i = 0; i < 20000; ++i) {
    std::string s(std::uniform_int_distribution<int>(0, 10)(random), ' ');
    for (auto& c : s) {
      // Mostly dots and slashes, so `..` components come up often.
      int pick = std::uniform_int_distribution<int>(0, 9)(random);
      c = pick < 3 ? '.' : pick < 5 ? '/' : alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
    }
    out.push_back(std::move(s));
  }
  return out;
}

TEST(SchemaPatternsTest, EverySdkPatternHasAMatcher) {
  const auto patterns = sdk_patterns();
  ASSERT_FALSE(patterns.empty());
  for (const auto& pattern : patterns)
    EXPECT_NE(known_schema_pattern(pattern), nullptr)
        << "no matcher for " << pattern << ": add one to core/schema_patterns.cpp (else it is compiled with std::regex "
        << "in every process)";
}

TEST(SchemaPatternsTest, EachMatcherAnswersWhatItsRegexAnswers) {
  auto strings = edge_cases();
  auto more = random_strings();
  strings.insert(strings.end(), more.begin(), more.end());
  for (const auto& pattern : sdk_patterns()) {
    const auto matcher = known_schema_pattern(pattern);
    if (!matcher) continue;  // reported by the test above
    const std::regex regex(pattern);  // as valijson builds it: ECMAScript, searched
    int accepted = 0;
    for (const auto& s : strings) {
      const bool expected = std::regex_search(s, regex);
      accepted += expected;
      ASSERT_EQ(matcher(s), expected) << "pattern " << pattern << " on " << json(s).dump(-1, ' ', false, json::error_handler_t::replace);
    }
    // Both answers must come up, or the comparison says little.
    EXPECT_GT(accepted, 0) << pattern;
    EXPECT_LT(accepted, static_cast<int>(strings.size())) << pattern;
  }
}

TEST(SchemaPatternsTest, OtherPatternsHaveNoMatcher) {
  EXPECT_EQ(known_schema_pattern("^[a-z]+$"), nullptr);
  EXPECT_EQ(known_schema_pattern(""), nullptr);
}

}  // namespace
}  // namespace kiln
