#pragma once
// util/: small and boring helpers shared by every folder: Result, subprocess, files, strings.
// Result<T> is the value-or-error type every fallible function returns (a std::expected shim).

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace bicepgate {

// An expected failure, readable by people (message) and by machines (code, file, line).
struct Error {
  std::string message;
  std::string code;  // machine-readable kind, e.g. "config.unknown_key"
  std::string file;
  int line = 0;
  int column = 0;
};

template <typename E>
struct Unexpected {
  E error;
};

inline Unexpected<Error> fail(std::string message, std::string code = {}) {
  return {Error{std::move(message), std::move(code), {}, 0, 0}};
}

inline Unexpected<Error> fail(Error error) {
  return {std::move(error)};
}

// Same member names as std::expected so the switch to C++23 is a rename.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Unexpected<Error> error)                // NOLINT(google-explicit-constructor)
      : state_(std::move(error.error)) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const Error& error() const { return std::get<1>(state_); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <typename U>
  T value_or(U&& fallback) const {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected<Error> error) : error_(std::move(error.error)) {}  // NOLINT

  bool has_value() const { return !error_.has_value(); }
  explicit operator bool() const { return has_value(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

}  // namespace bicepgate
