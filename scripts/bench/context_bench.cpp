// Streams a folder through BuildContextStream, the way the docker runner feeds
// POST /build, and reports throughput and memory. The tar goes to a counting
// sink, or to stdout (--out -) so it can be piped into the engine for real.
//   context_bench <dir> [--out -] [--read-size BYTES] [--gzip] [--dockerfile TEXT]
// Figures go to stdout, or to stderr when the tar itself goes to stdout.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "runners/build_context.hpp"

namespace {

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const auto n = ::write(fd, data, size);
    if (n < 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

std::string unescape(std::string text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: context_bench <dir> [--out -] [--read-size BYTES] [--gzip] [--dockerfile TEXT]\n";
    return 2;
  }
  kiln::BuildContextStream::Options options;
  options.root = argv[1];
  bool to_stdout = false;
  // libcurl asks for CURLOPT_UPLOAD_BUFFERSIZE bytes at a time: 64 KiB by default.
  std::size_t read_size = 64 * 1024;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out" && i + 1 < argc && std::string(argv[i + 1]) == "-") {
      to_stdout = true;
      ++i;
    } else if (arg == "--read-size" && i + 1 < argc) {
      read_size = std::stoul(argv[++i]);
    } else if (arg == "--gzip") {
      options.gzip = true;
    } else if (arg == "--dockerfile" && i + 1 < argc) {
      options.dockerfile_text = unescape(argv[++i]);
    } else {
      std::cerr << "unknown argument: " << arg << "\n";
      return 2;
    }
  }
  std::ostream& report = to_stdout ? std::cerr : std::cout;

  const auto start = std::chrono::steady_clock::now();
  auto stream = kiln::BuildContextStream::open(options);
  if (!stream) {
    std::cerr << "error: " << stream.error().message << "\n";
    return 1;
  }
  std::vector<char> buffer(read_size);
  for (;;) {
    auto n = (*stream)->read(buffer.data(), buffer.size());
    if (!n) {
      std::cerr << "error: " << n.error().message << "\n";
      return 1;
    }
    if (*n == 0) break;
    if (to_stdout && !write_all(STDOUT_FILENO, buffer.data(), *n)) {
      std::cerr << "error: writing to stdout: " << std::strerror(errno) << "\n";
      return 1;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto& s = **stream;
  const double mb = static_cast<double>(s.bytes_produced()) / 1e6;
  report << std::fixed << std::setprecision(2) << "bytes " << s.bytes_produced() << "\n"
         << "files " << s.files() << "\n"
         << "entries " << s.entries() << "\n"
         << "seconds " << seconds << "\n"
         << "MB/s " << mb / seconds << "\n"
         << "peak_buffer_KiB " << static_cast<double>(s.peak_buffer_bytes()) / 1024 << "\n"
         << "peak_rss_MiB " << static_cast<double>(usage.ru_maxrss) / 1024 << "\n";
  return 0;
}
