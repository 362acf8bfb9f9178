// A LeadStore that wakes the push worker once leads are stored (their
// outbox rows are written in the same transaction), so a lead taken in by
// this process is pushed at once instead of at the worker's next poll.
#pragma once

#include <functional>
#include <memory>
#include <utility>

#include "store/lead_store.h"

namespace leads::push {

class WakingLeadStore final : public LeadStore {
 public:
  WakingLeadStore(LeadStore& inner, std::function<void()> wake) : inner_(inner), wake_(std::move(wake)) {}

  StatusOr<std::unique_ptr<LeadImport>> BeginImport(int64_t account_id, int64_t now) override {
    LEADS_ASSIGN_OR_RETURN(auto import, inner_.BeginImport(account_id, now));
    return std::unique_ptr<LeadImport>(std::make_unique<WakingImport>(std::move(import), wake_));
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
  // Wakes the worker once a commit has stored leads.
  class WakingImport final : public LeadImport {
   public:
    WakingImport(std::unique_ptr<LeadImport> inner, const std::function<void()>& wake)
        : inner_(std::move(inner)), wake_(wake) {}
    StatusOr<std::vector<int64_t>> Insert(std::vector<NewLead>& batch) override {
      auto ids = inner_->Insert(batch);
      if (ids.ok()) inserted_ += ids->size();
      return ids;
    }
    Status Commit() override {
      Status s = inner_->Commit();
      if (s.ok() && inserted_ > 0) wake_();
      return s;
    }
    IntelLookup& keys() override { return inner_->keys(); }

   private:
    std::unique_ptr<LeadImport> inner_;
    const std::function<void()>& wake_;
    size_t inserted_ = 0;
  };

  LeadStore& inner_;
  std::function<void()> wake_;
};

}  // namespace leads::push
