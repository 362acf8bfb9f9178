// Every wire code the server answers with, in one table (API.md §4 ranges):
// 0 success, 1100–1199 internal, 2000–2099 authentication/permission,
// 2100–2199 parameter. The README's error table is checked against this one
// by a test, and `leadsd codes` prints it.
#pragma once

#include <array>
#include <string_view>

namespace leads {

// X(id, code, http_status, summary)
#define LEADS_ERROR_CODE_LIST(X)                                                             \
  X(kOk, 0, 200, "success")                                                                  \
  X(kInternal, 1100, 200, "internal error")                                                  \
  X(kStoreUnavailable, 1101, 200, "store unavailable; retry later")                          \
  X(kOverloaded, 1102, 503, "server overloaded; retry later")                                \
  X(kShuttingDown, 1103, 503, "server shutting down; retry on another instance")             \
  X(kPushUnavailable, 1104, 200, "push is not available on this server")                    \
  X(kSignatureMissing, 2000, 200, "X-Signature header missing")                              \
  X(kSignatureMalformed, 2001, 200, "X-Signature is not base64 of 3 or 4 comma-separated parts") \
  X(kAlgorithmUnsupported, 2002, 200, "X-Signature-Algorithm is not SHA1 or SHA256")         \
  X(kTimestampMalformed, 2003, 200, "signature timestamp is not 10-digit epoch seconds")     \
  X(kTimestampOutOfWindow, 2004, 200, "signature timestamp differs from server time by more than 300 s") \
  X(kNonceInvalid, 2005, 200, "signature nonce is not 1-32 characters")                      \
  X(kNonceReplayed, 2006, 200, "signature nonce already used for this token")                \
  X(kTokenUnknown, 2007, 200, "unknown token")                                               \
  X(kTokenRevoked, 2008, 200, "token revoked")                                               \
  X(kSignatureMismatch, 2009, 200, "signature digest does not match")                        \
  X(kScopeMismatch, 2010, 200, "token scope does not allow this interface")                  \
  X(kOldSchemeDisabled, 2011, 200, "the old three-part signature scheme is disabled here")   \
  X(kAccountNotPermitted, 2012, 200, "token is not allowed for this account_id")             \
  X(kRateLimited, 2013, 200, "too many requests for this token; retry after Retry-After seconds") \
  X(kMetricsUnauthorized, 2014, 401, "metrics: Authorization: Bearer token missing or wrong")  \
  X(kConsoleSignInRequired, 2020, 401, "console: sign in first (no session, or it ended)")  \
  X(kConsoleBadCredentials, 2021, 401, "console: wrong username or password")                \
  X(kConsoleSignInThrottled, 2022, 429, "console: too many failed sign-ins; wait and retry")  \
  X(kConsoleCsrf, 2023, 403, "console: X-CSRF-Token header missing or wrong")                 \
  X(kConsoleAccountForbidden, 2024, 403, "console: this user may not access this account")   \
  X(kConsoleRoleForbidden, 2025, 403, "console: this action needs the administrator role")   \
  X(kBodyNotJson, 2100, 200, "request body is not valid JSON")                               \
  X(kBodyNotObject, 2101, 200, "request body must be a JSON object")                         \
  X(kMissingParameter, 2102, 200, "required parameter missing")                              \
  X(kWrongType, 2103, 200, "parameter has the wrong JSON type")                              \
  X(kInvalidValue, 2104, 200, "parameter value is invalid or out of range")                  \
  X(kUnknownEnum, 2105, 200, "parameter is not a value of its enum")                         \
  X(kUnknownField, 2106, 200, "unknown field")                                               \
  X(kInvalidTime, 2107, 200, "time is not yyyy-mm-dd, yyyy-mm-dd HH:MM:SS or epoch seconds") \
  X(kTimeRangeReversed, 2108, 200, "start_time is after end_time")                           \
  X(kListSize, 2109, 200, "list has too few or too many items")                              \
  X(kLeadNotFound, 2110, 200, "leads_id is not a lead of this account")                      \
  X(kCursorNotFound, 2111, 200, "search_after_leads_id is not a lead of this account")       \
  X(kConvertTypeNotAllowed, 2112, 200, "leads_convert_type not allowed by the account's status system") \
  X(kReasonNotAllowed, 2113, 200, "leads_ineffect_reason not allowed by the account's status system") \
  X(kReasonWithoutConvertType, 2114, 200, "leads_ineffect_reason given without leads_convert_type") \
  X(kNoIndustry, 2115, 200, "leads_status_system_option 2 needs an account with an industry") \
  X(kDuplicateUuid, 2116, 200, "uuid already reported")                                      \
  X(kUnsupportedMediaType, 2117, 200, "request body must be JSON, not multipart or form data") \
  X(kInvalidUtf8, 2118, 200, "text is not valid UTF-8")                                      \
  X(kDuplicateParameter, 2119, 200, "parameter given more than once")                        \
  X(kPasswordPolicy, 2120, 200, "password must be 10-1024 characters, not one repeated")     \
  X(kSpendCsvInvalid, 2121, 200, "spend CSV: a row is not date,campaign_id,spend[,revenue]")  \
  X(kTooFewOutcomes, 2122, 200, "too few reported outcomes to fit the account's score model") \
  X(kUnknownPath, 2190, 404, "no such interface")                                            \
  X(kMethodNotAllowed, 2191, 405, "method not allowed for this interface")                   \
  X(kBodyTooLarge, 2192, 413, "request body too large")                                      \
  X(kHeaderTooLarge, 2193, 431, "request line or headers too large")                         \
  X(kBadHttp, 2194, 400, "malformed HTTP request")

#define LEADS_ERROR_ID_(id, code, http, summary) id = code,
enum class ErrorCode { LEADS_ERROR_CODE_LIST(LEADS_ERROR_ID_) };
#undef LEADS_ERROR_ID_

struct ErrorCodeInfo {
  ErrorCode id;
  int code;
  int http_status;
  std::string_view summary;
};

#define LEADS_ERROR_INFO_(id, code, http, summary) ErrorCodeInfo{ErrorCode::id, code, http, summary},
inline constexpr std::array kErrorCodeTable{LEADS_ERROR_CODE_LIST(LEADS_ERROR_INFO_)};
#undef LEADS_ERROR_INFO_

constexpr int Code(ErrorCode e) { return static_cast<int>(e); }

// The HTTP status that goes with a wire code (200 for business errors).
constexpr int HttpStatusFor(int code) {
  for (const auto& e : kErrorCodeTable)
    if (e.code == code) return e.http_status;
  return 200;
}

}  // namespace leads
