// One push request, built at send time from the account as it is now (its
// push URL, algorithm and newest forwarding credential), so changes apply
// to deliveries still pending.
//
// Headers (API.md §5.5, plus our own):
//   Content-Type: application/json
//   X-Signature            old three-part scheme, account's forwarding pair
//   X-Signature-Algorithm  the account's push algorithm (SHA1 | SHA256)
//   X-Leads-Delivery-Id    the delivery (stable across its attempts)
//   X-Leads-Attempt        1, 2, ... (counts every attempt of the delivery)
//   X-Leads-Timestamp      epoch seconds, the one signed in X-Signature
//   X-Leads-Body-Signature hex HMAC-SHA256(forwarding secret,
//                          timestamp "." delivery id "." body)
//   X-Leads-Test: 1        only on `leadsd push test`
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "model/account.h"
#include "model/lead.h"
#include "push/push_url.h"
#include "push/sender.h"
#include "store/account_store.h"

namespace leads::push {

inline constexpr char kHeaderDeliveryId[] = "X-Leads-Delivery-Id";
inline constexpr char kHeaderAttempt[] = "X-Leads-Attempt";
inline constexpr char kHeaderTimestamp[] = "X-Leads-Timestamp";
inline constexpr char kHeaderBodySignature[] = "X-Leads-Body-Signature";
inline constexpr char kHeaderTest[] = "X-Leads-Test";

struct PushTarget {
  Account account;
  Credential credential;  // the newest non-revoked forwarding pair
  PushUrl url;
};

// Reads the account and its credentials now. InvalidArgument with a message
// fit for the delivery log when the account cannot be pushed to (no push
// URL, a bad URL, plain http not allowed, no forwarding credential) or does
// not exist.
StatusOr<PushTarget> ResolveTarget(AccountStore& accounts, CredentialStore& credentials, int64_t account_id,
                                   bool allow_http);

PushRequest BuildPushRequest(const PushTarget& target, std::string body, std::string_view delivery_id,
                             int attempt, int64_t timestamp, std::chrono::milliseconds timeout,
                             bool test = false);

// The push body (§6 push field set) of a lead stored as its pull document.
StatusOr<std::string> PushBodyFromDoc(std::string_view doc);

// The leads_id of test pushes: below the first id a deployment assigns,
// so it is never a real lead's.
inline constexpr int64_t kTestLeadsId = 100000000;
inline constexpr char kTestTag[] = "测试推送";

// A sample lead of the account, clearly marked as a test (leads_tags
// "测试推送", leads_name "测试线索", leads_id kTestLeadsId).
Lead SampleLead(const Account& account, int64_t now, int utc_offset);

}  // namespace leads::push
