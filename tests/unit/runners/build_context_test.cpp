#include "runners/build_context.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/support/temp_dir.hpp"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

constexpr std::time_t kMtime = 1700000000;

struct TarEntry {
  std::string path;  // without the trailing '/' tar gives folders
  unsigned type = 0;
  unsigned perm = 0;
  std::int64_t size = 0;
  std::int64_t mtime = 0;
  std::int64_t uid = -1, gid = -1;
  std::string link;
  std::string data;
};

std::string entry_path(archive_entry* entry) {
  const char* utf8 = archive_entry_pathname_utf8(entry);
  std::string path = utf8 ? utf8 : archive_entry_pathname(entry);
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::vector<TarEntry> read_tar(const std::string& bytes) {
  std::vector<TarEntry> entries;
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  archive_read_support_filter_all(a);
  EXPECT_EQ(archive_read_open_memory(a, bytes.data(), bytes.size()), ARCHIVE_OK) << archive_error_string(a);
  archive_entry* entry = nullptr;
  int r;
  while ((r = archive_read_next_header(a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
    TarEntry e;
    e.path = entry_path(entry);
    e.type = archive_entry_filetype(entry);
    e.perm = archive_entry_perm(entry);
    e.size = archive_entry_size(entry);
    e.mtime = archive_entry_mtime(entry);
    e.uid = archive_entry_uid(entry);
    e.gid = archive_entry_gid(entry);
    if (const char* link = archive_entry_symlink(entry)) e.link = link;
    char buffer[8192];
    la_ssize_t n;
    while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0) e.data.append(buffer, static_cast<std::size_t>(n));
    entries.push_back(std::move(e));
  }
  EXPECT_EQ(r, ARCHIVE_EOF) << archive_error_string(a);
  archive_read_free(a);
  return entries;
}

std::string drain(BuildContextStream& stream, std::size_t buffer_size) {
  std::string out;
  std::vector<char> buffer(buffer_size);
  for (;;) {
    auto n = stream.read(buffer.data(), buffer.size());
    EXPECT_TRUE(n.ok()) << (n.ok() ? "" : n.error().message);
    if (!n.ok() || *n == 0) break;
    EXPECT_LE(*n, buffer_size);
    out.append(buffer.data(), *n);
  }
  return out;
}

std::unique_ptr<BuildContextStream> open_stream(BuildContextStream::Options options) {
  auto stream = BuildContextStream::open(std::move(options));
  EXPECT_TRUE(stream.ok()) << (stream.ok() ? "" : stream.error().message);
  return stream.ok() ? std::move(stream).value() : nullptr;
}

std::vector<TarEntry> stream_tar(BuildContextStream::Options options, std::size_t buffer_size = 4096) {
  auto stream = open_stream(std::move(options));
  if (!stream) return {};
  return read_tar(drain(*stream, buffer_size));
}

std::vector<std::string> paths(const std::vector<TarEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.path);
  return out;
}

const TarEntry* find(const std::vector<TarEntry>& entries, const std::string& path) {
  for (const auto& e : entries)
    if (e.path == path) return &e;
  return nullptr;
}

void set_mtime(const fs::path& path, std::time_t when) {
  const timespec times[2] = {{when, 0}, {when, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW), 0) << path;
}

// A small app with something of every kind the walker must handle.
void make_app(const testing::TempDir& dir) {
  dir.write(".dockerignore",
            "# build outputs and secrets\n"
            "node_modules\n"
            "*.env\n"
            "docs\n"
            "!docs/keep.md\n"
            "logs/\n"
            "Dockerfile\n");
  dir.write("app.js", "console.log('hi')\n");
  dir.write("run.sh", "#!/bin/sh\necho run\n");
  dir.write("src/lib/a.js", "module.exports = 1\n");
  dir.write("src/b.txt", "b");
  dir.write("node_modules/dep/index.js", "dep");
  dir.write("logs/x.log", "log");
  dir.write("docs/keep.md", "keep me");
  dir.write("docs/drop.md", "drop me");
  dir.write("secret.env", "TOKEN=1");
  dir.write("Dockerfile", "FROM scratch\n");
  dir.write("empty.txt", "");
  fs::create_directories(dir.path() / "empty_dir");
  fs::permissions(dir.path() / "run.sh", fs::perms(0755));
  fs::permissions(dir.path() / "app.js", fs::perms(0640));
  fs::create_symlink("app.js", dir.path() / "link");
  fs::create_directory_symlink("src", dir.path() / "dirlink");
  fs::create_symlink("/etc/passwd", dir.path() / "outside");
  ASSERT_EQ(::mkfifo((dir.path() / "fifo").c_str(), 0644), 0);
  for (const char* f : {"app.js", "run.sh", "src/b.txt", "src/lib/a.js", "src", "docs/keep.md", "empty_dir"})
    set_mtime(dir.path() / f, kMtime);
}

TEST(BuildContext, SendsWhatDockerWouldInAFixedOrder) {
  testing::TempDir dir;
  make_app(dir);
  auto entries = stream_tar({.root = dir.path()});
  EXPECT_THAT(paths(entries), ElementsAre(".dockerignore", "Dockerfile", "app.js", "dirlink", "docs/keep.md",
                                          "empty.txt", "empty_dir", "link", "outside", "run.sh", "src", "src/b.txt",
                                          "src/lib", "src/lib/a.js"));
}

TEST(BuildContext, ExcludedPathsAreAbsentAndTheExceptionComesBack) {
  testing::TempDir dir;
  make_app(dir);
  auto entries = stream_tar({.root = dir.path()});
  for (const char* gone : {"node_modules", "node_modules/dep/index.js", "logs", "logs/x.log", "secret.env",
                           "docs", "docs/drop.md", "fifo"})
    EXPECT_EQ(find(entries, gone), nullptr) << gone;
  const TarEntry* keep = find(entries, "docs/keep.md");
  ASSERT_NE(keep, nullptr);
  EXPECT_EQ(keep->data, "keep me");
}

TEST(BuildContext, DockerignoreAndDockerfileAreSentEvenWhenIgnored) {
  testing::TempDir dir;
  make_app(dir);
  auto entries = stream_tar({.root = dir.path()});
  const TarEntry* ignore = find(entries, ".dockerignore");
  ASSERT_NE(ignore, nullptr);
  EXPECT_THAT(ignore->data, HasSubstr("!docs/keep.md"));
  const TarEntry* dockerfile = find(entries, "Dockerfile");
  ASSERT_NE(dockerfile, nullptr);
  EXPECT_EQ(dockerfile->data, "FROM scratch\n");
}

TEST(BuildContext, KeepsContentsModesAndMtimesAndResetsOwners) {
  testing::TempDir dir;
  make_app(dir);
  auto entries = stream_tar({.root = dir.path()});
  const TarEntry* app = find(entries, "app.js");
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->type, static_cast<unsigned>(AE_IFREG));
  EXPECT_EQ(app->data, "console.log('hi')\n");
  EXPECT_EQ(app->size, 18);
  EXPECT_EQ(app->perm, 0640u);
  EXPECT_EQ(app->mtime, kMtime);
  EXPECT_EQ(find(entries, "run.sh")->perm, 0755u);
  const TarEntry* src = find(entries, "src");
  ASSERT_NE(src, nullptr);
  EXPECT_EQ(src->type, static_cast<unsigned>(AE_IFDIR));
  EXPECT_EQ(src->mtime, kMtime);
  const TarEntry* empty_dir = find(entries, "empty_dir");
  ASSERT_NE(empty_dir, nullptr);
  EXPECT_EQ(empty_dir->type, static_cast<unsigned>(AE_IFDIR));
  const TarEntry* empty = find(entries, "empty.txt");
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(empty->size, 0);
  for (const auto& e : entries) {
    EXPECT_EQ(e.uid, 0) << e.path;
    EXPECT_EQ(e.gid, 0) << e.path;
    EXPECT_FALSE(e.path.starts_with('/')) << e.path;
    EXPECT_EQ(e.path.find(".."), std::string::npos) << e.path;
  }
}

