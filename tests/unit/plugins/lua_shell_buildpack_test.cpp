// plugins/shell/buildpack.lua, through the Lua host: which scripts are shell apps, and what they need.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/plugins/lua_test_support.hpp"

namespace kiln {
namespace {

using ::testing::ElementsAre;

using Strings = std::vector<std::string>;

class LuaShellBuildpack : public testing::BundledLuaBuildpackTest {
 protected:
  LuaShellBuildpack() : BundledLuaBuildpackTest("shell") {}
};

TEST_F(LuaShellBuildpack, ShellFromTheShebangAndProgramsFromTheScript) {
  dir_.write("main.sh", "#!/usr/bin/env -S zsh -e\nPORT=7000 exec socat TCP-LISTEN:$PORT,fork SYSTEM:date | tee log\n");
  dir_.write("Aptfile", "# tools\nfiglet\n");
  auto detection = detect(dir_.path());
  ASSERT_TRUE(detection.pass);
  EXPECT_EQ(detection.score, 20);
  EXPECT_THAT(detection.evidence, ElementsAre("main.sh", "Aptfile"));
  auto p = plan(dir_.path());
  EXPECT_EQ(p.build_packages, (Strings{"figlet", "socat", "zsh"}));
  EXPECT_EQ(p.port, 7000);
  EXPECT_EQ(p.start.argv, Strings{"./main.sh"});
}

TEST_F(LuaShellBuildpack, NoShebangRunsUnderSh) {
  dir_.write("start.sh", "exec python3 -m http.server \"$PORT\"\n");
  auto p = plan(dir_.path());
  EXPECT_EQ(p.start.argv, (Strings{"/bin/sh", "./start.sh"}));
  EXPECT_EQ(p.build_packages, Strings{"python3"});
  EXPECT_EQ(p.port, 8080);  // reads $PORT without a default
  EXPECT_TRUE(p.phases.empty());
}

TEST_F(LuaShellBuildpack, LeavesProcfilesAndOtherInterpretersToGeneric) {
  dir_.write("start.sh", "#!/bin/sh\nexec ./server\n");
  dir_.write("Procfile", "web: ./server --port $PORT\n");
  EXPECT_FALSE(detect(dir_.path()).pass);

  testing::TempDir python;
  python.write("run.sh", "#!/usr/bin/env python3\nprint('hi')\n");
  EXPECT_FALSE(detect(python.path()).pass);
  testing::TempDir unknown;
  unknown.write("bin/start", "echo no shebang, no .sh: could be anything\n");
  EXPECT_FALSE(detect(unknown.path()).pass);
}

TEST_F(LuaShellBuildpack, AWorkerHasNoPort) {
  auto p = plan(app("shell-worker"));
  EXPECT_FALSE(p.port.has_value());
  EXPECT_EQ(p.build_packages, Strings{"jq"});
}

}  // namespace
}  // namespace kiln
