#include "sources/git_url.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kiln {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct SpecCase {
  const char* name;
  GitSourceSpec spec;
  bool valid;
  const char* field;  // what the error must name when invalid
};

GitSourceSpec url(std::string u) { return {std::move(u), "", "", ""}; }
GitSourceSpec ref(std::string r) { return {"https://git.example.com/app.git", std::move(r), "", ""}; }
GitSourceSpec commit(std::string c) { return {"https://git.example.com/app.git", "", std::move(c), ""}; }
GitSourceSpec subdir(std::string s) { return {"https://git.example.com/app.git", "", "", std::move(s)}; }

const SpecCase kCases[] = {
    {"https", url("https://github.com/acme/app.git"), true, ""},
    {"https_port_and_credentials", url("https://user:s3cret@git.example.com:8443/acme/app"), true, ""},
    {"http", url("http://127.0.0.1:8080/app.git"), true, ""},
    {"git_daemon", url("git://127.0.0.1:9418/app.git"), true, ""},
    {"ssh", url("ssh://git@git.example.com:2222/acme/app.git"), true, ""},
    {"ssh_ipv6", url("ssh://git@[::1]/acme/app.git"), true, ""},
    {"scp_like", url("git@github.com:acme/app.git"), true, ""},
    {"scheme_upper_case", url("HTTPS://github.com/acme/app.git"), true, ""},
    {"upload_pack_option", url("--upload-pack=touch /tmp/x"), false, "git url"},
    {"upload_pack_no_space", url("--upload-pack=touch"), false, "git url"},
    {"ext_transport", url("ext::sh -c touch% /tmp/pwned"), false, "git url"},
    {"ext_transport_no_space", url("ext::sh"), false, "git url"},
    {"fd_transport", url("fd::3"), false, "git url"},
    {"other_helper", url("persistent-https::github.com/a"), false, "git url"},
    {"ssh_proxy_command_host", url("ssh://-oProxyCommand=touch%20x/repo"), false, "git url"},
    {"ssh_proxy_command_user", url("ssh://-oProxyCommand=x@host/repo"), false, "git url"},
    {"scp_like_option_host", url("-oProxyCommand=touch:x"), false, "git url"},
    {"scp_like_option_user", url("-oProxyCommand=x@host:repo"), false, "git url"},
    {"scp_like_path_option", url("host:-repo"), false, "git url"},
    {"file_refused_by_default", url("file:///srv/repo.git"), false, "git url"},
    {"local_path", url("/srv/repo.git"), false, "git url"},
    {"relative_path", url("./repo"), false, "git url"},
    {"ftp", url("ftp://example.com/repo.git"), false, "git url"},
    {"newline", url("https://example.com/repo.git\n--upload-pack=x"), false, "git url"},
    {"space", url("https://example.com/my repo.git"), false, "git url"},
    {"encoded_newline", url("https://example.com/repo%0a.git"), false, "git url"},
    {"no_path", url("https://example.com"), false, "git url"},
    {"no_host", url("https:///repo.git"), false, "git url"},
    {"empty", url(""), false, "git url"},
    {"bad_port", url("https://example.com:80a/x"), false, "git url"},
    {"ref_branch", ref("main"), true, ""},
    {"ref_nested", ref("feature/login-v2"), true, ""},
    {"ref_tag", ref("v1.2.3"), true, ""},
    {"ref_leading_dash", ref("-main"), false, "git ref"},
    {"ref_option", ref("--upload-pack=touch /tmp/x"), false, "git ref"},
    {"ref_newline", ref("main\nevil"), false, "git ref"},
    {"ref_dotdot", ref("a..b"), false, "git ref"},
    {"ref_at_brace", ref("main@{1}"), false, "git ref"},
    {"ref_at", ref("@"), false, "git ref"},
    {"ref_lock", ref("main.lock"), false, "git ref"},
    {"ref_component_dot", ref("a/.hidden"), false, "git ref"},
    {"ref_trailing_slash", ref("main/"), false, "git ref"},
    {"ref_double_slash", ref("a//b"), false, "git ref"},
    {"ref_trailing_dot", ref("main."), false, "git ref"},
    {"ref_colon", ref("a:b"), false, "git ref"},
    {"ref_tilde", ref("main~1"), false, "git ref"},
    {"ref_caret", ref("main^"), false, "git ref"},
    {"ref_glob", ref("ma*n"), false, "git ref"},
    {"ref_backslash", ref("a\\b"), false, "git ref"},
    {"ref_space", ref("a b"), false, "git ref"},
    {"ref_head", ref("HEAD"), false, "git ref"},
    {"commit_short", commit("abcd"), true, ""},
    {"commit_sha1", commit("0123456789abcdef0123456789abcdef01234567"), true, ""},
    {"commit_sha256", commit(std::string(64, 'a')), true, ""},
    {"commit_upper", commit("ABCDEF12"), true, ""},
    {"commit_too_short", commit("abc"), false, "git commit"},
    {"commit_41", commit(std::string(41, 'a')), false, "git commit"},
    {"commit_not_hex", commit("main"), false, "git commit"},
    {"commit_option", commit("--all"), false, "git commit"},
    {"subdir_plain", subdir("services/api"), true, ""},
    {"subdir_dot_slash", subdir("./services//api/"), true, ""},
    {"subdir_parent", subdir("../"), false, "git subdir"},
    {"subdir_inner_parent", subdir("a/../../b"), false, "git subdir"},
    {"subdir_absolute", subdir("/etc"), false, "git subdir"},
    {"subdir_nul", subdir(std::string("a\0b", 3)), false, "git subdir"},
    {"subdir_git_dir", subdir(".git/hooks"), false, "git subdir"},
};