TEST(BuildContext, SymlinksAreArchivedAsSymlinksAndNeverFollowed) {
  testing::TempDir dir;
  make_app(dir);
  auto entries = stream_tar({.root = dir.path()});
  const TarEntry* link = find(entries, "link");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->type, static_cast<unsigned>(AE_IFLNK));
  EXPECT_EQ(link->link, "app.js");
  EXPECT_EQ(link->data, "");
  const TarEntry* outside = find(entries, "outside");
  ASSERT_NE(outside, nullptr);
  EXPECT_EQ(outside->type, static_cast<unsigned>(AE_IFLNK));
  EXPECT_EQ(outside->link, "/etc/passwd");
  EXPECT_EQ(outside->data, "");  // the target's content never enters the context
  const TarEntry* dirlink = find(entries, "dirlink");
  ASSERT_NE(dirlink, nullptr);
  EXPECT_EQ(dirlink->type, static_cast<unsigned>(AE_IFLNK));
  EXPECT_EQ(dirlink->link, "src");
  for (const auto& e : entries) EXPECT_FALSE(e.path.starts_with("dirlink/")) << e.path;
}

TEST(BuildContext, SameBytesWhateverTheReadSizeAndRun) {
  testing::TempDir dir;
  make_app(dir);
  std::string reference;
  for (std::size_t size : {4096u, 1u, 7u, 65536u, 1000000u}) {
    auto stream = open_stream({.root = dir.path(), .dockerfile_text = "FROM scratch\nCOPY . /app\n"});
    ASSERT_NE(stream, nullptr);
    const std::string bytes = drain(*stream, size);
    EXPECT_EQ(stream->bytes_produced(), bytes.size());
    if (reference.empty())
      reference = bytes;
    else
      EXPECT_TRUE(bytes == reference) << "read size " << size << " gave a different tar";
    // Once complete, the stream keeps saying so.
    char c;
    auto after = stream->read(&c, 1);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(*after, 0u);
  }
  EXPECT_EQ(reference.size() % 512, 0u);
  EXPECT_FALSE(read_tar(reference).empty());
}

