// /api/v1/containers: containers started from images kiln built. The engine
// runs them on the host network (bridge networking may be unavailable), so
// a container's port is the PORT it is told to listen on.
#include <regex>

#include "core/quantity_parsing.hpp"
#include "core/value_checks.hpp"
#include "http/api_response.hpp"
#include "http/routes.hpp"
#include "runners/engine_endpoint.hpp"
#include "runners/managed_containers.hpp"
#include "service/strict_json_reader.hpp"

namespace kiln::http {
namespace {

constexpr int kStopGraceSeconds = 10;

Result<ContainerSpec> read_container_spec(const nlohmann::json& body) {
  auto reader = service::strict_object(body);
  if (!reader) return reader.error();
  ContainerSpec spec;
  auto image = reader->string("image");
  auto name = reader->string("name");
  auto port = reader->integer("port");
  auto env = reader->string_map("env");
  auto restart = reader->string("restart_policy");
  auto memory = reader->string("memory");
  const auto* cpus = reader->raw("cpus");
  for (const Error* failed : {image ? nullptr : &image.error(), name ? nullptr : &name.error(), port ? nullptr : &port.error(),
                              env ? nullptr : &env.error(), restart ? nullptr : &restart.error(), memory ? nullptr : &memory.error()})
    if (failed) return *failed;
  if (auto rest = reader->no_other_fields(); !rest) return rest.error();
  if (!image->has_value()) return reader->invalid("image", "is required");
  spec.image = **image;
  if (auto problem = check_image_reference(spec.image)) return reader->invalid("image", *problem);
  if (name->has_value()) {
    // The engine wants at least two characters in a name it is given.
    if (!is_container_reference(**name) || name->value().size() < 2)
      return reader->invalid("name", "must be 2 to 128 letters, digits, '_', '.', '-', starting with a letter or digit");
    spec.name = **name;
  }
  for (const auto& [key, value] : *env) {
    if (auto problem = check_env_name(key)) return reader->invalid("env." + key, *problem);
    if (auto problem = check_single_line("'env." + key + "'", value)) return reader->invalid("env." + key, *problem);
  }
  spec.env = *env;
  if (port->has_value()) {
    if (auto problem = check_port(**port)) return reader->invalid("port", *problem);
    spec.env["PORT"] = std::to_string(**port);
    spec.labels["io.kiln.port"] = std::to_string(**port);
  }
  if (restart->has_value()) {
    static const std::set<std::string> policies{"no", "always", "unless-stopped", "on-failure"};
    if (!policies.count(**restart)) return reader->invalid("restart_policy", "must be no, always, unless-stopped or on-failure");
    spec.restart_policy = **restart;
  }
  if (memory->has_value()) {
    // Whole mebibytes (at least the engine's 6m) or gibibytes, as the document's pattern says.
    static const std::regex grammar(kContainerMemoryPattern);
    if (!std::regex_match(**memory, grammar)) return reader->invalid("memory", "must be like 512m or 2g, at least 6m");
    spec.memory_bytes = *parse_size(**memory);
  }
  if (cpus) {
    // The engine counts in billionths and refuses less than a hundredth of a CPU.
    if (!cpus->is_number() || cpus->get<double>() < 0.01 || cpus->get<double>() > 1024)
      return reader->invalid("cpus", "must be a number of CPUs from 0.01 to 1024, e.g. 1.5");
    spec.cpus = cpus->get<double>();
  }
  spec.labels["io.kiln.role"] = "app";
  return spec;
}

// Runs `action` with a connected engine, answering 503 when the engine is away.
template <class Action>
void with_engine(ApiContext& context, httplib::Response& response, Action action) {
  auto engine = DockerEngine::connect(engine_address(context.config.engine));
  if (!engine) return send_error(response, Error{ErrorCode::EngineUnavailable, engine.error().message});
  ManagedContainers containers(*engine);
  action(containers);
}

void container_action(ApiContext& context, const httplib::Request& request, httplib::Response& response,
                      const httplib::ContentReader& reader, Status (*act)(const ManagedContainers&, const std::string&)) {
  if (auto drained = discard_body(request, reader, context.config.max_request_bytes); !drained)
    return send_error(response, drained.error());
  const std::string id = request.matches[1];
  with_engine(context, response, [&](ManagedContainers& containers) {
    if (auto done = act(containers, id); !done) return send_error(response, done.error());
    auto container = containers.get(id);
    if (!container) return send_json(response, 200, {{"id", id}});
    send_json(response, 200, to_json(*container));
  });
}

}  // namespace

// Bodiless POSTs take a content reader: without one, httplib waits for a body that a `curl -X POST`
// without Content-Length never sends; with it they drop any body that does come (discard_body).
void add_container_routes(httplib::Server& server, ApiContext& context) {
  server.Get("/api/v1/containers", [&](const httplib::Request&, httplib::Response& response) {
    with_engine(context, response, [&](ManagedContainers& containers) {
      auto list = containers.list();
      if (!list) return send_error(response, list.error());
      nlohmann::json out = nlohmann::json::array();
      for (const auto& container : *list) out.push_back(to_json(container));
      send_json(response, 200, {{"containers", out}});
    });
  });
  server.Post("/api/v1/containers", reading_to_end(context.config.max_request_bytes, [&](const httplib::Request& request, httplib::Response& response,
                                        const httplib::ContentReader& reader) {
    auto body = read_json_body(request, reader, context.config.max_request_bytes);
    if (!body) return send_error(response, body.error());
    auto spec = read_container_spec(*body);
    if (!spec) return send_error(response, spec.error());
    with_engine(context, response, [&](ManagedContainers& containers) {
      auto created = containers.create(*spec);
      if (!created) return send_error(response, created.error());
      send_json(response, 201, to_json(*created));
    });
  }));
  server.Get(R"(/api/v1/containers/([^/]+))", [&](const httplib::Request& request, httplib::Response& response) {
    with_engine(context, response, [&](ManagedContainers& containers) {
      auto container = containers.get(request.matches[1]);
      if (!container) return send_error(response, container.error());
      send_json(response, 200, to_json(*container));
    });
  });
  server.Post(R"(/api/v1/containers/([^/]+)/start)", reading_to_end(context.config.max_request_bytes, [&](const httplib::Request& request, httplib::Response& response,
                                                           const httplib::ContentReader& reader) {
    container_action(context, request, response, reader, [](const ManagedContainers& c, const std::string& id) { return c.start(id); });
  }));
  server.Post(R"(/api/v1/containers/([^/]+)/stop)", reading_to_end(context.config.max_request_bytes, [&](const httplib::Request& request, httplib::Response& response,
                                                           const httplib::ContentReader& reader) {
    container_action(context, request, response, reader,
                     [](const ManagedContainers& c, const std::string& id) { return c.stop(id, kStopGraceSeconds); });
  }));
  server.Post(R"(/api/v1/containers/([^/]+)/restart)", reading_to_end(context.config.max_request_bytes, [&](const httplib::Request& request, httplib::Response& response,
                                                           const httplib::ContentReader& reader) {
    container_action(context, request, response, reader,
                     [](const ManagedContainers& c, const std::string& id) { return c.restart(id, kStopGraceSeconds); });
  }));
  server.Delete(R"(/api/v1/containers/([^/]+))", [&](const httplib::Request& request, httplib::Response& response) {
    const std::string id = request.matches[1];
    with_engine(context, response, [&](ManagedContainers& containers) {
      if (auto removed = containers.remove(id); !removed) return send_error(response, removed.error());
      response.status = 204;
    });
  });
}

}  // namespace kiln::http
