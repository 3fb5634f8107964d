// http_client: the HTTP/1.1 client that IVR flows' http nodes call outside services with (IVR-5,
// IVR-6): a CRM lookup, an account balance. One request per connection (no pooling); http:// and
// https:// (TLS with the system's trusted CAs, the host name verified, SNI sent).
//
// Every request has one deadline for the whole exchange (resolve, connect, TLS, send, receive),
// a cap on the response's size, and the client a cap on requests in flight: one over it is
// refused at once rather than queued, so a slow service cannot pile up calls waiting behind it.
// Failures are values: an InvalidArgument for a request that cannot be sent (bad URL or method),
// Unavailable naming the step that failed (resolve, connect, TLS, send, receive, time out, too
// large, too many in flight). Any HTTP status is a response, not an error.
//
// Threads: the client runs its own io_context thread. fetch() may be called from any thread;
// `done` runs on the client's thread, so it must not block: the IVR posts the result to the core
// loop. Requests still in flight at stop() are dropped without their callback.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace hotline::http_client {

struct ClientRequest {
  std::string method = "GET";  // GET, POST, PUT, PATCH, DELETE, ...
  std::string url;             // http://host[:port]/path?query or https://...
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;                // sent as is; the caller sets Content-Type
  std::int64_t timeout_ms = 3000;  // the whole exchange
};

struct ClientResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

struct HttpClientOptions {
  std::size_t max_response_bytes = 1 << 20;  // headers excluded (limited to 16 KiB apart)
  std::size_t max_in_flight = 64;
  std::string user_agent = std::string("Hotline/") + HOTLINE_VERSION;
};

class HttpClient {
 public:
  using Done = std::function<void(Result<ClientResponse>)>;

  virtual ~HttpClient() = default;
  // Sends the request; `done` is called once, on the client's thread (unless stopped first).
  virtual void fetch(ClientRequest request, Done done) = 0;
  virtual std::size_t in_flight() const = 0;
  // Stops the thread; requests in flight are dropped. Idempotent; the destructor calls it.
  virtual void stop() = 0;
};

std::unique_ptr<HttpClient> start_http_client(HttpClientOptions options = {});

}  // namespace hotline::http_client
