// The only translation unit of the server that includes Beast.
#include "http/server.h"

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "http/envelope.h"
#include "http/gzip.h"

namespace leads::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class Session;

struct Server::Impl {
  ServerOptions opts;
  const Router& router;
  RequestObserver* observer;
  std::string id_prefix;  // 8 random hex digits: request ids differ across processes
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  net::signal_set signals{ioc};
  std::unique_ptr<net::steady_timer> drain_timer;
  std::atomic<bool> draining{false};
  std::atomic<size_t> connections{0};
  std::atomic<uint64_t> next_id{1};
  uint16_t bound_port = 0;
  std::mutex mu;
  std::set<std::weak_ptr<Session>, std::owner_less<std::weak_ptr<Session>>> sessions;

  Impl(ServerOptions o, const Router& r, RequestObserver* obs) : opts(std::move(o)), router(r), observer(obs) {
    std::random_device rd;
    char buf[16];
    snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rd()));
    id_prefix = buf;
  }
  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void BeginShutdown();
  void OnSessionEnd();
  void CancelDrainTimerIfDone();
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server::Impl& server, bool reject)
      : stream_(std::move(socket)), server_(server), reject_(reject) {
    ++server_.connections;
    // Beast reads at most max(512, free capacity) bytes at a time and an
    // empty flat_buffer only grows to what a read asked for, so without this
    // a 7 KB report body took 14 reads (and as many timer and epoll calls).
    buffer_.reserve(kReadBufferBytes);
  }
  ~Session() { server_.OnSessionEnd(); }

  void Start() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Begin, shared_from_this()));
  }

  // Called on shutdown: closes the connection unless a request is in flight.
  void Drain() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->reading_ && !(self->parser_ && self->parser_->got_some())) self->Close();
    });
  }

 private:
  void Begin() {
    if (reject_) {
      Response res = ErrorResponse(Unavailable(ErrorCode::kOverloaded, "too many open connections; retry later"));
      std::string id = server_.id_prefix + Hex(server_.next_id++);
      Observe(res, id);
      Send(std::move(res), false, false, id);
      return;
    }
    Read();
  }

  void Read() {
    if (server_.draining) return Close();
    parser_.emplace();
    parser_->body_limit(server_.opts.body_limit);
    parser_->header_limit(static_cast<uint32_t>(server_.opts.header_limit));
    reading_ = true;
    stream_.expires_after(first_ ? server_.opts.read_timeout : server_.opts.idle_timeout);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    reading_ = false;
    if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == beast::error::timeout || ec == net::error::connection_reset || ec == net::error::eof)
      return Close();
    if (ec == bhttp::error::body_limit)
      return SendError(InvalidArgument(ErrorCode::kBodyTooLarge, "request body larger than " +
                                                                     std::to_string(server_.opts.body_limit) + " bytes"));
    if (ec == bhttp::error::header_limit)
      return SendError(InvalidArgument(ErrorCode::kHeaderTooLarge, "request line and headers larger than " +
                                                                       std::to_string(server_.opts.header_limit) + " bytes"));
    if (ec) {
      if (ec.category() == beast::error_code(bhttp::error::bad_target).category())
        return SendError(InvalidArgument(ErrorCode::kBadHttp, "malformed HTTP request: " + ec.message()));
      return Close();
    }
    first_ = false;
    // After the header arrives, the body gets its own deadline from the
    // start of the request; here the request is complete.
    Handle(parser_->release());
  }

  // An error before the request was read whole: answer, then drain what the
  // client is still sending for a moment before closing, so it reads the
  // answer instead of a reset (a lingering close, as nginx does).
  void SendError(const Status& st) {
    linger_ = true;
    Response res = ErrorResponse(st);
    std::string id = server_.id_prefix + Hex(server_.next_id++);
    Observe(res, id);
    Send(std::move(res), false, false, id);
  }

  // Tells the observer about a request answered before it was read whole
  // (read errors, overload): no route, method or path.
  void Observe(const Response& res, const std::string& id) {
    if (!server_.observer) return;
    RequestRecord rec;
    rec.request_id = id;
    rec.remote = Remote();
    rec.route = server_.router.RouteLabels().size();
    rec.status = res.status;
    rec.code = res.code;
    rec.bytes = res.body.size();
    server_.observer->OnRequest(rec);
  }

  void Handle(bhttp::request<bhttp::string_body> req) {
    auto t0 = std::chrono::steady_clock::now();
    Request r;
    r.method = req.method_string();
    std::string_view target = req.target();
    size_t q = target.find('?');
    r.path = target.substr(0, q);
    r.query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    r.body = req.body();
    r.remote = Remote();
    r.headers.reserve(16);
    for (const auto& f : req) r.headers.emplace_back(f.name_string(), f.value());
    // A sane incoming id (1-64 of [A-Za-z0-9._:-]) is kept, so a proxy's id
    // follows the request; otherwise ours: 8 random hex digits per process
    // and a counter.
    std::string_view incoming_id = r.Header("X-Request-Id");
    bool id_ok = !incoming_id.empty() && incoming_id.size() <= 64;
    for (char c : incoming_id)
      id_ok = id_ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == ':' || c == '-');
    r.request_id = id_ok ? std::string(incoming_id) : server_.id_prefix + Hex(server_.next_id++);

    DispatchInfo info;
    Response res = server_.router.Dispatch(r, &info);
    bool gzip = res.body.size() >= server_.opts.gzip_min_bytes && AcceptsGzip(r.Header("Accept-Encoding"));
    bool keep = req.keep_alive() && !server_.draining;
    if (server_.observer) {
      RequestRecord rec;
      rec.request_id = r.request_id;
      rec.method = r.method;
      rec.path = r.path;
      rec.remote = r.remote;
      rec.route = info.route;
      rec.status = res.status;
      rec.code = res.code;
      rec.micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
      rec.bytes = res.body.size();
      rec.account_id = info.account_id;
      server_.observer->OnRequest(rec);
    }
    Send(std::move(res), keep, gzip, r.request_id, req.method() == bhttp::verb::head, req.version());
  }

  static std::string Hex(uint64_t v) {
    char buf[24];
    snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(v));
    return buf;
  }

  void Send(Response res, bool keep_alive, bool gzip, const std::string& request_id, bool head = false,
            unsigned version = 11) {
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(res.status), version);
    msg->set(bhttp::field::server, "leadsd");
    msg->set(bhttp::field::content_type, res.content_type);
    if (!request_id.empty()) msg->set("X-Request-Id", request_id);
    for (auto& [k, v] : res.headers) msg->set(k, v);
    if (gzip) {
      if (auto z = Gzip(res.body)) {
        res.body = std::move(*z);
        msg->set(bhttp::field::content_encoding, "gzip");
      }
      msg->set(bhttp::field::vary, "Accept-Encoding");
    }
    msg->keep_alive(keep_alive);
    size_t length = res.body.size();
    if (!head) msg->body() = std::move(res.body);
    msg->content_length(length);
    if (head) msg->body().clear();
    stream_.expires_after(server_.opts.write_timeout);
    auto self = shared_from_this();
    if (head) {
      auto sr = std::make_shared<bhttp::response_serializer<bhttp::string_body>>(*msg);
      bhttp::async_write_header(stream_, *sr, [self, msg, sr, keep_alive](beast::error_code ec, size_t) {
        self->OnWrite(keep_alive, ec);
      });
      return;
    }
    bhttp::async_write(stream_, *msg, [self, msg, keep_alive](beast::error_code ec, size_t) {
      self->OnWrite(keep_alive, ec);
    });
  }

  void OnWrite(bool keep_alive, beast::error_code ec) {
    if (!ec && linger_) return Linger();
    if (ec || !keep_alive) return Close();
    Read();
  }

  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(net::buffer(discard_), [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > (4u << 20)) return self->Close();
      self->DrainSome();
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  // The peer's address, asked of the socket once per connection (a system
  // call per request otherwise).
  const std::string& Remote() {
    if (!remote_) {
      beast::error_code ec;
      auto ep = stream_.socket().remote_endpoint(ec);
      remote_ = ec ? std::string() : ep.address().to_string();
    }
    return *remote_;
  }

  static constexpr size_t kReadBufferBytes = 16 * 1024;
  std::optional<std::string> remote_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Server::Impl& server_;
  bool reject_;
  bool reading_ = false;
  bool first_ = true;
  bool linger_ = false;
  size_t drained_ = 0;
  std::array<char, 8192> discard_{};
};