TEST(BuildContext, InjectedDockerfileComesFirstWithTheExactTextAndReplacesTheTreeOne) {
  testing::TempDir dir;
  make_app(dir);
  const std::string text = "FROM kiln/stack-base:bookworm\nRUN true\n# \xC3\xA9\n";
  auto entries = stream_tar({.root = dir.path(), .dockerfile_name = "Dockerfile", .dockerfile_text = text}, 7);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().path, "Dockerfile");
  EXPECT_EQ(entries.front().data, text);
  EXPECT_EQ(entries.front().perm, 0644u);
  EXPECT_EQ(std::count_if(entries.begin(), entries.end(), [](const auto& e) { return e.path == "Dockerfile"; }), 1);
}

TEST(BuildContext, InjectsAGeneratedDockerfileAndExtraFiles) {
  testing::TempDir dir;
  make_app(dir);
  auto entries = stream_tar({.root = dir.path(),
                             .dockerfile_name = ".kiln.Dockerfile",
                             .dockerfile_text = "FROM scratch\n",
                             .extra_files = {{"kiln/ca.pem", "-----BEGIN CERTIFICATE-----\n"}, {"app.js", "replaced"}}});
  ASSERT_GE(entries.size(), 3u);
  EXPECT_EQ(entries[0].path, ".kiln.Dockerfile");
  EXPECT_EQ(entries[0].data, "FROM scratch\n");
  EXPECT_EQ(entries[1].path, "kiln/ca.pem");
  EXPECT_EQ(entries[1].data, "-----BEGIN CERTIFICATE-----\n");
  EXPECT_EQ(entries[2].path, "app.js");
  EXPECT_EQ(entries[2].data, "replaced");
  EXPECT_EQ(std::count_if(entries.begin(), entries.end(), [](const auto& e) { return e.path == "app.js"; }), 1);
  // The tree's own Dockerfile is ignored by .dockerignore and is not the one
  // being built, so it stays out, as with `docker build -f .kiln.Dockerfile`.
  EXPECT_EQ(find(entries, "Dockerfile"), nullptr);
}

TEST(BuildContext, DockerfileInsideAnIgnoredFolderIsStillSent) {
  testing::TempDir dir;
  dir.write(".dockerignore", "deploy\n");
  dir.write("deploy/Dockerfile", "FROM scratch\n");
  dir.write("deploy/secrets.txt", "x");
  dir.write("main.go", "package main\n");
  auto entries = stream_tar({.root = dir.path(), .dockerfile_name = "deploy/Dockerfile"});
  EXPECT_THAT(paths(entries), ElementsAre(".dockerignore", "deploy/Dockerfile", "main.go"));
}

