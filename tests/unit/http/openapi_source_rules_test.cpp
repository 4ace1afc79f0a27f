// The OpenAPI document states every rule the server enforces on a build's source (the git URL,
// ref, commit and folder, the bundle URL), as a pattern and a length, so that what a client or a
// fuzzer finds valid in the document is what the server accepts, and the other way round. The
// server checks in C++ (sources/git_url.cpp, git_ref_format.cpp, source_subdir.cpp) and, for bundle
// URLs, with the pattern itself and libcurl; these tests compare the two on many strings built
// from the pieces the rules are about.
#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/character_count.hpp"
#include "http/openapi_document.hpp"
#include "sources/bundle_download.hpp"
#include "sources/git_ref_format.hpp"
#include "sources/git_url.hpp"
#include "sources/source_subdir.hpp"

namespace kiln {
namespace {

using nlohmann::json;

const json& schemas() {
  static const json document = json::parse(http::openapi_document());
  return document.at("components").at("schemas");
}

// What the document says of a string: its pattern (anchored by the pattern itself) and its lengths.
class DocumentRule {
 public:
  explicit DocumentRule(const json& schema)
      : pattern_(schema.at("pattern").get<std::string>()),
        min_(schema.value("minLength", std::size_t{0})),
        max_(schema.value("maxLength", std::string::npos)) {}

  bool accepts(const std::string& text) const {
    const auto length = character_count(text);
    return length >= min_ && length <= max_ && std::regex_search(text, pattern_);
  }
  std::size_t max_length() const { return max_; }

