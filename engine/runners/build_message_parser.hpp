#pragma once
// Reads the engine's /build answer — one JSON message a line — into events:
// "Step 3/8 : RUN npm ci" becomes a step with a percentage, output lines
// become log lines (the engine's own bookkeeping lines marked as such), errorDetail becomes the failure with its step and exit code.
#include <optional>
#include <string>
#include <string_view>

#include <kiln/sdk/runner.hpp>

namespace kiln {

class BuildMessageParser {
 public:
  explicit BuildMessageParser(sdk::EventSink sink) : sink_(std::move(sink)) {}

  void feed_line(std::string_view line);

  const std::string& image_id() const { return image_id_; }
  const std::optional<std::string>& error() const { return error_; }
  std::optional<int> exit_code() const { return exit_code_; }
  const std::string& current_step() const { return current_step_; }

 private:
  void on_stream(const std::string& text);
  void emit(sdk::BuildEvent::Kind kind, std::string message, bool from_engine = false);

  sdk::EventSink sink_;
  std::string partial_;       // "stream" text not yet ended by a newline
  std::string image_id_;
  std::string current_step_;  // "Step 3/8 : RUN npm ci"
  int step_ = 0, steps_ = 0;
  std::optional<std::string> error_;
  std::optional<int> exit_code_;
};

}  // namespace kiln
