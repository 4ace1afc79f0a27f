#include "isolation/analysis_worker.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/local_source_tree.hpp"
#include "isolation/analysis_protocol.hpp"
#include "isolation/pipe_io.hpp"
#include "plugins/buildpack_loader.hpp"

namespace kiln::isolation {
namespace {

using nlohmann::json;

class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}
  bool next(std::string& line) {
    for (;;) {
      if (auto end = buffer_.find('\n'); end != std::string::npos) {
        line = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        return true;
      }
      char chunk[64 * 1024];
      ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  std::string buffer_;
};

class Worker {
 public:
  json handle(const json& request) {
    auto descriptor = descriptor_from_wire(request.at("buildpack"));
    auto code = code_of(descriptor);
    if (!code) return error_answer(code.error());
    const auto op = request.at("op").get<std::string>();
    if (op == "load") return ok_answer(nullptr);
    auto tree = LocalSourceTree::open(request.at("root").get<std::string>());
    if (!tree) return error_answer(tree.error());
    // What the buildpack returned goes back as it is: kiln reads it on its own side.
    auto answer = [](const Result<PluginOutput>& output) {
      return output ? ok_answer({{"value", output->value}, {"site", output->site}}) : error_answer(output.error());
    };
    if (op == "detect") return answer((*code)->detect_output(*tree));
    if (op == "generate")
      return answer((*code)->generate_output(*tree, request.at("detection").get<sdk::Detection>(),
                                             request.at("options").get<sdk::GenerateOptions>()));
    return error_answer(Error{ErrorCode::InvalidRequest, "unknown worker operation '" + op + "'"});
  }

 private:
  // Loaded once per worker; keyed by file and id, so a reloaded set with new files loads afresh.
  Result<BuildpackCodePtr> code_of(const BuildpackDescriptor& descriptor) {
    auto key = descriptor.source + "\n" + descriptor.id + "\n" + descriptor.version;
    auto it = loaded_.find(key);
    if (it == loaded_.end()) it = loaded_.emplace(key, load_buildpack_code(descriptor)).first;
    return it->second;
  }
  std::map<std::string, Result<BuildpackCodePtr>> loaded_;
};

}  // namespace

int run_analysis_worker(int in_fd, int out_fd, const WorkerLimits& limits) {
  rlimit memory{limits.address_space_bytes, limits.address_space_bytes};
  setrlimit(RLIMIT_AS, &memory);
  rlimit no_core{0, 0};  // a crashing buildpack should not spend seconds writing a core file
  setrlimit(RLIMIT_CORE, &no_core);
  // Plugin code may print; its words go to the log, never into the answers.
  dup2(STDERR_FILENO, STDOUT_FILENO);

  // Never destroyed: the process ends when its requests do, and closing every Lua state and
  // plugin library first would only keep a core busy after kiln has its answers.
  auto& worker = *new Worker;
  LineReader requests(in_fd);
  std::string line;
  while (requests.next(line)) {
    json answer;
    try {
      answer = worker.handle(json::parse(line));
    } catch (const std::bad_alloc&) {
      answer = error_answer(Error{ErrorCode::PluginFailure, "the analysis worker ran out of memory"});
    } catch (const std::exception& e) {
      answer = error_answer(Error{ErrorCode::PluginFailure, std::string("bad worker request: ") + e.what()});
    }
    if (!write_all(out_fd, answer.dump(-1, ' ', false, json::error_handler_t::replace) + "\n")) return 1;
  }
  return 0;
}

}  // namespace kiln::isolation
