#include "net/probes.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <future>

#include "net/http.hpp"

namespace bicepgate::net {
namespace {

ProbeResult http_once(const Probe& probe) {
  ProbeResult result;
  HttpRequest request;
  request.url = probe.target;
  request.timeout = probe.timeout;
  request.connect_timeout = probe.timeout;
  request.user_agent = "bicepgate-health-probe";
  auto response = perform(request);
  if (!response) {
    result.detail = response.error().message;
    return result;
  }
  result.healthy = response->status == probe.expect_status;
  result.detail = "HTTP " + std::to_string(response->status) +
                  (result.healthy ? "" : " (expected " + std::to_string(probe.expect_status) + ")");
  return result;
}

ProbeResult tcp_once(const Probe& probe) {
  ProbeResult result;
  auto colon = probe.target.rfind(':');
  std::string host = probe.target.substr(0, colon);
  std::string port = probe.target.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    result.detail = "cannot resolve " + host + ": " + gai_strerror(rc);
    return result;
  }
  result.detail = "no address for " + host;
  for (addrinfo* a = found; a != nullptr && !result.healthy; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd pfd{fd, POLLOUT, 0};
      int ready = ::poll(&pfd, 1, static_cast<int>(probe.timeout.count() * 1000));
      if (ready == 1) {
        int error = 0;
        socklen_t length = sizeof(error);
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
        rc = error == 0 ? 0 : -1;
        errno = error;
      } else {
        rc = -1;
        if (ready == 0) errno = ETIMEDOUT;
      }
    }
    if (rc == 0) {
      result.healthy = true;
      result.detail = "connected";
    } else {
      result.detail = std::string("connect failed: ") + std::strerror(errno);
    }
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return result;
}

}  // namespace

ProbeResult run_probe(const Probe& probe, const util::RetryHooks& hooks) {
  ensure_curl();
  ProbeResult result;
  // A probe's delay doubles without a cap or jitter: a few attempts over seconds, not a storm.
  const util::RetryPolicy policy{probe.attempts,
                                 {probe.retry_delay, std::chrono::milliseconds::max(), false}};
  util::retry(policy, hooks, [&](int attempt) {
    result = probe.kind == "tcp" ? tcp_once(probe) : http_once(probe);
    result.attempts = attempt;
    return util::AttemptVerdict{!result.healthy, std::nullopt};
  });
  return result;
}

std::vector<ProbeResult> run_probes(const std::vector<Probe>& probes) {
  ensure_curl();
  std::vector<std::future<ProbeResult>> running;
  running.reserve(probes.size());
  for (const auto& probe : probes)
    running.push_back(std::async(std::launch::async, [probe] { return run_probe(probe); }));
  std::vector<ProbeResult> results;
  results.reserve(probes.size());
  for (auto& future : running) results.push_back(future.get());
  return results;
}

}  // namespace bicepgate::net
