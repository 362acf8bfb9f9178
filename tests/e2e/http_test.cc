// Transport: keep-alive, gzip, limits, malformed requests, slow clients,
// graceful shutdown — none may crash the server or change data.
#include <signal.h>

#include <thread>

#include "http/gzip.h"
#include "tests/e2e/fixture.h"

namespace leads::e2e {
namespace {

class Http : public E2eTest {
  std::vector<std::string> ExtraArgs() override { return {"--read-timeout-ms", "1500"}; }
};

TEST_F(Http, KeepAliveServesManyRequestsOnOneConnection) {
  HttpConnection conn(server_->port());
  for (int i = 0; i < 20; ++i) {
    auto r = conn.Request("GET", "/api/mv1/leads/list?" + kAllTime, SignedHeaders(fwd_));
    Envelope(r, 0);
    EXPECT_FALSE(r->Header("x-request-id").empty());
  }
}

TEST_F(Http, GzipWhenAskedAndLargeEnough) {
  server_->Import(kAccount, MakeLeadsJsonl(20));
  auto h = SignedHeaders(fwd_);
  h["Accept-Encoding"] = "gzip, deflate";
  auto r = server_->Send("GET", "/api/mv1/leads/list?" + kAllTime, h);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("content-encoding"), "gzip");
  auto plain = http::Gunzip(r->body);
  ASSERT_TRUE(plain);
  EXPECT_EQ(boost::json::parse(*plain).at("data").at("list").as_array().size(), 20u);
  // Not asked, or q=0: plain JSON.
  auto h2 = SignedHeaders(fwd_);
  h2["Accept-Encoding"] = "gzip;q=0";
  auto r2 = server_->Send("GET", "/api/mv1/leads/list?" + kAllTime, h2);
  EXPECT_EQ(r2->Header("content-encoding"), "");
  EXPECT_EQ(r2->Json().at("code").as_int64(), 0);
  // Small bodies are not compressed.
  auto h3 = SignedHeaders(fwd_);
  h3["Accept-Encoding"] = "gzip";
  auto r3 = server_->Send("GET", "/api/mv1/leads/list?" + kAllTime + "&page_size=1&page=999", h3);
  EXPECT_EQ(r3->Header("content-encoding"), "");
}

TEST_F(Http, UnknownPathAndWrongMethodAnswerInTheEnvelope) {
  Envelope(server_->Send("GET", "/api/mv1/leads/nope"), 2190, 404);
  Envelope(server_->Send("GET", "/api/mv2/leads/list"), 2190, 404);
  auto root = server_->Send("GET", "/");  // the console's front door
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status / 100, 3) << root->body;
  EXPECT_EQ(root->Header("location"), "/console/");
  Envelope(server_->Send("POST", "/api/mv1/leads/list", SignedHeaders(fwd_), "{}"), 2191, 405);
  Envelope(server_->Send("GET", "/api/mv1/leads/report", SignedHeaders(rep_)), 2191, 405);
  Envelope(server_->Send("DELETE", "/api/mv1/leads/report"), 2191, 405);
  Envelope(server_->Get("/api/mv1/leads/list/?" + kAllTime, fwd_), 0);  // trailing slash tolerated
  Envelope(server_->Send("GET", "/healthz"), 0);
}

TEST_F(Http, BadBodiesGetParameterErrors) {
  struct Case { std::string content_type, body; int code; };
  std::string boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  for (const auto& c : std::vector<Case>{
           {"application/json", "{\"list\":[", 2100},
           {"application/json", "{\"list\":[{\"leads_id\":1,\"leads_intention_score\":\"LEADS_INTENTION_SCORE_LEVEL_1\"}]", 2100},
           {"application/json", "", 2100},
           {"application/json", "[1,2]", 2101},
           {"application/json", "\"x\"", 2101},
           {"application/json", "{\"list\":\"\xff\xfe\"}", 2118},
           {"application/json", std::string(100, '[') + std::string(100, ']'), 2100},
           {"multipart/form-data; boundary=" + boundary,
            "--" + boundary + "\r\nContent-Disposition: form-data; name=\"list\"\r\n\r\n[]\r\n--" + boundary + "--\r\n", 2117},
           {"application/x-www-form-urlencoded", "list=%5B%5D", 2117},
           {"text/plain", "{\"list\":[]}", 2109},  // a JSON body is read whatever the Content-Type says
       }) {
    auto h = SignedHeaders(rep_);
    h["Content-Type"] = c.content_type;
    Envelope(server_->Send("POST", "/api/mv1/leads/report", h, c.body), c.code);
  }
}

