#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "service/sqlite_build_store.hpp"
#include "service/sqlite_handle.hpp"
#include "service/utc_timestamp.hpp"
#include "unit/support/temp_dir.hpp"

namespace kiln::service {
namespace {

using ::testing::HasSubstr;
using kiln::testing::TempDir;

BuildRecord new_build(const std::string& id, BuildStatus status = BuildStatus::Queued, std::int64_t created_at_ms = 1000) {
  BuildRecord record;
  record.id = id;
  record.status = status;
  record.request = {{"source", {{"git", "file:///srv/" + id + ".git"}, {"ref", "main"}}}, {"tags", {id + ":latest"}}};
  record.created_at_ms = created_at_ms;
  return record;
}

std::unique_ptr<SqliteBuildStore> open_store(const std::filesystem::path& file) {
  auto store = SqliteBuildStore::open(file);
  if (!store) {
    ADD_FAILURE() << store.error().code << ": " << store.error().message;
    return nullptr;
  }
  return std::move(store).value();
}

BuildRecord inserted(BuildStore& store, BuildRecord record) {
  auto stored = store.insert(std::move(record));
  EXPECT_TRUE(stored.ok()) << (stored.ok() ? "" : stored.error().message);
  return stored.ok() ? std::move(stored).value() : BuildRecord{};
}

BuildRecord fetched(BuildStore& store, const std::string& id) {
  auto found = store.get(id);
  EXPECT_TRUE(found.ok()) << (found.ok() ? "" : found.error().message);
  if (!found.ok() || !found->has_value()) {
    ADD_FAILURE() << "build " << id << " not found";
    return {};
  }
  return **found;
}

std::vector<LogLine> all_logs(BuildStore& store, const std::string& id) {
  auto lines = store.logs(id, 0, kMaxLogPage);
  EXPECT_TRUE(lines.ok()) << (lines.ok() ? "" : lines.error().message);
  return lines.ok() ? std::move(lines).value() : std::vector<LogLine>{};
}

LogLine line(std::string text, std::string stream = "build", std::int64_t time_ms = 5000) {
  return LogLine{0, time_ms, std::move(stream), std::move(text)};
}

void expect_same_build(const BuildRecord& a, const BuildRecord& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.seq, b.seq);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.request, b.request);
  EXPECT_EQ(a.progress, b.progress);
  EXPECT_EQ(a.current_step, b.current_step);
  EXPECT_EQ(a.detection, b.detection);
  EXPECT_EQ(a.plan, b.plan);
  EXPECT_EQ(a.revision, b.revision);
  EXPECT_EQ(a.image_id, b.image_id);
  EXPECT_EQ(a.image_digest, b.image_digest);
  EXPECT_EQ(a.image_size, b.image_size);
  EXPECT_EQ(a.tags, b.tags);
  ASSERT_EQ(a.failure.has_value(), b.failure.has_value());
  if (a.failure) {
    EXPECT_EQ(a.failure->code, b.failure->code);
    EXPECT_EQ(a.failure->message, b.failure->message);
    EXPECT_EQ(a.failure->step, b.failure->step);
    EXPECT_EQ(a.failure->exit_code, b.failure->exit_code);
  }
  EXPECT_EQ(a.created_at_ms, b.created_at_ms);
  EXPECT_EQ(a.started_at_ms, b.started_at_ms);
  EXPECT_EQ(a.finished_at_ms, b.finished_at_ms);
}

// Every line of a build numbered 1..n with no gap or repeat.
void expect_contiguous(const std::vector<LogLine>& lines, const std::string& id) {
  for (std::size_t i = 0; i < lines.size(); ++i)
    ASSERT_EQ(lines[i].seq, static_cast<std::int64_t>(i + 1)) << "build " << id << " line " << i;
}

class SqliteBuildStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_store(file());
    ASSERT_NE(store_, nullptr);
  }
  std::filesystem::path file() const { return dir_.path() / "state" / "builds.db"; }

  TempDir dir_;
  std::unique_ptr<SqliteBuildStore> store_;
};

