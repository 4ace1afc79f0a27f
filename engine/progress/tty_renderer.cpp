#include "progress/tty_renderer.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "progress/progress_text.hpp"
#include "progress/terminal_text.hpp"

namespace kiln::progress {
namespace {

using Kind = ProgressEvent::Kind;
using std::chrono::milliseconds;

constexpr const char* kBlue = "34";
constexpr const char* kDim = "2";
constexpr const char* kRed = "31";
constexpr const char* kGreen = "32";
constexpr const char* kYellow = "33";
constexpr const char* kBold = "1";

std::string joined(const std::vector<std::string>& words, const std::string& between) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : between) + word;
  return out;
}

// "Step 3/12: RUN npm ci" and "[2/3] Step 4/6: RUN make" are both "RUN npm ci" on a step row,
// and so are the exec forms kiln renders, RUN ["/bin/sh", "-c", "npm ci"] and
// COPY ["package.json", "./"]: the instruction as a person would write it.
std::string instruction_of(const std::string& title) {
  auto step = title.find("Step ");
  auto colon = step == std::string::npos ? std::string::npos : title.find(": ", step);
  auto instruction = colon == std::string::npos ? title : title.substr(colon + 2);
  const auto word = instruction.substr(0, instruction.find(' '));
  const auto bracket = instruction.find(" [");
  if ((word != "RUN" && word != "COPY" && word != "ADD") || bracket == std::string::npos) return instruction;
  auto argv = nlohmann::json::parse(instruction.substr(bracket + 1), nullptr, false);
  if (!argv.is_array() || argv.empty()) return instruction;
  std::vector<std::string> words;
  for (const auto& item : argv) {
    if (!item.is_string()) return instruction;
    words.push_back(item.get<std::string>());
  }
  const auto head = instruction.substr(0, bracket);  // the instruction and its flags (--from=build), nothing else
  for (auto space = head.find(' '); space != std::string::npos; space = head.find(' ', space + 1))
    if (head.compare(space + 1, 2, "--") != 0) return instruction;
  if (word == "RUN" && words.size() == 3 && words[0] == "/bin/sh" && words[1] == "-c") return head + " " + words[2];
  for (const auto& path : words)
    if (path.empty() || path.find_first_of(" \t\"'") != std::string::npos) return instruction;
  return head + " " + joined(words, " ");
}

// Instructions that only set the image's configuration: the engine takes no time over them and
// buildx users never see them, so once done they get no row (a failing one still does).
bool sets_configuration_only(const std::string& instruction) {
  static const std::set<std::string> words = {"ENV", "LABEL", "EXPOSE", "USER", "CMD", "ENTRYPOINT", "ARG",
                                              "STOPSIGNAL", "HEALTHCHECK", "SHELL", "ONBUILD", "MAINTAINER", "VOLUME"};
  return words.count(instruction.substr(0, instruction.find(' '))) != 0;
}

}  // namespace

TtyRenderer::TtyRenderer(std::ostream& out, std::ostream& err, TtyOptions options)
    : out_(out), err_(err), options_(std::move(options)) {}

std::size_t TtyRenderer::width() const {
  const std::size_t columns = options_.width ? options_.width() : 80;
  // One column is left free: a row that fills the last one makes some terminals wrap early.
  return columns > 1 ? columns - 1 : 1;
}

std::string TtyRenderer::paint(const std::string& text, const char* color) const {
  if (!options_.color || !color || text.empty()) return text;
  return "\x1b[" + std::string(color) + "m" + text + "\x1b[0m";
}

void TtyRenderer::on(const ProgressEvent& event) {
  std::lock_guard lock(mutex_);
  on_locked(event);
  out_.flush();
}

void TtyRenderer::tick(milliseconds now) {
  std::lock_guard lock(mutex_);
  if (!step_ && loose_.empty() && !cancelling_) return;
  redraw(now);
  out_.flush();
}

void TtyRenderer::cancelling(milliseconds now) {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  cancelling_ = true;
  redraw(now);
  out_.flush();
}

