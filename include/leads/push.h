// leads client library: verifying the platform's pushes (API.md §5.5).
//
// The platform POSTs each new lead to the advertiser's URL, signed with the
// OLD three-part scheme and the account's forwarding pair. leadsd also sends
//   X-Leads-Delivery-Id, X-Leads-Attempt, X-Leads-Timestamp and
//   X-Leads-Body-Signature = hex HMAC-SHA256(forwarding secret,
//                                  timestamp "." delivery_id "." body)
// so a receiver can check that the body was not altered. Use VerifyPush in
// your own endpoint, answer PushAck() on success and PushReject(error) on
// failure (any non-zero code makes the platform retry later).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "leads/lead.h"
#include "leads/result.h"
#include "leads/signer.h"

namespace leads::client {

struct PushVerifyOptions {
  Credentials forwarding{};                // the account's forwarding pair
  std::chrono::seconds window{300};      // allowed clock difference
  bool require_body_signature = false;   // reject pushes without X-Leads-Body-Signature
  std::function<int64_t()> now{};          // epoch seconds; default system clock
};

struct VerifiedPush {
  Lead lead{};
  std::string delivery_id{};  // X-Leads-Delivery-Id ("" when not sent)
  int attempt = 0;          // X-Leads-Attempt (0 when not sent)
  bool body_signed = false; // X-Leads-Body-Signature was present and matched
  Algorithm algorithm = Algorithm::kSha1;
};

// Looks a request header up by name (case-insensitive); "" when absent.
using HeaderLookup = std::function<std::string_view(std::string_view name)>;

// Checks X-Signature (old scheme: token matches, timestamp within the
// window, digest matches in constant time), the body signature (when sent,
// or always with require_body_signature) and parses the body as a lead.
// A failure is Error::Kind::kRejected with the code to answer (2000-range
// for the signature, 2100-range for the body) and a message naming the
// header or field.
Result<VerifiedPush> VerifyPush(const PushVerifyOptions& options, const HeaderLookup& header, std::string_view body);

// The envelopes to answer with.
std::string PushAck(std::string_view message = "success");
std::string PushReject(const Error& error);

}  // namespace leads::client
