// The only leadsctl translation unit that includes Beast and asio::ssl.
#include "client/tls_server.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <thread>
#include <vector>

#include "http/envelope.h"

namespace leads::ctl {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;

struct TlsServer::Impl {
  TlsServerOptions opts;
  RequestHandler handler;
  net::io_context ioc;
  ssl::context ctx{ssl::context::tls_server};
  tcp::acceptor acceptor{ioc};
  net::signal_set signals{ioc};
  uint16_t bound_port = 0;

  Impl(TlsServerOptions o, RequestHandler h) : opts(std::move(o)), handler(std::move(h)) {}
  void Accept();
};

namespace {

class TlsSession : public std::enable_shared_from_this<TlsSession> {
 public:
  TlsSession(tcp::socket&& socket, TlsServer::Impl& server) : stream_(std::move(socket), server.ctx), server_(server) {}

  void Start() {
    beast::get_lowest_layer(stream_).expires_after(server_.opts.timeout);
    stream_.async_handshake(ssl::stream_base::server,
                            [self = shared_from_this()](beast::error_code ec) { self->OnHandshake(ec); });
  }

 private:
  void OnHandshake(beast::error_code ec) {
    if (ec) return Close();
    Read();
  }

  void Read() {
    parser_.emplace();
    parser_->body_limit(server_.opts.body_limit);
    beast::get_lowest_layer(stream_).expires_after(server_.opts.timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::body_limit)
      return Send(http::ErrorResponse(InvalidArgument(ErrorCode::kBodyTooLarge, "request body too large")), false);
    if (ec) return Close();
    auto req = parser_->release();
    http::Request r;
    r.method = req.method_string();
    std::string_view target = req.target();
    size_t q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    r.body = req.body();
    beast::error_code ignored;
    auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ignored);
    std::string remote = ignored ? std::string() : ep.address().to_string();
    r.remote = remote;
    for (const auto& f : req) r.headers.emplace_back(f.name_string(), f.value());
    http::Response res;
    try {
      res = server_.handler(r);
    } catch (const std::exception& e) {
      res = http::ErrorResponse(Internal(ErrorCode::kInternal, "internal error"));
    }
    Send(std::move(res), req.keep_alive());
  }

  void Send(http::Response res, bool keep_alive) {
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(res.status), 11);
    msg->set(bhttp::field::server, "leadsctl");
    msg->set(bhttp::field::content_type, res.content_type);
    for (auto& [k, v] : res.headers) msg->set(k, v);
    msg->keep_alive(keep_alive);
    msg->body() = std::move(res.body);
    msg->prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(server_.opts.timeout);
    bhttp::async_write(stream_, *msg, [self = shared_from_this(), msg, keep_alive](beast::error_code ec, size_t) {
      if (ec || !keep_alive) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().close(ignored);
    });
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  TlsServer::Impl& server_;
};

}  // namespace

void TlsServer::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (!ec) std::make_shared<TlsSession>(std::move(socket), *this)->Start();
    Accept();
  });
}

TlsServer::TlsServer(TlsServerOptions options, RequestHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}
TlsServer::~TlsServer() = default;

Status TlsServer::Listen() {
  beast::error_code ec;
  auto& ctx = impl_->ctx;
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  ctx.use_certificate_chain_file(impl_->opts.cert_file, ec);
  if (ec) return InvalidArgument(ErrorCode::kInvalidValue, "--cert " + impl_->opts.cert_file + ": " + ec.message());
  ctx.use_private_key_file(impl_->opts.key_file, ssl::context::pem, ec);
  if (ec) return InvalidArgument(ErrorCode::kInvalidValue, "--key " + impl_->opts.key_file + ": " + ec.message());
  auto addr = net::ip::make_address(impl_->opts.host, ec);
  if (ec) return InvalidArgument(ErrorCode::kInvalidValue, "--listen: bad address '" + impl_->opts.host + "'");
  tcp::endpoint ep(addr, impl_->opts.port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return Unavailable(ErrorCode::kInternal, "--listen: cannot listen on " + impl_->opts.host + ":" +
                                                 std::to_string(impl_->opts.port) + ": " + ec.message());
  impl_->bound_port = a.local_endpoint().port();
  return Status::Ok();
}

uint16_t TlsServer::port() const { return impl_->bound_port; }

void TlsServer::Run() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) Shutdown();
  });
  impl_->Accept();
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < std::max(1u, impl_->opts.threads); ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void TlsServer::Shutdown() {
  net::post(impl_->ioc, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->signals.cancel(ignored);
    impl_->ioc.stop();
  });
}

}  // namespace leads::ctl
