#include <gtest/gtest.h>

#include <kiln/sdk/generator.hpp>
#include <kiln/support/aptfile.hpp>

#include "core/local_source_tree.hpp"
#include "unit/support/temp_dir.hpp"

using kiln::support::parse_aptfile;

TEST(Aptfile, ReadsNamesCommentsAndDuplicates) {
  auto packages = parse_aptfile("# tools\npython3\r\n\n  darkhttpd libpq5 # db client\npython3\n", "Aptfile");
  EXPECT_EQ(packages, (std::vector<std::string>{"python3", "darkhttpd", "libpq5"}));
}

TEST(Aptfile, RefusesWhatIsNotAPackageNameWithItsLine) {
  try {
    parse_aptfile("curl\nhttps://example.com/x.deb\n", "Aptfile");
    FAIL() << "expected a BuildpackError";
  } catch (const kiln::sdk::BuildpackError& e) {
    EXPECT_NE(std::string(e.what()).find("Aptfile:2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_aptfile(":repo:deb http://x stable main", "Aptfile"), kiln::sdk::BuildpackError);
  EXPECT_THROW(parse_aptfile("Python3", "Aptfile"), kiln::sdk::BuildpackError);
  EXPECT_THROW(parse_aptfile("x;rm", "Aptfile"), kiln::sdk::BuildpackError);
}

TEST(Aptfile, AbsentFileMeansNoPackages) {
  kiln::testing::TempDir dir;
  auto tree = kiln::LocalSourceTree::open(dir.path());
  ASSERT_TRUE(tree);
  EXPECT_TRUE(kiln::support::read_aptfile(*tree).empty());
  dir.write("Aptfile", "socat\n");
  auto reopened = kiln::LocalSourceTree::open(dir.path());  // a tree sees its root as it was when opened
  EXPECT_EQ(kiln::support::read_aptfile(*reopened), std::vector<std::string>{"socat"});
}