TEST_F(Http, OversizedInputsAreRefusedWithoutHarm) {
  // Body over 1 MiB: 413 in the envelope.
  auto h = SignedHeaders(rep_);
  h["Content-Type"] = "application/json";
  Envelope(server_->Send("POST", "/api/mv1/leads/report", h, std::string(1100000, ' ')), 2192, 413);
  // A 64 KiB query string and a header of absurd length: 431.
  Envelope(server_->Send("GET", "/api/mv1/leads/list?" + kAllTime + "&x=" + std::string(65536, 'a'), SignedHeaders(fwd_)), 2193, 431);
  auto big = SignedHeaders(fwd_);
  big["X-Junk"] = std::string(100000, 'j');
  Envelope(server_->Send("GET", "/api/mv1/leads/list?" + kAllTime, big), 2193, 431);
  // An X-Signature of absurd length (within the header limit).
  Envelope(server_->Send("GET", "/api/mv1/leads/list?" + kAllTime, {{"X-Signature", std::string(8000, 'A')}}), 2001);
  // Garbage instead of HTTP: 400 and the connection closes.
  HttpConnection conn(server_->port());
  conn.SendRaw("HELLO\x01\x02 WORLD\r\n\r\n");
  auto r = conn.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  // The server is still fine.
  Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, fwd_), 0);
}

TEST_F(Http, SlowClientsDoNotHoldWorkers) {
  // Open more idle or half-sent connections than there are worker threads.
  std::vector<std::unique_ptr<HttpConnection>> slow;
  for (int i = 0; i < 16; ++i) {
    slow.push_back(std::make_unique<HttpConnection>(server_->port()));
    slow.back()->SendRaw(i % 2 ? "GET /api/mv1/leads/list?start_time=2024-01-01 HTTP/1.1\r\nHost: x\r\n" : "POST /api/mv1/leads/report HTTP/1.1\r\nContent-Length: 100\r\n\r\n{");
  }
  // Others are served meanwhile, promptly.
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, fwd_), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  // The slow ones are cut off after the read deadline (1.5 s here).
  for (auto& c : slow) EXPECT_TRUE(c->WaitClosed(std::chrono::seconds(5)));
}

TEST_F(Http, GracefulShutdownFinishesInFlightRequestsAndClosesIdleOnes) {
  server_->Import(kAccount, MakeLeadsJsonl(200));
  HttpConnection idle(server_->port());
  Envelope(idle.Request("GET", "/api/mv1/leads/list?" + kAllTime, SignedHeaders(fwd_)), 0);
  // A request whose body is still arriving when SIGTERM comes.
  HttpConnection inflight(server_->port());
  auto h = SignedHeaders(intake_);
  std::string body = R"({"list":[{"leads_name":"关机前"}]})";
  std::string req = "POST /intake/v1/leads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Signature: " +
                    h["X-Signature"] + "\r\nX-Signature-Algorithm: SHA256\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n";
  inflight.SendRaw(req + body.substr(0, 5));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server_->process().Signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  inflight.SendRaw(body.substr(5));
  auto r = inflight.Read();
  Envelope(r, 0);
  EXPECT_EQ(r->Header("connection"), "close");
  EXPECT_TRUE(idle.WaitClosed(std::chrono::seconds(5)));
  auto code = server_->process().Wait(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
  ASSERT_TRUE(server_->Start());
  EXPECT_EQ(List(kAllTime).at("page_info").at("total_number").as_int64(), 201);
}

TEST_F(Http, HeadAndHttp10) {
  auto r = server_->Send("HEAD", "/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  HttpConnection conn(server_->port());
  conn.SendRaw("GET /healthz HTTP/1.0\r\n\r\n");
  auto r10 = conn.Read();
  ASSERT_TRUE(r10);
  EXPECT_EQ(r10->Json().at("code").as_int64(), 0);
}

}  // namespace
}  // namespace leads::e2e
