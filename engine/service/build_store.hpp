#pragma once
// Where the service keeps builds and their log lines so they survive a
// restart. Abstract so a shared database (PostgreSQL) can take SQLite's place
// once builds run on several machines. Every implementation is safe to call
// from many threads at once.
//
// Error codes: not_found (unknown build id), already_exists (insert of a used
// id), invalid_argument (a limit out of range), storage_busy, storage_error,
// storage_corrupt.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "service/build_record.hpp"

namespace kiln::service {

// Largest page list() and logs() return; callers page through the rest.
inline constexpr int kMaxBuildPage = 1000;
inline constexpr int kMaxLogPage = 10000;

struct ListQuery {
  std::optional<BuildStatus> status;       // only builds in this status; every build when empty
  int limit = 50;                          // 1..kMaxBuildPage
  std::optional<std::int64_t> before_seq;  // a previous page's next_cursor
};

struct BuildPage {
  std::vector<BuildRecord> builds;         // newest first
  std::optional<std::int64_t> next_cursor;  // pass as before_seq for the next page; empty on the last page
};

struct RecoveryReport {
  std::vector<std::string> failed_ids;  // were running when the server stopped; now failed (server_restart)
  std::vector<std::string> queued_ids;  // still waiting, oldest first: the service queues them again
};

class BuildStore {
 public:
  virtual ~BuildStore() = default;

  // Stores a new build and returns it with its seq assigned.
  virtual Result<BuildRecord> insert(BuildRecord record) = 0;
  // Overwrites what changes during a build: status, progress, current step,
  // detection, plan, image, failure, started/finished times. The id, seq,
  // request and created time are fixed at insert.
  virtual Status save(const BuildRecord& record) = 0;
  virtual Result<std::optional<BuildRecord>> get(const std::string& id) = 0;
  // Newest first.
  virtual Result<BuildPage> list(const ListQuery& query) = 0;

  // Appends lines in one transaction, numbering them on from the build's last
  // line (the seq callers set is ignored). Callers batch lines: one call per batch.
  virtual Status append_logs(const std::string& id, std::vector<LogLine> lines) = 0;
  // Up to `limit` (1..kMaxLogPage) lines with seq > after_seq, in order.
  virtual Result<std::vector<LogLine>> logs(const std::string& id, std::int64_t after_seq, int limit) = 0;

  // Every status, with 0 for those no build is in.
  virtual Result<std::map<BuildStatus, std::int64_t>> count_by_status() = 0;

  // Once, at server start, before any build runs: builds left in a running
  // status by a stopped server become failed (code server_restart).
  virtual Result<RecoveryReport> recover() = 0;
};

}  // namespace kiln::service
