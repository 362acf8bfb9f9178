// Verifying a push (API.md §5.5) with the same primitives the push sender
// signs with (auth/signature.h).
#include "leads/push.h"

#include <boost/json.hpp>

#include "auth/signature.h"
#include "common/clock.h"
#include "common/encoding.h"
#include "common/error_codes.h"

namespace leads::client {
namespace {

Error Reject(ErrorCode code, std::string message) {
  return Error(Error::Kind::kRejected, std::move(message), Code(code));
}

std::optional<int64_t> TenDigits(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<VerifiedPush> VerifyPush(const PushVerifyOptions& options, const HeaderLookup& header, std::string_view body) {
  const int64_t now = options.now ? options.now() : SystemClock().NowSeconds();
  const int64_t window = options.window.count();

  auto parsed = ParseSignature(header("X-Signature"));
  if (!parsed.ok()) return Error(Error::Kind::kRejected, parsed.status().message(), parsed.status().code());
  if (parsed->nonce)
    return Reject(ErrorCode::kSignatureMalformed,
                  "X-Signature: pushes are signed with the old three-part scheme, got four parts");
  auto alg = ParseAlgorithmHeader(header("X-Signature-Algorithm"));
  if (!alg.ok()) return Error(Error::Kind::kRejected, alg.status().message(), alg.status().code());
  auto ts = TenDigits(parsed->timestamp);
  if (!ts) return Reject(ErrorCode::kTimestampMalformed, "X-Signature: timestamp is not 10-digit epoch seconds");
  if (*ts > now + window || *ts < now - window)
    return Reject(ErrorCode::kTimestampOutOfWindow, "X-Signature: timestamp " + parsed->timestamp +
                                                        " differs from this receiver's time by more than " +
                                                        std::to_string(window) + " s");
  if (!ConstantTimeEquals(parsed->token, options.forwarding.token))
    return Reject(ErrorCode::kTokenUnknown, "X-Signature: token is not this receiver's forwarding token");
  std::string seed = parsed->token + "." + parsed->timestamp + "." + options.forwarding.secret;
  if (!ConstantTimeEquals(Lower(parsed->digest), HexDigest(*alg, seed)))
    return Reject(ErrorCode::kSignatureMismatch, "X-Signature: digest does not match the forwarding secret");

  VerifiedPush out;
  out.algorithm = *alg == SignatureAlgorithm::kSha1 ? Algorithm::kSha1 : Algorithm::kSha256;
  out.delivery_id = std::string(header("X-Leads-Delivery-Id"));
  std::string_view attempt = header("X-Leads-Attempt");
  if (!attempt.empty() && attempt.size() < 9 && attempt.find_first_not_of("0123456789") == std::string_view::npos)
    out.attempt = std::stoi(std::string(attempt));

  std::string_view body_sig = header("X-Leads-Body-Signature");
  if (body_sig.empty()) {
    if (options.require_body_signature)
      return Reject(ErrorCode::kSignatureMissing, "X-Leads-Body-Signature header missing (required by this receiver)");
  } else {
    std::string_view lts_text = header("X-Leads-Timestamp");
    auto lts = TenDigits(lts_text);
    if (!lts) return Reject(ErrorCode::kTimestampMalformed, "X-Leads-Timestamp: not 10-digit epoch seconds");
    if (*lts > now + window || *lts < now - window)
      return Reject(ErrorCode::kTimestampOutOfWindow, "X-Leads-Timestamp: differs from this receiver's time by more than " +
                                                          std::to_string(window) + " s");
    if (out.delivery_id.empty())
      return Reject(ErrorCode::kSignatureMalformed, "X-Leads-Delivery-Id header missing (signed by X-Leads-Body-Signature)");
    std::string expected = BodySignature(options.forwarding.secret, *lts, out.delivery_id, body);
    if (!ConstantTimeEquals(Lower(body_sig), expected))
      return Reject(ErrorCode::kSignatureMismatch, "X-Leads-Body-Signature: does not match the body");
    out.body_signed = true;
  }

  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec) return Reject(ErrorCode::kBodyNotJson, "body: not valid JSON (" + ec.message() + ")");
  if (!v.is_object()) return Reject(ErrorCode::kBodyNotObject, "body: must be a JSON object");
  if (!v.get_object().contains("leads_id")) return Reject(ErrorCode::kMissingParameter, "leads_id: missing");
  auto lead = Lead::FromJson(body);
  if (!lead.ok()) return Reject(ErrorCode::kInvalidValue, "leads_id: must be a positive integer");
  out.lead = std::move(*lead);
  return out;
}

namespace {
// {"code","message","msg"} (API.md §4; `msg` repeats `message`).
std::string Envelope(int code, std::string_view message) {
  std::string m = IsValidUtf8(message) ? std::string(message) : std::string("invalid UTF-8 in message");
  std::string out = "{\"code\":" + std::to_string(code) + ",\"message\":";
  AppendJsonString(out, m);
  out += ",\"msg\":";
  AppendJsonString(out, m);
  out += "}";
  return out;
}
}  // namespace

std::string PushAck(std::string_view message) { return Envelope(0, message); }

std::string PushReject(const Error& error) {
  return Envelope(error.code() ? error.code() : Code(ErrorCode::kInternal), error.message());
}

}  // namespace leads::client
