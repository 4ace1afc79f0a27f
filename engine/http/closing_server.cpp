#include "http/closing_server.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>

namespace kiln::http {
namespace {

using Clock = std::chrono::steady_clock;

// How long a closing connection still takes in what the client sends: closing a socket with
// unread input makes the kernel answer with a reset, which can destroy the last answer before
// the client has read it. A client that read the answer closes its side well within this.
constexpr auto kLinger = std::chrono::milliseconds(1000);
// How often a connection waiting for its next request looks whether the server is stopping.
constexpr int kStopCheckMs = 100;

// Set by the post-routing handler, read by the connection loop. httplib runs a connection's
// requests one after the other on the one pool thread that owns the connection, so the
// thread's flag is the connection's.
thread_local bool answer_closes_connection = false;

// RFC 9112 6.3: a request with neither Content-Length nor Transfer-Encoding has no body.
// httplib would instead read one until the client closes (or its read timeout, 30 s).
void no_body_without_length(httplib::Request& request) {
  if (!request.has_header("Content-Length") && !request.has_header("Transfer-Encoding"))
    request.set_header("Content-Length", "0");
}

void linger_and_close(socket_t sock) {
  ::shutdown(sock, SHUT_WR);
  const auto deadline = Clock::now() + kLinger;
  char dropped[16 * 1024];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd ready{sock, POLLIN, 0};
    if (left <= 0 || ::poll(&ready, 1, static_cast<int>(left)) <= 0) break;
    if (::recv(sock, dropped, sizeof dropped, 0) <= 0) break;  // the client closed, or an error
  }
  httplib::detail::close_socket(sock);
}

}  // namespace

void close_connection_after(httplib::Response& response) {
  if (response.get_header_value("Connection") != "close") response.set_header("Connection", "close");
}

ClosingServer::ClosingServer() {
  set_post_routing_handler([](const httplib::Request&, httplib::Response& response) {
    if (response.get_header_value("Connection") != "close") return;
    answer_closes_connection = true;
    response.headers.erase("Keep-Alive");  // httplib adds it to every answer it keeps the connection for
  });
}

bool ClosingServer::next_request_arrives(socket_t sock) const {
  const auto deadline = Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
  while (svr_sock_ != INVALID_SOCKET) {
    pollfd ready{sock, POLLIN, 0};
    int got = ::poll(&ready, 1, kStopCheckMs);
    if (got > 0) return true;  // bytes, or the client's close (the request read then finds nothing)
    if (got < 0 && errno != EINTR) return false;
    if (Clock::now() >= deadline) return false;
  }
  return false;
}

// httplib's own loop (process_server_socket), but for the answer that closes.
bool ClosingServer::process_and_close_socket(socket_t sock) {
  bool ok = false;
  bool closed_by_answer = false;
  for (auto left = keep_alive_max_count_; left > 0 && next_request_arrives(sock); --left) {
    bool closed_by_client = false;
    answer_closes_connection = false;
    ok = httplib::detail::process_client_socket(sock, read_timeout_sec_, read_timeout_usec_, write_timeout_sec_,
                                                write_timeout_usec_, [&](httplib::Stream& stream) {
                                                  return process_request(stream, left == 1, closed_by_client,
                                                                         no_body_without_length);
                                                });
    closed_by_answer = answer_closes_connection;
    if (!ok || closed_by_client || closed_by_answer) break;
  }
  if (closed_by_answer) {
    linger_and_close(sock);
  } else {
    ::shutdown(sock, SHUT_RDWR);
    httplib::detail::close_socket(sock);
  }
  return ok;
}

}  // namespace kiln::http