TEST_F(SqliteBuildStoreTest, RoundTripsEveryField) {
  auto record = new_build("b-all", BuildStatus::Failed, 1714566896789);
  record.request["note"] = "ünïcödé ✓";
  record.progress = 62.125;
  record.current_step = "Step 3/8 : RUN npm ci";
  record.detection = {{"chosen", "kiln.node"}, {"candidates", {{{"id", "kiln.node"}, {"score", 90}}}}};
  record.plan = {{"port", 3000}, {"phases", {"install", "build"}}};
  record.revision = "0123456789abcdef0123456789abcdef01234567";
  record.image_id = "sha256:1111";
  record.image_digest = "sha256:2222";
  record.image_size = 123456789012;
  record.tags = {"app:1", "app:latest"};
  record.failure = BuildFailure{ErrorCode::BuildFailed, "npm ci exited with 1", 3, 1};
  record.started_at_ms = 1714566897000;
  record.finished_at_ms = 1714566899999;

  auto stored = inserted(*store_, record);
  EXPECT_GT(stored.seq, 0);
  record.seq = stored.seq;
  expect_same_build(stored, record);
  expect_same_build(fetched(*store_, "b-all"), record);
}

TEST_F(SqliteBuildStoreTest, RoundTripsAnEmptyRecord) {
  auto record = new_build("b-empty");
  record.request = nlohmann::json::object();
  record.seq = inserted(*store_, record).seq;
  auto got = fetched(*store_, "b-empty");
  expect_same_build(got, record);
  EXPECT_TRUE(got.detection.is_null());
  EXPECT_FALSE(got.failure);
  EXPECT_FALSE(got.started_at_ms);
}

TEST_F(SqliteBuildStoreTest, SaveOverwritesStateButKeepsWhatInsertFixed) {
  auto record = inserted(*store_, new_build("b-save"));
  auto changed = record;
  changed.status = BuildStatus::Building;
  changed.progress = 40;
  changed.current_step = "Step 2/5 : COPY . .";
  changed.detection = {{"chosen", "kiln.python"}};
  changed.plan = {{"start", "gunicorn app:app"}};
  changed.image_id = "sha256:aaaa";
  changed.image_digest = "sha256:bbbb";
  changed.image_size = 42;
  changed.tags = {"x:1"};
  changed.failure = BuildFailure{ErrorCode::TimedOut, "took longer than 600 s", std::nullopt, 137};
  changed.started_at_ms = 2000;
  changed.finished_at_ms = 3000;
  ASSERT_TRUE(store_->save(changed).ok());
  expect_same_build(fetched(*store_, "b-save"), changed);

  // The id, seq, request and creation time belong to the insert.
  auto tampered = changed;
  tampered.request = {{"other", true}};
  tampered.created_at_ms = 999999;
  tampered.seq = 12345;
  tampered.failure.reset();
  tampered.started_at_ms.reset();
  ASSERT_TRUE(store_->save(tampered).ok());
  auto got = fetched(*store_, "b-save");
  EXPECT_EQ(got.request, record.request);
  EXPECT_EQ(got.created_at_ms, record.created_at_ms);
  EXPECT_EQ(got.seq, record.seq);
  EXPECT_FALSE(got.failure);
  EXPECT_FALSE(got.started_at_ms);
}

TEST_F(SqliteBuildStoreTest, UnknownIdIsNotFound) {
  auto missing = store_->get("nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  auto saved = store_->save(new_build("nope"));
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().code, ErrorCode::NotFound);
  EXPECT_THAT(saved.error().message, HasSubstr("nope"));

  auto appended = store_->append_logs("nope", {line("x")});
  ASSERT_FALSE(appended.ok());
  EXPECT_EQ(appended.error().code, ErrorCode::NotFound);

  auto lines = store_->logs("nope", 0, 10);
  ASSERT_FALSE(lines.ok());
  EXPECT_EQ(lines.error().code, ErrorCode::NotFound);

  // A known build with no log yet is an empty page, not an error.
  inserted(*store_, new_build("quiet"));
  auto quiet = store_->logs("quiet", 0, 10);
  ASSERT_TRUE(quiet.ok());
  EXPECT_TRUE(quiet->empty());
}

TEST_F(SqliteBuildStoreTest, RefusesDuplicateAndEmptyIds) {
  inserted(*store_, new_build("twice"));
  auto again = store_->insert(new_build("twice"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::Conflict);
  EXPECT_THAT(again.error().message, HasSubstr("twice"));

  auto empty = store_->insert(new_build(""));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::InvalidRequest);
}

