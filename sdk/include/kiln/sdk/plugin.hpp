#pragma once
// The C++ way to write a native buildpack: a class and one macro. This header
// is an adapter over the C ABI in abi.h, compiled into the plugin, so nothing
// C++ ever crosses dlopen: kiln hands the plugin a C table for the source tree
// and gets JSON text back. Everything the class throws is caught here, on the
// plugin's side.
//
//   #include <kiln/sdk/plugin.hpp>
//   class Deno : public kiln::sdk::Buildpack { ... };
//   KILN_BUILDPACK(Deno)
//
// Who the buildpack is (id, version, priority, description) lives in the
// buildpack.toml beside the library (see sdk/templates/native-buildpack/).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiln/sdk/abi.h"
#include "kiln/sdk/detector.hpp"
#include "kiln/sdk/generator.hpp"
#include "kiln/sdk/plan.hpp"
#include "kiln/sdk/source.hpp"

namespace kiln::sdk {

enum class LogLevel : std::int32_t { Info = KILN_LOG_INFO, Warning = KILN_LOG_WARNING };

namespace detail {

inline thread_local const kiln_host* current_host = nullptr;

// The host of the call under way when it offers a field: one of ABI `version` or later, ending at
// `field_end` within the table kiln built. Null outside detect and generate, or for an older kiln.
inline const kiln_host* host_since(std::uint32_t version, std::size_t field_end) {
  const kiln_host* host = current_host;
  return host && host->abi_version >= version && host->struct_size >= field_end ? host : nullptr;
}

inline std::vector<std::string> split_names(const kiln_bytes& bytes) {
  std::vector<std::string> names;
  std::string_view all(bytes.data ? bytes.data : "", bytes.data ? bytes.size : 0);
  while (!all.empty()) {
    auto end = all.find('\0');
    if (end == std::string_view::npos) end = all.size();
    names.emplace_back(all.substr(0, end));
    all.remove_prefix(end == all.size() ? end : end + 1);
  }
  return names;
}

// The SourceTree a buildpack sees, answered by kiln through the host table.
class HostSourceTree final : public SourceTree {
 public:
  explicit HostSourceTree(const kiln_host* host) : host_(host) {}
  bool exists(std::string_view path) const override {
    return host_->exists(host_->context, path.data(), path.size()) != 0;
  }
  bool is_dir(std::string_view path) const override {
    return host_->is_dir(host_->context, path.data(), path.size()) != 0;
  }
  std::optional<std::string> read(std::string_view path, std::size_t max_bytes) const override {
    kiln_bytes out{nullptr, 0};
    if (!host_->read(host_->context, path.data(), path.size(), max_bytes, &out)) return std::nullopt;
    return std::string(out.data ? out.data : "", out.data ? out.size : 0);
  }
  std::vector<std::string> list(std::string_view dir) const override {
    kiln_bytes out{nullptr, 0};
    host_->list(host_->context, dir.data(), dir.size(), &out);
    return split_names(out);
  }
  std::vector<std::string> glob(std::string_view pattern) const override {
    kiln_bytes out{nullptr, 0};
    host_->glob(host_->context, pattern.data(), pattern.size(), &out);
    return split_names(out);
  }
  std::string name() const override {
    kiln_bytes out{nullptr, 0};
    host_->name(host_->context, &out);
    return std::string(out.data ? out.data : "", out.data ? out.size : 0);
  }

