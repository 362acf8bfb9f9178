// JSON renderings of what the console API returns. Credentials render
// without their secret unless `with_secret` (only the call that issued it).
#pragma once

#include <boost/json.hpp>

#include "console/push_ops.h"
#include "model/account.h"
#include "store/console_store.h"

namespace leads::console {

boost::json::object UserJson(const ConsoleUser& u);
boost::json::object AccountJson(const Account& a);
boost::json::object CredentialJson(const Credential& c, bool with_secret, int utc_offset);
boost::json::object EventJson(const LeadEvent& e, int utc_offset);
boost::json::object PushAttemptJson(const PushAttemptView& a, int utc_offset);
boost::json::object DashboardJson(const DashboardData& d);

}  // namespace leads::console