TEST_F(SqliteBuildStoreTest, ListsNewestFirstWithStatusFilterAndCursor) {
  const BuildStatus cycle[] = {BuildStatus::Queued, BuildStatus::Building, BuildStatus::Succeeded};
  std::vector<std::string> ids;
  for (int i = 0; i < 120; ++i) {
    ids.push_back("b-" + std::to_string(i));
    inserted(*store_, new_build(ids.back(), cycle[i % 3], 1000 + i));
  }

  // Every build, 50 at a time: 50, 50, 20, newest first, each once.
  std::vector<std::string> seen;
  std::vector<std::size_t> page_sizes;
  std::optional<std::int64_t> cursor;
  std::int64_t previous_seq = std::numeric_limits<std::int64_t>::max();
  do {
    auto page = store_->list(ListQuery{std::nullopt, 50, cursor});
    ASSERT_TRUE(page.ok()) << page.error().message;
    page_sizes.push_back(page->builds.size());
    for (const auto& build : page->builds) {
      EXPECT_LT(build.seq, previous_seq);
      previous_seq = build.seq;
      seen.push_back(build.id);
    }
    cursor = page->next_cursor;
  } while (cursor && page_sizes.size() < 10);
  EXPECT_EQ(page_sizes, (std::vector<std::size_t>{50, 50, 20}));
  std::vector<std::string> newest_first(ids.rbegin(), ids.rend());
  EXPECT_EQ(seen, newest_first);

  // Only succeeded builds (40 of them), 20 a page: exactly two full pages, then no cursor.
  std::vector<std::string> succeeded;
  cursor.reset();
  for (int pages = 0; pages < 5; ++pages) {
    auto page = store_->list(ListQuery{BuildStatus::Succeeded, 20, cursor});
    ASSERT_TRUE(page.ok()) << page.error().message;
    EXPECT_EQ(page->builds.size(), 20u);
    for (const auto& build : page->builds) {
      EXPECT_EQ(build.status, BuildStatus::Succeeded);
      succeeded.push_back(build.id);
    }
    cursor = page->next_cursor;
    if (!cursor) break;
  }
  ASSERT_EQ(succeeded.size(), 40u);
  EXPECT_EQ(succeeded.front(), "b-119");
  EXPECT_EQ(succeeded.back(), "b-2");

  // A status nobody is in: an empty last page.
  auto none = store_->list(ListQuery{BuildStatus::Pushing, 50, std::nullopt});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->builds.empty());
  EXPECT_FALSE(none->next_cursor);
}

TEST_F(SqliteBuildStoreTest, RejectsLimitsOutOfRange) {
  for (int limit : {0, -1, kMaxBuildPage + 1}) {
    auto page = store_->list(ListQuery{std::nullopt, limit, std::nullopt});
    ASSERT_FALSE(page.ok()) << limit;
    EXPECT_EQ(page.error().code, ErrorCode::InvalidRequest);
  }
  inserted(*store_, new_build("b"));
  for (int limit : {0, kMaxLogPage + 1}) {
    auto lines = store_->logs("b", 0, limit);
    ASSERT_FALSE(lines.ok()) << limit;
    EXPECT_EQ(lines.error().code, ErrorCode::InvalidRequest);
  }
}

TEST_F(SqliteBuildStoreTest, LogSeqContinuesAcrossCallsAndPages) {
  inserted(*store_, new_build("logged"));
  inserted(*store_, new_build("other"));
  auto ignored_seq = line("one");
  ignored_seq.seq = 99;  // the store numbers lines itself
  ASSERT_TRUE(store_->append_logs("logged", {ignored_seq, line("two", "system", 6000), line("three")}).ok());
  ASSERT_TRUE(store_->append_logs("other", {line("elsewhere")}).ok());
  ASSERT_TRUE(store_->append_logs("logged", {}).ok());
  // Output is whatever the build printed: a NUL byte and invalid UTF-8 come back as written.
  const std::string raw("bin\0ary \xff\xfe", 11);
  ASSERT_TRUE(store_->append_logs("logged", {line("four", "error"), line(raw)}).ok());

  auto lines = all_logs(*store_, "logged");
  ASSERT_EQ(lines.size(), 5u);
  expect_contiguous(lines, "logged");
  EXPECT_EQ(lines[0].text, "one");
  EXPECT_EQ(lines[1].text, "two");
  EXPECT_EQ(lines[1].stream, "system");
  EXPECT_EQ(lines[1].time_ms, 6000);
  EXPECT_EQ(lines[3].stream, "error");
  EXPECT_EQ(lines[4].text, raw);
  EXPECT_EQ(all_logs(*store_, "other").size(), 1u);

  // Paging two at a time from wherever the reader stopped.
  std::vector<std::int64_t> pages;
  std::int64_t after = 0;
  for (int i = 0; i < 5; ++i) {
    auto page = store_->logs("logged", after, 2);
    ASSERT_TRUE(page.ok());
    pages.push_back(static_cast<std::int64_t>(page->size()));
    if (page->empty()) break;
    EXPECT_EQ(page->front().seq, after + 1);
    after = page->back().seq;
  }
  EXPECT_EQ(pages, (std::vector<std::int64_t>{2, 2, 1, 0}));
}

