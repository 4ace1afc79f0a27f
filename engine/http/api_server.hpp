#pragma once
// The HTTP API server: routes, bearer-token auth, JSON errors for every
// failure (unknown route, oversized body, a handler that throws), a request
// log, and a thread pool sized for long-lived log streams.
#include <memory>

#include <httplib.h>

#include "http/api_context.hpp"
#include "http/closing_server.hpp"
#include "http/documented_methods.hpp"

namespace kiln::http {

class ApiServer {
 public:
  explicit ApiServer(ApiContext& context);
  // Binds the listening socket; port 0 picks a free port (see port()).
  Status bind();
  int port() const { return port_; }
  // Serves until stop(); blocks.
  void run();
  void stop();

 private:
  void install_guards();
  ApiContext& context_;
  ClosingServer server_;
  DocumentedMethods documented_methods_;
  int port_ = 0;
  int listening_socket_ = -1;  // set by the socket-options hook when the listening socket is made
};

// Constant-time check of an "Authorization: Bearer <token>" header against the configured tokens.
bool bearer_token_accepted(const std::string& header, const std::vector<std::string>& tokens);

}  // namespace kiln::http
