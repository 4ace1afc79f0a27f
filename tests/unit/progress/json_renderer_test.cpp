#include "progress/json_renderer.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "unit/progress/sample_build.hpp"

namespace kiln::progress {
namespace {

using namespace testing;
using json = nlohmann::json;

// sdk/schema/build-event.schema.json, the one statement of the lines' shape. It is written as
// draft 2020-12 with the keywords that draft-07 (all valijson reads) reads alike.
class EventSchema {
 public:
  EventSchema() {
    std::ifstream in(std::string(KILN_SOURCE_DIR) + "/sdk/schema/build-event.schema.json");
    document_ = json::parse(in);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(document_);
    parser.populateSchema(adapter, schema_);
  }
  const json& document() const { return document_; }

  // Empty when `value` is valid; else the problems.
  std::string problems(const json& value) const {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(value);
    if (validator.validate(schema_, target, &results)) return {};
    std::string text;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      std::string where;
      for (const auto& part : error.context) where += part;
      text += where + ": " + error.description + "\n";
    }
    return text;
  }

 private:
  json document_;
  valijson::Schema schema_;
};

std::vector<json> lines_of(const std::vector<ProgressEvent>& events) {
  std::ostringstream out;
  JsonRenderer renderer(out);
  for (const auto& event : events) renderer.on(event);
  std::vector<json> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) {
    auto value = json::parse(line, nullptr, false);
    EXPECT_FALSE(value.is_discarded()) << line;
    lines.push_back(value);
  }
  return lines;
}

TEST(JsonRenderer, WritesOneEventALineInTheSchemasShape) {
  EventSchema schema;
  EXPECT_EQ(schema.document().value("$schema", ""), "https://json-schema.org/draft/2020-12/schema");
  auto events = express_build_start();
  for (const auto& event : express_build_end()) events.push_back(event);
  events.push_back({.kind = Kind::Warning, .at = milliseconds(30), .text = "a buildpack failed"});
  events.push_back({.kind = Kind::Pushed, .at = milliseconds(3000), .unit = "app",
                    .push = PushResult{"127.0.0.1:5000/app:1", "sha256:0123"}});
  events.push_back(output(3100, 4, "not utf-8: \xff\xfe"));
  auto lines = lines_of(events);
  ASSERT_EQ(lines.size(), events.size());
  for (const auto& line : lines) EXPECT_EQ(schema.problems(line), "") << line.dump();

  EXPECT_EQ(lines[0]["type"], "plan");
  EXPECT_EQ(lines[0]["plan"]["install"], json::array({"npm ci"}));
  EXPECT_EQ(lines[0]["plan"]["runtime"], "kiln/stack-node:bookworm");
  EXPECT_EQ(lines[3]["type"], "step");
  EXPECT_EQ(lines[3]["title"], "Step 1/4: FROM kiln/stack-node:bookworm");
  EXPECT_EQ(lines[6]["source"], "engine");
  EXPECT_EQ(lines[6]["cached"], true);
  const auto& built = lines[lines.size() - 5];
  EXPECT_EQ(built["type"], "built");
  EXPECT_EQ(built["size_bytes"], 123'456'789);
  const auto& finished = lines[lines.size() - 4];
  EXPECT_EQ(finished, json({{"type", "finished"}, {"time_ms", 2650}, {"ok", true}}));
}

TEST(JsonRenderer, EndsAFailedBuildWithItsErrorStepAndExitCode) {
  EventSchema schema;
  auto lines = lines_of(failing_build(2));
  for (const auto& line : lines) EXPECT_EQ(schema.problems(line), "") << line.dump();
  const auto& finished = lines.back();
  EXPECT_EQ(finished["ok"], false);
  EXPECT_EQ(finished["error"]["code"], "build_failed");
  EXPECT_EQ(finished["error"]["stage"], "build");
  EXPECT_EQ(finished["error"]["step"], 3);
  EXPECT_EQ(finished["error"]["exit_code"], 3);
}

// The schema is strict enough to fail: a test that only ever passes proves nothing.
TEST(JsonRenderer, SchemaRefusesEventsOfAnotherShape) {
  EventSchema schema;
  EXPECT_NE(schema.problems({{"type", "step"}, {"time_ms", 1}}), "");                       // a step without its number
  EXPECT_NE(schema.problems({{"type", "finished"}, {"time_ms", 1}, {"ok", false}}), "");    // a failure without its error
  EXPECT_NE(schema.problems({{"type", "finished"}, {"time_ms", 1}, {"ok", true}, {"x", 1}}), "");  // an unknown field
  EXPECT_NE(schema.problems({{"type", "party"}, {"time_ms", 1}}), "");
  EXPECT_NE(schema.problems({{"type", "note"}, {"time_ms", -1}, {"message", ""}}), "");
}

}  // namespace
}  // namespace kiln::progress