TEST_F(SqliteBuildStoreTest, CountsEveryStatus) {
  inserted(*store_, new_build("q1"));
  inserted(*store_, new_build("q2"));
  inserted(*store_, new_build("b1", BuildStatus::Building));
  inserted(*store_, new_build("t1", BuildStatus::TimedOut));
  auto counts = store_->count_by_status();
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(counts->size(), 9u);
  EXPECT_EQ(counts->at(BuildStatus::Queued), 2);
  EXPECT_EQ(counts->at(BuildStatus::Building), 1);
  EXPECT_EQ(counts->at(BuildStatus::TimedOut), 1);
  EXPECT_EQ(counts->at(BuildStatus::Succeeded), 0);
}

TEST_F(SqliteBuildStoreTest, RecoverFailsInterruptedBuildsAndRequeuesWaitingOnes) {
  inserted(*store_, new_build("queued-old"));
  auto fetching = inserted(*store_, new_build("fetching", BuildStatus::Fetching));
  inserted(*store_, new_build("detecting", BuildStatus::Detecting));
  auto building = new_build("building", BuildStatus::Building);
  building.progress = 55;
  building.current_step = "Step 4/6 : RUN make";
  building.started_at_ms = 1500;
  building = inserted(*store_, building);
  inserted(*store_, new_build("pushing", BuildStatus::Pushing));
  auto succeeded = new_build("succeeded", BuildStatus::Succeeded);
  succeeded.finished_at_ms = 1700;
  succeeded = inserted(*store_, succeeded);
  auto failed = new_build("failed", BuildStatus::Failed);
  failed.failure = BuildFailure{ErrorCode::BuildFailed, "make: *** Error 2", 4, 2};
  failed.finished_at_ms = 1800;
  failed = inserted(*store_, failed);
  auto cancelled = inserted(*store_, new_build("cancelled", BuildStatus::Cancelled));
  auto timed_out = inserted(*store_, new_build("timed_out", BuildStatus::TimedOut));
  inserted(*store_, new_build("queued-new"));

  const auto before = now_epoch_ms();
  auto report = store_->recover();
  const auto after = now_epoch_ms();
  ASSERT_TRUE(report.ok()) << report.error().message;

  std::set<std::string> failed_ids(report->failed_ids.begin(), report->failed_ids.end());
  EXPECT_EQ(failed_ids, (std::set<std::string>{"fetching", "detecting", "building", "pushing"}));
  EXPECT_EQ(report->failed_ids.size(), 4u);
  EXPECT_EQ(report->queued_ids, (std::vector<std::string>{"queued-old", "queued-new"}));

  for (const auto& id : failed_ids) {
    auto got = fetched(*store_, id);
    EXPECT_EQ(got.status, BuildStatus::Failed) << id;
    ASSERT_TRUE(got.failure) << id;
    EXPECT_EQ(got.failure->code, ErrorCode::ServerRestart);
    EXPECT_THAT(got.failure->message, HasSubstr("server stopped"));
    ASSERT_TRUE(got.finished_at_ms);
    EXPECT_GE(*got.finished_at_ms, before);
    EXPECT_LE(*got.finished_at_ms, after);
  }
  // Where the build stood stays visible.
  auto got_building = fetched(*store_, "building");
  EXPECT_EQ(got_building.progress, 55);
  EXPECT_EQ(got_building.current_step, "Step 4/6 : RUN make");
  EXPECT_EQ(got_building.started_at_ms, 1500);
  EXPECT_THAT(got_building.failure->message, HasSubstr("building"));
  EXPECT_EQ(fetched(*store_, "fetching").seq, fetching.seq);

  // Finished and queued builds are untouched.
  for (const auto& untouched : {succeeded, failed, cancelled, timed_out}) expect_same_build(fetched(*store_, untouched.id), untouched);
  EXPECT_EQ(fetched(*store_, "queued-old").status, BuildStatus::Queued);

  // A second call finds nothing more to fail.
  auto again = store_->recover();
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->failed_ids.empty());
  EXPECT_EQ(again->queued_ids, report->queued_ids);
}

