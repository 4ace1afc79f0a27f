#include <gtest/gtest.h>

#include <kiln/sdk/generator.hpp>
#include <kiln/support/dockerfile_instructions.hpp>

using kiln::support::read_dockerfile_instructions;

TEST(DockerfileInstructions, JoinsContinuationsAndDropsComments) {
  auto ins = read_dockerfile_instructions(
      "# syntax=docker/dockerfile:1\n"
      "FROM kiln/stack-base:bookworm AS build\r\n"
      "\n"
      "# install the tools\n"
      "RUN apt-get update && \\\n"
      "    # a comment inside a continuation vanishes\n"
      "    apt-get install -y darkhttpd \\  \n"
      "\n"
      "    && true\n"
      "cmd [\"darkhttpd\", \"/srv\"]\n",
      "Dockerfile");
  ASSERT_EQ(ins.size(), 3u);
  EXPECT_EQ(ins[0].keyword, "FROM");
  EXPECT_EQ(ins[0].arguments, "kiln/stack-base:bookworm AS build");
  EXPECT_EQ(ins[0].line, 2);
  EXPECT_EQ(ins[1].keyword, "RUN");
  EXPECT_EQ(ins[1].arguments, "apt-get update &&     apt-get install -y darkhttpd     && true");
  EXPECT_EQ(ins[1].line, 5);
  EXPECT_EQ(ins[2].keyword, "CMD");
  EXPECT_EQ(ins[2].line, 10);
}

TEST(DockerfileInstructions, HonoursTheEscapeDirective) {
  auto ins = read_dockerfile_instructions("# escape=`\nFROM scratch\nRUN dir c:\\ `\n  && echo done\n", "Dockerfile");
  ASSERT_EQ(ins.size(), 2u);
  EXPECT_EQ(ins[1].arguments, "dir c:\\   && echo done");
}

TEST(DockerfileInstructions, SkipsHeredocBodies) {
  auto ins = read_dockerfile_instructions(
      "FROM kiln/stack-base:bookworm\n"
      "RUN <<EOF\n"
      "CMD this is shell, not an instruction\n"
      "EOF\n"
      "COPY <<-'CONF' /etc/app.conf\n"
      "\tport = 1\n"
      "\tCONF\n"
      "RUN echo $((1<<3)) <<<here\n"
      "CMD [\"true\"]\n",
      "Dockerfile");
  ASSERT_EQ(ins.size(), 5u);
  EXPECT_EQ(ins[3].keyword, "RUN");
  EXPECT_EQ(ins[4].keyword, "CMD");
  EXPECT_EQ(ins[4].arguments, "[\"true\"]");
  EXPECT_EQ(ins[4].line, 9);
}

TEST(DockerfileInstructions, ReportsFileAndLine) {
  try {
    read_dockerfile_instructions("FROM x\n\nFROBNICATE y\n", "web/Dockerfile");
    FAIL() << "expected a BuildpackError";
  } catch (const kiln::sdk::BuildpackError& e) {
    EXPECT_STREQ(e.what(), "web/Dockerfile:3: unknown instruction 'FROBNICATE'");
  }
  EXPECT_THROW(read_dockerfile_instructions("FROM x\nRUN <<EOF\necho\n", "Dockerfile"), kiln::sdk::BuildpackError);
  EXPECT_THROW(read_dockerfile_instructions(std::string(600 * 1024, '#'), "Dockerfile"), kiln::sdk::BuildpackError);
}

TEST(DockerfileInstructions, SurvivesGarbage) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 37) % 256);
  EXPECT_THROW(read_dockerfile_instructions(garbage, "Dockerfile"), kiln::sdk::BuildpackError);
  EXPECT_TRUE(read_dockerfile_instructions("", "Dockerfile").empty());
}