 private:
  std::regex pattern_;
  std::size_t min_, max_;
};

// Every string of the prefixes followed by up to `depth` pieces.
std::vector<std::string> strings_of(const std::vector<std::string>& prefixes, const std::vector<std::string>& pieces, int depth) {
  std::vector<std::string> out;
  std::function<void(const std::string&, int)> grow = [&](const std::string& text, int left) {
    out.push_back(text);
    if (left == 0) return;
    for (const auto& piece : pieces) grow(text + piece, left - 1);
  };
  for (const auto& prefix : prefixes) grow(prefix, depth);
  return out;
}

void expect_same_answers(const std::vector<std::string>& corpus, const DocumentRule& document,
                         const std::function<bool(const std::string&)>& server, const char* what) {
  int disagreements = 0;
  for (const auto& text : corpus) {
    const bool in_document = document.accepts(text), by_server = server(text);
    if (in_document == by_server) continue;
    ADD_FAILURE() << what << " " << json(text).dump(-1, ' ', false, json::error_handler_t::replace) << ": the document "
                  << (in_document ? "allows" : "refuses") << " it, the server " << (by_server ? "accepts" : "refuses") << " it";
    if (++disagreements == 20) return;  // enough to see the pattern of it
  }
}

bool git_url_accepted(const std::string& url) { return static_cast<bool>(git_url_transport(url, GitPolicy{})); }

TEST(OpenApiSourceRules, GitUrlsAreTheServersOwn) {
  const DocumentRule document(schemas().at("GitSource").at("properties").at("url"));
  for (const char* good : {"https://github.com/acme/app.git", "git@github.com:acme/app.git", "ssh://git@[::1]:22/app",
                           "git://127.0.0.1:9418/app.git", "HTTP://host/x", "git+ssh://u@h/p", "https://u:p%40ss@h:8443/x"})
    EXPECT_TRUE(document.accepts(good) && git_url_accepted(good)) << good;
  for (const char* bad : {"ext::sh -c touch% /tmp/x", "file:///srv/app.git", "-u@h:x", "h:-x", "https://h/%0a", "ftp://h/x"})
    EXPECT_FALSE(document.accepts(bad) || git_url_accepted(bad)) << bad;

  const std::vector<std::string> prefixes = {"",       "https://", "HttP://", "git://", "ssh://", "git+ssh://", "ssh+git://",
                                             "file://", "ftp://",  "ext::",   "a::",    "-",      "git@"};
  const std::vector<std::string> pieces = {"h",  "_",   "-", ".",  ":",     "/",   "@",  "%41", "%0a", "%7F",
                                           "%",  "%g",  "[::1]", "[", "]", "22", " ", "\x01", "\xc3\xa9", "::", "://"};
  expect_same_answers(strings_of(prefixes, pieces, 3), document, git_url_accepted, "git url");

  // The length is in characters, as JSON Schema counts it, for any text.
  const auto max = document.max_length();
  for (const std::string& filler : {std::string("a"), std::string("\xc3\xa9")}) {
    std::string at_limit = "https://h/";
    while (character_count(at_limit) < max) at_limit += filler;
    EXPECT_TRUE(document.accepts(at_limit) && git_url_accepted(at_limit));
    EXPECT_FALSE(document.accepts(at_limit + filler) || git_url_accepted(at_limit + filler));
  }
}

TEST(OpenApiSourceRules, GitRefsCommitsAndFoldersAreTheServersOwn) {
  const auto& git = schemas().at("GitSource").at("properties");
  // Empty means absent, for the server as for the document.
  const DocumentRule ref(git.at("ref")), commit(git.at("commit")), subdir(git.at("subdir"));
  auto ref_accepted = [](const std::string& name) { return name.empty() || !check_git_branch_name(name); };
  auto commit_accepted = [](const std::string& id) { return id.empty() || !check_git_commit_id(id); };
  auto subdir_accepted = [](const std::string& folder) { return static_cast<bool>(normalise_source_subdir(folder)); };

  expect_same_answers(strings_of({"", "-", "@", "HEAD", "."}, {"a", "-", ".", "/", "@", "{", "~", "lock", "HEAD", "é", " ", "\x01", ":"}, 4),
                      ref, ref_accepted, "git ref");
  expect_same_answers(strings_of({""}, {"0", "a", "F", "g", "0123456789", "abcdefabcdef0123", "-"}, 5), commit, commit_accepted,
                      "git commit");
  expect_same_answers(strings_of({"", "/", "./"}, {"a", ".", "..", ".git", "/", "é", " ", "\x01", "\x7f"}, 4), subdir,
                      subdir_accepted, "git subdir");
  for (const auto* rule : {&ref, &subdir}) {
    std::string at_limit;
    while (character_count(at_limit) < rule->max_length()) at_limit += "\xc3\xa9";
    EXPECT_TRUE(rule == &ref ? ref_accepted(at_limit) && ref.accepts(at_limit) : subdir_accepted(at_limit) && subdir.accepts(at_limit));
    EXPECT_FALSE(rule == &ref ? ref_accepted(at_limit + "a") || ref.accepts(at_limit + "a")
                              : subdir_accepted(at_limit + "a") || subdir.accepts(at_limit + "a"));
  }
}

// The server matches bundle URLs with the document's own pattern; what is tested is that libcurl
// then reads every URL the pattern allows, so no URL the document allows is refused.
TEST(OpenApiSourceRules, BundleUrlsAreTheServersOwn) {
  const auto& schema = schemas().at("BundleUrl");
  EXPECT_EQ(schema.value("pattern", ""), kBundleUrlPattern);
  EXPECT_EQ(schema.value("maxLength", std::size_t{0}), kBundleUrlMaxLength);
  const DocumentRule document(schema);
  auto accepted = [](const std::string& url) { return static_cast<bool>(validate_bundle_url(url)); };
  for (const char* good : {"https://ci.example.com/a/app.tar.gz?token=x#y", "http://u:p@127.0.0.1:8080/x", "https://[::1]/x",
                           "HTTPS://h", "https://[1:2:3:4:5:6:7::]:443"})
    EXPECT_TRUE(document.accepts(good) && accepted(good)) << good;

  const std::vector<std::string> prefixes = {"https://", "http://", "HtTpS://", "ftp://", "", "https:/", "https:///"};
  const std::vector<std::string> pieces = {"h",      "1.2.3.4", "[::1]", "[1:2::]", "[:::]", "[1:2:3:4:5:6:7:8:9]", "[::1%25lo]",
                                           "u:p@",   "@",       ":",     "80",      "65536", "/",     "?",     "#",
                                           "%41",    "%zz",     "é",     "\\",      "~_-.",  " ",     "\x01"};
  expect_same_answers(strings_of(prefixes, pieces, 3), document, accepted, "bundle url");
  std::string at_limit = "https://h/";
  while (character_count(at_limit) < kBundleUrlMaxLength) at_limit += "\xc3\xa9";
  EXPECT_TRUE(document.accepts(at_limit) && accepted(at_limit));
  EXPECT_FALSE(document.accepts(at_limit + "a") || accepted(at_limit + "a"));
}

}  // namespace
}  // namespace kiln
