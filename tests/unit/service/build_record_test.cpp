#include "service/build_record.hpp"

#include <gtest/gtest.h>

#include "service/utc_timestamp.hpp"

namespace kiln::service {
namespace {

TEST(BuildStatusNames, RoundTripInSnakeCase) {
  const std::pair<BuildStatus, const char*> names[] = {
      {BuildStatus::Queued, "queued"},       {BuildStatus::Fetching, "fetching"},   {BuildStatus::Detecting, "detecting"},
      {BuildStatus::Building, "building"},   {BuildStatus::Pushing, "pushing"},     {BuildStatus::Succeeded, "succeeded"},
      {BuildStatus::Failed, "failed"},       {BuildStatus::Cancelled, "cancelled"}, {BuildStatus::TimedOut, "timed_out"},
  };
  for (const auto& [status, name] : names) {
    EXPECT_EQ(to_string(status), name);
    EXPECT_EQ(parse_build_status(name), status) << name;
  }
  EXPECT_FALSE(parse_build_status("Queued"));
  EXPECT_FALSE(parse_build_status("timedout"));
  EXPECT_FALSE(parse_build_status(""));
}

TEST(BuildStatusNames, OnlyEndStatesAreFinal) {
  EXPECT_FALSE(is_final(BuildStatus::Queued));
  EXPECT_FALSE(is_final(BuildStatus::Building));
  EXPECT_FALSE(is_final(BuildStatus::Pushing));
  EXPECT_TRUE(is_final(BuildStatus::Succeeded));
  EXPECT_TRUE(is_final(BuildStatus::Failed));
  EXPECT_TRUE(is_final(BuildStatus::Cancelled));
  EXPECT_TRUE(is_final(BuildStatus::TimedOut));
}

TEST(UtcTimestamp, Rfc3339WithMilliseconds) {
  EXPECT_EQ(rfc3339_utc_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(rfc3339_utc_ms(1714566896789), "2024-05-01T12:34:56.789Z");
  EXPECT_EQ(rfc3339_utc_ms(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(rfc3339_utc_ms(951782400000), "2000-02-29T00:00:00.000Z");
}

TEST(BuildRecordJson, ShowsTheApiView) {
  BuildRecord record;
  record.id = "b-1";
  record.seq = 7;
  record.status = BuildStatus::Failed;
  record.request = {{"source", {{"git", "file:///srv/app.git"}}}};
  record.progress = 62.5;
  record.current_step = "Step 3/8 : RUN npm ci";
  record.detection = {{"buildpack", "kiln.node"}};
  record.plan = {{"port", 3000}};
  record.revision = "0123456789abcdef0123456789abcdef01234567";
  record.image_id = "sha256:abc";
  record.image_digest = "sha256:def";
  record.image_size = 1234;
  record.tags = {"app:1", "app:latest"};
  record.failure = BuildFailure{ErrorCode::BuildFailed, "npm ci exited with 1", 3, 1};
  record.created_at_ms = 1714566896789;
  record.started_at_ms = 1714566897000;

  auto json = to_json(record);
  EXPECT_EQ(json["id"], "b-1");
  EXPECT_EQ(json["status"], "failed");
  EXPECT_EQ(json["progress"], 62.5);
  EXPECT_EQ(json["current_step"], "Step 3/8 : RUN npm ci");
  EXPECT_EQ(json["detection"]["buildpack"], "kiln.node");
  EXPECT_EQ(json["plan"]["port"], 3000);
  EXPECT_EQ(json["revision"], "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(json["image"], (nlohmann::json{{"id", "sha256:abc"}, {"digest", "sha256:def"}, {"size", 1234},
                                           {"tags", {"app:1", "app:latest"}}}));
  EXPECT_EQ(json["error"],
            (nlohmann::json{{"code", "build_failed"}, {"message", "npm ci exited with 1"}, {"step", 3}, {"exit_code", 1}}));
  EXPECT_EQ(json["created_at"], "2024-05-01T12:34:56.789Z");
  EXPECT_EQ(json["started_at"], "2024-05-01T12:34:57.000Z");
  EXPECT_TRUE(json["finished_at"].is_null());
  EXPECT_EQ(json["request"], record.request);
}

TEST(BuildRecordJson, NullsWhatIsNotKnownYet) {
  BuildRecord record;
  record.id = "b-2";
  auto json = to_json(record);
  EXPECT_EQ(json["status"], "queued");
  EXPECT_TRUE(json["image"].is_null());
  EXPECT_TRUE(json["error"].is_null());
  EXPECT_TRUE(json["detection"].is_null());
  EXPECT_TRUE(json["revision"].is_null());
  EXPECT_TRUE(json["started_at"].is_null());

  record.failure = BuildFailure{ErrorCode::Cancelled, "cancelled by the user", std::nullopt, std::nullopt};
  json = to_json(record);
  EXPECT_TRUE(json["error"]["step"].is_null());
  EXPECT_TRUE(json["error"]["exit_code"].is_null());
}

TEST(LogLineJson, HasSeqTimeStreamText) {
  auto json = to_json(LogLine{4, 1714566896789, "build", "Step 1/2"});
  EXPECT_EQ(json, (nlohmann::json{{"seq", 4}, {"time", "2024-05-01T12:34:56.789Z"}, {"stream", "build"}, {"text", "Step 1/2"}}));
}

}  // namespace
}  // namespace kiln::service