void TtyRenderer::on_locked(const ProgressEvent& event) {
  switch (event.kind) {
    case Kind::Plan:
      if (event.plan) print_summary(*event.plan);
      break;
    case Kind::Note:
      // The engine's words about a unit ("sending build context") last until its first step.
      if (!event.unit.empty()) {
        loose_.assign(1, printable(event.text));
        dirty_ = true;
      } else {
        loose_.clear();  // a new part of the build (a push) begins: the last one's output is folded
        print(printable(event.text), kDim);
      }
      break;
    case Kind::Warning:  // on stderr, as in every mode; the live rows are drawn again below it
      clear_live();
      out_.flush();
      err_ << paint(fit("warning: " + printable(event.text), width()), kYellow) << "\n";
      err_.flush();
      dirty_ = true;
      break;
    case Kind::Step:
      close_step(event.at);
      loose_.clear();
      step_ = Step{event.unit, event.units, event.step, event.steps, event.text, event.at, false, {}, 0, std::nullopt};
      dirty_ = true;
      break;
    case Kind::Log:
      if (event.from_engine) {
        if (event.cached && step_) step_->cached = true;
        break;
      }
      add_output(printable(event.text));
      break;
    case Kind::Error:
      if (step_) step_->error = event.text;
      else loose_.push_back(printable(event.text));
      break;
    case Kind::Built: {
      close_step(event.at);
      loose_.clear();
      const auto& image = event.image.value_or(sdk::BuildResult{});
      std::string name = image.tags.empty() ? image.image_id : joined(image.tags, ", ");
      auto colon = image.image_id.find(':');
      std::string short_id = image.image_id.substr(colon == std::string::npos ? 0 : colon + 1, 12);
      print(" => built " + (event.units > 1 ? event.unit + " " : "") + name + "  " + short_id + "  " +
                size_text(image.size_bytes) + "  in " + seconds_text(image.duration),
            kGreen);
      break;
    }
    case Kind::Pushed:
      break;  // the pipeline's "pushed reference@digest" note says it
    case Kind::Finished:
      if (event.failure) print_failure(event);
      else close_step(event.at);
      loose_.clear();
      step_.reset();
      cancelling_ = false;
      finished_ = true;
      clear_live();
      dirty_ = false;
      break;
  }
  if (dirty_ && (event.kind != Kind::Log || event.at - drawn_at_ >= options_.redraw_every)) redraw(event.at);
}

void TtyRenderer::add_output(std::string line) {
  if (!step_) {
    loose_.push_back(std::move(line));
    while (loose_.size() > options_.tail_lines) loose_.pop_front();
  } else {
    step_->output.push_back(std::move(line));
    if (step_->output.size() > options_.kept_lines) {
      step_->output.pop_front();
      ++step_->dropped;
    }
  }
  dirty_ = true;
}

void TtyRenderer::close_step(milliseconds at) {
  if (!step_) return;
  if (sets_configuration_only(instruction_of(step_->title))) {
    step_.reset();
    dirty_ = true;
    return;
  }
  auto row = step_row(*step_, " => ", step_->cached ? "CACHED" : seconds_text(at - step_->started));
  step_.reset();
  print(row, kBlue);
}

std::string TtyRenderer::step_row(const Step& step, const std::string& lead, const std::string& right) const {
  const auto digits = std::to_string(step.steps).size();
  auto number = std::to_string(step.number);
  if (number.size() < digits) number.insert(0, digits - number.size(), ' ');
  std::string label = "[" + (step.units > 1 ? step.unit + " " : "") + number + "/" + std::to_string(step.steps) + "]";
  std::string left = lead + label + " " + printable(instruction_of(step.title));
  const auto total = width();
  const auto right_columns = columns(right);
  if (total < right_columns + 12) return fit(left + " " + right, total);
  const auto room = total - right_columns - 1;
  left = fit(left, room);
  left.append(room - columns(left), ' ');
  return left + " " + right;
}

