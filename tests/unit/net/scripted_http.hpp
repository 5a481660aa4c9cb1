#pragma once
// A scripted HTTP server on 127.0.0.1 for the clients' retry tests: each connection is read up to
// the end of its request and answered with the next scripted response, then closed (the last
// response repeats). It counts the requests it answered.

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace bicepgate::test {

struct ScriptedAnswer {
  int status = 200;
  std::string extra_headers;  // "Name: value\r\n" lines
  std::string body;
};

class ScriptedHttp {
 public:
  explicit ScriptedHttp(std::vector<ScriptedAnswer> script) : script_(std::move(script)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    ::listen(listener_, 8);
    serving_ = std::thread([this] { serve(); });
  }
  ScriptedHttp(const ScriptedHttp&) = delete;
  ScriptedHttp& operator=(const ScriptedHttp&) = delete;
  ~ScriptedHttp() {
    stop_ = true;
    serving_.join();
    ::close(listener_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_.load(); }

 private:
  void serve() {
    while (!stop_) {
      pollfd ready{listener_, POLLIN, 0};
      if (::poll(&ready, 1, 50) != 1) continue;
      int connection = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (connection < 0) continue;
      read_request(connection);
      const auto& answer =
          script_[std::min<std::size_t>(static_cast<std::size_t>(requests_), script_.size() - 1)];
      std::string reply = "HTTP/1.1 " + std::to_string(answer.status) + " Scripted\r\n" +
                          answer.extra_headers + "Content-Type: application/json\r\n" +
                          "Content-Length: " + std::to_string(answer.body.size()) +
                          "\r\nConnection: close\r\n\r\n" + answer.body;
      ++requests_;
      (void)::send(connection, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(connection);
    }
  }

  // Headers, then as much body as Content-Length says.
  static void read_request(int connection) {
    std::string seen;
    char buffer[4096];
    for (;;) {
      pollfd ready{connection, POLLIN, 0};
      if (::poll(&ready, 1, 2000) != 1) return;
      ssize_t n = ::recv(connection, buffer, sizeof(buffer), 0);
      if (n <= 0) return;
      seen.append(buffer, static_cast<std::size_t>(n));
      auto end = seen.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      std::size_t body = 0;
      if (auto at = seen.find("Content-Length: "); at != std::string::npos && at < end)
        body = std::stoul(seen.substr(at + 16));
      if (seen.size() >= end + 4 + body) return;
    }
  }

  std::vector<ScriptedAnswer> script_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread serving_;
};

}  // namespace bicepgate::test
