#include "runners/dockerignore.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kiln {
namespace {

using ::testing::HasSubstr;

Dockerignore parsed(std::string_view text) {
  auto ignore = Dockerignore::parse(text);
  EXPECT_TRUE(ignore.ok()) << (ignore.ok() ? "" : ignore.error().message);
  return ignore.ok() ? std::move(ignore).value() : Dockerignore();
}

TEST(DockerignoreClean, FollowsGoPathClean) {
  EXPECT_EQ(clean_slash_path("./a//b/../c/"), "a/c");
  EXPECT_EQ(clean_slash_path(""), ".");
  EXPECT_EQ(clean_slash_path("/../x"), "/x");
  EXPECT_EQ(clean_slash_path("../x/.."), "..");
  EXPECT_EQ(clean_slash_path("a/./b/."), "a/b");
}

// The examples of Docker's .dockerignore documentation, one by one.
TEST(Dockerignore, StarStaysInsideOneSegment) {
  auto ignore = parsed("*/temp*\n");
  EXPECT_TRUE(ignore.excluded("somedir/temporary.txt"));
  EXPECT_TRUE(ignore.excluded("somedir/temp"));
  EXPECT_TRUE(ignore.excluded("somedir/temp/inside.txt"));  // through the matched folder
  EXPECT_FALSE(ignore.excluded("temporary.txt"));
  EXPECT_FALSE(ignore.excluded("a/b/temp"));
}

TEST(Dockerignore, TwoLevelsDown) {
  auto ignore = parsed("*/*/temp*\n");
  EXPECT_TRUE(ignore.excluded("somedir/subdir/temporary.txt"));
  EXPECT_FALSE(ignore.excluded("somedir/temporary.txt"));
  EXPECT_FALSE(ignore.excluded("a/b/c/temp"));
}

TEST(Dockerignore, QuestionMarkIsOneCharacter) {
  auto ignore = parsed("temp?\n");
  EXPECT_TRUE(ignore.excluded("tempa"));
  EXPECT_TRUE(ignore.excluded("tempb/x"));
  EXPECT_FALSE(ignore.excluded("temp"));
  EXPECT_FALSE(ignore.excluded("tempab"));
  EXPECT_FALSE(ignore.excluded("dir/tempa"));
  EXPECT_FALSE(parsed("a?b").excluded("a/b"));  // '?' never matches '/'
}

TEST(Dockerignore, DoubleStarSpansFolders) {
  auto ignore = parsed("**/*.go\n");
  EXPECT_TRUE(ignore.excluded("main.go"));
  EXPECT_TRUE(ignore.excluded("cmd/tool/main.go"));
  EXPECT_FALSE(ignore.excluded("cmd/tool/main.gox"));
  EXPECT_FALSE(ignore.excluded("go.mod"));

  auto middle = parsed("a/**/z");
  EXPECT_TRUE(middle.excluded("a/z"));
  EXPECT_TRUE(middle.excluded("a/b/c/z"));
  EXPECT_FALSE(middle.excluded("a/bz"));
}

TEST(Dockerignore, LeadingDoubleStarMatchesAnyDepthButWholeNames) {
  auto ignore = parsed("**/secret\n");
  EXPECT_TRUE(ignore.excluded("secret"));
  EXPECT_TRUE(ignore.excluded("a/b/secret"));
  EXPECT_TRUE(ignore.excluded("a/secret/key.pem"));
  EXPECT_FALSE(ignore.excluded("topsecret"));
}

TEST(Dockerignore, TrailingDoubleStarMatchesWhatIsInsideOnly) {
  auto ignore = parsed("logs/**\n");
  EXPECT_TRUE(ignore.excluded("logs/a.log"));
  EXPECT_TRUE(ignore.excluded("logs/2024/01/a.log"));
  EXPECT_FALSE(ignore.excluded("logs"));  // Docker: a prefix match on "logs/"
  EXPECT_FALSE(ignore.excluded("logsfile"));
}

TEST(Dockerignore, ExceptionAfterWildcard) {
  auto ignore = parsed("*.md\n!README.md\n");
  EXPECT_TRUE(ignore.excluded("CHANGES.md"));
  EXPECT_FALSE(ignore.excluded("README.md"));
  EXPECT_FALSE(ignore.excluded("main.c"));
  EXPECT_TRUE(ignore.has_exceptions());
}

TEST(Dockerignore, LastMatchingPatternWins) {
  auto ignore = parsed("*.md\n!README*.md\nREADME-secret.md\n");
  EXPECT_TRUE(ignore.excluded("README-secret.md"));
  EXPECT_FALSE(ignore.excluded("README-public.md"));
  EXPECT_TRUE(ignore.excluded("NOTES.md"));

  // An exception before the pattern it should override does nothing.
  EXPECT_TRUE(parsed("!README.md\n*.md\n").excluded("README.md"));
}

TEST(Dockerignore, FolderExcludedThenOneFileInsideReincluded) {
  auto ignore = parsed("docs\n!docs/keep.md\n");
  EXPECT_TRUE(ignore.excluded("docs"));
  EXPECT_TRUE(ignore.excluded("docs/drop.md"));
  EXPECT_TRUE(ignore.excluded("docs/sub/deep.md"));
  EXPECT_FALSE(ignore.excluded("docs/keep.md"));
  EXPECT_TRUE(ignore.may_reinclude_below("docs"));
  EXPECT_FALSE(ignore.may_reinclude_below("docs/sub"));
  EXPECT_FALSE(ignore.may_reinclude_below("other"));
}

TEST(Dockerignore, ReincludedFolderBringsItsContents) {
  auto ignore = parsed("vendor\n!vendor/keep\n");
  EXPECT_FALSE(ignore.excluded("vendor/keep"));
  EXPECT_FALSE(ignore.excluded("vendor/keep/deep/file.c"));
  EXPECT_TRUE(ignore.excluded("vendor/other/file.c"));
}

TEST(Dockerignore, FolderPatternCoversEverythingBelowButIsAnchoredAtTheRoot) {
  auto ignore = parsed("node_modules\n");
  EXPECT_TRUE(ignore.excluded("node_modules"));
  EXPECT_TRUE(ignore.excluded("node_modules/x/y"));
  EXPECT_FALSE(ignore.excluded("web/node_modules/x"));  // unlike .gitignore
  EXPECT_FALSE(ignore.excluded("node_modules_backup"));
}

TEST(Dockerignore, LeadingSlashIsTheRootAnyway) {
  auto ignore = parsed("/build\n");
  EXPECT_TRUE(ignore.excluded("build"));
  EXPECT_TRUE(ignore.excluded("build/out.o"));
  EXPECT_FALSE(ignore.excluded("src/build"));
  EXPECT_EQ(ignore.patterns().at(0).text(), "build");
}

TEST(Dockerignore, TrailingSlashIsCleanedAwaySoItAlsoMatchesAFile) {
  auto ignore = parsed("dir/\n");
  EXPECT_TRUE(ignore.excluded("dir/x"));
  EXPECT_TRUE(ignore.excluded("dir"));
  EXPECT_EQ(ignore.patterns().at(0).text(), "dir");
}

TEST(Dockerignore, PatternsAreCleaned) {
  auto ignore = parsed("./a/../b//c/\n!  ./b/c/keep\n");
  ASSERT_EQ(ignore.patterns().size(), 2u);
  EXPECT_EQ(ignore.patterns()[0].text(), "b/c");
  EXPECT_EQ(ignore.patterns()[1].text(), "b/c/keep");
  EXPECT_TRUE(ignore.patterns()[1].exception());
  EXPECT_TRUE(ignore.excluded("b/c/x"));
  EXPECT_FALSE(ignore.excluded("b/c/keep"));
  EXPECT_TRUE(ignore.excluded("./b//c/x"));  // paths are cleaned too
}

TEST(Dockerignore, CommentsOnlyAtTheStartOfALineAndBlankLinesSkipped) {
  auto ignore = parsed("# a comment\n\n   \n\t\n  #not-a-comment\nkeep#hash\r\n");
  ASSERT_EQ(ignore.patterns().size(), 2u);
  EXPECT_EQ(ignore.patterns()[0].text(), "#not-a-comment");
  EXPECT_TRUE(ignore.excluded("#not-a-comment"));
  EXPECT_TRUE(ignore.excluded("keep#hash"));  // CRLF line ending and '#' mid-line
  EXPECT_FALSE(ignore.excluded("a comment"));
  EXPECT_FALSE(ignore.excluded("# a comment"));
}

TEST(Dockerignore, ByteOrderMarkOnTheFirstLineIsIgnored) {
  auto ignore = parsed("\xEF\xBB\xBF*.log\n");
  EXPECT_TRUE(ignore.excluded("app.log"));
}

TEST(Dockerignore, EmptyFileExcludesNothing) {
  auto ignore = parsed("");
  EXPECT_FALSE(ignore.excluded("anything"));
  EXPECT_FALSE(ignore.may_reinclude_below("anything"));
}

TEST(Dockerignore, LoneBangIsAnError) {
  for (const char* text : {"!\n", "a\n  !  \n", "!/\n"}) {
    auto ignore = Dockerignore::parse(text);
    ASSERT_FALSE(ignore.ok()) << text;
    EXPECT_EQ(ignore.error().code, ErrorCode::InvalidDockerignore);
    EXPECT_THAT(ignore.error().message, HasSubstr("illegal exclusion pattern"));
  }
  auto second_line = Dockerignore::parse("ok\n!\n");
  ASSERT_FALSE(second_line.ok());
  EXPECT_THAT(second_line.error().message, HasSubstr("line 2"));
}

TEST(Dockerignore, CharacterClasses) {
  auto ignore = parsed("[a-c].txt\nlog[^0-9]\n");
  EXPECT_TRUE(ignore.excluded("b.txt"));
  EXPECT_FALSE(ignore.excluded("d.txt"));
  EXPECT_TRUE(ignore.excluded("logx"));
  EXPECT_FALSE(ignore.excluded("log7"));
  EXPECT_TRUE(parsed("[\\]]x").excluded("]x"));
  EXPECT_TRUE(parsed("caf[é]").excluded("café"));  // a class holds characters, not bytes
}

TEST(Dockerignore, EscapesMakeWildcardsLiteral) {
  auto ignore = parsed("\\*.txt\nq\\?\n");
  EXPECT_TRUE(ignore.excluded("*.txt"));
  EXPECT_FALSE(ignore.excluded("a.txt"));
  EXPECT_TRUE(ignore.excluded("q?"));
  EXPECT_FALSE(ignore.excluded("qa"));
}

TEST(Dockerignore, RegexCharactersAreLiteral) {
  auto ignore = parsed("a.b+(c)|{d}$\n");
  EXPECT_TRUE(ignore.excluded("a.b+(c)|{d}$"));
  EXPECT_FALSE(ignore.excluded("axbb(c)|{d}$"));
}

TEST(Dockerignore, BadPatternsAreErrorsNamingTheLine) {
  for (const char* text : {"ok\n[abc\n", "ok\nx\\\n", "ok\n[]\n", "ok\n[z-a]\n", "ok\n[-a]\n"}) {
    auto ignore = Dockerignore::parse(text);
    ASSERT_FALSE(ignore.ok()) << text;
    EXPECT_EQ(ignore.error().code, ErrorCode::InvalidDockerignore);
    EXPECT_THAT(ignore.error().message, HasSubstr("line 2")) << text;
  }
}

TEST(Dockerignore, AlwaysIncludeOverridesEarlierPatternsLiterally) {
  auto ignore = parsed("*\n");
  ignore.always_include("Dockerfile");
  ignore.always_include("build/[weird]*name");
  EXPECT_FALSE(ignore.excluded("Dockerfile"));
  EXPECT_TRUE(ignore.excluded("Dockerfile.old"));
  EXPECT_FALSE(ignore.excluded("build/[weird]*name"));
  EXPECT_TRUE(ignore.excluded("build/w-name"));
  EXPECT_TRUE(ignore.may_reinclude_below("build"));
  EXPECT_FALSE(ignore.may_reinclude_below("src"));
}

TEST(Dockerignore, MayReincludeBelowFollowsTheExceptionsShape) {
  auto ignore = parsed("vendor\n!vendor/*/LICENSE\n");
  EXPECT_TRUE(ignore.may_reinclude_below("vendor"));
  EXPECT_TRUE(ignore.may_reinclude_below("vendor/lib"));
  EXPECT_FALSE(ignore.may_reinclude_below("vendor/lib/LICENSE"));  // the exception can only match that path itself
  EXPECT_FALSE(ignore.may_reinclude_below("vendor/lib/src"));
  EXPECT_FALSE(ignore.may_reinclude_below("node_modules"));

  // A wildcard that spans folders may reach anywhere.
  auto anywhere = parsed("node_modules\n!**/LICENSE\n");
  EXPECT_TRUE(anywhere.may_reinclude_below("node_modules"));
  EXPECT_TRUE(anywhere.may_reinclude_below("node_modules/a/b"));
  EXPECT_FALSE(anywhere.excluded("node_modules/a/LICENSE"));
  EXPECT_TRUE(anywhere.excluded("node_modules/a/index.js"));

  // Without exceptions nothing can come back.
  EXPECT_FALSE(parsed("node_modules\n").may_reinclude_below("node_modules"));
}

TEST(Dockerignore, NoPatternCanMakeMatchingSlow) {
  auto ignore = parsed("*a*a*a*a*a*a*a*a*a*a*a*a*b\n**/**/**/**/**/**/x\n");
  const std::string long_name(4000, 'a');
  EXPECT_FALSE(ignore.excluded(long_name));
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "d/";
  EXPECT_FALSE(ignore.excluded(deep + "y"));
  EXPECT_TRUE(ignore.excluded(deep + "x"));
}

}  // namespace
}  // namespace kiln
