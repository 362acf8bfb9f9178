#include "api/personal_wechat_handler.h"

#include <boost/json.hpp>

#include "api/params.h"
#include "common/time_format.h"
#include "http/envelope.h"

namespace leads::api {
namespace {

constexpr std::string_view kRequired[] = {"uuid", "app_id", "open_id", "avatar_url", "nickname", "click_id", "action_time"};
constexpr std::string_view kOptional[] = {"login_name", "page_id", "page_name"};

}  // namespace

http::Response PersonalWechatHandler::Handle(const http::Request& req, const Principal* principal) {
  auto run = [&]() -> Status {
    LEADS_ASSIGN_OR_RETURN(auto body, ParseJsonBody(req));
    LEADS_ASSIGN_OR_RETURN(auto account_id, JsonInt(body, "account_id"));
    boost::json::object doc;
    for (auto key : kRequired) {
      LEADS_ASSIGN_OR_RETURN(auto v, JsonString(body, key, "", 2048));
      if (!v || v->empty()) return Missing("", key);
      doc[key] = *v;
    }
    if (!account_id) return Missing("", "account_id");
    if (doc["uuid"].as_string().size() > 256)
      return InvalidArgument(ErrorCode::kInvalidValue, "uuid: longer than 256 bytes");
    if (!ParseDateTime(std::string_view(doc["action_time"].as_string()), offset_))
      return InvalidArgument(ErrorCode::kInvalidTime, "action_time: must be yyyy-mm-dd HH:MM:SS");
    for (auto key : kOptional) {
      LEADS_ASSIGN_OR_RETURN(auto v, JsonString(body, key, "", 2048));
      if (v) doc[key] = *v;
    }
    LEADS_ASSIGN_OR_RETURN(auto login_type, JsonInt(body, "login_name_type"));
    if (login_type) {
      if (*login_type != 1 && *login_type != 12)
        return InvalidArgument(ErrorCode::kInvalidValue, "login_name_type: must be 1 (QQ) or 12 (WeChat)");
      doc["login_name_type"] = *login_type;
    }
    doc["account_id"] = *account_id;
    LEADS_RETURN_IF_ERROR(auth_.CheckAccount(*principal, *account_id));
    PersonalWechatReport r{std::string(doc["uuid"].as_string()), *account_id, boost::json::serialize(doc),
                           clock_.NowSeconds()};
    return store_.InsertPersonalWechat(r);
  };
  Status s = run();
  if (!s.ok()) return http::ErrorResponse(s);
  return http::OkResponse("{}");
}

}  // namespace leads::api
