#include "net/probes.hpp"

#include "net/http.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <future>
#include <thread>

namespace bicepgate::net {
namespace {

size_t discard(char*, size_t size, size_t count, void*) {
  return size * count;
}

ProbeResult http_once(const Probe& probe) {
  ProbeResult result;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    result.detail = "libcurl could not start";
    return result;
  }
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, probe.target.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(probe.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(probe.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "bicepgate-health-probe");
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  // A private CA (a test's self-signed certificate, a corporate proxy) as curl's tool takes it.
  for (const char* variable : {"CURL_CA_BUNDLE", "SSL_CERT_FILE"}) {
    if (const char* bundle = std::getenv(variable); bundle != nullptr && *bundle != '\0') {
      curl_easy_setopt(curl, CURLOPT_CAINFO, bundle);
      break;
    }
  }
  CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    result.detail = error[0] != '\0' ? error : curl_easy_strerror(code);
  } else {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    result.healthy = status == probe.expect_status;
    result.detail =
        "HTTP " + std::to_string(status) +
        (result.healthy ? "" : " (expected " + std::to_string(probe.expect_status) + ")");
  }
  curl_easy_cleanup(curl);
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

ProbeResult run_probe(const Probe& probe) {
  ensure_curl();
  ProbeResult result;
  auto delay = probe.retry_delay;
  for (int attempt = 1; attempt <= std::max(1, probe.attempts); ++attempt) {
    result = probe.kind == "tcp" ? tcp_once(probe) : http_once(probe);
    result.attempts = attempt;
    if (result.healthy || attempt == probe.attempts) break;
    std::this_thread::sleep_for(delay);
    delay *= 2;
  }
  return result;
}

std::vector<ProbeResult> run_probes(const std::vector<Probe>& probes) {
  ensure_curl();
  std::vector<std::future<ProbeResult>> running;
  running.reserve(probes.size());
  for (const auto& probe : probes)
    running.push_back(std::async(std::launch::async, run_probe, probe));
  std::vector<ProbeResult> results;
  results.reserve(probes.size());
  for (auto& future : running) results.push_back(future.get());
  return results;
}

}  // namespace bicepgate::net
