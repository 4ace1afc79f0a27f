#pragma once
// What a client asks for in POST /api/v1/builds (and /detect, /plan), read
// strictly: unknown fields, wrong types and unsafe values are refused with
// the field's name. Secrets stay here, in memory; what is stored and shown
// is `public_json()`, with every secret replaced.
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "sources/source_spec.hpp"

namespace kiln::service {

struct PushTarget {
  std::string registry;      // "127.0.0.1:5000"
  std::string namespace_;    // "team" (optional)
  std::string username;
  std::string password;      // secret
};

struct BuildSubmission {
  SourceSpec source;
  std::string buildpack;     // empty: detect
  std::string image;         // tag; empty: <app>:latest
  std::map<std::string, std::string> env;
  std::set<std::string> secret_env;  // keys of env whose values are secret
  std::map<std::string, std::string> build_args;
  std::optional<std::string> target;
  std::optional<std::string> platform;
  std::map<std::string, std::string> labels;
  std::optional<PushTarget> push;
  std::optional<std::chrono::seconds> timeout;

  // The request as stored and shown: secrets replaced by "***".
  nlohmann::json public_json() const;
  // Every secret value, for masking log lines.
  std::vector<std::string> secret_values() const;
  bool has_secrets() const { return !secret_env.empty() || (push && !push->password.empty()); }
};

inline constexpr const char* kSecretMask = "***";

// A build timeout written as text: 1 to 86400 seconds (bare or with `s`), 1 to 1440 minutes (`m`)
// or 1 to 24 hours (`h`), no leading zeros. The OpenAPI document's BuildTimeout states the same.
inline constexpr const char* kBuildTimeoutPattern =
    "^(?:(?:[1-9][0-9]{0,3}|[1-7][0-9]{4}|8[0-5][0-9]{3}|86[0-3][0-9]{2}|86400)s?"
    "|(?:[1-9][0-9]{0,2}|1[0-3][0-9]{2}|14[0-3][0-9]|1440)m|(?:[1-9]|1[0-9]|2[0-4])h)$";

// `body` is the parsed JSON object. Errors have code "invalid_request" and name the field.
Result<BuildSubmission> parse_build_submission(const nlohmann::json& body);
// Options of a raw tar.gz upload come as query parameters: image, buildpack, target, platform, timeout, subdir.
Result<BuildSubmission> parse_upload_options(const std::multimap<std::string, std::string>& query);

// Reads back a stored public_json() (for queued builds after a restart; it has no secrets).
Result<BuildSubmission> submission_from_public_json(const nlohmann::json& stored);

// "127.0.0.1:5000" + "team" + "myapp:1" -> "127.0.0.1:5000/team/myapp:1"
std::string push_destination(const PushTarget& push, const std::string& image);

}  // namespace kiln::service
