#pragma once
// Errors are values at boundaries: a Result holds a value or an Error that
// says what failed and where, in words a user can act on.
#include <string>
#include <utility>
#include <variant>

#include "core/error_code.hpp"

namespace kiln {

struct Error {
  ErrorCode code;       // stable, machine-readable; its name, status and meaning are in error_codes.def
  std::string message;  // for people: what failed, where, and what to do

  Error with_context(const std::string& context) const { return {code, context + ": " + message}; }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations that return nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace kiln
