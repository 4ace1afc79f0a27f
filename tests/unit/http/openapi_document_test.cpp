// The OpenAPI document (engine/http/openapi.json) is written by hand, so these
// tests hold it to the server: the routes it lists are the routes the code
// registers (read from the route sources, so there is no second list to keep),
// every reference resolves, every operation says what it answers, and every
// error code the API layer sends is documented with the status it is sent with.
#include "http/openapi_document.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error_code.hpp"
#include "core/value_checks.hpp"
#include "http/api_response.hpp"
#include "http/routes.hpp"
#include "service/build_submission.hpp"

namespace kiln::http {
namespace {

using nlohmann::json;

const std::filesystem::path kHttpSources = std::filesystem::path(KILN_SOURCE_DIR) / "engine" / "http";
const std::set<std::string> kOperationKeys = {"get", "put", "post", "delete", "patch", "head", "options", "trace"};
// Probes and scrapers: they answer a plain 200 (or 503) and have no client mistake to describe.
const std::set<std::string> kPathsWithoutClientErrors = {"/healthz", "/metrics"};

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::filesystem::path> http_sources() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(kHttpSources))
    if (entry.path().extension() == ".cpp") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

json document() { return json::parse(openapi_document()); }

// "{id}" in the document and cpp-httplib's capture "([^/]+)" in the code both become "{}".
std::string normalise_path(const std::string& path) {
  static const std::regex parameter(R"re(\{[^}/]+\}|\(\[\^/\]\+\))re");
  return std::regex_replace(path, parameter, "{}");
}

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

struct ServerRoutes {
  std::set<std::string> routes;  // "POST /api/v1/builds/{}/push"
  std::size_t calls = 0;         // every server.<Method>( seen, with a literal path or not
};

// The routes the code registers: server.Get("/path", ...) or server.Post(R"(/path/([^/]+))", ...).
ServerRoutes server_routes() {
  static const std::regex registration(R"re(server\.(Get|Post|Put|Patch|Delete|Options)\(\s*(?:R"\((.*?)\)"|"([^"]*)"))re");
  static const std::regex any_call(R"re(server\.(Get|Post|Put|Patch|Delete|Options)\()re");
  ServerRoutes found;
  for (const auto& file : http_sources()) {
    auto text = read_text(file);
    for (std::sregex_iterator it(text.begin(), text.end(), registration), end; it != end; ++it) {
      const auto& match = *it;
      auto path = match[2].matched ? match[2].str() : match[3].str();
      found.routes.insert(upper(match[1].str()) + " " + normalise_path(path));
    }
    found.calls += static_cast<std::size_t>(
        std::distance(std::sregex_iterator(text.begin(), text.end(), any_call), std::sregex_iterator()));
  }
  return found;
}

std::set<std::string> documented_routes(const json& doc) {
  std::set<std::string> routes;
  for (const auto& [path, item] : doc.at("paths").items())
    for (const auto& [key, operation] : item.items())
      if (kOperationKeys.count(key)) routes.insert(upper(key) + " " + normalise_path(path));
  return routes;
}

std::string listed(const std::set<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "\n  " + item;
  return out.empty() ? " (none)" : out;
}

std::set<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::set<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

// Calls `visit(path, operation)` for every operation of the document.
template <class Visit>
void for_each_operation(const json& doc, Visit visit) {
  for (const auto& [path, item] : doc.at("paths").items())
    for (const auto& [key, operation] : item.items())
      if (kOperationKeys.count(key)) visit(path, upper(key), item, operation);
}

// The object a {"$ref": "#/..."} points at (an empty object when it resolves to nothing: EveryReferenceResolves reports that).
const json& resolved(const json& doc, const json& maybe_ref) {
  static const json nothing = json::object();
  if (!maybe_ref.contains("$ref")) return maybe_ref;
  try {
    json::json_pointer pointer(maybe_ref.at("$ref").get<std::string>().substr(1));
    return doc.contains(pointer) ? doc.at(pointer) : nothing;
  } catch (const json::exception&) {
    return nothing;
  }
}

void collect_refs(const json& value, std::vector<std::string>& refs) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      if (key == "$ref" && child.is_string()) refs.push_back(child.get<std::string>());
      else collect_refs(child, refs);
    }
  } else if (value.is_array()) {
    for (const auto& child : value) collect_refs(child, refs);
  }
}

TEST(OpenApiDocument, IsOpenApi3WithPaths) {
  json doc;
  ASSERT_NO_THROW(doc = document()) << "engine/http/openapi.json is not valid JSON";
  ASSERT_TRUE(doc.is_object());
  ASSERT_TRUE(doc.contains("openapi") && doc["openapi"].is_string());
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.", 0), 0u) << doc["openapi"];
  EXPECT_FALSE(doc.at("info").value("title", "").empty());
  EXPECT_FALSE(doc.at("info").value("version", "").empty());
  ASSERT_TRUE(doc.contains("paths") && doc["paths"].is_object());
  EXPECT_FALSE(doc["paths"].empty());
}

