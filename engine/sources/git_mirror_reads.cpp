// GitMirror's reads of its own objects: ls-tree, cat-file and diff against the
// bare mirror, through the same session (guard rails, deadline) as its fetches.
#include "sources/git_mirror.hpp"

namespace kiln {
namespace {

// Splits git's -z output: NUL-terminated records.
std::vector<std::string> nul_records(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (auto end = text.find('\0'); end != std::string::npos; start = end + 1, end = text.find('\0', start))
    out.push_back(text.substr(start, end - start));
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

}  // namespace

Result<std::optional<GitMirror::TreeEntry>> GitMirror::entry(const std::string& commit, const std::string& path) {
  auto listed = session_.run({"--git-dir=" + dir_.string(), "ls-tree", "-z", "--full-tree", "--end-of-options", commit, "--", path});
  if (auto ok = session_.expect_success(listed, "git ls-tree " + path); !ok) return ok.error();
  for (const auto& record : nul_records(listed->stdout_text)) {
    // "<mode> SP <type> SP <object> TAB <path>"
    auto tab = record.find('\t');
    if (tab == std::string::npos || record.substr(tab + 1) != path) continue;
    auto first = record.find(' '), second = record.find(' ', first + 1);
    if (first == std::string::npos || second == std::string::npos || second > tab) continue;
    return std::optional<TreeEntry>(TreeEntry{record.substr(0, first), record.substr(first + 1, second - first - 1),
                                              record.substr(second + 1, tab - second - 1)});
  }
  return std::optional<TreeEntry>();
}

Result<std::optional<std::string>> GitMirror::file_text(const std::string& commit, const std::string& path) {
  auto found = entry(commit, path);
  if (!found) return found.error();
  if (!*found || (*found)->type != "blob" || (*found)->mode == "120000") return std::optional<std::string>();
  auto shown = session_.run({"--git-dir=" + dir_.string(), "cat-file", "blob", (*found)->object});
  if (auto ok = session_.expect_success(shown, "git cat-file " + path); !ok) return ok.error();
  return std::optional<std::string>(shown->stdout_text);
}

Result<std::vector<std::string>> GitMirror::changed_files(const std::string& from, const std::string& to) {
  auto diff = session_.run({"--git-dir=" + dir_.string(), "diff", "--name-only", "--no-renames", "-z", "--end-of-options", from, to, "--"});
  if (auto ok = session_.expect_success(diff, "git diff " + from.substr(0, 12) + " " + to.substr(0, 12)); !ok) return ok.error();
  return nul_records(diff->stdout_text);
}

}  // namespace kiln
