#pragma once
// The events of a small build, as the pipeline and Docker's classic builder send them, for the
// renderers' tests: an Express app in four steps, one from the cache, one with output.
#include <string>
#include <vector>

#include "progress/progress_event.hpp"

namespace kiln::progress::testing {

using Kind = ProgressEvent::Kind;
using std::chrono::milliseconds;

inline PlanSummary express_plan() {
  PlanSummary plan;
  plan.buildpack = "kiln.node";
  plan.language = "node";
  plan.framework = "express";
  plan.package_manager = "npm";
  plan.runtime = "kiln/stack-node:bookworm";
  plan.install = {"npm ci"};
  plan.start = "npm start";
  plan.port = 3000;
  return plan;
}

inline ProgressEvent step(int at, int number, const std::string& instruction) {
  return {.kind = Kind::Step, .at = milliseconds(at), .unit = "app", .text = "Step " + std::to_string(number) + "/4: " + instruction,
          .step = number, .steps = 4, .percent = 100.0 * (number - 1) / 4};
}

inline ProgressEvent output(int at, int number, const std::string& line, bool engine = false) {
  return {.kind = Kind::Log, .at = milliseconds(at), .unit = "app", .text = line, .step = number, .steps = 4,
          .from_engine = engine, .cached = engine && line.find("Using cache") != std::string::npos};
}

inline ProgressEvent note(int at, const std::string& text, const std::string& unit = "") {
  return {.kind = Kind::Note, .at = milliseconds(at), .unit = unit, .text = text};
}

// Up to (not with) the built image: the plan, notes, steps 1 to 3 and step 3's output.
inline std::vector<ProgressEvent> express_build_start() {
  std::vector<ProgressEvent> events = {
      {.kind = Kind::Plan, .at = milliseconds(5), .plan = express_plan()},
      note(10, "kiln.node (node / express) on docker 20.10.24 (unix:///var/run/docker.sock)"),
      note(20, "sending build context to docker", "app"),
      step(100, 1, "FROM kiln/stack-node:bookworm"),
      output(150, 1, " ---> 5bb3410a9ca4", true),
      step(200, 2, "COPY [\"package.json\", \"package-lock.json\", \"./\"]"),
      output(210, 2, " ---> Using cache", true),
      output(220, 2, " ---> 8b4e0f7a6c1d", true),
      step(300, 3, "RUN [\"/bin/sh\", \"-c\", \"npm ci\"]"),
      output(310, 3, " ---> Running in 5e0ad2f3b9a1", true),
  };
  for (int i = 1; i <= 8; ++i) events.push_back(output(300 + 100 * i, 3, "npm line " + std::to_string(i)));
  return events;
}

inline std::vector<ProgressEvent> express_build_end() {
  sdk::BuildResult image;
  image.ok = true;
  image.image_id = "sha256:abcdef1234567890abcdef1234567890abcdef1234567890abcdef1234567890";
  image.tags = {"app:latest"};
  image.size_bytes = 123'456'789;
  image.duration = milliseconds(2500);
  return {
      output(2400, 3, "Removing intermediate container 5e0ad2f3b9a1", true),
      step(2500, 4, "CMD [\"npm\",\"start\"]"),
      {.kind = Kind::Built, .at = milliseconds(2600), .unit = "app", .image = image},
      {.kind = Kind::Finished, .at = milliseconds(2650)},
  };
}

// Step 3 fails after `lines` lines of output, with exit code 3.
inline std::vector<ProgressEvent> failing_build(int lines) {
  std::vector<ProgressEvent> events = {step(100, 1, "FROM kiln/stack-node:bookworm"), step(200, 3, "RUN npm run build")};
  for (int i = 1; i <= lines; ++i) events.push_back(output(200 + 10 * i, 3, "build line " + std::to_string(i)));
  const std::string error = "Step 3/4: RUN npm run build: The command '/bin/sh -c npm run build' returned a non-zero code: 3";
  events.push_back({.kind = Kind::Error, .at = milliseconds(900), .unit = "app", .text = error, .step = 3, .steps = 4});
  PipelineFailure failure{PipelineStage::Build, Error{ErrorCode::BuildFailed, "build of app failed: " + error + " (exit code 3)"}, 3, 3};
  events.push_back({.kind = Kind::Finished, .at = milliseconds(1000), .failure = failure});
  return events;
}

}  // namespace kiln::progress::testing
