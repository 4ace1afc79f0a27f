#include "http/api_server.hpp"

#include <sys/socket.h>

#include <openssl/crypto.h>

#include "http/api_response.hpp"
#include "http/closing_server.hpp"
#include "http/routes.hpp"

namespace kiln::http {
namespace {

// The route a load balancer or orchestrator probes without credentials, and the webhooks, which a
// git host signs with the app's secret instead (webhook_routes.cpp checks it).
bool is_public_route(const std::string& path) {
  return path == "/healthz" || path == "/api/v1/hooks/github" || path == "/api/v1/hooks/gitlab" || path == "/api/v1/hooks/generic";
}

// The registry's files (http/registry_routes.cpp) are read by installs, which carry no token; publishing takes one.
bool is_public_read(const httplib::Request& request) {
  return (request.method == "GET" || request.method == "HEAD") && request.path.rfind("/registry/", 0) == 0;
}

bool has_body(const httplib::Request& request) {
  auto length = request.get_header_value("Content-Length");
  return (!length.empty() && length != "0") ||
         request.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
}

// httplib reads a body before routing only for these methods (DELETE only with a length); for any
// other method the body stays on the connection, so the answer is its last.
bool httplib_reads_body(const httplib::Request& request) {
  const auto& method = request.method;
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "PRI" ||
         (method == "DELETE" && request.has_header("Content-Length"));
}

}  // namespace

bool bearer_token_accepted(const std::string& header, const std::vector<std::string>& tokens) {
  static const std::string prefix = "Bearer ";
  if (header.compare(0, prefix.size(), prefix) != 0) return false;
  auto given = header.substr(prefix.size());
  bool accepted = false;
  for (const auto& token : tokens)
    // Every token is compared in full, whatever matched before, so timing says nothing.
    accepted |= given.size() == token.size() && CRYPTO_memcmp(given.data(), token.data(), token.size()) == 0;
  return accepted;
}

ApiServer::ApiServer(ApiContext& context) : context_(context) {
  auto threads = static_cast<std::size_t>(context.config.http_threads);
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_.set_payload_max_length(static_cast<std::size_t>(context.config.max_upload_bytes));
  server_.set_read_timeout(std::chrono::seconds(30));
  server_.set_write_timeout(std::chrono::seconds(30));
  server_.set_keep_alive_max_count(1000);
  server_.set_tcp_nodelay(true);
  // httplib's defaults set SO_REUSEPORT, which lets a second server bind the same port and take half
  // the connections; kiln sets SO_REUSEADDR only, so "address in use" is an error at start. The
  // option hook also sees the listening socket, whose backlog is raised after bind (see bind()).
  server_.set_socket_options([this](int socket) {
    int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listening_socket_ = socket;
  });
  install_guards();
  add_build_routes(server_, context);
  add_log_routes(server_, context);
  add_source_routes(server_, context);
  add_buildpack_routes(server_, context);
  add_runtime_routes(server_, context);
  add_container_routes(server_, context);
  add_app_routes(server_, context);
  add_webhook_routes(server_, context);
  add_registry_routes(server_, context);
}

void ApiServer::install_guards() {
  server_.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
    if (has_body(request) && !httplib_reads_body(request)) close_connection_after(response);
    if (context_.config.tokens.empty() || is_public_route(request.path) || is_public_read(request)) return httplib::Server::HandlerResponse::Unhandled;
    if (bearer_token_accepted(request.get_header_value("Authorization"), context_.config.tokens))
      return httplib::Server::HandlerResponse::Unhandled;
    response.set_header("WWW-Authenticate", "Bearer");
    // Refused before its body was read: an unknown client's upload is not read for nothing.
    if (has_body(request)) close_connection_after(response);
    send_error(response, Error{ErrorCode::Unauthorized, "this server needs a token: Authorization: Bearer <token>"});
    return httplib::Server::HandlerResponse::Handled;
  });
  // Failures the routes did not answer themselves (unknown path, body over the limit, ...) still answer JSON.
  server_.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    // httplib's own refusals but "no route" leave bytes unread: a request line or header it could not
    // take (a method it does not know: QUERY, ...), a bad Range, a target or a body over the limit, a
    // body it stopped reading. The next request would start inside them: this answer is the last.
    if (response.status != 404) close_connection_after(response);
    // httplib says 404 (400 for a method it has no table for, such as TRACE) when a known path
    // lacks the method; a client is better told 405 and which methods there are.
    // For a method httplib does not know at all (QUERY, ...) it stops before setting the path; the
    // request target still holds it.
    auto path = request.path.empty() ? request.target.substr(0, request.target.find('?')) : request.path;
    if ((response.status == 404 || response.status == 400) && !documented_methods_.allows(path, request.method))
      if (auto allow = documented_methods_.allow_header(path)) {
        response.set_header("Allow", *allow);
        response.status = 405;
      }
    switch (response.status) {
      case 404: send_error(response, Error{ErrorCode::NotFound, "no route " + request.method + " " + request.path.substr(0, 200)}); break;
      case 413: send_error(response, Error{ErrorCode::PayloadTooLarge, "the request body is too large"}); break;
      case 405: send_error(response, Error{ErrorCode::MethodNotAllowed, request.method + " is not allowed here"}); break;
      case 414: send_error(response, Error{ErrorCode::UriTooLong, "the request target is too long"}); break;
      default:
        // httplib's other refusals are malformed requests, or its own failures.
        send_error(response, Error{response.status >= 500 ? ErrorCode::InternalError : ErrorCode::BadRequest,
                                   "the request could not be handled (HTTP " + std::to_string(response.status) + ")"});
    }
    return httplib::Server::HandlerResponse::Handled;
  }));
  server_.set_exception_handler([this](const httplib::Request& request, httplib::Response& response, std::exception_ptr error) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    context_.log.error("request failed", {{"method", request.method}, {"path", request.path}, {"error", what}});
    close_connection_after(response);  // the route may have stopped inside the body
    send_error(response, Error{ErrorCode::InternalError, "the server failed on this request; see its log"});
  });
  if (!context_.config.access_log) return;
  server_.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    context_.log.info("request", {{"method", request.method}, {"path", request.path}, {"status", response.status},
                                  {"remote", request.remote_addr}});
  });
}

Status ApiServer::bind() {
  if (context_.config.port == 0) {
    port_ = server_.bind_to_any_port(context_.config.host);
    if (port_ < 0) return Error{ErrorCode::BindFailed, "cannot listen on " + context_.config.host};
  } else {
    if (!server_.bind_to_port(context_.config.host, context_.config.port))
      return Error{ErrorCode::BindFailed, "cannot listen on " + context_.config.host + ":" + std::to_string(context_.config.port) +
                                      " (in use, or not an address of this machine)"};
    port_ = context_.config.port;
  }
  // Debian's httplib listens with a backlog of 5: a burst of clients would see dropped SYNs and
  // one-second retries. Listening again on the bound socket only raises the backlog.
  if (listening_socket_ >= 0) ::listen(listening_socket_, SOMAXCONN);
  return Ok{};
}

void ApiServer::run() { server_.listen_after_bind(); }

void ApiServer::stop() {
  context_.stopping = true;
  context_.builds.feed().wake_all();
  server_.stop();
}

}  // namespace kiln::http