TEST(OpenApiDocument, ListsExactlyTheServersRoutes) {
  auto server = server_routes();
  // A route whose path is not a literal could not be read here; it must not slip past unseen.
  ASSERT_EQ(server.calls, server.routes.size())
      << "a server.<Method>( call in engine/http/ has no literal path, or registers a route twice:" << listed(server.routes);
  ASSERT_GE(server.routes.size(), 20u) << "the route scan found too few routes; has the registration style changed?"
                                        << listed(server.routes);
  for (const auto& route : server.routes)
    EXPECT_EQ(route.find('('), std::string::npos) << route << ": a capture other than ([^/]+); teach normalise_path it";

  auto documented = documented_routes(document());
  EXPECT_EQ(documented, server.routes) << "registered by the server but not in openapi.json:"
                                       << listed(minus(server.routes, documented))
                                       << "\nin openapi.json but not registered by the server:"
                                       << listed(minus(documented, server.routes));
}

TEST(OpenApiDocument, EveryReferenceResolves) {
  auto doc = document();
  std::vector<std::string> refs;
  collect_refs(doc, refs);
  ASSERT_FALSE(refs.empty());
  for (const auto& ref : refs) {
    ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref << " is not a reference inside the document";
    bool found = false;
    try {
      found = doc.contains(json::json_pointer(ref.substr(1)));
    } catch (const json::exception&) {
    }
    EXPECT_TRUE(found) << ref << " does not resolve";
  }
}

TEST(OpenApiDocument, EveryOperationIsNamedAndSaysWhatItAnswers) {
  auto doc = document();
  std::set<std::string> operation_ids;
  for_each_operation(doc, [&](const std::string& path, const std::string& method, const json&, const json& operation) {
    const auto where = method + " " + path;
    auto id = operation.value("operationId", "");
    EXPECT_FALSE(id.empty()) << where << " has no operationId";
    EXPECT_TRUE(operation_ids.insert(id).second) << where << ": operationId " << id << " is used twice";
    EXPECT_FALSE(operation.value("summary", "").empty()) << where << " has no summary";
    ASSERT_TRUE(operation.contains("responses")) << where;
    bool success = false, client_error = false;
    for (const auto& [status, response] : operation["responses"].items()) {
      success |= status[0] == '2';
      client_error |= status[0] == '4';
      EXPECT_FALSE(resolved(doc, response).value("description", "").empty()) << where << " " << status << " has no description";
    }
    EXPECT_TRUE(success) << where << " documents no 2xx response";
    if (!kPathsWithoutClientErrors.count(path)) {
      EXPECT_TRUE(client_error) << where << " documents no 4xx response";
    }
  });
  EXPECT_FALSE(operation_ids.empty());
}

TEST(OpenApiDocument, EveryPathParameterIsDeclared) {
  auto doc = document();
  static const std::regex placeholder(R"re(\{([^}/]+)\})re");
  for_each_operation(doc, [&](const std::string& path, const std::string& method, const json& item, const json& operation) {
    std::set<std::string> declared;
    for (const auto* owner : {&item, &operation})
      for (const auto& parameter : owner->value("parameters", json::array())) {
        const auto& p = resolved(doc, parameter);
        if (p.value("in", "") == "path") {
          EXPECT_TRUE(p.value("required", false)) << method << " " << path << ": path parameter " << p.value("name", "");
          declared.insert(p.value("name", ""));
        }
      }
    std::set<std::string> in_path;
    for (std::sregex_iterator it(path.begin(), path.end(), placeholder), end; it != end; ++it) in_path.insert((*it)[1].str());
    EXPECT_EQ(declared, in_path) << method << " " << path;
  });
}

