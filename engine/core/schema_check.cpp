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

void parse_schema(const json& document, valijson::Schema& schema) {
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  add_fast_pattern_keywords(parser);
  valijson::adapters::NlohmannJsonAdapter adapter(document);
  parser.populateSchema(adapter, schema);
}

// Each form of each schema is read on first use: a detect that fails never reads the
// plan's, and the form as written is only read to describe a failure.
json read_form(SdkSchema which, SchemaForm form) { return json::from_cbor(sdk_schema_cbor(which, form)); }

struct CheckedSchema {
  json document;  // with_fast_patterns(written), made at build time: what valijson parsed
  valijson::Schema schema;
};

// valijson 1.0 knows drafts 3, 4 and 7, so the schema files are draft-07.
const CheckedSchema& checked(SdkSchema which) {
  auto load = [](SdkSchema w) {
    auto* out = new CheckedSchema{read_form(w, SchemaForm::checked), {}};
    parse_schema(out->document, out->schema);
    return out;
  };
  // Never freed: used until exit.
  if (which == SdkSchema::detection) {
    static const CheckedSchema* detection = load(SdkSchema::detection);
    return *detection;
  }
  static const CheckedSchema* plan = load(SdkSchema::plan);
  return *plan;
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

const json& sdk_schema(SdkSchema which) {
  if (which == SdkSchema::detection) {
    static const json* detection = new json(read_form(SdkSchema::detection, SchemaForm::written));
    return *detection;
  }
  static const json* plan = new json(read_form(SdkSchema::plan, SchemaForm::written));
  return *plan;
}

const json& sdk_schema_as_checked(SdkSchema which) { return checked(which).document; }

std::optional<SchemaProblem> check_against_schema(const json& value, SdkSchema which, int first_index) {
  const auto& schema = checked(which);
  // A validator keeps the std::regex objects it compiled for any pattern without a
  // matcher of its own (none in the SDK schemas today). One per thread, as that cache
  // is not synchronised.
  thread_local valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter target(value);
  if (validator.validate(schema.schema, target, nullptr)) return std::nullopt;

  const auto& written = sdk_schema(which);
  return Locator{written, first_index}.locate(value, written, "");
}

}  // namespace kiln