// `threads` writers append to the builds round-robin (thread t writes to build t % n),
// each line naming its thread and counter, while a reader polls.
void append_concurrently(BuildStore& store, const std::vector<std::string>& build_ids, int threads, int batches,
                         int lines_per_batch) {
  std::atomic<int> failures{0};
  std::atomic<bool> writing{true};
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      const auto& id = build_ids[t % build_ids.size()];
      for (int b = 0; b < batches; ++b) {
        std::vector<LogLine> batch;
        for (int l = 0; l < lines_per_batch; ++l)
          batch.push_back(line(std::to_string(t) + " " + std::to_string(b * lines_per_batch + l)));
        if (!store.append_logs(id, std::move(batch)).ok()) ++failures;
      }
    });
  }
  // A reader polling alongside, as a log stream would.
  std::thread reader([&] {
    while (writing) {
      for (const auto& id : build_ids)
        if (!store.logs(id, 0, 100).ok() || !store.get(id).ok()) ++failures;
    }
  });
  for (auto& writer : writers) writer.join();
  writing = false;
  reader.join();
  EXPECT_EQ(failures.load(), 0);
}

// Each thread's lines arrive whole and in the order it sent them.
void expect_every_line_once(const std::vector<LogLine>& lines, const std::set<int>& threads, int per_thread) {
  std::map<int, int> next;
  for (const auto& l : lines) {
    auto space = l.text.find(' ');
    int thread = std::stoi(l.text.substr(0, space));
    int counter = std::stoi(l.text.substr(space + 1));
    ASSERT_TRUE(threads.count(thread)) << l.text;
    ASSERT_EQ(counter, next[thread]) << "thread " << thread << " out of order at seq " << l.seq;
    ++next[thread];
  }
  for (int thread : threads) EXPECT_EQ(next[thread], per_thread) << "thread " << thread;
}

TEST_F(SqliteBuildStoreTest, ConcurrentAppendsToDifferentBuildsLoseNothing) {
  std::vector<std::string> ids;
  for (int t = 0; t < 8; ++t) ids.push_back(inserted(*store_, new_build("own-" + std::to_string(t))).id);
  append_concurrently(*store_, ids, 8, 100, 5);
  for (int t = 0; t < 8; ++t) {
    auto lines = all_logs(*store_, ids[t]);
    ASSERT_EQ(lines.size(), 500u) << ids[t];
    expect_contiguous(lines, ids[t]);
    expect_every_line_once(lines, {t}, 500);
  }
}

TEST_F(SqliteBuildStoreTest, ConcurrentAppendsToOneBuildLoseNothing) {
  inserted(*store_, new_build("shared"));
  append_concurrently(*store_, {"shared"}, 8, 100, 5);
  auto lines = all_logs(*store_, "shared");
  ASSERT_EQ(lines.size(), 4000u);
  expect_contiguous(lines, "shared");
  expect_every_line_once(lines, {0, 1, 2, 3, 4, 5, 6, 7}, 500);
}

TEST_F(SqliteBuildStoreTest, ReopeningKeepsEverything) {
  auto record = new_build("kept", BuildStatus::Building);
  record.progress = 12.5;
  record.plan = {{"port", 8080}};
  record = inserted(*store_, record);
  ASSERT_TRUE(store_->append_logs("kept", {line("a"), line("b")}).ok());
  store_.reset();

  store_ = open_store(file());
  ASSERT_NE(store_, nullptr);
  expect_same_build(fetched(*store_, "kept"), record);
  ASSERT_EQ(all_logs(*store_, "kept").size(), 2u);
  ASSERT_TRUE(store_->append_logs("kept", {line("c")}).ok());
  auto lines = all_logs(*store_, "kept");
  ASSERT_EQ(lines.size(), 3u);
  expect_contiguous(lines, "kept");
  EXPECT_GT(inserted(*store_, new_build("later")).seq, record.seq);
}

