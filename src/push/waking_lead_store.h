// A LeadStore that wakes the push worker once leads are stored (their
// outbox rows are written in the same transaction), so a lead taken in by
// this process is pushed at once instead of at the worker's next poll.
#pragma once

#include <functional>
#include <utility>

#include "store/lead_store.h"

namespace leads::push {

class WakingLeadStore final : public LeadStore {
 public:
  WakingLeadStore(LeadStore& inner, std::function<void()> wake) : inner_(inner), wake_(std::move(wake)) {}

  StatusOr<std::vector<int64_t>> InsertLeads(int64_t account_id, std::vector<NewLead>& batch, int64_t now) override {
    auto ids = inner_.InsertLeads(account_id, batch, now);
    if (ids.ok() && !ids->empty()) wake_();
    return ids;
  }
  StatusOr<ListPage> ListLeads(const ListQuery& q) override { return inner_.ListLeads(q); }
  StatusOr<Lead> GetLead(int64_t account_id, int64_t leads_id) override { return inner_.GetLead(account_id, leads_id); }
  Status ApplyReports(int64_t account_id, const std::vector<LeadReport>& reports,
                      const std::function<Status(const LeadReport&, Lead&)>& mutate, int64_t now) override {
    return inner_.ApplyReports(account_id, reports, mutate, now);
  }
  StatusOr<int64_t> LeadsGeneration(int64_t account_id) override { return inner_.LeadsGeneration(account_id); }
  Status InsertPersonalWechat(const PersonalWechatReport& r) override { return inner_.InsertPersonalWechat(r); }
  StatusOr<std::vector<PersonalWechatReport>> ListPersonalWechat(int64_t account_id) override {
    return inner_.ListPersonalWechat(account_id);
  }

 private:
  LeadStore& inner_;
  std::function<void()> wake_;
};

}  // namespace leads::push