class GitSpecTable : public ::testing::TestWithParam<SpecCase> {};

TEST_P(GitSpecTable, AcceptsOrRefusesNamingTheField) {
  const auto& c = GetParam();
  auto status = validate_git_spec(c.spec, GitPolicy{});
  if (c.valid) {
    EXPECT_TRUE(status.ok()) << status.error().message;
    return;
  }
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::InvalidSource);
  EXPECT_THAT(status.error().message, HasSubstr(c.field));
  EXPECT_THAT(status.error().message, Not(HasSubstr("\n")));
}

INSTANTIATE_TEST_SUITE_P(Cases, GitSpecTable, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(GitUrlPolicy, FileUrlsOnlyWhenAllowed) {
  GitPolicy cli;
  cli.allow_file_urls = true;
  auto transport = git_url_transport("file:///srv/repo.git", cli);
  ASSERT_TRUE(transport.ok()) << transport.error().message;
  EXPECT_EQ(*transport, "file");
  auto refused = git_url_transport("file:///srv/repo.git", GitPolicy{});
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("file://"));
  EXPECT_FALSE(git_url_transport("file://otherhost/srv/repo.git", cli).ok());
}

TEST(GitUrlPolicy, PlainHttpCanBeRefused) {
  GitPolicy strict;
  strict.allow_plain_http = false;
  auto refused = git_url_transport("http://example.com/app.git", strict);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("https"));
  EXPECT_TRUE(git_url_transport("https://example.com/app.git", strict).ok());
}

TEST(GitUrlPolicy, NamesTheTransportForGitConfig) {
  EXPECT_EQ(*git_url_transport("https://example.com/a", {}), "https");
  EXPECT_EQ(*git_url_transport("git://example.com/a", {}), "git");
  EXPECT_EQ(*git_url_transport("git@example.com:a", {}), "ssh");
  EXPECT_EQ(*git_url_transport("git+ssh://example.com/a", {}), "ssh");
}

TEST(GitUrlErrors, NeverShowCredentials) {
  auto bad = validate_git_spec({"https://user:hunter2@example.com", "", "", ""}, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message, Not(HasSubstr("hunter2")));
  auto malformed = validate_git_spec({"https://user:hun ter2@example.com/x", "", "", ""}, {});
  ASSERT_FALSE(malformed.ok());
  EXPECT_THAT(malformed.error().message, Not(HasSubstr("hun")));
}

TEST(RedactUrl, HidesUserInfo) {
  EXPECT_EQ(redact_url("https://user:pass@example.com/a.git"), "https://***@example.com/a.git");
  EXPECT_EQ(redact_url("https://token@example.com"), "https://***@example.com");
  EXPECT_EQ(redact_url("https://u:p@ss@example.com/x"), "https://***@example.com/x");
  EXPECT_EQ(redact_url("https://example.com/a@b"), "https://example.com/a@b");
  EXPECT_EQ(redact_url("git@github.com:acme/app.git"), "git@github.com:acme/app.git");
}

TEST(RedactUrl, WorksOnGitOutputLines) {
  EXPECT_EQ(redact_url("fatal: repository 'https://u:tok@host/x/' not found"),
            "fatal: repository 'https://***@host/x/' not found");
  EXPECT_EQ(redact_url("from http://a:b@one/ and https://c:d@two/"), "from http://***@one/ and https://***@two/");
  EXPECT_EQ(redact_url("no url here"), "no url here");
}

}  // namespace
}  // namespace kiln
