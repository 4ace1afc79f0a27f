#pragma once
// An httplib::Server that ends a kept-alive connection after every answer that
// says `Connection: close`.
//
// cpp-httplib 0.11 decides whether to read another request from a connection
// by the request alone (its `Connection` header, the keep-alive count): an
// answer's `Connection: close` is only sent, and the server goes on reading.
// When a route answered without reading the request's body (a refused token, a
// body over the limit, a GET with a body, a read stopped half way), the body's
// bytes were then parsed as the next request, and a client that sent one more
// request on the connection got a 400 for it, or an answer to what the body
// happened to spell. Here the connection loop is kiln's (httplib's own
// request processing, on httplib's own socket stream): after such an answer
// it stops reading, tells the client it is done (FIN), drains what is still
// arriving for a moment, and closes.
#include <httplib.h>

namespace kiln::http {

class ClosingServer : public httplib::Server {
 public:
  // Takes the server's post-routing handler (it notes which answers close); do not set another.
  ClosingServer();

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Waits for the next request's first bytes, at most the keep-alive timeout; false when none
  // came, the client went away or the server is stopping.
  bool next_request_arrives(socket_t sock) const;
};

// Marks an answer as the connection's last: it says `Connection: close`, and the connection ends after it.
void close_connection_after(httplib::Response& response);

}  // namespace kiln::http
