#include "registry/index_entry.hpp"

#include <gtest/gtest.h>

namespace kiln::registry {
namespace {

const std::string kSha(64, 'b');

TEST(IndexEntry, ReadsItsOwnLinesBack) {
  IndexEntry e{"com.acme.deno", "1.2.0", 1, "lua", "", kSha, 123, "packages/com.acme.deno/com.acme.deno-1.2.0.tar.gz",
               "c2ln", true, "2026-12-03T14:00:00.000Z", "Deno apps", {"deno", "ts"}};
  auto text = index_file_text({e, e});
  auto back = parse_index_file(text, "com.acme.deno", "index/com.acme.deno");
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ(to_json((*back)[0]), to_json(e));
}

TEST(IndexEntry, NamesTheFileAndLineOfABadLine) {
  std::string good = to_json(IndexEntry{"com.acme.deno", "1.0.0", 1, "lua", "", kSha, 1, "u"}).dump();
  auto bad = parse_index_file(good + "\n\n{\"id\": 3}\n", "com.acme.deno", "index/com.acme.deno");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.rfind("index/com.acme.deno:3: ", 0), 0u) << bad.error().message;
  auto other = parse_index_file(good, "com.acme.bun", "index/com.acme.bun");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("a line for com.acme.deno in the index of com.acme.bun"), std::string::npos);
  auto sha = parse_index_file(R"({"id":"com.acme.deno","version":"1.0.0","api":1,"kind":"lua","sha256":"XYZ","size":1,"url":"u"})",
                              "com.acme.deno", "i");
  ASSERT_FALSE(sha);
  EXPECT_NE(sha.error().message.find("sha256 must be 64 lower-case hex digits"), std::string::npos);
}

}  // namespace
}  // namespace kiln::registry
