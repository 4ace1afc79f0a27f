#pragma once
// The engine's multiplexed output stream (logs or attach of a container
// without a TTY), split as it arrives: each frame is an 8-byte header
// [stream, 0, 0, 0, size as 4 bytes big-endian] and its payload. Chunks from
// the socket cut frames anywhere, so a partial header or payload waits for
// the next chunk; memory stays at one frame.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace kiln {

enum class OutputStream { Stdin = 0, Stdout = 1, Stderr = 2 };

class LogFrameSplitter {
 public:
  using Sink = std::function<void(OutputStream, std::string_view)>;
  explicit LogFrameSplitter(Sink sink) : sink_(std::move(sink)) {}

  // Passes every whole frame's payload to the sink, in order.
  void feed(std::string_view chunk);
  // Bytes held back waiting for the rest of a frame; non-zero at the end of
  // the stream means the engine cut the last frame short.
  std::size_t pending_bytes() const { return pending_.size(); }
  // Something that is not a frame header came (a TTY container's plain
  // text, or an error body): the rest of the stream is ignored.
  bool malformed() const { return malformed_; }

 private:
  Sink sink_;
  std::string pending_;
  bool malformed_ = false;
};

}  // namespace kiln