 private:
  const kiln_host* host_;
};

// Copies text into memory kiln hands back to kiln_buildpack_free.
inline bool write_output(const std::string& text, kiln_output* out) {
  out->data = static_cast<char*>(std::malloc(text.size() + 1));
  out->size = 0;
  if (!out->data) return false;
  std::memcpy(out->data, text.data(), text.size());
  out->data[text.size()] = '\0';
  out->size = text.size();
  return true;
}

inline std::int32_t fail(std::int32_t status, const char* message, kiln_output* out) noexcept {
  try {
    write_output(nlohmann::json{{"message", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                 out);
  } catch (...) {
    out->data = nullptr;  // out of memory even for the message: kiln reports the status alone
    out->size = 0;
  }
  return status;
}

// Runs one call of the buildpack: JSON out on success, an error value otherwise.
template <class Call>
std::int32_t guarded(const kiln_host* host, kiln_output* out, Call&& call) noexcept {
  out->data = nullptr;
  out->size = 0;
  current_host = host;
  std::int32_t status = KILN_OK;
  try {
    nlohmann::json result = call();
    if (!write_output(result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), out))
      status = fail(KILN_INTERNAL_ERROR, "out of memory while writing the result", out);
  } catch (const BuildpackError& e) {
    status = fail(KILN_PROJECT_ERROR, e.what(), out);
  } catch (const std::bad_alloc&) {
    status = fail(KILN_INTERNAL_ERROR, "out of memory", out);
  } catch (const std::exception& e) {
    status = fail(KILN_INTERNAL_ERROR, e.what(), out);
  } catch (...) {
    status = fail(KILN_INTERNAL_ERROR, "unknown exception", out);
  }
  current_host = nullptr;
  return status;
}

template <class Class>
const Class& instance() {
  static const Class buildpack;  // made on first use; a throwing constructor is caught by guarded()
  return buildpack;
}

template <class Class>
std::int32_t detect_entry(const kiln_host* host, kiln_output* out) noexcept {
  return guarded(host, out, [&] {
    HostSourceTree tree(host);
    return nlohmann::json(instance<Class>().detect(tree));
  });
}

template <class Class>
std::int32_t generate_entry(const kiln_host* host, const char* request, std::size_t size, kiln_output* out) noexcept {
  return guarded(host, out, [&] {
    auto parsed = nlohmann::json::parse(std::string_view(request, size));
    HostSourceTree tree(host);
    auto detection = parsed.at("detection").get<Detection>();
    auto options = parsed.at("options").get<GenerateOptions>();
    return nlohmann::json(instance<Class>().generate(tree, detection, options));
  });
}

inline const kiln_info* info() noexcept {
  static const kiln_info block{KILN_ABI_VERSION_MIN, KILN_ABI_VERSION, sizeof(kiln_info)};
  return &block;
}

}  // namespace detail

// A line for the user's build log, from inside detect or generate. Quietly
// dropped when the kiln that loaded the buildpack predates ABI version 2.
inline void log(LogLevel level, std::string_view message) {
  const kiln_host* host = detail::host_since(2, offsetof(kiln_host, log) + sizeof(kiln_host::log));
  if (!host || !host->log) return;
  host->log(host->context, static_cast<std::int32_t>(level), message.data(), message.size());
}

// YAML text (the first document) as JSON, read by kiln itself (ABI 3): plain scalars by YAML 1.2's
// core schema (true, 12 and null are a bool, a number and null; quoted ones stay strings), the way
// tree:yaml reads them for Lua buildpacks. nullopt when the text is not YAML, with kiln's reason in
// *why. Throws BuildpackError outside detect or generate, or under a kiln older than ABI 3.
inline std::optional<nlohmann::json> yaml_to_json(std::string_view text, std::string* why = nullptr) {
  const kiln_host* host = detail::host_since(3, offsetof(kiln_host, yaml_to_json) + sizeof(kiln_host::yaml_to_json));
  if (!host || !host->yaml_to_json) throw BuildpackError("reading YAML needs a kiln that speaks buildpack ABI 3 or later");
  kiln_bytes out{nullptr, 0};
  const bool parsed = host->yaml_to_json(host->context, text.data(), text.size(), &out) != 0;
  std::string_view answer(out.data ? out.data : "", out.data ? out.size : 0);
  auto value = parsed ? nlohmann::json::parse(answer, nullptr, /*allow_exceptions=*/false) : nlohmann::json();
  if (parsed && !value.is_discarded()) return value;
  if (why) *why = parsed ? "kiln's answer is not JSON" : std::string(answer);
  return std::nullopt;
}

}  // namespace kiln::sdk

#define KILN_BUILDPACK(Class)                                                                            \
  extern "C" KILN_EXPORT const kiln_info* kiln_buildpack_info(void) { return ::kiln::sdk::detail::info(); } \
  extern "C" KILN_EXPORT std::int32_t kiln_buildpack_detect(const kiln_host* host, kiln_output* out) {   \
    return ::kiln::sdk::detail::detect_entry<Class>(host, out);                                          \
  }                                                                                                      \
  extern "C" KILN_EXPORT std::int32_t kiln_buildpack_generate(const kiln_host* host, const char* request, \
                                                              std::size_t size, kiln_output* out) {      \
    return ::kiln::sdk::detail::generate_entry<Class>(host, request, size, out);                         \
  }                                                                                                      \
  extern "C" KILN_EXPORT void kiln_buildpack_free(kiln_output out) { std::free(out.data); }
