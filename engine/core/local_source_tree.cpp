#include "core/local_source_tree.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <mutex>
#include <system_error>

namespace fs = std::filesystem;

namespace kiln {
namespace {

// Bounds on glob so a hostile or huge tree cannot make detection slow.
constexpr int kMaxGlobDepth = 8;
constexpr std::size_t kMaxGlobVisits = 20000;

bool has_parent_component(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

bool inside(const fs::path& root, const fs::path& candidate) {
  auto r = root.begin();
  auto c = candidate.begin();
  for (; r != root.end(); ++r, ++c)
    if (c == candidate.end() || *r != *c) return false;
  return true;
}

// '*' and '?' within one path segment.
bool segment_match(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p, ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++, mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1, t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start < path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool match_parts(const std::vector<std::string_view>& pat, std::size_t pi,
                 const std::vector<std::string_view>& txt, std::size_t ti) {
  if (pi == pat.size()) return ti == txt.size();
  if (pat[pi] == "**") {
    for (std::size_t k = ti; k <= txt.size(); ++k)
      if (match_parts(pat, pi + 1, txt, k)) return true;
    return false;
  }
  return ti < txt.size() && segment_match(pat[pi], txt[ti]) && match_parts(pat, pi + 1, txt, ti + 1);
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

}  // namespace

bool is_heavy_folder(std::string_view name) {
  static constexpr std::array<std::string_view, 14> kHeavy = {
      "node_modules", ".git", ".hg", ".svn", "vendor", "target", "dist", "build",
      ".venv", "venv", "__pycache__", ".next", ".nuxt", ".gradle"};
  return std::find(kHeavy.begin(), kHeavy.end(), name) != kHeavy.end();
}

bool glob_match(std::string_view pattern, std::string_view path) {
  return match_parts(split(pattern), 0, split(path), 0);
}

struct LocalSourceTree::Listings {
  std::mutex mutex;
  std::map<std::string, Listing, std::less<>> by_folder;
};

LocalSourceTree::Listing LocalSourceTree::listing(const std::string& relative, const fs::path& folder) const {
  {
    std::lock_guard lock(listings_->mutex);
    if (auto it = listings_->by_folder.find(relative); it != listings_->by_folder.end()) return it->second;
  }
  auto entries = std::make_shared<std::vector<FolderEntry>>();
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    entries->push_back({it->path().filename().string(), it->is_directory(ec) && !it->is_symlink(ec)});
  std::lock_guard lock(listings_->mutex);
  return listings_->by_folder.emplace(relative, std::move(entries)).first->second;
}

LocalSourceTree::LocalSourceTree(fs::path root) : root_(std::move(root)), listings_(std::make_shared<Listings>()) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(root_, ec), end; !ec && it != end; it.increment(ec))
    names.push_back(it->path().filename().string());
  std::sort(names.begin(), names.end());
  root_names_ = std::make_shared<const std::vector<std::string>>(std::move(names));
}

bool LocalSourceTree::may_exist(std::string_view path) const {
  while (path.substr(0, 2) == "./") path.remove_prefix(2);
  auto first = path.substr(0, path.find('/'));
  if (first.empty() || first == ".") return true;
  return std::binary_search(root_names_->begin(), root_names_->end(), first);
}

Result<LocalSourceTree> LocalSourceTree::open(const fs::path& root) {
  std::error_code ec;
  auto canonical = fs::canonical(root, ec);
  if (ec) return Error{ErrorCode::NotFound, "source folder " + root.string() + ": " + ec.message()};
  if (!fs::is_directory(canonical, ec))
    return Error{ErrorCode::InvalidSource, "source " + root.string() + " is not a folder"};
  return LocalSourceTree(canonical);
}

std::optional<fs::path> LocalSourceTree::resolve(std::string_view relative) const {
  if (!relative.empty() && relative.front() == '/') return std::nullopt;
  if (relative.find('\0') != std::string_view::npos || has_parent_component(relative)) return std::nullopt;
  // One lstat per component: detection asks for many small paths, and a full
  // canonicalisation of each would cost more than the buildpacks themselves.
  // Only a symlink found on the way is resolved and checked against the root.
  fs::path current = root_;
  std::error_code ec;
  for (auto part : split(relative)) {
    if (part == ".") continue;
    current /= fs::path(part);
    auto status = fs::symlink_status(current, ec);
    if (ec || status.type() == fs::file_type::not_found) {
      ec.clear();
      continue;  // absent: nothing below it can escape
    }
    if (status.type() == fs::file_type::symlink) {
      auto target = fs::weakly_canonical(current, ec);
      if (ec || !inside(root_, target)) return std::nullopt;
      current = target;
    }
  }
  return current;
}

bool LocalSourceTree::exists(std::string_view path) const {
  if (!may_exist(path)) return false;
  auto p = resolve(path);
  std::error_code ec;
  return p && fs::exists(*p, ec);
}

bool LocalSourceTree::is_dir(std::string_view path) const {
  if (!may_exist(path)) return false;
  auto p = resolve(path);
  std::error_code ec;
  return p && fs::is_directory(*p, ec);
}

std::optional<std::string> LocalSourceTree::read(std::string_view path, std::size_t max_bytes) const {
  if (!may_exist(path)) return std::nullopt;
  auto p = resolve(path);
  if (!p) return std::nullopt;
  std::error_code ec;
  if (!fs::is_regular_file(*p, ec)) return std::nullopt;
  auto size = fs::file_size(*p, ec);
  if (ec || size > max_bytes) return std::nullopt;
  std::ifstream in(*p, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data(size, '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  data.resize(static_cast<std::size_t>(in.gcount()));
  return data;
}

std::vector<std::string> LocalSourceTree::list(std::string_view dir) const {
  std::vector<std::string> names;
  auto p = resolve(dir);
  std::error_code ec;
  if (!p || !fs::is_directory(*p, ec)) return names;
  for (fs::directory_iterator it(*p, ec), end; !ec && it != end; it.increment(ec)) {
    auto name = it->path().filename().string();
    if (it->is_directory(ec)) name += '/';
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> LocalSourceTree::glob(std::string_view pattern) const {
  std::vector<std::string> matches;
  if (pattern.empty() || pattern.front() == '/' || has_parent_component(pattern)) return matches;
  auto parts = split(pattern);
  // Start the walk at the longest literal prefix: "apps/*/package.json" walks apps/ only.
  std::string base;
  std::size_t first_wild = 0;
  while (first_wild + 1 < parts.size() && !has_wildcard(parts[first_wild])) {
    base += std::string(parts[first_wild]) + "/";
    ++first_wild;
  }
  if (!has_wildcard(pattern)) {
    if (exists(pattern)) matches.emplace_back(pattern);
    return matches;
  }
  if (parts.size() == 1 && parts[0] != "**") {  // "*.csproj": the root's names are at hand, already sorted
    for (const auto& name : *root_names_)
      if (match_parts(parts, 0, {name}, 0)) matches.push_back(name);
    return matches;
  }
  bool deep = std::find(parts.begin(), parts.end(), "**") != parts.end();
  int max_depth = deep ? kMaxGlobDepth : static_cast<int>(parts.size() - first_wild);
  std::size_t visits = 0;

  auto start = resolve(base);
  std::error_code ec;
  if (!start || !fs::is_directory(*start, ec)) return matches;
  struct Item { fs::path dir; std::string rel; int depth; };
  std::vector<Item> stack{{*start, base, 1}};
  while (!stack.empty() && visits < kMaxGlobVisits) {
    auto item = std::move(stack.back());
    stack.pop_back();
    for (const auto& entry : *listing(item.rel, item.dir)) {
      if (++visits > kMaxGlobVisits) break;
      auto rel = item.rel + entry.name;
      if (match_parts(parts, 0, split(rel), 0)) matches.push_back(rel);
      if (entry.descend && item.depth < max_depth && !is_heavy_folder(entry.name))
        stack.push_back({item.dir / entry.name, rel + "/", item.depth + 1});
    }
  }
  std::sort(matches.begin(), matches.end());
  return matches;
}

std::string LocalSourceTree::name() const { return root_.filename().string(); }

Result<LocalSourceTree> LocalSourceTree::subtree(std::string_view relative) const {
  auto p = resolve(relative);
  if (!p) return Error{ErrorCode::InvalidPath, "sub-folder '" + std::string(relative) + "' is outside the source tree"};
  std::error_code ec;
  if (!fs::is_directory(*p, ec))
    return Error{ErrorCode::NotFound, "sub-folder '" + std::string(relative) + "' does not exist in the source tree"};
  return LocalSourceTree(*p);
}

}  // namespace kiln
