#include "runners/log_frame_splitter.hpp"

namespace kiln {

void LogFrameSplitter::feed(std::string_view chunk) {
  if (malformed_) return;
  pending_.append(chunk);
  std::size_t at = 0;
  while (pending_.size() - at >= 8) {
    const auto* header = reinterpret_cast<const unsigned char*>(pending_.data() + at);
    if (header[0] > 2 || header[1] || header[2] || header[3]) {
      malformed_ = true;
      pending_.clear();
      return;
    }
    const std::uint32_t size = (std::uint32_t{header[4]} << 24) | (std::uint32_t{header[5]} << 16) |
                               (std::uint32_t{header[6]} << 8) | std::uint32_t{header[7]};
    if (pending_.size() - at - 8 < size) break;
    if (size > 0) sink_(static_cast<OutputStream>(header[0]), std::string_view(pending_).substr(at + 8, size));
    at += 8 + size;
  }
  pending_.erase(0, at);
}

}  // namespace kiln
