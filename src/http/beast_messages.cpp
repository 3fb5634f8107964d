#include "http/beast_messages.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <string>

namespace hotline::http {

namespace http = boost::beast::http;

ApiRequest to_api_request(BeastRequest&& request, std::string remote_address) {
  ApiRequest api;
  api.method = std::string(request.method_string());
  api.target = std::string(request.target());
  api.authorization = std::string(request[http::field::authorization]);
  api.cookie = std::string(request[http::field::cookie]);
  api.body = std::move(request.body());
  api.remote_address = std::move(remote_address);
  return api;
}

BeastResponse to_beast_response(ApiResponse&& response, unsigned version, bool keep_alive) {
  BeastResponse out{static_cast<http::status>(response.status), version};
  out.set(http::field::server, "hotline/" HOTLINE_VERSION);
  out.set(http::field::cache_control, "no-store");
  if (response.status != 204) out.set(http::field::content_type, "application/json; charset=utf-8");
  for (auto& [name, value] : response.headers) {
    if (boost::beast::iequals(name, "Content-Type"))
      out.set(http::field::content_type, value);  // a body that is not JSON (audio)
    else
      out.insert(name, value);
  }
  out.body() = std::move(response.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

}  // namespace hotline::http