TEST(BuildContext, WildcardExceptionReachesIntoAnExcludedFolder) {
  testing::TempDir dir;
  dir.write(".dockerignore", "node_modules\n!**/LICENSE\n");
  dir.write("node_modules/dep/LICENSE", "MIT");
  dir.write("node_modules/dep/index.js", "x");
  dir.write("LICENSE", "MIT");
  auto entries = stream_tar({.root = dir.path()});
  EXPECT_THAT(paths(entries), ElementsAre(".dockerignore", "LICENSE", "node_modules/dep/LICENSE"));
}

TEST(BuildContext, DockerignoreTextCanBeGivenInstead) {
  testing::TempDir dir;
  dir.write(".dockerignore", "*.txt\n");
  dir.write("a.txt", "a");
  dir.write("b.md", "b");
  auto entries = stream_tar({.root = dir.path(), .dockerignore_text = "*.md\n"});
  EXPECT_THAT(paths(entries), ElementsAre(".dockerignore", "a.txt"));
}

TEST(BuildContext, CountsFilesAndEntries) {
  testing::TempDir dir;
  dir.write("a/b.txt", "b");
  dir.write("c.txt", "c");
  fs::create_symlink("c.txt", dir.path() / "l");
  auto stream = open_stream({.root = dir.path(), .dockerfile_text = "FROM scratch\n"});
  ASSERT_NE(stream, nullptr);
  drain(*stream, 4096);
  EXPECT_EQ(stream->files(), 3u);    // Dockerfile, a/b.txt, c.txt
  EXPECT_EQ(stream->entries(), 5u);  // plus the folder a and the symlink l
}

TEST(BuildContext, LongAndNonAsciiNamesRoundTrip) {
  testing::TempDir dir;
  const std::string long_path = std::string(120, 'd') + "/" + std::string(150, 'f') + ".txt";
  dir.write(long_path, "long");
  dir.write("caf\xC3\xA9.txt", "utf8");
  auto entries = stream_tar({.root = dir.path()});
  ASSERT_NE(find(entries, long_path), nullptr);
  EXPECT_EQ(find(entries, long_path)->data, "long");
  ASSERT_NE(find(entries, "caf\xC3\xA9.txt"), nullptr);
  EXPECT_EQ(find(entries, "caf\xC3\xA9.txt")->data, "utf8");
}

TEST(BuildContext, GzipOptionGivesTheSameEntries) {
  testing::TempDir dir;
  make_app(dir);
  auto plain = stream_tar({.root = dir.path()});
  auto stream = open_stream({.root = dir.path(), .gzip = true});
  ASSERT_NE(stream, nullptr);
  const std::string bytes = drain(*stream, 4096);
  ASSERT_GE(bytes.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 0x8b);
  EXPECT_EQ(paths(read_tar(bytes)), paths(plain));
}

// libarchive reads straight from the stream, so the test holds no copy of the tar either.
struct PullReader {
  BuildContextStream* stream = nullptr;
  std::vector<char> buffer = std::vector<char>(4096);
  std::optional<Error> error{};
  static la_ssize_t read(archive*, void* self, const void** out) {
    auto* reader = static_cast<PullReader*>(self);
    auto n = reader->stream->read(reader->buffer.data(), reader->buffer.size());
    if (!n) {
      reader->error = n.error();
      return -1;
    }
    *out = reader->buffer.data();
    return static_cast<la_ssize_t>(*n);
  }
};

TEST(BuildContext, A200MegabyteFileStreamsInBoundedMemory) {
  testing::TempDir dir;
  constexpr off_t kSize = 200LL * 1024 * 1024;
  {
    const auto path = dir.path() / "big.bin";
    const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::pwrite(fd, "HEAD", 4, 0), 4);
    ASSERT_EQ(::pwrite(fd, "MIDDLE", 6, kSize / 2), 6);
    ASSERT_EQ(::pwrite(fd, "TAIL", 4, kSize - 4), 4);  // holes between: sparse-ish
    ::close(fd);
  }
  dir.write("small.txt", "small");
  auto stream = open_stream({.root = dir.path()});
  ASSERT_NE(stream, nullptr);

  PullReader reader{stream.get()};
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  ASSERT_EQ(archive_read_open(a, &reader, nullptr, &PullReader::read, nullptr), ARCHIVE_OK);
  std::map<std::string, std::int64_t> sizes;
  std::string head, middle, tail;
  archive_entry* entry = nullptr;
  std::vector<char> data(1 << 20);
  while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
    const std::string path = entry_path(entry);
    std::int64_t offset = 0;
    la_ssize_t n;
    while ((n = archive_read_data(a, data.data(), data.size())) > 0) {
      if (path == "big.bin") {
        for (la_ssize_t i = 0; i < n; ++i) {
          const std::int64_t at = offset + i;
          if (at < 4) head += data[i];
          if (at >= kSize / 2 && at < kSize / 2 + 6) middle += data[i];
          if (at >= kSize - 4) tail += data[i];
        }
      }
      offset += n;
    }
    sizes[path] = offset;
  }
  archive_read_free(a);
  ASSERT_FALSE(reader.error) << reader.error->message;
  EXPECT_EQ(sizes["big.bin"], kSize);
  EXPECT_EQ(sizes["small.txt"], 5);
  EXPECT_EQ(head, "HEAD");
  EXPECT_EQ(middle, "MIDDLE");
  EXPECT_EQ(tail, "TAIL");
  EXPECT_GT(stream->bytes_produced(), static_cast<std::uint64_t>(kSize));
  EXPECT_LE(stream->peak_buffer_bytes(), BuildContextStream::kMaxBufferedBytes);
  EXPECT_GE(stream->peak_buffer_bytes(), BuildContextStream::kChunkBytes);  // the bound is not vacuous
}

