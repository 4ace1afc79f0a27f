#include "runners/small_tar.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <gtest/gtest.h>

#include "runners/build_context.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {


struct Member {
  std::string path;
  bool directory = false;
  unsigned mode = 0;
  std::int64_t uid = -1, gid = -1;
  std::string data;
};

std::vector<Member> read_members(const std::string& tar) {
  std::vector<Member> members;
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  EXPECT_EQ(archive_read_open_memory(a, tar.data(), tar.size()), ARCHIVE_OK);
  archive_entry* entry = nullptr;
  while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
    Member m;
    m.path = archive_entry_pathname(entry);
    if (m.path.size() > 1 && m.path.back() == '/') m.path.pop_back();
    m.directory = archive_entry_filetype(entry) == AE_IFDIR;
    m.mode = archive_entry_perm(entry);
    m.uid = archive_entry_uid(entry);
    m.gid = archive_entry_gid(entry);
    char buffer[4096];
    la_ssize_t n;
    while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0) m.data.append(buffer, static_cast<std::size_t>(n));
    members.push_back(m);
  }
  archive_read_free(a);
  return members;
}

TEST(SmallTar, HoldsFoldersAndFilesWithTheirModesAndOwner) {
  auto tar = small_tar({{TarMember::Kind::Directory, "workspace", "", 0755},
                        {TarMember::Kind::Directory, "workspace/inputs", "", 0700},
                        {TarMember::Kind::File, "workspace/inputs/registry-password", "s3cret\n", 0600}},
                       10001, 10002);
  ASSERT_TRUE(tar.ok()) << tar.error().message;
  auto members = read_members(*tar);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].path, "workspace");
  EXPECT_TRUE(members[0].directory);
  EXPECT_EQ(members[1].mode, 0700u);
  EXPECT_EQ(members[2].path, "workspace/inputs/registry-password");
  EXPECT_EQ(members[2].mode, 0600u);
  EXPECT_EQ(members[2].data, "s3cret\n");
  for (const auto& m : members) {
    EXPECT_EQ(m.uid, 10001) << m.path;
    EXPECT_EQ(m.gid, 10002) << m.path;
  }
}

TEST(SmallTar, IsTheSameBytesEachTime) {
  std::vector<TarMember> members = {{TarMember::Kind::File, "a/b.txt", "text", 0644}};
  EXPECT_EQ(*small_tar(members, 0, 0), *small_tar(members, 0, 0));
}

TEST(SmallTar, RefusesPathsThatCouldLeaveTheFolder) {
  for (const char* bad : {"", "/etc/passwd", "../up", "a/../../b", "a//b", "./a", "a/."}) {
    auto tar = small_tar({{TarMember::Kind::File, bad, "x", 0644}}, 0, 0);
    ASSERT_FALSE(tar.ok()) << bad;
    EXPECT_EQ(tar.error().code, ErrorCode::InvalidPath);
  }
}

TEST(BuildContextOwner, EveryEntryCarriesTheOwnerAskedFor) {
  // The source handed to a helper must be readable by the helper's user,
  // whatever the modes on the host (a 0600 file, a 0700 folder).
  testing::TempDir app;
  app.write("private/key.txt", "k");
  std::filesystem::permissions(app.path() / "private/key.txt", std::filesystem::perms::owner_read |
                                                                    std::filesystem::perms::owner_write);
  app.write("index.html", "hi");
  BuildContextStream::Options options;
  options.root = app.path();
  options.owner_uid = 10001;
  options.owner_gid = 10001;
  auto stream = BuildContextStream::open(options);
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  std::string tar;
  std::vector<char> buffer(8192);
  for (;;) {
    auto n = (*stream)->read(buffer.data(), buffer.size());
    ASSERT_TRUE(n.ok()) << n.error().message;
    if (*n == 0) break;
    tar.append(buffer.data(), *n);
  }
  auto members = read_members(tar);
  ASSERT_EQ(members.size(), 3u);  // index.html, private/, private/key.txt
  for (const auto& m : members) {
    EXPECT_EQ(m.uid, 10001) << m.path;
    EXPECT_EQ(m.gid, 10001) << m.path;
  }
}

TEST(BuildContextOwner, IsRootUnlessAsked) {
  testing::TempDir app;
  app.write("index.html", "hi");
  BuildContextStream::Options options;
  options.root = app.path();
  auto stream = BuildContextStream::open(options);
  ASSERT_TRUE(stream.ok());
  std::string tar;
  std::vector<char> buffer(8192);
  for (auto n = (*stream)->read(buffer.data(), buffer.size()); n.ok() && *n > 0;
       n = (*stream)->read(buffer.data(), buffer.size()))
    tar.append(buffer.data(), *n);
  auto members = read_members(tar);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].uid, 0);
  EXPECT_EQ(members[0].gid, 0);
}

}  // namespace
}  // namespace kiln
