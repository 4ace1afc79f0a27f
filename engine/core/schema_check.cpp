#include "core/schema_check.hpp"

#include <vector>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "core/schema_fast_patterns.hpp"
#include "core/schema_walk.hpp"

namespace kiln {
namespace {

using nlohmann::json;

struct LoadedSchema {
  json document;        // as written: error messages are made from it
  json for_validator;   // with_fast_patterns(document), what valijson parsed
  valijson::Schema schema;
};

void parse_schema(const json& document, valijson::Schema& schema) {
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  add_fast_pattern_keywords(parser);
  valijson::adapters::NlohmannJsonAdapter adapter(document);
  parser.populateSchema(adapter, schema);
}

// valijson 1.0 knows drafts 3, 4 and 7, so the schema files are draft-07.
const LoadedSchema& loaded(SdkSchema which) {
  auto load = [](SdkSchema w) {
    auto* out = new LoadedSchema{json::from_cbor(sdk_schema_cbor(w)), {}, {}};
    out->for_validator = with_fast_patterns(out->document);
    parse_schema(out->for_validator, out->schema);
    return out;
  };
  static const LoadedSchema* detection = load(SdkSchema::detection);  // never freed: used until exit
  static const LoadedSchema* plan = load(SdkSchema::plan);
  return which == SdkSchema::detection ? *detection : *plan;
}

std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      // Cutting at 40 bytes may split a UTF-8 sequence: replaced, not thrown over.
      return json(text.size() > 40 ? text.substr(0, 40) + "..." : text).dump(-1, ' ', false, json::error_handler_t::replace);
    }
    case json::value_t::array: return "a list";
    case json::value_t::object: return "a table";
    case json::value_t::null: return "nothing";
    default: return value.dump();
  }
}

// What a schema asks for, in words: its title when it has one, else its type.
std::string expectation(const json& schema, const json& root) {
  const auto& s = resolve_ref(schema, root);
  if (auto title = s.find("title"); title != s.end() && &s != &root) return title->get<std::string>();
  for (const char* key : {"oneOf", "anyOf"}) {
    auto options = s.find(key);
    if (options == s.end()) continue;
    std::vector<std::string> words;
    for (const auto& option : *options)
      if (resolve_ref(option, root).value("type", json()) != "null") words.push_back(expectation(option, root));
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
    return out;
  }
  if (auto value = s.find("const"); value != s.end()) return "exactly " + value->dump();
  auto type = s.value("type", json());
  if (type.is_array()) type = type.at(0);
  if (type == "integer" && s.contains("minimum") && s.contains("maximum"))
    return "an integer from " + s["minimum"].dump() + " to " + s["maximum"].dump();
  if (type == "integer") return "an integer";
  if (type == "boolean") return "true or false";
  if (type == "string") return s.value("minLength", 0) > 0 ? "a non-empty string" : "a string";
  if (type == "array") {
    auto items = s.find("items");
    return items != s.end() && resolve_ref(*items, root).value("type", json()) == "string" ? "a list of strings" : "a list";
  }
  return "a table";
}

// Whether value satisfies one part of a schema, asked of valijson: the part is
// wrapped with the document's definitions so its local $refs still resolve.
// Only used on the error path, to find where a failing document fails.
bool satisfies(const json& value, const json& part, const json& root) {
  json wrapped = {{"allOf", json::array({part})}};
  if (auto defs = root.find("definitions"); defs != root.end()) wrapped["definitions"] = *defs;
  // Rewritten like the whole document, so both paths answer the same.
  const json for_validator = with_fast_patterns(wrapped);
  valijson::Schema schema;
  parse_schema(for_validator, schema);
  valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter target(value);
  return validator.validate(schema, target, nullptr);
}

struct Locator {
  const json& root;
  int first_index;

  std::string join(const std::string& field, const json& container, const std::string& key) const {
    if (container.is_array()) return field + "[" + std::to_string(std::stoul(key) + first_index) + "]";
    return field.empty() ? key : field + "." + key;
  }

  // The deepest failing value under `value`: a child that fails its own schema
  // is looked into; when none does, the fault is the value's own.
  SchemaProblem locate(const json& value, const json& schema, const std::string& field) const {
    if (value.is_object()) {
      for (auto it = value.begin(); it != value.end(); ++it) {
        const auto* child = member_schema(schema, root, value, it.key());
        if (child && !satisfies(*it, *child, root)) return locate(*it, *child, join(field, value, it.key()));
      }
    } else if (value.is_array()) {
      if (const auto* child = item_schema(schema, root, value))
        for (std::size_t i = 0; i < value.size(); ++i)
          if (!satisfies(value[i], *child, root)) return locate(value[i], *child, join(field, value, std::to_string(i)));
    }
    return own_fault(value, schema, field);
  }

  SchemaProblem own_fault(const json& value, const json& schema, const std::string& field) const {
    const auto& s = branch_for(schema, root, value);
    if (value.is_object()) {
      for (const auto& required : s.value("required", json::array())) {
        const auto key = required.get<std::string>();
        if (value.contains(key)) continue;
        const auto* member = member_schema(schema, root, value, key);
        return {join(field, value, key), "expected " + (member ? expectation(*member, root) : "a value") + ", got nothing"};
      }
      if (s.value("additionalProperties", json(true)) == false) {
        const auto properties = s.value("properties", json::object());
        // Names a patternProperties key admits are asked of valijson too: each on its own, with any value.
        json names = {{"additionalProperties", false}, {"patternProperties", json::object()}};
        if (auto patterns = s.find("patternProperties"); patterns != s.end())
          for (auto it = patterns->begin(); it != patterns->end(); ++it) names["patternProperties"][it.key()] = json::object();
        for (auto it = value.begin(); it != value.end(); ++it) {
          if (properties.contains(it.key())) continue;
          if (names["patternProperties"].empty()) return {join(field, value, it.key()), "is not a field kiln knows"};
          if (!satisfies(json{{it.key(), nullptr}}, names, root))
            return {join(field, value, it.key()), "is not a valid name in " + expectation(schema, root)};
        }
      }
    }
    // if/then/else: the branch that applies, when it is the one failing.
    if (auto condition = s.find("if"); condition != s.end()) {
      auto branch = s.find(satisfies(value, *condition, root) ? "then" : "else");
      if (branch != s.end() && !satisfies(value, *branch, root)) return locate(value, *branch, field);
    }
    return {field, "expected " + expectation(schema, root) + ", got " + describe(value)};
  }
};

}  // namespace

const json& sdk_schema(SdkSchema which) { return loaded(which).document; }

std::optional<SchemaProblem> check_against_schema(const json& value, SdkSchema which, int first_index) {
  const auto& schema = loaded(which);
  // A validator keeps the std::regex objects it compiled for any pattern without a
  // matcher of its own (none in the SDK schemas today). One per thread, as that cache
  // is not synchronised.
  thread_local valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter target(value);
  if (validator.validate(schema.schema, target, nullptr)) return std::nullopt;

  return Locator{schema.document, first_index}.locate(value, schema.document, "");
}

}  // namespace kiln
