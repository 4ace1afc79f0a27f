#include "service/build_submission.hpp"

#include <gtest/gtest.h>

namespace kiln::service {
namespace {

nlohmann::json git_body() {
  return {{"source", {{"git", {{"url", "https://git.example/app.git"}, {"ref", "main"}}}}}};
}

std::string error_of(const nlohmann::json& body) {
  auto parsed = parse_build_submission(body);
  EXPECT_FALSE(parsed.ok()) << body.dump();
  return parsed.ok() ? "" : parsed.error().message;
}

TEST(BuildSubmission, ReadsEveryField) {
  auto body = git_body();
  body["buildpack"] = "kiln.node";
  body["image"] = "team/app:1";
  body["env"] = {{"MODE", "prod"}, {"API_KEY", {{"value", "s3cr3t-value"}, {"secret", true}}}};
  body["build_args"] = {{"VERSION", "1.2"}};
  body["target"] = "runtime";
  body["platform"] = "linux/amd64";
  body["labels"] = {{"team", "web"}};
  body["push"] = {{"registry", "127.0.0.1:5000"}, {"namespace", "team"}, {"username", "ci"}, {"password", "hunter2-pass"}};
  body["timeout"] = "10m";
  auto parsed = parse_build_submission(body);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->source.kind, SourceSpec::Kind::Git);
  EXPECT_EQ(parsed->source.git.ref, "main");
  EXPECT_EQ(parsed->buildpack, "kiln.node");
  EXPECT_EQ(parsed->env.at("API_KEY"), "s3cr3t-value");
  EXPECT_TRUE(parsed->secret_env.count("API_KEY"));
  EXPECT_EQ(parsed->timeout->count(), 600);
  EXPECT_EQ(parsed->push->password, "hunter2-pass");
  EXPECT_TRUE(parsed->has_secrets());
}

TEST(BuildSubmission, PublicJsonHidesEverySecret) {
  auto body = git_body();
  body["source"]["git"]["url"] = "https://user:tok3n-abc@git.example/app.git";
  body["env"] = {{"API_KEY", {{"value", "s3cr3t-value"}, {"secret", true}}}, {"MODE", "prod"}};
  body["push"] = {{"registry", "127.0.0.1:5000"}, {"username", "ci"}, {"password", "hunter2-pass"}};
  auto parsed = parse_build_submission(body);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  auto shown = parsed->public_json().dump();
  EXPECT_EQ(shown.find("s3cr3t-value"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("hunter2-pass"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("tok3n-abc"), std::string::npos) << shown;
  EXPECT_NE(shown.find("prod"), std::string::npos);
  // What is stored reads back, still marked secret, so a restart knows the secrets are gone.
  auto back = submission_from_public_json(parsed->public_json());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(back->has_secrets());
}

TEST(BuildSubmission, RefusesWhatItDoesNotKnow) {
  auto body = git_body();
  body["imagee"] = "x";
  EXPECT_NE(error_of(body).find("unknown field 'imagee'"), std::string::npos);
  body = git_body();
  body["source"]["git"]["branch"] = "main";
  EXPECT_NE(error_of(body).find("source.git.branch"), std::string::npos);
  body = git_body();
  body["push"] = {{"registry", "r:5000"}, {"pasword", "x"}};
  EXPECT_NE(error_of(body).find("push.pasword"), std::string::npos);
}

TEST(BuildSubmission, RefusesBadShapesAndValues) {
  EXPECT_NE(error_of(nlohmann::json::array()).find("JSON object"), std::string::npos);
  EXPECT_NE(error_of(nlohmann::json::object()).find("'source' is required"), std::string::npos);
  auto two = nlohmann::json::parse(R"({"source": {"git": {"url": "https://x/y"}, "bundle_url": "https://x/b.tgz"}})");
  EXPECT_NE(error_of(two).find("exactly one"), std::string::npos);
  auto traversal = nlohmann::json::parse(R"({"source": {"bundle": "../../etc/passwd"}})");
  EXPECT_NE(error_of(traversal).find("64 hex"), std::string::npos);
  auto up = nlohmann::json::parse(R"({"source": {"bundle_url": "https://x/b.tgz", "subdir": "../up"}})");
  EXPECT_NE(error_of(up).find("subdir"), std::string::npos);
  auto body = git_body();
  body["env"] = {{"BAD NAME", "x"}};
  EXPECT_NE(error_of(body).find("env.BAD NAME"), std::string::npos);
  body = git_body();
  body["env"] = {{"A", "line\nbreak"}};
  EXPECT_FALSE(parse_build_submission(body).ok());
  body = git_body();
  body["image"] = "Bad Image!";
  EXPECT_NE(error_of(body).find("'image'"), std::string::npos);
  body = git_body();
  body["target"] = "x;rm -rf /";
  EXPECT_NE(error_of(body).find("'target'"), std::string::npos);
  body = git_body();
  body["timeout"] = 0;
  EXPECT_NE(error_of(body).find("'timeout'"), std::string::npos);
  body = git_body();
  body["timeout"] = true;
  EXPECT_NE(error_of(body).find("'timeout'"), std::string::npos);
  body = git_body();
  body["timeout"] = 1.5;
  EXPECT_NE(error_of(body).find("'timeout'"), std::string::npos);
  // 424.0 is an integer as JSON Schema counts, so the document's integer form allows it.
  body = git_body();
  body["timeout"] = 424.0;
  auto whole = parse_build_submission(body);
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_EQ(whole->timeout->count(), 424);
  body = git_body();
  body["labels"] = {{"a", 1}};
  EXPECT_NE(error_of(body).find("labels.a"), std::string::npos);
  body = git_body();
  body["push"] = {{"registry", "r:5000"}, {"password", "x"}};
  EXPECT_NE(error_of(body).find("push.username"), std::string::npos);
}

TEST(BuildSubmission, UploadOptionsComeFromTheQuery) {
  auto parsed = parse_upload_options({{"image", "app:2"}, {"subdir", "web"}, {"timeout", "90"}});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->image, "app:2");
  EXPECT_EQ(parsed->source.subdir, "web");
  EXPECT_EQ(parsed->source.kind, SourceSpec::Kind::UploadedBundle);
  auto bad = parse_upload_options({{"password", "x"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("unknown query parameter 'password'"), std::string::npos);
}

TEST(BuildSubmission, PushDestinationKeepsOnlyTheImageName) {
  PushTarget push{"127.0.0.1:5000", "team", "", ""};
  EXPECT_EQ(push_destination(push, "app:1"), "127.0.0.1:5000/team/app:1");
  EXPECT_EQ(push_destination(push, "other.registry/x/app"), "127.0.0.1:5000/team/app:latest");
  EXPECT_EQ(push_destination({"r:5000", "", "", ""}, "app:1"), "r:5000/app:1");
}

}  // namespace
}  // namespace kiln::service