void Server::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void Server::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || draining) return;
  if (!ec) {
    bool reject = connections.load() >= opts.max_connections;
    auto s = std::make_shared<Session>(std::move(socket), *this, reject);
    {
      std::lock_guard lock(mu);
      for (auto it = sessions.begin(); it != sessions.end();) it = it->expired() ? sessions.erase(it) : std::next(it);
      sessions.insert(s);
    }
    s->Start();
  } else {
    spdlog::warn("accept failed: {}", ec.message());
  }
  Accept();
}

void Server::Impl::BeginShutdown() {
  if (draining.exchange(true)) return;
  spdlog::info("shutting down: draining connections");
  beast::error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mu);
    for (auto& w : sessions)
      if (auto s = w.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->Drain();
  {
    std::lock_guard lock(mu);
    drain_timer = std::make_unique<net::steady_timer>(ioc, opts.drain_timeout);
    drain_timer->async_wait([this](beast::error_code e) {
      if (!e) {
        spdlog::warn("drain timeout: stopping with connections still open");
        ioc.stop();
      }
    });
  }
  CancelDrainTimerIfDone();
}

void Server::Impl::OnSessionEnd() {
  if (--connections == 0 && draining) net::post(ioc, [this] { CancelDrainTimerIfDone(); });
}

void Server::Impl::CancelDrainTimerIfDone() {
  std::lock_guard lock(mu);
  if (drain_timer && connections.load() == 0) drain_timer->cancel();
}

Server::Server(ServerOptions options, const Router& router, RequestObserver* observer)
    : impl_(std::make_unique<Impl>(std::move(options), router, observer)) {}
Server::~Server() = default;

Status Server::Listen() {
  beast::error_code ec;
  auto addr = net::ip::make_address(impl_->opts.host, ec);
  if (ec) return InvalidArgument(ErrorCode::kInvalidValue, "--listen: bad address '" + impl_->opts.host + "'");
  tcp::endpoint ep(addr, impl_->opts.port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Unavailable(ErrorCode::kInternal, "--listen: cannot listen on " + impl_->opts.host + ":" +
                                                       std::to_string(impl_->opts.port) + ": " + ec.message());
  impl_->bound_port = a.local_endpoint().port();
  return Status::Ok();
}

uint16_t Server::port() const { return impl_->bound_port; }

void Server::Run() {
  if (impl_->opts.handle_signals) {
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGTERM);
    impl_->signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) impl_->BeginShutdown();
    });
  }
  impl_->Accept();
  unsigned n = impl_->opts.threads ? impl_->opts.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < n; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void Server::Shutdown() {
  net::post(impl_->ioc, [this] { impl_->BeginShutdown(); });
}

}  // namespace leads::http
