#pragma once
// Loopback helpers for source tests: a free TCP port, and a listener that
// accepts connections into its backlog but never answers (a hung server).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace kiln::testing {

// Binds 127.0.0.1:0 and returns the socket (listening when `listen_backlog` > 0).
inline int bind_loopback(int listen_backlog, int* port_out) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw std::runtime_error("cannot bind 127.0.0.1:0");
  if (listen_backlog > 0 && ::listen(fd, listen_backlog) != 0) throw std::runtime_error("cannot listen");
  socklen_t length = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  *port_out = ntohs(addr.sin_port);
  return fd;
}

// A port that was free a moment ago (for servers that cannot bind port 0 themselves).
inline int free_loopback_port() {
  int port = 0;
  ::close(bind_loopback(0, &port));
  return port;
}

// True once something accepts TCP connections on 127.0.0.1:port (waits up to `limit`).
inline bool wait_for_port(int port, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (connected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// httplib::Server::stop() before listen_after_bind() has started does not stop
// it: a test waits for the server to run before it can end.
template <class Server>
void wait_until_running(const Server& server) {
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

// Connections complete in the kernel's backlog; nothing is ever sent back.
class SilentListener {
 public:
  SilentListener() { fd_ = bind_loopback(16, &port_); }
  ~SilentListener() { ::close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  int port() const { return port_; }

  // Accepts the oldest pending connection and reads until the peer closes it.
  // True when the peer closed it within `limit` (its process is gone), false if
  // no connection came or it stayed open.
  bool next_connection_closed_within(std::chrono::milliseconds limit) const {
    pollfd pending{fd_, POLLIN, 0};
    if (::poll(&pending, 1, 0) <= 0) return false;
    int conn = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) return false;
    auto until = std::chrono::steady_clock::now() + limit;
    bool closed = false;
    char buffer[4096];
    while (!closed && std::chrono::steady_clock::now() < until) {
      pollfd p{conn, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      auto n = ::read(conn, buffer, sizeof buffer);
      closed = n <= 0;
    }
    ::close(conn);
    return closed;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace kiln::testing