void TtyRenderer::print_summary(const PlanSummary& plan) {
  std::string head = plan.buildpack + "  " + plan.language;
  if (plan.framework) head += " / " + *plan.framework;
  if (plan.package_manager) head += " (" + *plan.package_manager + ")";
  print(head, kBold);
  auto row = [&](const std::string& key, const std::vector<std::string>& values) {
    std::string pad(key.size() < 8 ? 8 - key.size() : 1, ' ');
    if (values.empty()) return print("  " + key + pad + "-");
    for (std::size_t i = 0; i < values.size(); ++i)
      print("  " + (i == 0 ? key + pad : std::string(key.size() + pad.size(), ' ')) + printable(values[i]));
  };
  if (plan.dockerfile) return row("build", {*plan.dockerfile + " (the repository's own Dockerfile)"});
  if (!plan.services.empty()) return row("services", {joined(plan.services, ", ") + " (compose, each its own Dockerfile)"});
  row("runtime", {plan.runtime});
  row("install", plan.install);
  row("build", plan.build);
  row("start", plan.start.empty() ? std::vector<std::string>{} : std::vector<std::string>{plan.start});
  if (plan.port) row("port", {std::to_string(*plan.port)});
}

void TtyRenderer::print_failure(const ProgressEvent& finished) {
  const auto& failure = *finished.failure;
  const bool timed_out = failure.error.code == ErrorCode::TimedOut;
  const bool cancelled = timed_out || failure.error.code == ErrorCode::Cancelled;
  if (step_) {
    auto step = std::move(*step_);
    step_.reset();
    const auto time = seconds_text(finished.at - step.started);
    if (cancelled) {
      print(step_row(step, " => CANCELED ", time), kYellow);
    } else {
      print(step_row(step, " => ERROR ", time), kRed);
      if (step.dropped) print("    ... " + std::to_string(step.dropped) + " earlier lines not kept", kDim);
      for (const auto& line : step.output) print("    " + line, nullptr, true);
      if (step.error) {
        auto text = *step.error;
        if (text.rfind(step.title + ": ", 0) == 0) text.erase(0, step.title.size() + 2);
        print("    " + printable(text), kRed, true);
      }
      if (failure.exit_code) print("    exit code " + std::to_string(*failure.exit_code), kRed);
    }
  } else if (!cancelled) {
    for (const auto& line : loose_) print("    " + line, nullptr, true);
  }
  loose_.clear();
  print(std::string(timed_out ? " => timed out" : cancelled ? " => cancelled" : " => failed") + " after " + seconds_text(finished.at),
        cancelled ? kYellow : kRed);
}

// Up over the live rows and clear from there down. The cursor goes back to the row's start even
// when no rows are drawn: the terminal echoes Ctrl-C as "^C" where the cursor is.
void TtyRenderer::clear_live() {
  if (live_ > 0) out_ << "\x1b[" << live_ << "A";
  out_ << "\r\x1b[J";
  live_ = 0;
}

void TtyRenderer::print(const std::string& text, const char* color, bool whole) {
  clear_live();
  out_ << paint(whole ? text : fit(text, width()), color) << "\n";
  dirty_ = true;
}

std::vector<std::string> TtyRenderer::live_rows(milliseconds now) const {
  std::vector<std::string> rows;
  const auto total = width();
  if (step_) {
    rows.push_back(step_row(*step_, " => ", step_->cached ? "CACHED" : seconds_text(now - step_->started)));
    const auto& output = step_->output;
    const auto shown = std::min(output.size(), options_.tail_lines);
    for (auto i = output.size() - shown; i < output.size(); ++i) rows.push_back(paint(fit("    " + output[i], total), kDim));
  }
  for (const auto& line : loose_) rows.push_back(paint(fit("    " + line, total), kDim));
  if (cancelling_) rows.push_back(paint(fit("cancelling... (press Ctrl-C again to quit at once)", total), kYellow));
  return rows;
}

void TtyRenderer::redraw(milliseconds now) {
  auto rows = live_rows(now);
  if (live_ > 0) out_ << "\x1b[" << live_ << "A";
  out_ << "\r";
  for (const auto& row : rows) out_ << "\x1b[2K" << row << "\n";
  out_ << "\x1b[J";
  live_ = rows.size();
  dirty_ = false;
  drawn_at_ = now;
}

}  // namespace kiln::progress
