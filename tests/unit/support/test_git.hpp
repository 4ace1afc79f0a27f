#pragma once
// Runs git for a test's setup (making repositories, commits) and returns its stdout, trimmed;
// a failing command throws, so a broken setup fails the test.
#include <filesystem>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/process.hpp>

namespace kiln::testing {

inline std::string git(const std::filesystem::path& dir, std::vector<std::string> args) {
  namespace bp = boost::process;
  std::vector<std::string> argv{"-c", "user.name=kiln test", "-c", "user.email=test@kiln.invalid", "-c", "commit.gpgsign=false"};
  argv.insert(argv.end(), args.begin(), args.end());
  bp::ipstream out;
  int code = bp::system(bp::search_path("git"), bp::args(argv), bp::start_dir(dir.string()), bp::std_out > out,
                        bp::std_err > bp::null, bp::std_in < bp::null);
  std::string text((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (code != 0) throw std::runtime_error("git setup command failed: " + args.front());
  return text;
}

}  // namespace kiln::testing
