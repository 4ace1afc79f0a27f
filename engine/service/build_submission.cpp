#include "service/build_submission.hpp"

#include <regex>

#include "core/quantity_parsing.hpp"
#include "core/value_checks.hpp"
#include "service/strict_json_reader.hpp"
#include "sources/url_redaction.hpp"

namespace kiln::service {
namespace {

constexpr std::chrono::seconds kLongestTimeout{24 * 3600};

Error invalid(const std::string& message) { return Error{ErrorCode::InvalidRequest, message}; }

// Buildpack ids, targets and platforms reach the engine as query values; keep them to a plain alphabet.
std::optional<std::string> check_token(const std::string& field, const std::string& value, const std::string& extra) {
  if (value.empty() || value.size() > 128) return "'" + field + "' must be 1 to 128 characters";
  for (char c : value)
    if (!std::isalnum(static_cast<unsigned char>(c)) && extra.find(c) == std::string::npos)
      return "'" + field + "' may hold only letters, digits and " + extra;
  return std::nullopt;
}

Result<std::chrono::seconds> read_timeout(const nlohmann::json& value) {
  std::chrono::seconds timeout{0};
  if (auto seconds = whole_number(value)) timeout = std::chrono::seconds(*seconds);
  else if (value.is_string()) {
    // Only the forms the document's BuildTimeout pattern names: whole seconds, minutes or hours.
    static const std::regex grammar(kBuildTimeoutPattern);
    if (!std::regex_match(value.get<std::string>(), grammar))
      return invalid("'timeout' must be seconds or a duration like \"90s\", \"10m\", \"1h\", from 1s to 24h");
    auto parsed = parse_duration(value.get<std::string>());
    if (!parsed) return invalid("'timeout' " + parsed.error().message);
    timeout = *parsed;
  } else return invalid("'timeout' must be seconds or a duration like \"10m\"");
  if (timeout.count() < 1 || timeout > kLongestTimeout) return invalid("'timeout' must be between 1s and 24h");
  return timeout;
}

Status read_source(const nlohmann::json* value, BuildSubmission& out) {
  if (!value) return invalid("'source' is required: {\"git\": {\"url\": ...}}, {\"bundle_url\": ...} or {\"bundle\": id}");
  auto reader = strict_object(*value, "source");
  if (!reader) return reader.error();
  auto git = reader->object("git");
  auto url = reader->string("bundle_url");
  auto bundle = reader->string("bundle");
  auto subdir = reader->string("subdir");
  for (const auto* failed : {git.ok() ? nullptr : &git.error(), url.ok() ? nullptr : &url.error(),
                             bundle.ok() ? nullptr : &bundle.error(), subdir.ok() ? nullptr : &subdir.error()})
    if (failed) return *failed;
  if (auto rest = reader->no_other_fields(); !rest) return rest.error();
  int given = (*git != nullptr) + url->has_value() + bundle->has_value();
  if (given != 1) return invalid("'source' must name exactly one of 'git', 'bundle_url' or 'bundle'");
  out.source.subdir = subdir->value_or("");
  if (!out.source.subdir.empty())
    if (auto problem = check_relative_path("source.subdir", out.source.subdir)) return invalid(*problem);
  if (*git) {
    auto fields = strict_object(**git, "source.git");
    if (!fields) return fields.error();
    out.source.kind = SourceSpec::Kind::Git;
    for (auto [field, target] : {std::pair{"url", &out.source.git.url}, std::pair{"ref", &out.source.git.ref},
                                 std::pair{"commit", &out.source.git.commit}, std::pair{"subdir", &out.source.git.subdir}}) {
      auto text = fields->string(field);
      if (!text) return text.error();
      *target = text->value_or("");
    }
    if (auto rest = fields->no_other_fields(); !rest) return rest.error();
    if (out.source.git.url.empty()) return invalid("'source.git.url' is required");
    if (!out.source.subdir.empty()) return invalid("use 'source.git.subdir' for a folder inside a repository");
  } else if (url->has_value()) {
    out.source.kind = SourceSpec::Kind::BundleUrl;
    out.source.bundle_url = **url;
  } else {
    out.source.kind = SourceSpec::Kind::UploadedBundle;
    out.source.bundle_id = **bundle;
    if (out.source.bundle_id.size() != 64 ||
        out.source.bundle_id.find_first_not_of("0123456789abcdef") != std::string::npos)
      return invalid("'source.bundle' must be the id of an uploaded bundle (64 hex digits)");
  }
  return Ok{};
}

Status read_env(const nlohmann::json* value, BuildSubmission& out) {
  if (!value) return Ok{};
  if (!value->is_object()) return invalid("'env' must be an object");
  for (const auto& [key, item] : value->items()) {
    if (auto problem = check_env_name(key)) return invalid("'env." + key + "': " + *problem);
    std::string text;
    if (item.is_string()) text = item.get<std::string>();
    else if (item.is_object()) {
      // {"value": "...", "secret": true}: shown and stored as "***".
      auto fields = strict_object(item, "env." + key);
      auto secret_value = fields->string("value");
      if (!secret_value) return secret_value.error();
      auto secret = fields->boolean("secret");
      if (!secret) return secret.error();
      if (auto rest = fields->no_other_fields(); !rest) return rest.error();
      if (!secret_value->has_value()) return invalid("'env." + key + ".value' is required");
      text = **secret_value;
      if (secret->value_or(false)) out.secret_env.insert(key);
    } else return invalid("'env." + key + "' must be a string or {\"value\": ..., \"secret\": true}");
    if (auto problem = check_single_line("'env." + key + "'", text)) return invalid(*problem);
    out.env[key] = text;
  }
  return Ok{};
}

Status read_push(const nlohmann::json* value, BuildSubmission& out) {
  if (!value) return Ok{};
  auto fields = strict_object(*value, "push");
  if (!fields) return fields.error();
  PushTarget push;
  for (auto [field, target] : {std::pair{"registry", &push.registry}, std::pair{"namespace", &push.namespace_},
                               std::pair{"username", &push.username}, std::pair{"password", &push.password}}) {
    auto text = fields->string(field);
    if (!text) return text.error();
    *target = text->value_or("");
  }
  if (auto rest = fields->no_other_fields(); !rest) return rest.error();
  if (push.registry.empty()) return invalid("'push.registry' is required, e.g. \"registry.local:5000\"");
  if (auto problem = check_token("push.registry", push.registry, ".-:_[]")) return invalid(*problem);
  if (!push.namespace_.empty())
    if (auto problem = check_token("push.namespace", push.namespace_, "._-/")) return invalid(*problem);
  if (!push.password.empty() && push.username.empty()) return invalid("'push.password' needs 'push.username'");
  out.push = push;
  return Ok{};
}

Status check_values(const BuildSubmission& out) {
  if (!out.buildpack.empty())
    if (auto problem = check_token("buildpack", out.buildpack, ".-_")) return invalid(*problem);
  if (!out.image.empty())
    if (auto problem = check_image_reference(out.image)) return invalid("'image': " + *problem);
  if (out.target)
    if (auto problem = check_token("target", *out.target, ".-_")) return invalid(*problem);
  if (out.platform)
    if (auto problem = check_token("platform", *out.platform, "/_-.")) return invalid(*problem);
  for (const auto& [key, value] : out.build_args) {
    if (auto problem = check_env_name(key)) return invalid("'build_args." + key + "': " + *problem);
    if (auto problem = check_single_line("'build_args." + key + "'", value)) return invalid(*problem);
  }
  for (const auto& [key, value] : out.labels) {
    if (auto problem = check_token("labels", key, ".-_/")) return invalid(*problem);
    if (auto problem = check_single_line("'labels." + key + "'", value)) return invalid(*problem);
  }
  return Ok{};
}

// Reads every field but the source and env, which have their own readers.
Status read_options(StrictJsonReader& reader, BuildSubmission& out) {
  auto buildpack = reader.string("buildpack");
  if (!buildpack) return buildpack.error();
  if (buildpack->has_value() && **buildpack != "auto") out.buildpack = **buildpack;
  auto image = reader.string("image");
  if (!image) return image.error();
  out.image = image->value_or("");
  auto target = reader.string("target");
  if (!target) return target.error();
  out.target = *target;
  auto platform = reader.string("platform");
  if (!platform) return platform.error();
  out.platform = *platform;
  auto args = reader.string_map("build_args");
  if (!args) return args.error();
  out.build_args = *args;
  auto labels = reader.string_map("labels");
  if (!labels) return labels.error();
  out.labels = *labels;
  if (const auto* timeout = reader.raw("timeout")) {
    auto parsed = read_timeout(*timeout);
    if (!parsed) return parsed.error();
    out.timeout = *parsed;
  }
  return Ok{};
}

}  // namespace

Result<BuildSubmission> parse_build_submission(const nlohmann::json& body) {
  auto reader = strict_object(body);
  if (!reader) return reader.error();
  BuildSubmission out;
  if (auto source = read_source(reader->raw("source"), out); !source) return source.error();
  if (auto env = read_env(reader->raw("env"), out); !env) return env.error();
  if (auto push = read_push(reader->raw("push"), out); !push) return push.error();
  if (auto options = read_options(*reader, out); !options) return options.error();
  if (auto rest = reader->no_other_fields(); !rest) return rest.error();
  if (auto checked = check_values(out); !checked) return checked.error();
  return out;
}

Result<BuildSubmission> parse_upload_options(const std::multimap<std::string, std::string>& query) {
  nlohmann::json body = nlohmann::json::object();
  // The bundle id is filled in once the upload is stored; a placeholder keeps the source check honest.
  body["source"] = {{"bundle", std::string(64, '0')}};
  for (const auto& [key, value] : query) {
    if (key == "subdir") body["source"]["subdir"] = value;
    else if (key == "image" || key == "buildpack" || key == "target" || key == "platform" || key == "timeout")
      body[key] = value;
    else return invalid("unknown query parameter '" + key + "' (image, buildpack, target, platform, timeout, subdir)");
  }
  return parse_build_submission(body);
}

nlohmann::json BuildSubmission::public_json() const {
  nlohmann::json out = nlohmann::json::object();
  nlohmann::json src = nlohmann::json::object();
  switch (source.kind) {
    case SourceSpec::Kind::Git:
      src["git"] = {{"url", redact_url(source.git.url)}};
      if (!source.git.ref.empty()) src["git"]["ref"] = source.git.ref;
      if (!source.git.commit.empty()) src["git"]["commit"] = source.git.commit;
      if (!source.git.subdir.empty()) src["git"]["subdir"] = source.git.subdir;
      break;
    case SourceSpec::Kind::BundleUrl: src["bundle_url"] = redact_url(source.bundle_url); break;
    case SourceSpec::Kind::UploadedBundle: src["bundle"] = source.bundle_id; break;
  }
  if (!source.subdir.empty()) src["subdir"] = source.subdir;
  out["source"] = src;
  if (!buildpack.empty()) out["buildpack"] = buildpack;
  if (!image.empty()) out["image"] = image;
  if (!env.empty()) {
    out["env"] = nlohmann::json::object();
    for (const auto& [key, value] : env)
      out["env"][key] = secret_env.count(key) ? nlohmann::json{{"value", kSecretMask}, {"secret", true}} : nlohmann::json(value);
  }
  if (!build_args.empty()) out["build_args"] = build_args;
  if (target) out["target"] = *target;
  if (platform) out["platform"] = *platform;
  if (!labels.empty()) out["labels"] = labels;
  if (push) {
    out["push"] = {{"registry", push->registry}};
    if (!push->namespace_.empty()) out["push"]["namespace"] = push->namespace_;
    if (!push->username.empty()) out["push"]["username"] = push->username;
    if (!push->password.empty()) out["push"]["password"] = kSecretMask;
  }
  if (timeout) out["timeout"] = timeout->count();
  return out;
}

std::vector<std::string> BuildSubmission::secret_values() const {
  std::vector<std::string> out;
  for (const auto& key : secret_env)
    if (auto it = env.find(key); it != env.end() && !it->second.empty()) out.push_back(it->second);
  if (push && !push->password.empty()) out.push_back(push->password);
  return out;
}

Result<BuildSubmission> submission_from_public_json(const nlohmann::json& stored) {
  return parse_build_submission(stored);
}

std::string push_destination(const PushTarget& push, const std::string& image) {
  // Only the last path component of the image name travels: "team/app:1" -> "app:1".
  auto slash = image.rfind('/');
  std::string name = slash == std::string::npos ? image : image.substr(slash + 1);
  if (name.find(':') == std::string::npos && name.find('@') == std::string::npos) name += ":latest";
  return push.registry + "/" + (push.namespace_.empty() ? "" : push.namespace_ + "/") + name;
}

}  // namespace kiln::service
