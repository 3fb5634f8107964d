// Conversions between Beast messages and the transport-free ApiRequest/ApiResponse, and the
// headers every API response carries (JSON content type, no caching of personal data).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/request_context.hpp"

namespace hotline::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// `remote_address` is the peer of the connection: no proxy header is trusted.
ApiRequest to_api_request(BeastRequest&& request, std::string remote_address);

// `version` and `keep_alive` come from the request (HTTP/1.0 or 1.1, Connection header).
BeastResponse to_beast_response(ApiResponse&& response, unsigned version, bool keep_alive);

}  // namespace hotline::http
