#include <gtest/gtest.h>

#include <kiln/sdk/generator.hpp>
#include <kiln/support/dockerfile_stages.hpp>

using kiln::support::read_dockerfile_stages;
using kiln::support::select_stage;

namespace {
const char* kMultiStage = R"(ARG PYTHON=python3
FROM kiln/stack-base:bookworm AS base
RUN apt-get update && apt-get install -y python3
WORKDIR /app
COPY . .

FROM base AS test
RUN python3 -m unittest
CMD ["python3", "-m", "unittest", "-v"]

FROM base AS Runtime
EXPOSE 8080/tcp 9090
ENTRYPOINT ["python3"]
CMD ["server.py"]
)";

std::string line_of(const kiln::sdk::StartCommand& s) {
  if (!s.argv.empty()) {
    std::string out;
    for (const auto& a : s.argv) out += (out.empty() ? "" : " ") + a;
    return out;
  }
  return s.shell;
}
}  // namespace

TEST(DockerfileStages, ReadsNamesStartAndPort) {
  auto stages = read_dockerfile_stages(kMultiStage, "Dockerfile");
  ASSERT_EQ(stages.size(), 3u);
  EXPECT_EQ(stages[0].name, "base");
  EXPECT_EQ(stages[2].name, "runtime");
  EXPECT_EQ(stages[2].base, "base");
  EXPECT_EQ(line_of(stages[2].start), "python3 server.py");
  EXPECT_EQ(stages[2].port, 8080);
  EXPECT_EQ(line_of(stages[1].start), "python3 -m unittest -v");
  EXPECT_FALSE(stages[1].port);
  EXPECT_TRUE(stages[0].start.empty());
}

TEST(DockerfileStages, SelectsTargetOrLast) {
  auto stages = read_dockerfile_stages(kMultiStage, "Dockerfile");
  EXPECT_EQ(select_stage(stages, std::nullopt, "Dockerfile").name, "runtime");
  EXPECT_EQ(select_stage(stages, std::string("TEST"), "Dockerfile").name, "test");
  try {
    select_stage(stages, std::string("prod"), "Dockerfile");
    FAIL() << "expected a BuildpackError";
  } catch (const kiln::sdk::BuildpackError& e) {
    EXPECT_STREQ(e.what(), "Dockerfile: target stage 'prod' does not exist; stages: base, test, runtime");
  }
}

TEST(DockerfileStages, InheritsFromEarlierStagesAsTheBuilderDoes) {
  auto stages = read_dockerfile_stages(
      "FROM kiln/stack-node:bookworm AS app\nEXPOSE 3000\nCMD node server.js\n"
      "FROM app AS same\n"
      "FROM app AS wrapped\nENTRYPOINT [\"tini\", \"--\"]\n"
      "FROM app AS shell_entry\nENTRYPOINT exec node\nCMD [\"ignored\"]\n"
      "FROM app AS exec_entry\nCMD [\"a\"]\nENTRYPOINT [\"run\"]\n",
      "Dockerfile");
  ASSERT_EQ(stages.size(), 5u);
  EXPECT_EQ(stages[1].start.shell, "node server.js");
  EXPECT_EQ(stages[1].port, 3000);
  // A new ENTRYPOINT drops the inherited CMD.
  EXPECT_EQ(line_of(stages[2].start), "tini --");
  EXPECT_EQ(stages[3].start.shell, "exec node");
  // A CMD set in the same stage survives a later ENTRYPOINT.
  EXPECT_EQ(line_of(stages[4].start), "run a");
}

TEST(DockerfileStages, ShellFormCmdUnderExecEntrypoint) {
  auto stages = read_dockerfile_stages("FROM x\nENTRYPOINT [\"tini\"]\nCMD serve --fast\n", "Dockerfile");
  EXPECT_EQ(stages[0].start.argv, (std::vector<std::string>{"tini", "/bin/sh", "-c", "serve --fast"}));
}

TEST(DockerfileStages, BrokenJsonFallsBackToShellForm) {
  auto stages = read_dockerfile_stages("FROM x\nCMD [\"python3\", 'app.py']\n", "Dockerfile");
  EXPECT_EQ(stages[0].start.shell, "[\"python3\", 'app.py']");
}

TEST(DockerfileStages, UnreadableExposeIsNoPort) {
  auto stages = read_dockerfile_stages("FROM x\nARG PORT=8000\nEXPOSE $PORT 53/udp\nEXPOSE 7000-7010\n", "Dockerfile");
  EXPECT_FALSE(stages[0].port);
  stages = read_dockerfile_stages("FROM x\nEXPOSE ${PORT}\nEXPOSE 53/udp 5000\n", "Dockerfile");
  EXPECT_EQ(stages[0].port, 5000);
}

TEST(DockerfileStages, PlatformFlagAndCaseInsensitiveAs) {
  auto stages = read_dockerfile_stages("FROM --platform=$BUILDPLATFORM golang as Build\nFROM scratch\n", "Dockerfile");
  EXPECT_EQ(stages[0].name, "build");
  EXPECT_EQ(stages[0].base, "golang");
  EXPECT_FALSE(stages[1].name);
}

TEST(DockerfileStages, BrokenDockerfilesAreErrorsWithLines) {
  auto message = [](const char* text) {
    try {
      read_dockerfile_stages(text, "Dockerfile");
    } catch (const kiln::sdk::BuildpackError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("# just a comment\n"), "Dockerfile:1: no FROM instruction: not a Dockerfile kiln can build");
  EXPECT_EQ(message("RUN true\nFROM x\n"), "Dockerfile:1: RUN before the first FROM");
  EXPECT_EQ(message("FROM a AS x\nFROM b AS X\n"), "Dockerfile:2: stage name 'x' is already used on line 1");
  EXPECT_NE(message("FROM\n").find("Dockerfile:1: cannot read 'FROM "), std::string::npos);
  EXPECT_NE(message("FROM a AS\n").find("Dockerfile:1:"), std::string::npos);
  EXPECT_NE(message("FROM a AS 1x\n").find("invalid stage name"), std::string::npos);
}