TEST_F(SqliteBuildStoreTest, FileUsesWalAndRecordsItsSchemaVersion) {
  EXPECT_TRUE(std::filesystem::exists(file()));  // its folder was created too
  auto db = SqliteConnection::open(file(), 1000);
  ASSERT_TRUE(db.ok());
  auto mode = db->query("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE((*mode)->step().value());
  EXPECT_EQ((*mode)->text(0), "wal");
  auto version = db->query("PRAGMA user_version");
  ASSERT_TRUE(version.ok());
  ASSERT_TRUE((*version)->step().value());
  EXPECT_EQ((*version)->int64(0), SqliteBuildStore::kSchemaVersion);
}

TEST_F(SqliteBuildStoreTest, RefusesAStoreFromANewerKiln) {
  store_.reset();
  {
    auto db = SqliteConnection::open(file(), 1000);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->exec("PRAGMA user_version = " + std::to_string(SqliteBuildStore::kSchemaVersion + 1)).ok());
  }
  auto reopened = SqliteBuildStore::open(file());
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.error().code, ErrorCode::StorageCorrupt);
  EXPECT_THAT(reopened.error().message, HasSubstr(file().string()));
}

TEST(SqliteBuildStoreOpen, RefusesAFileThatIsNotADatabase) {
  TempDir dir;
  auto file = dir.write("builds.db", std::string(8192, 'x'));
  auto store = SqliteBuildStore::open(file);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::StorageFailed);
  EXPECT_THAT(store.error().message, HasSubstr(file.string()));
  EXPECT_THAT(store.error().message, HasSubstr("not a database"));
}

TEST(SqliteBuildStoreOpen, SaysWhenTheFolderCannotBeCreated) {
  TempDir dir;
  auto blocker = dir.write("occupied", "a file where a folder should be");
  auto store = SqliteBuildStore::open(blocker / "builds.db");
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(store.error().message, HasSubstr("cannot create folder"));
}

constexpr int kCrashLinesPerBatch = 20;
constexpr int kCrashBatchesPerBuild = 3;

// Forks a writer that inserts builds "<prefix><i>" and appends their log in
// batches, confirming each finished build on a pipe; kills it with SIGKILL at
// a random moment after `at_least` confirmations. Returns how many it confirmed.
int confirmed_before_kill(const std::filesystem::path& file, const std::string& prefix, int at_least) {
  int confirmations[2];
  if (pipe(confirmations) != 0) {
    ADD_FAILURE() << "pipe failed";
    return -1;
  }
  pid_t child = fork();
  if (child < 0) {
    ADD_FAILURE() << "fork failed";
    return -1;
  }
  if (child == 0) {
    // The child never returns into the test framework: it writes until killed.
    close(confirmations[0]);
    auto store = SqliteBuildStore::open(file);
    if (!store) _exit(2);
    for (int i = 0;; ++i) {
      auto id = prefix + std::to_string(i);
      if (!(*store)->insert(new_build(id)).ok()) _exit(3);
      for (int b = 0; b < kCrashBatchesPerBuild; ++b) {
        std::vector<LogLine> batch;
        for (int l = 0; l < kCrashLinesPerBatch; ++l) batch.push_back(line("line " + std::to_string(l) + std::string(100, '.')));
        if (!(*store)->append_logs(id, std::move(batch)).ok()) _exit(4);
      }
      char done = 'x';
      if (write(confirmations[1], &done, 1) != 1) _exit(5);
    }
  }
  close(confirmations[1]);
  int confirmed = 0;
  char buffer[256];
  while (confirmed < at_least) {
    auto n = read(confirmations[0], buffer, sizeof buffer);
    if (n <= 0) break;
    confirmed += static_cast<int>(n);
  }
  // A random pause so the kill lands anywhere in an insert, a batch or a commit.
  std::random_device random;
  std::this_thread::sleep_for(std::chrono::microseconds(random() % 3000));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the writer stopped on its own, status " << status;
  for (ssize_t n; (n = read(confirmations[0], buffer, sizeof buffer)) > 0;) confirmed += static_cast<int>(n);
  close(confirmations[0]);
  return confirmed;
}