// Reads until the stream has produced at least `bytes`, then returns.
void read_at_least(BuildContextStream& stream, std::uint64_t bytes) {
  std::vector<char> buffer(1024);
  while (stream.bytes_produced() < bytes) {
    auto n = stream.read(buffer.data(), buffer.size());
    ASSERT_TRUE(n.ok()) << n.error().message;
    ASSERT_GT(*n, 0u);
  }
}

Error read_until_error(BuildContextStream& stream) {
  std::vector<char> buffer(4096);
  for (;;) {
    auto n = stream.read(buffer.data(), buffer.size());
    if (!n) return n.error();
    if (*n == 0) return Error{ErrorCode::InternalError, "the stream ended without an error"};
  }
}

TEST(BuildContext, AFileThatShrinksWhileBeingSentIsAnErrorNamingIt) {
  testing::TempDir dir;
  const auto path = dir.write("data/big.bin", std::string(1 << 20, 'x'));
  auto stream = open_stream({.root = dir.path()});
  ASSERT_NE(stream, nullptr);
  read_at_least(*stream, 200 * 1024);
  fs::resize_file(path, 100);
  const Error error = read_until_error(*stream);
  EXPECT_EQ(error.code, ErrorCode::UnreadableContext);
  EXPECT_THAT(error.message, AllOf(HasSubstr("data/big.bin"), HasSubstr("shrank")));
  // The failure sticks: a retrying caller cannot produce a corrupt tar.
  char c;
  auto again = stream->read(&c, 1);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, error.message);
}

TEST(BuildContext, AFileThatGrowsWhileBeingSentIsAnErrorNamingIt) {
  testing::TempDir dir;
  const auto path = dir.write("app.log", std::string(100 * 1024, 'x'));
  auto stream = open_stream({.root = dir.path()});
  ASSERT_NE(stream, nullptr);
  read_at_least(*stream, 10 * 1024);
  std::ofstream(path, std::ios::app) << std::string(1 << 20, 'y');
  const Error error = read_until_error(*stream);
  EXPECT_THAT(error.message, AllOf(HasSubstr("app.log"), HasSubstr("grew")));
}

// Entries are looked at when the walk reaches them, not when their folder is
// listed: what changed in between is sent as it now is, what vanished is left
// out (docker does the same), and the tar stays whole.
TEST(BuildContext, EntriesChangedBeforeTheWalkReachesThemAreSentAsTheyAreThen) {
  testing::TempDir dir;
  dir.write("a.bin", std::string(300 * 1024, 'a'));
  const auto becomes_folder = dir.write("b.txt", "b");
  const auto vanishes = dir.write("c.txt", "c");
  auto stream = open_stream({.root = dir.path()});
  ASSERT_NE(stream, nullptr);
  std::string bytes(4096, '\0');
  auto first = stream->read(bytes.data(), bytes.size());  // a.bin is underway; b.txt and c.txt are listed, not opened
  ASSERT_TRUE(first.ok());
  bytes.resize(*first);
  fs::remove(becomes_folder);
  fs::create_directory(becomes_folder);
  fs::remove(vanishes);
  bytes += drain(*stream, 4096);
  auto entries = read_tar(bytes);
  EXPECT_THAT(paths(entries), ElementsAre("a.bin", "b.txt"));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].data, std::string(300 * 1024, 'a'));
  EXPECT_EQ(entries[1].type, static_cast<unsigned>(AE_IFDIR));
}

