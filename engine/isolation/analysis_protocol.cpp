#include "isolation/analysis_protocol.hpp"

namespace kiln::isolation {

using nlohmann::json;

json descriptor_to_wire(const BuildpackDescriptor& d) {
  return {{"id", d.id}, {"version", d.version}, {"kind", d.kind}, {"api", d.api}, {"source", d.source},
          {"descriptor_file", d.descriptor_file}};
}

BuildpackDescriptor descriptor_from_wire(const json& value) {
  BuildpackDescriptor d;
  d.id = value.at("id").get<std::string>();
  d.version = value.at("version").get<std::string>();
  d.kind = value.at("kind").get<std::string>();
  d.api = value.at("api").get<int>();
  d.source = value.at("source").get<std::string>();
  d.descriptor_file = value.at("descriptor_file").get<std::string>();
  return d;
}

json ok_answer(json result) { return {{"ok", true}, {"result", std::move(result)}}; }

json error_answer(const Error& error) { return {{"ok", false}, {"code", to_string(error.code)}, {"message", error.message}}; }

Result<json> read_answer(const std::string& line) {
  auto answer = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!answer.is_object() || !answer.contains("ok") || !answer["ok"].is_boolean())
    return Error{ErrorCode::PluginFailure, "the analysis worker answered something that is not an answer"};
  if (answer["ok"].get<bool>()) return answer.value("result", json());
  auto text = [&](const char* key, const char* fallback) {
    auto it = answer.find(key);
    return it != answer.end() && it->is_string() ? it->get<std::string>() : std::string(fallback);
  };
  // A worker of another build, or a broken one, may name a code this table lacks: still a plugin's failure.
  return Error{error_code_or(text("code", "plugin_failure"), ErrorCode::PluginFailure), text("message", "(no message)")};
}

}  // namespace kiln::isolation
