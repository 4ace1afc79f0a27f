#pragma once
// A terminal for tests of the live view: reads what a renderer wrote (text, newlines, carriage
// returns, and the few escape sequences it moves the cursor with) and keeps the rows a person
// would see. A sequence it does not know fails the test, so a renderer cannot quietly write one.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "progress/terminal_text.hpp"

namespace kiln::progress::testing {

class TerminalScreen {
 public:
  explicit TerminalScreen(std::size_t width) : width_(width), rows_(1) {}

  void feed(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size();) {
      const char c = bytes[i];
      if (c == '\x1b') {
        i = escape(bytes, i);
        continue;
      }
      if (c == '\n') {
        ++row_;
        column_ = 0;
        if (row_ >= rows_.size()) rows_.resize(row_ + 1);
      } else if (c == '\r') {
        column_ = 0;
      } else {
        // One character (all of a UTF-8 sequence) at the cursor.
        std::size_t n = 1;
        while (i + n < bytes.size() && (static_cast<unsigned char>(bytes[i + n]) & 0xC0) == 0x80) ++n;
        put(std::string(bytes.substr(i, n)));
        i += n;
        continue;
      }
      ++i;
    }
  }

  // The rows as shown, without trailing blanks; the row the cursor is on last, when it is not empty.
  std::vector<std::string> rows() const {
    std::vector<std::string> out;
    for (const auto& cells : rows_) {
      std::string row;
      for (const auto& cell : cells) row += cell.empty() ? " " : cell;
      while (!row.empty() && row.back() == ' ') row.pop_back();
      out.push_back(row);
    }
    while (!out.empty() && out.back().empty()) out.pop_back();
    return out;
  }

  std::string text() const {
    std::string out;
    for (const auto& row : rows()) out += row + "\n";
    return out;
  }

  bool wrapped() const { return wrapped_; }

 private:
  void put(std::string character) {
    auto& cells = rows_[row_];
    if (column_ >= width_) {  // the terminal would wrap: the live view's row count is then wrong
      wrapped_ = true;
      return;
    }
    if (cells.size() <= column_) cells.resize(column_ + 1);
    cells[column_] = std::move(character);
    column_ += columns(cells[column_]);
  }

  std::size_t escape(std::string_view bytes, std::size_t at) {
    EXPECT_LT(at + 1, bytes.size());
    EXPECT_EQ(bytes[at + 1], '[') << "only CSI sequences are expected";
    std::size_t end = at + 2;
    while (end < bytes.size() && !(bytes[end] >= 0x40 && bytes[end] <= 0x7E)) ++end;
    const auto params = std::string(bytes.substr(at + 2, end - at - 2));
    const char final = end < bytes.size() ? bytes[end] : '?';
    const int n = params.empty() ? 1 : std::stoi(params);
    switch (final) {
      case 'A':
        row_ = row_ >= static_cast<std::size_t>(n) ? row_ - n : 0;
        break;
      case 'K':
        EXPECT_EQ(params, "2");
        rows_[row_].clear();
        break;
      case 'J':
        EXPECT_TRUE(params.empty());
        rows_[row_].resize(std::min(rows_[row_].size(), column_));
        rows_.resize(row_ + 1);
        break;
      case 'm':
        break;  // colour: not shown
      default:
        ADD_FAILURE() << "unexpected escape sequence ESC[" << params << final;
    }
    return end + 1;
  }

  std::size_t width_;
  std::vector<std::vector<std::string>> rows_;
  std::size_t row_ = 0, column_ = 0;
  bool wrapped_ = false;
};

}  // namespace kiln::progress::testing
