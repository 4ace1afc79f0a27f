#include "runners/build_message_parser.hpp"

#include <regex>

#include <nlohmann/json.hpp>

namespace kiln {
namespace {

// "Step 3/8 : RUN npm ci" (classic builder) — also how Podman's compat API reports steps ("STEP 3/8: ...").
// Podman numbers the steps of a multi-stage build per stage and says which stage first:
// "[2/3] STEP 4/6: RUN make". Its position in the whole build is then estimated as if
// every stage had as many steps as this one, so the percentage still only goes up.
bool parse_step(const std::string& line, int& step, int& steps, std::string& title) {
  static const std::regex pattern(R"(^(?:\[(\d+)/(\d+)\] )?(?:Step|STEP) (\d+)/(\d+) ?: ?(.*)$)");
  std::smatch m;
  if (!std::regex_match(line, m, pattern)) return false;
  step = std::stoi(m[3]);
  steps = std::stoi(m[4]);
  title = "Step " + std::to_string(step) + "/" + std::to_string(steps) + ": " + m[5].str();
  if (m[1].matched) {
    const int stage = std::stoi(m[1]), stages = std::stoi(m[2]);
    if (stage >= 1 && stages >= stage && steps > 0) {
      title = "[" + m[1].str() + "/" + m[2].str() + "] " + title;
      step += (stage - 1) * steps;
      steps *= stages;
    }
  }
  return true;
}

// "The command '/bin/sh -c npm ci' returned a non-zero code: 1" (Docker), or
// "building at STEP \"RUN npm ci\": while running runtime: exit status 1" (Podman, no errorDetail code).
std::optional<int> exit_code_in(const std::string& message) {
  static const std::regex pattern(R"(returned a non-zero code: (\d+)|while running runtime: exit status (\d+))");
  std::smatch m;
  if (std::regex_search(message, m, pattern)) return std::stoi(m[1].matched ? m[1] : m[2]);
  return std::nullopt;
}

// The engine's own lines about a step, around the step's output: Docker's classic builder writes
// " ---> Running in 3f2a", "Removing intermediate container 3f2a", " ---> Using cache",
// " ---> 8b4e0f7a6c1d" and "Successfully built/tagged"; Podman "--> 9eaf44bd0b3",
// "[2/2] COMMIT name" and the bare image id. Docker colours a step's stderr red and resets the
// colour at the start of the line after it, so colour sequences in front do not count.
bool is_engine_line(const std::string& line) {
  static const std::regex pattern(
      R"(^(?:\x1b\[[0-9;]*m)*(?: ?-{2,3}> .*|(?: ---> )?Removing intermediate container .*|Successfully (?:built|tagged) .*|(?:\[\d+/\d+\] )?COMMIT(?: .*)?|[0-9a-f]{64})$)");
  return std::regex_match(line, pattern);
}

}  // namespace

void BuildMessageParser::emit(sdk::BuildEvent::Kind kind, std::string message, bool from_engine) {
  sdk::BuildEvent event;
  event.kind = kind;
  event.message = std::move(message);
  event.from_engine = from_engine;
  event.cached = from_engine && event.message.find("Using cache") != std::string::npos;
  event.step = step_;
  event.steps = steps_;
  event.percent = steps_ ? 100.0 * (step_ - 1) / steps_ : 0;
  if (sink_) sink_(event);
}

void BuildMessageParser::feed_line(std::string_view line) {
  auto message = nlohmann::json::parse(line, nullptr, false);
  if (!message.is_object()) {
    emit(sdk::BuildEvent::Kind::Log, std::string(line));
    return;
  }
  if (auto it = message.find("stream"); it != message.end() && it->is_string()) on_stream(*it);
  if (auto it = message.find("aux"); it != message.end() && it->is_object() && it->contains("ID"))
    image_id_ = it->value("ID", "");
  if (auto it = message.find("status"); it != message.end() && it->is_string()) {
    std::string status = *it;
    if (message.contains("id")) status = message.value("id", "") + ": " + status;
    if (message.contains("progress")) status += " " + message.value("progress", "");
    emit(sdk::BuildEvent::Kind::Log, status, true);
  }
  std::string error_text;
  if (auto it = message.find("errorDetail"); it != message.end() && it->is_object()) {
    error_text = it->value("message", "");
    if (it->contains("code") && (*it)["code"].is_number_integer()) exit_code_ = (*it)["code"].get<int>();
  }
  if (error_text.empty())
    if (auto it = message.find("error"); it != message.end() && it->is_string()) error_text = *it;
  // Podman ends its error text with a newline.
  while (!error_text.empty() && (error_text.back() == '\n' || error_text.back() == '\r')) error_text.pop_back();
  if (!error_text.empty()) {
    if (!exit_code_) exit_code_ = exit_code_in(error_text);
    error_ = current_step_.empty() ? error_text : current_step_ + ": " + error_text;
    emit(sdk::BuildEvent::Kind::Error, *error_);
  }
}

void BuildMessageParser::on_stream(const std::string& text) {
  partial_ += text;
  std::size_t start = 0;
  for (auto nl = partial_.find('\n'); nl != std::string::npos; nl = partial_.find('\n', start)) {
    auto line = partial_.substr(start, nl - start);
    start = nl + 1;
    if (line.empty()) continue;
    std::string title;
    if (parse_step(line, step_, steps_, title)) {
      current_step_ = title;
      emit(sdk::BuildEvent::Kind::Step, current_step_);
      continue;
    }
    // Podman and the classic builder both announce the image this way when no aux message comes.
    static const std::regex built(R"(^Successfully built ([0-9a-f]{12,64})$)");
    std::smatch m;
    if (image_id_.empty() && std::regex_match(line, m, built)) image_id_ = m[1];
    emit(sdk::BuildEvent::Kind::Log, line, is_engine_line(line));
  }
  partial_.erase(0, start);
}

}  // namespace kiln