// Which routes need no token is decided by is_public_route() in api_server.cpp, and is_public_read() for the
// registry's files (GET /registry/...); the document's `security: []` says the same.
TEST(OpenApiDocument, OnlyThePublicRoutesNeedNoToken) {
  auto doc = document();
  ASSERT_TRUE(doc.contains("security")) << "no global security requirement";
  ASSERT_TRUE(doc.at("components").at("securitySchemes").contains("bearerAuth"));
  EXPECT_EQ(doc["components"]["securitySchemes"]["bearerAuth"].value("scheme", ""), "bearer");

  auto server = read_text(kHttpSources / "api_server.cpp");
  static const std::regex public_check(R"re(bool is_public_route\(const std::string& path\) \{([^}]*)\})re");
  std::smatch body;
  ASSERT_TRUE(std::regex_search(server, body, public_check)) << "is_public_route() not found in api_server.cpp";
  static const std::regex compared(R"re(path == "([^"]+)")re");
  std::set<std::string> public_paths;
  std::string checks = body[1].str();
  for (std::sregex_iterator it(checks.begin(), checks.end(), compared), end; it != end; ++it) public_paths.insert((*it)[1].str());
  ASSERT_FALSE(public_paths.empty());

  std::set<std::string> open_in_document;
  ASSERT_NE(server.find(R"(request.path.rfind("/registry/", 0) == 0)"), std::string::npos) << "is_public_read() changed";
  for_each_operation(doc, [&](const std::string& path, const std::string& method, const json&, const json& operation) {
    const bool open = operation.contains("security") && operation["security"].empty();
    if (path.rfind("/registry/", 0) == 0) EXPECT_EQ(open, method == "GET") << method << " " << path;
    else if (open) open_in_document.insert(path);
  });
  EXPECT_EQ(open_in_document, public_paths);
}

// The document's codes are the table's (engine/core/error_codes.def): every code an error answer can
// carry, with the same status and meaning, and nothing else; likewise the codes only a build's failure has.
TEST(OpenApiDocument, ErrorCodesAreTheTable) {
  auto doc = document();
  const auto& error = doc.at("components").at("schemas").at("Error");
  const auto& failure = doc.at("components").at("schemas").at("BuildFailure");
  std::map<std::string, std::pair<int, std::string>> answers, failures;
  for (auto code : kiln::all_error_codes()) {
    if (kiln::reach(code) == kiln::ErrorReach::Local) continue;
    auto& into = kiln::reach(code) == kiln::ErrorReach::Answer ? answers : failures;
    into[std::string(kiln::to_string(code))] = {kiln::http_status(code), std::string(kiln::meaning(code))};
  }
  ASSERT_FALSE(answers.empty());
  ASSERT_FALSE(failures.empty());

  auto documented = [](const json& listing) {
    std::map<std::string, std::pair<int, std::string>> out;
    for (const auto& [code, entry] : listing.items()) out[code] = {entry.value("status", 0), entry.value("description", "")};
    return out;
  };
  EXPECT_EQ(documented(error.at("x-kiln-error-codes")), answers);
  EXPECT_EQ(documented(failure.at("x-kiln-failure-codes")), failures);

  auto names = [](const auto& listing) {
    std::set<std::string> out;
    for (const auto& [code, entry] : listing) out.insert(code);
    return out;
  };
  auto enum_of = [](const json& property) { return property.at("enum").get<std::set<std::string>>(); };
  EXPECT_EQ(enum_of(error.at("properties").at("error").at("properties").at("code")), names(answers));
  auto any_failure = names(answers);
  any_failure.merge(names(failures));
  EXPECT_EQ(enum_of(failure.at("properties").at("code")), any_failure);
}


// The document states the image grammar the server enforces (check_image_reference), so a client
// that validates against the document is never refused, and a fuzzer finds nothing between them.
TEST(OpenApiDocument, ImageReferenceIsTheServersGrammar) {
  auto doc = document();
  const auto& schema = doc.at("components").at("schemas").at("ImageReference");
  EXPECT_EQ(schema.value("pattern", ""), kImageReferencePattern);
  EXPECT_EQ(schema.value("maxLength", 0u), kImageReferenceMaxLength);
  std::regex pattern(schema.value("pattern", ""));
  for (const char* good : {"app", "myapp:1.0", "kiln/stack-node:bookworm", "127.0.0.1:5000/team/app:v1_2",
                           "registry.example.com/a/b@sha256:0123456789abcdef0123456789abcdef"}) {
    EXPECT_FALSE(check_image_reference(good)) << good;
    EXPECT_TRUE(std::regex_match(good, pattern)) << good;
  }
  // "I/" and "a//b" made the engine redirect; "A" and "a:b:c" made it answer 400 (both were 500s).
  for (const char* bad : {"I/", "a//b", "a/", "A", "a:b:c", "a@b", "a/./b", "-a", "a:-x"}) {
    EXPECT_TRUE(check_image_reference(bad)) << bad;
    EXPECT_FALSE(std::regex_match(bad, pattern)) << bad;
  }
  EXPECT_TRUE(check_image_reference(std::string(256, 'a')));
}

// Other patterns the server enforces with the same text as the document.
TEST(OpenApiDocument, TimeoutAndMemoryPatternsAreTheServers) {
  auto doc = document();
  const auto& schemas = doc.at("components").at("schemas");
  EXPECT_EQ(schemas.at("BuildTimeout").value("pattern", ""), service::kBuildTimeoutPattern);
  EXPECT_EQ(schemas.at("ContainerCreate").at("properties").at("memory").value("pattern", ""), kContainerMemoryPattern);
}

}  // namespace
}  // namespace kiln::http
