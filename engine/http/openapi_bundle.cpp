#include "http/openapi_bundle.hpp"

#include <map>

namespace kiln::http {
namespace {

using nlohmann::json;

const std::string kComponents = "#/components/schemas/";
const std::string kDefinitions = "/definitions/";

Error bundling_error(const std::string& what) {
  return Error{ErrorCode::InternalError, "the OpenAPI document cannot be assembled: " + what};
}

// Where a pointer into a schema named `title` points once the schema is a component and its
// definitions are components of their own.
std::string pointer_in_components(const std::string& title, const std::string& pointer) {
  if (pointer.compare(0, kDefinitions.size(), kDefinitions) == 0) return kComponents + pointer.substr(kDefinitions.size());
  return kComponents + title + pointer;
}

// Calls `rewrite` on every "$ref" string in `value`, replacing it with the answer.
template <class Rewrite>
Status rewrite_refs(json& value, const Rewrite& rewrite) {
  if (value.is_array()) {
    for (auto& item : value)
      if (auto done = rewrite_refs(item, rewrite); !done) return done;
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (it.key() == "$ref" && it->is_string()) {
        auto target = rewrite(it->get<std::string>());
        if (!target) return target.error();
        *it = *target;
      } else if (auto done = rewrite_refs(*it, rewrite); !done) {
        return done;
      }
    }
  }
  return Ok{};
}

struct FoldedFile {
  std::string title;
  json schema;
};

class Bundler {
 public:
  explicit Bundler(const SchemaFiles& files) : files_(files) {}

  // "../../sdk/schema/plan.schema.json#/definitions/Argv" -> "#/components/schemas/Argv"; a local ref stays.
  Result<std::string> document_ref(const std::string& ref) {
    if (ref.rfind('#', 0) == 0) return ref;
    auto hash = ref.find('#');
    auto path = ref.substr(0, hash);
    auto name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
    auto folded = fold(name);
    if (!folded) return folded.error();
    return pointer_in_components(*folded, hash == std::string::npos ? "" : ref.substr(hash + 1));
  }

  Status add_components(json& document) {
    auto& components = document["components"]["schemas"];
    auto add = [&](const std::string& name, json schema, const std::string& from) -> Status {
      if (components.contains(name)) return bundling_error("the component " + name + " (from " + from + ") is already in the document");
      components[name] = std::move(schema);
      return Ok{};
    };
    for (auto& [file, folded] : folded_) {
      json definitions = folded.schema.value("definitions", json::object());
      folded.schema.erase("definitions");
      if (auto added = add(folded.title, std::move(folded.schema), file); !added) return added;
      for (auto it = definitions.begin(); it != definitions.end(); ++it)
        if (auto added = add(it.key(), std::move(*it), file); !added) return added;
    }
    return Ok{};
  }

 private:
  // The component name of a schema file, folding it in at its first mention.
  Result<std::string> fold(const std::string& file) {
    if (auto known = folded_.find(file); known != folded_.end()) return known->second.title;
    auto schema = files_(file);
    if (!schema) return bundling_error("it refers to " + file + ", which is not a schema kiln knows");
    auto title = schema->value("title", "");
    if (title.empty()) return bundling_error(file + " has no title to name its component");
    schema->erase("$schema");
    schema->erase("$id");
    // Its own references ("#/definitions/Argv", "#") now point into the document's components.
    auto local = rewrite_refs(*schema, [&](const std::string& ref) -> Result<std::string> {
      if (ref.rfind('#', 0) != 0) return bundling_error(file + " refers to " + ref + ", outside itself");
      return pointer_in_components(title, ref.substr(1));
    });
    if (!local) return local.error();
    folded_.emplace(file, FoldedFile{title, std::move(*schema)});
    return title;
  }

  const SchemaFiles& files_;
  std::map<std::string, FoldedFile> folded_;  // by file name
};

}  // namespace

Result<json> bundle_schema_files(json document, const SchemaFiles& files) {
  Bundler bundler(files);
  // Only the document's own parts are rewritten here; the folded schemas are rewritten as they are read.
  if (auto rewritten = rewrite_refs(document, [&](const std::string& ref) { return bundler.document_ref(ref); }); !rewritten)
    return rewritten.error();
  if (auto added = bundler.add_components(document); !added) return added.error();
  return document;
}

}  // namespace kiln::http
