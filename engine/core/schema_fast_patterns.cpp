#include "core/schema_fast_patterns.hpp"

#include <new>
#include <stdexcept>

#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/internal/adapter.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>

#include "core/schema_patterns.hpp"

namespace kiln {
namespace {

using nlohmann::json;

constexpr const char* kPatternKeyword = "kiln:pattern";
constexpr const char* kPropertyNamesKeyword = "kiln:property-names";

bool known(const json& pattern) {
  return pattern.is_string() && known_schema_pattern(pattern.get_ref<const std::string&>()) != nullptr;
}

void rewrite(json& schema) {
  if (schema.is_array()) {
    for (auto& item : schema) rewrite(item);
    return;
  }
  if (!schema.is_object()) return;
  if (auto it = schema.find("pattern"); it != schema.end() && known(*it)) {
    schema[kPatternKeyword] = *it;
    schema.erase("pattern");
  }
  auto patterns = schema.find("patternProperties");
  auto additional = schema.find("additionalProperties");
  if (patterns != schema.end() && patterns->is_object() && patterns->size() == 1 && known(patterns->begin().key()) &&
      additional != schema.end() && *additional == false && !schema.contains("properties")) {
    const std::string name_pattern = patterns->begin().key();
    json value_schema = patterns->begin().value();
    schema.erase("patternProperties");
    schema["additionalProperties"] = std::move(value_schema);
    schema[kPropertyNamesKeyword] = name_pattern;
  }
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    // Values, not schemas: a "pattern" key inside them is data.
    if (it.key() == "const" || it.key() == "enum" || it.key() == "default" || it.key() == "examples") continue;
    rewrite(it.value());
  }
}

// One constraint, two uses: the string itself (kiln:pattern) or an object's member names (kiln:property-names).
class FastPatternConstraint final : public valijson::constraints::PolyConstraint {
 public:
  FastPatternConstraint(PatternMatcher matcher, bool names) : matcher_(matcher), names_(names) {}

  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    bool ok = true;
    if (!names_) {
      // Like valijson's pattern under strong types: only strings are asked.
      ok = !target.isString() || matcher_(target.asString());
    } else if (target.isObject()) {
      ok = target.applyToObject([&](const std::string& name, const valijson::adapters::Adapter&) { return matcher_(name); });
    }
    if (!ok && results) results->pushError(context, names_ ? "A member name does not match its pattern." : "Failed to match the pattern.");
    return ok;
  }

 private:
  Constraint* cloneInto(void* memory) const override { return new (memory) FastPatternConstraint(*this); }
  size_t sizeOf() const override { return sizeof(FastPatternConstraint); }

  PatternMatcher matcher_;
  bool names_;
};

class FastPatternBuilder final : public valijson::ConstraintBuilder {
 public:
  explicit FastPatternBuilder(bool names) : names_(names) {}

  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    std::string pattern;
    PatternMatcher matcher = value.getString(pattern) ? known_schema_pattern(pattern) : nullptr;
    // with_fast_patterns writes these keywords only for known patterns.
    if (!matcher) throw std::runtime_error(std::string("no matcher for the pattern of ") + (names_ ? kPropertyNamesKeyword : kPatternKeyword));
    return new FastPatternConstraint(matcher, names_);
  }

 private:
  bool names_;
};

}  // namespace

json with_fast_patterns(const json& schema) {
  json copy = schema;
  rewrite(copy);
  return copy;
}

void add_fast_pattern_keywords(valijson::SchemaParser& parser) {
  // The parser owns and deletes its builders.
  parser.addConstraintBuilder(kPatternKeyword, new FastPatternBuilder(false));
  parser.addConstraintBuilder(kPropertyNamesKeyword, new FastPatternBuilder(true));
}

}  // namespace kiln