TEST(BuildContext, AnUnreadableFileIsAnErrorNamingIt) {
  if (::geteuid() == 0)
    GTEST_SKIP() << "running as root, where chmod 000 does not stop reads; the shrink and grow "
                    "tests cover read failures under root";
  testing::TempDir dir;
  dir.write("ok.txt", "ok");
  const auto locked = dir.write("locked/secret.txt", "s");
  fs::permissions(locked, fs::perms::none);
  auto stream = open_stream({.root = dir.path()});
  ASSERT_NE(stream, nullptr);
  const Error error = read_until_error(*stream);
  fs::permissions(locked, fs::perms(0644));
  EXPECT_EQ(error.code, ErrorCode::UnreadableContext);
  EXPECT_THAT(error.message, HasSubstr("locked/secret.txt"));
}

TEST(BuildContext, AnUnreadableFolderIsAnErrorNamingIt) {
  if (::geteuid() == 0) GTEST_SKIP() << "running as root, where chmod 000 does not stop reads";
  testing::TempDir dir;
  dir.write("locked/inner.txt", "s");
  fs::permissions(dir.path() / "locked", fs::perms::none);
  auto stream = open_stream({.root = dir.path()});
  ASSERT_NE(stream, nullptr);
  const Error error = read_until_error(*stream);
  fs::permissions(dir.path() / "locked", fs::perms(0755));
  EXPECT_THAT(error.message, HasSubstr("\"locked\""));
}

TEST(BuildContext, OpenRefusesBadInput) {
  testing::TempDir dir;
  dir.write("file.txt", "x");
  auto missing = BuildContextStream::open({.root = dir.path() / "nope"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
  auto file = BuildContextStream::open({.root = dir.path() / "file.txt"});
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::InvalidSource);

  for (const char* name : {"../escape", "/etc/Dockerfile", "a/../../b", ""}) {
    auto bad = BuildContextStream::open({.root = dir.path(), .dockerfile_name = name, .dockerfile_text = "FROM x\n"});
    ASSERT_FALSE(bad.ok()) << name;
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidPath) << name;
  }
  auto twice = BuildContextStream::open(
      {.root = dir.path(), .dockerfile_name = "D", .dockerfile_text = "FROM x\n", .extra_files = {{"./D", "y"}}});
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.error().message, HasSubstr("twice"));
}

TEST(BuildContext, ABadDockerignoreIsAnErrorNamingTheLine) {
  testing::TempDir dir;
  dir.write(".dockerignore", "node_modules\n!\n");
  auto stream = BuildContextStream::open({.root = dir.path()});
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.error().code, ErrorCode::InvalidDockerignore);
  EXPECT_THAT(stream.error().message, AllOf(HasSubstr(".dockerignore line 2"), HasSubstr(dir.path().string())));
}

TEST(BuildContext, ADockerignoreSymlinkMustStayInsideTheContext) {
  testing::TempDir dir;
  dir.write("app/shared.ignore", "*.log\n");
  dir.write("app/a.log", "x");
  dir.write("app/b.txt", "y");
  dir.write("elsewhere.txt", "secret line\n");
  fs::create_symlink("shared.ignore", dir.path() / "app/.dockerignore");
  auto entries = stream_tar({.root = dir.path() / "app"});
  EXPECT_THAT(paths(entries), ElementsAre(".dockerignore", "b.txt", "shared.ignore"));

  fs::remove(dir.path() / "app/.dockerignore");
  fs::create_symlink("../elsewhere.txt", dir.path() / "app/.dockerignore");
  auto outside = BuildContextStream::open({.root = dir.path() / "app"});
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().code, ErrorCode::InvalidDockerignore);
  EXPECT_THAT(outside.error().message, Not(HasSubstr("secret")));
}

TEST(BuildContext, AFolderSymlinkAsRootIsFollowedOnce) {
  testing::TempDir dir;
  dir.write("real/app.js", "x");
  fs::create_directory_symlink("real", dir.path() / "alias");
  auto entries = stream_tar({.root = dir.path() / "alias"});
  EXPECT_THAT(paths(entries), ElementsAre("app.js"));
}

}  // namespace
}  // namespace kiln
