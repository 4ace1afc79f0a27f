#include <gtest/gtest.h>

#include <kiln/sdk/generator.hpp>
#include <kiln/support/relative_path.hpp>

using kiln::support::join_relative_path;
using kiln::support::normalize_relative_path;
using kiln::support::require_relative_path;

TEST(RelativePath, NormalizesHarmlessSpellings) {
  EXPECT_EQ(normalize_relative_path("."), ".");
  EXPECT_EQ(normalize_relative_path("./"), ".");
  EXPECT_EQ(normalize_relative_path("./web/"), "web");
  EXPECT_EQ(normalize_relative_path("services//api/./Dockerfile.prod"), "services/api/Dockerfile.prod");
  EXPECT_EQ(normalize_relative_path(".devcontainer/Dockerfile"), ".devcontainer/Dockerfile");
}

TEST(RelativePath, RefusesPathsThatLeaveOrConfuse) {
  for (const char* bad : {"", "/etc", "/", "..", "../x", "web/../../x", "a/..", "web\\..\\x", "-rf", "a/-x",
                          "a b", "${CONTEXT}", "https://github.com/x/y.git", "web;rm", "a\nb", "~/x"})
    EXPECT_FALSE(normalize_relative_path(bad)) << bad;
  EXPECT_FALSE(normalize_relative_path(std::string(600, 'a')));
  EXPECT_FALSE(normalize_relative_path(std::string_view("a\0b", 3)));
}

TEST(RelativePath, RequireNamesWhatAndPath) {
  EXPECT_EQ(require_relative_path("./api", "context"), "api");
  try {
    require_relative_path("../secrets", "compose.yaml:4: service web: build context");
    FAIL() << "expected a BuildpackError";
  } catch (const kiln::sdk::BuildpackError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("compose.yaml:4: service web: build context '../secrets'"), std::string::npos) << message;
  }
}

TEST(RelativePath, JoinsContextAndFile) {
  EXPECT_EQ(join_relative_path(".", "Dockerfile"), "Dockerfile");
  EXPECT_EQ(join_relative_path("web", "Dockerfile"), "web/Dockerfile");
  EXPECT_EQ(join_relative_path("web", "."), "web");
}