// A server killed in the middle of a write (OOM killer, a VM switched off)
// must leave a store that opens, passes SQLite's own check, and holds every
// batch it confirmed, whole. Three rounds: each writer starts on the file the
// last one left behind.
TEST(SqliteBuildStoreCrash, KilledWriterLeavesAConsistentStore) {
  TempDir dir;
  const auto file = dir.path() / "builds.db";
  const std::vector<std::string> rounds = {"a-", "b-", "c-"};
  std::map<std::string, int> confirmed;
  for (const auto& prefix : rounds) {
    confirmed[prefix] = confirmed_before_kill(file, prefix, 100);
    ASSERT_GE(confirmed[prefix], 100) << "round " << prefix;
  }

  {
    auto db = SqliteConnection::open(file, 5000);
    ASSERT_TRUE(db.ok());
    auto check = db->query("PRAGMA integrity_check");
    ASSERT_TRUE(check.ok());
    ASSERT_TRUE((*check)->step().value());
    EXPECT_EQ((*check)->text(0), "ok");
  }

  auto store = open_store(file);
  ASSERT_NE(store, nullptr);
  std::vector<BuildRecord> builds;
  std::optional<std::int64_t> cursor;
  do {
    auto page = store->list(ListQuery{std::nullopt, kMaxBuildPage, cursor});
    ASSERT_TRUE(page.ok()) << page.error().message;
    builds.insert(builds.end(), page->builds.begin(), page->builds.end());
    cursor = page->next_cursor;
  } while (cursor);

  std::map<std::string, int> held;
  std::size_t unconfirmed_lines = 0;
  for (const auto& build : builds) {
    auto dash = build.id.find('-');
    auto prefix = build.id.substr(0, dash + 1);
    int index = std::stoi(build.id.substr(dash + 1));
    ++held[prefix];
    auto lines = all_logs(*store, build.id);
    expect_contiguous(lines, build.id);
    EXPECT_EQ(lines.size() % kCrashLinesPerBatch, 0u) << build.id << ": a batch was half written";
    if (index < confirmed[prefix]) {
      EXPECT_EQ(lines.size(), std::size_t{kCrashLinesPerBatch * kCrashBatchesPerBuild}) << build.id;
    } else {
      unconfirmed_lines += lines.size();
    }
  }
  for (const auto& prefix : rounds) {
    EXPECT_GE(held[prefix], confirmed[prefix]) << "round " << prefix;
    std::cout << "[          ] round " << prefix << ": " << confirmed[prefix] << " builds confirmed before SIGKILL, "
              << held[prefix] << " stored\n";
  }
  std::cout << "[          ] lines of builds cut off by a kill: " << unconfirmed_lines << "\n";
}

TEST(SqliteBuildStoreScale, TenThousandBuilds) {
  TempDir dir;
  auto store = open_store(dir.path() / "builds.db");
  ASSERT_NE(store, nullptr);
  const BuildStatus cycle[] = {BuildStatus::Succeeded, BuildStatus::Failed, BuildStatus::Succeeded, BuildStatus::Queued};
  using Clock = std::chrono::steady_clock;
  auto ms_since = [](Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  };

  auto start = Clock::now();
  for (int i = 0; i < 10000; ++i) {
    auto record = new_build("scale-" + std::to_string(i), cycle[i % 4], 1000 + i);
    record.plan = {{"phases", {{{"name", "install"}, {"commands", {"npm ci"}}}}}, {"port", 3000}};
    ASSERT_TRUE(store->insert(std::move(record)).ok());
  }
  const double insert_ms = ms_since(start);

  start = Clock::now();
  auto page = store->list(ListQuery{std::nullopt, 50, std::nullopt});
  const double list_ms = ms_since(start);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->builds.size(), 50u);
  EXPECT_EQ(page->builds.front().id, "scale-9999");

  start = Clock::now();
  auto queued = store->list(ListQuery{BuildStatus::Queued, 50, std::nullopt});
  const double filtered_ms = ms_since(start);
  ASSERT_TRUE(queued.ok());
  ASSERT_EQ(queued->builds.size(), 50u);
  EXPECT_EQ(queued->builds.front().id, "scale-9999");

  start = Clock::now();
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(store->get("scale-" + std::to_string(i * 7)).value().has_value());
  const double get_us = ms_since(start);  // 1000 calls: ms in total = µs each

  auto counts = store->count_by_status();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->at(BuildStatus::Succeeded), 5000);
  EXPECT_EQ(counts->at(BuildStatus::Queued), 2500);

  std::cout << "[          ] 10000 inserts: " << insert_ms << " ms; list(50): " << list_ms
            << " ms; list(queued, 50): " << filtered_ms << " ms; get: " << get_us << " us each\n";
}

}  // namespace
}  // namespace kiln::service
