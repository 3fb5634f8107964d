#include "http/listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <chrono>

#include "http/http_session.hpp"

namespace hotline::http {

namespace asio = boost::asio;
using asio::ip::tcp;

Result<std::shared_ptr<Listener>> Listener::open(asio::io_context& io, const tcp::endpoint& at,
                                                 const ApiDispatcher& dispatcher,
                                                 const WebAppFiles& web_files, asio::thread_pool& handlers,
                                                 const WebSocketEndpoint* websocket) {
  boost::system::error_code ec;
  tcp::acceptor acceptor(asio::make_strand(io));
  std::string step = "open";
  acceptor.open(at.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) step = "bind", acceptor.bind(at, ec);
  if (!ec) step = "listen on", acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::string where = at.address().to_string() + ":" + std::to_string(at.port());
    return Error::unavailable("cannot " + step + " " + where + ": " + ec.message());
  }
  return std::make_shared<Listener>(io, std::move(acceptor), dispatcher, web_files, handlers, websocket);
}

Listener::Listener(asio::io_context& io, tcp::acceptor&& acceptor, const ApiDispatcher& dispatcher,
                   const WebAppFiles& web_files, asio::thread_pool& handlers,
                   const WebSocketEndpoint* websocket)
    : io_(io),
      acceptor_(std::move(acceptor)),
      retry_timer_(acceptor_.get_executor()),
      port_(acceptor_.local_endpoint().port()),
      dispatcher_(dispatcher),
      web_files_(web_files),
      handlers_(handlers),
      websocket_(websocket) {}

void Listener::start() {
  asio::dispatch(acceptor_.get_executor(),
                 boost::beast::bind_front_handler(&Listener::accept, shared_from_this()));
}

void Listener::accept() {
  acceptor_.async_accept(asio::make_strand(io_),
                         boost::beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (!ec) {
    std::make_shared<HttpSession>(std::move(socket), dispatcher_, web_files_, handlers_, websocket_)->start();
    return accept();
  }
  // Out of descriptors, say: pause instead of spinning on an accept that keeps failing.
  spdlog::warn("http: accept failed: {}", ec.message());
  retry_timer_.expires_after(std::chrono::milliseconds(100));
  retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
    if (!wait_ec) self->accept();
  });
}

}  // namespace hotline::http
