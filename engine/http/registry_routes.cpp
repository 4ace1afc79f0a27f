// The server's buildpack registry, a directory registry in <data_dir>/registry
// (registry/directory_publisher.hpp) served over HTTP:
//   GET  /registry/ids, /registry/index/{id}, /registry/packages/{id}/{file}   read by anyone (installs)
//   POST /registry/packages          a package (application/gzip, X-Kiln-Signature): token holders publish
//   POST /api/v1/buildpacks/install  {"package": "id@range", "registry": "name"}: install from the
//                                    registries of registries.toml into <data_dir>/buildpacks, then reload
#include <fstream>

#include "http/api_response.hpp"
#include "http/bundle_upload_reader.hpp"
#include "http/routes.hpp"
#include "plugins/buildpack_descriptor.hpp"
#include "registry/directory_publisher.hpp"
#include "core/whole_file.hpp"
#include "registry/package_installer.hpp"
#include "registry/registry_layout.hpp"
#include "sources/scratch_folder.hpp"

namespace kiln::http {
namespace fs = std::filesystem;
namespace {

void send_file(httplib::Response& response, const fs::path& file, const char* type) {
  auto bytes = read_whole_file(file);
  if (!bytes) return send_error(response, Error{ErrorCode::NotFound, "no such registry file"});
  response.set_content(*bytes, type);
}

// The keys the server's own registry trusts: registries.toml's entry whose location is its folder.
std::vector<std::string> own_trust(const fs::path& registry_dir) {
  auto config = registry::read_registry_config(registry::registry_config_file());
  if (!config) return {};
  std::error_code ec;
  for (const auto& [name, r] : config->registries)
    if (!r.is_http() && fs::equivalent(r.folder(), registry_dir, ec)) return r.trust;
  return {};
}

}  // namespace

void add_registry_routes(httplib::Server& server, ApiContext& context) {
  const fs::path dir = context.config.registry_dir();
  server.Get("/registry/ids", [dir](const httplib::Request&, httplib::Response& response) {
    std::error_code ec;
    if (!fs::exists(dir / registry::kIdsFile, ec)) return response.set_content("", "text/plain");
    send_file(response, dir / registry::kIdsFile, "text/plain");
  });
  server.Get(R"(/registry/index/([^/]+))", [dir](const httplib::Request& request, httplib::Response& response) {
    const std::string id = request.matches[1];
    if (!is_valid_buildpack_id(id)) return send_error(response, Error{ErrorCode::NotFound, "no such buildpack id"});
    send_file(response, dir / registry::index_path(id), "application/x-ndjson");
  });
  server.Get(R"(/registry/packages/([^/]+)/([^/]+))", [dir](const httplib::Request& request, httplib::Response& response) {
    const std::string id = request.matches[1], file = request.matches[2];
    // Only the names publish writes: <id>/<id>-<version>.tar.gz, never a path of another shape.
    if (!is_valid_buildpack_id(id) || file.rfind(id + "-", 0) != 0 || !file.ends_with(".tar.gz") || file.find("..") != std::string::npos)
      return send_error(response, Error{ErrorCode::NotFound, "no such package"});
    send_file(response, dir / "packages" / id / file, "application/gzip");
  });
  server.Post("/registry/packages", reading_to_end(context.config.max_upload_bytes, [&context, dir](const httplib::Request& request, httplib::Response& response,
                                                   const httplib::ContentReader& reader) {
    if (!is_bundle_upload(request))
      return send_error(response, Error{ErrorCode::UnsupportedMediaType, "publish a package as Content-Type: application/gzip"});
    auto body = read_body_text(request, reader, context.config.max_upload_bytes);
    if (!body) return send_error(response, body.error());
    ScratchFolder scratch("kiln-publish-upload");
    const auto file = scratch.path() / "package.tar.gz";
    std::ofstream(file, std::ios::binary) << *body;
    auto entry = registry::publish_to_directory(dir, {file, request.get_header_value("X-Kiln-Signature"), own_trust(dir)});
    if (!entry) {
      auto error = entry.error();
      // Every refusal of the package itself is the client's: a bad request, not a server failure.
      if (error.code == ErrorCode::InvalidBuildpack || error.code == ErrorCode::InvalidConfig) error.code = ErrorCode::InvalidBundle;
      return send_error(response, error);
    }
    context.log.info("buildpack published", {{"package", registry::package_name(*entry)}});
    send_json(response, 201, registry::to_json(*entry));
  }));
  server.Post("/api/v1/buildpacks/install", reading_to_end(context.config.max_request_bytes, [&context](const httplib::Request& request, httplib::Response& response,
                                                            const httplib::ContentReader& reader) {
    auto body = read_json_body(request, reader, context.config.max_request_bytes);
    if (!body) return send_error(response, body.error());
    if (!body->is_object() || !body->contains("package") || !(*body)["package"].is_string() ||
        (body->contains("registry") && !(*body)["registry"].is_string()))
      return send_error(response, Error{ErrorCode::InvalidRequest, "give {\"package\": \"id@range\"} and optionally \"registry\""});
    auto package = registry::parse_package_request((*body)["package"].get<std::string>());
    if (!package) return send_error(response, package.error());
    auto config = registry::read_registry_config(registry::registry_config_file());
    if (!config) return send_error(response, config.error());
    std::optional<std::string> registry_name;
    if (body->contains("registry")) registry_name = (*body)["registry"].get<std::string>();
    auto outcome = registry::install_package(*config, {*package, registry_name, context.config.installed_buildpacks_dir(), false,
                                                       context.config.ca_bundle, context.catalog.loader()});
    if (!outcome) return send_error(response, outcome.error());
    auto loaded = context.catalog.reload();
    context.log.info("buildpack installed", {{"package", registry::package_name(outcome->entry)}, {"loaded", loaded->buildpacks().size()}});
    send_json(response, 200, {{"installed", registry::to_json(outcome->entry)}, {"registry", outcome->registry},
                              {"loaded", loaded->buildpacks().size()}});
  }));
}

}  // namespace kiln::http
