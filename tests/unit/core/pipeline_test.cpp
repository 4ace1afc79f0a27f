// The one pipeline: stages run in order up to the one asked for, each failure
// names its stage with the code callers rely on, hooks see what they report.
// Stages up to Render run on the real bundled buildpacks; the Build stage on a
// real engine is covered by the e2e suite, here only its refusal to start.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/pipeline.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;

const fs::path kApps = fs::path(KILN_FIXTURES_DIR) / "apps";

const BuildpackRegistry& bundled_registry() {
  static const BuildpackRegistry registry = BuildpackRegistry::scan({KILN_BUILD_BUILDPACK_DIR});
  return registry;
}

const std::atomic<bool> kNotCancelled{false};

PipelineRequest request_for(const std::string& app, PipelineStage until) {
  PipelineRequest request;
  request.fetch = local_folder((kApps / app).string());
  request.until = until;
  return request;
}

TEST(Pipeline, StopsAfterTheStageAskedFor) {
  std::vector<PipelineStage> stages;
  PipelineHooks hooks;
  hooks.stage = [&](PipelineStage stage) { stages.push_back(stage); };
  auto outcome = run_pipeline(bundled_registry(), request_for("node-express-npm", PipelineStage::Plan), hooks, kNotCancelled);
  ASSERT_TRUE(outcome.ok()) << outcome.failure->error.message;
  EXPECT_THAT(stages, ::testing::ElementsAre(PipelineStage::Fetch, PipelineStage::Analyse, PipelineStage::Plan));
  EXPECT_EQ(outcome.analysis->report.buildpack, "kiln.node");
  EXPECT_TRUE(outcome.analysis->plan.has_value());
  EXPECT_TRUE(outcome.units.empty()) << "Render ran although the caller stopped at Plan";
}

TEST(Pipeline, RenderGivesOneUnitPerComposeService) {
  auto outcome = run_pipeline(bundled_registry(), request_for("compose-two-services", PipelineStage::Render), {}, kNotCancelled);
  ASSERT_TRUE(outcome.ok()) << outcome.failure->error.message;
  EXPECT_EQ(outcome.units.size(), 2u);
}

TEST(Pipeline, TheCaBundleMakesTheRenderedDockerfileTrustIt) {
  auto request = request_for("node-express-npm", PipelineStage::Render);
  request.ca_bundle_pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  auto outcome = run_pipeline(bundled_registry(), request, {}, kNotCancelled);
  ASSERT_TRUE(outcome.ok()) << outcome.failure->error.message;
  EXPECT_THAT(outcome.units.at(0).dockerfile_text, ::testing::HasSubstr(kCaBundleFolder));
}

TEST(Pipeline, NothingRecognisedFailsTheAnalyseStageWithNoMatch) {
  auto empty = fs::temp_directory_path() / ("kiln-pipeline-empty-" + std::to_string(::getpid()));
  fs::create_directories(empty);
  PipelineRequest request;
  request.fetch = local_folder(empty.string());
  auto outcome = run_pipeline(bundled_registry(), request, {}, kNotCancelled);
  fs::remove_all(empty);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->stage, PipelineStage::Analyse);
  EXPECT_EQ(outcome.failure->error.code, ErrorCode::NoBuildpack);
}

TEST(Pipeline, AFetchThatFailsForNoReasonOfTheClientsIsFetchFailed) {
  PipelineRequest request;
  request.fetch = []() -> Result<AppSource> { return Error{ErrorCode::StorageFailed, "the disk is full"}; };
  auto outcome = run_pipeline(bundled_registry(), request, {}, kNotCancelled);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->stage, PipelineStage::Fetch);
  EXPECT_EQ(outcome.failure->error.code, ErrorCode::FetchFailed);
  EXPECT_THAT(outcome.failure->error.message, ::testing::HasSubstr("the disk is full"));
}

TEST(Pipeline, AnEngineThatCannotBeReachedFailsTheBuildStage) {
  auto request = request_for("node-express-npm", PipelineStage::Build);
  request.connect_engine = []() -> Result<std::unique_ptr<ImageEngine>> {
    return Error{ErrorCode::EngineUnavailable, "nothing listens on unix:///nowhere.sock"};
  };
  auto outcome = run_pipeline(bundled_registry(), request, {}, kNotCancelled);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->stage, PipelineStage::Build);
  EXPECT_EQ(outcome.failure->error.code, ErrorCode::EngineUnavailable);
  EXPECT_EQ(outcome.units.size(), 1u) << "the units were rendered before the engine was asked";
}

TEST(Pipeline, ACancelledRunStopsBeforeItsNextStage) {
  std::atomic<bool> cancelled{false};
  PipelineHooks hooks;
  hooks.analysed = [&](const Analysis&) { cancelled = true; };
  auto outcome = run_pipeline(bundled_registry(), request_for("node-express-npm", PipelineStage::Render), hooks, cancelled);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->stage, PipelineStage::Plan);
  EXPECT_EQ(outcome.failure->error.code, ErrorCode::Cancelled);
}

// A live progress view closes in `finished`: it is called once, last, however the run ends.
TEST(Pipeline, TellsFinishedOnceWithTheOutcomeHoweverItEnds) {
  std::vector<std::string> calls;
  PipelineHooks hooks;
  hooks.planned = [&](const sdk::BuildPlan&) { calls.push_back("planned"); };
  hooks.finished = [&](const PipelineOutcome& outcome) {
    calls.push_back(outcome.failure ? "failed at " + std::to_string(static_cast<int>(outcome.failure->stage)) : "ok");
  };
  run_pipeline(bundled_registry(), request_for("node-express-npm", PipelineStage::Render), hooks, kNotCancelled);
  EXPECT_EQ(calls, std::vector<std::string>({"planned", "ok"}));

  calls.clear();
  std::atomic<bool> cancelled{false};
  hooks.analysed = [&](const Analysis&) { cancelled = true; };
  run_pipeline(bundled_registry(), request_for("node-express-npm", PipelineStage::Render), hooks, cancelled);
  EXPECT_EQ(calls, std::vector<std::string>({"failed at " + std::to_string(static_cast<int>(PipelineStage::Plan))}));
}

}  // namespace
}  // namespace kiln
