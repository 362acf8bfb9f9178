#include "intel/score_eval.h"

#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <random>
#include <vector>

#include "common/time_format.h"
#include "intel/memory_lookup.h"
#include "intel/score.h"
#include "intel/tagger.h"
#include "intel/json_text.h"

namespace leads::intel {
namespace {

enum class Kind { kGenuine, kRepeat, kJunk, kBot };

class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}
  double U() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }
  int64_t I(int64_t n) { return static_cast<int64_t>(U() * static_cast<double>(n)); }
  bool P(double p) { return U() < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[static_cast<size_t>(I(static_cast<int64_t>(v.size())))]; }

 private:
  std::mt19937_64 g_;
};

struct Person {
  std::string phone, name, wechat, email, area;
};

struct Gen {
  Lead lead;
  int64_t t = 0;
  Kind kind = Kind::kGenuine;
  int y = 0;
};

const std::vector<std::string> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"};
const std::vector<std::string> kGiven = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"};
const std::vector<std::string> kMash = {"asdfgh", "qwerty", "jjjjjj", "sdfsdf", "zxcvbn", "hjkhjk", "xkcdqzt", "啊啊啊", "123456"};
const std::vector<std::string> kPlaceholder = {"13800138000", "12345678901", "13888888888", "11111111111", "13000000000"};
const std::vector<std::string> kAreas = {"北京", "上海", "广州", "深圳", "成都", "杭州"};

std::string Mobile(Rng& r) {
  std::string s = "1";
  s += static_cast<char>('3' + r.I(7));
  for (int i = 0; i < 9; ++i) s += static_cast<char>('0' + r.I(10));
  return s;
}

std::string Name(Rng& r) { return r.Pick(kSurnames) + r.Pick(kGiven) + (r.P(0.5) ? r.Pick(kGiven) : ""); }

// A formatted way of writing the same number (duplicates must survive it).
std::string Formatted(Rng& r, const std::string& phone) {
  switch (r.I(4)) {
    case 0: return "+86 " + phone;
    case 1: return phone.substr(0, 3) + "-" + phone.substr(3, 4) + "-" + phone.substr(7);
    case 2: return "0086" + phone;
    default: return phone;
  }
}

std::vector<Gen> Generate(const EvalOptions& o, Rng& r) {
  const int64_t t0 = 1730000000, span = 60 * 86400;
  std::vector<Gen> out;
  std::vector<Person> people;
  int64_t t = t0;
  const double step = static_cast<double>(span) / static_cast<double>(o.leads);
  int64_t click_seq = 0;
  while (static_cast<int64_t>(out.size()) < o.leads) {
    t += static_cast<int64_t>(step * 2 * r.U()) + 1;
    const double k = r.U();
    Kind kind = k < 0.62 ? Kind::kGenuine : k < 0.72 ? Kind::kRepeat : k < 0.90 ? Kind::kJunk : Kind::kBot;
    if (kind == Kind::kRepeat && people.empty()) kind = Kind::kGenuine;
    int burst = kind == Kind::kBot ? 3 + static_cast<int>(r.I(6)) : 1;
    const std::string click = "clk" + std::to_string(++click_seq);
    for (int b = 0; b < burst && static_cast<int64_t>(out.size()) < o.leads; ++b) {
      Gen g;
      g.kind = kind;
      g.t = t + b * (5 + r.I(20));
      Lead& l = g.lead;
      l.Set(Field::kClickId, kind == Kind::kBot ? click : "clk" + std::to_string(++click_seq));
      l.Set(Field::kPageId, kind == Kind::kBot ? "page_bot" : "page" + std::to_string(r.I(5)));
      bool answers = false, extra = false;
      int64_t fill_ms = 15000 + r.I(90000);
      switch (kind) {
        case Kind::kGenuine:
        case Kind::kRepeat: {
          Person p;
          if (kind == Kind::kRepeat) {
            // Someone from the last few hundred submitters, again.
            const size_t back = std::min<size_t>(people.size(), 300);
            p = people[people.size() - 1 - static_cast<size_t>(r.I(static_cast<int64_t>(back)))];
          } else {
            p.phone = Mobile(r);
            p.name = Name(r);
            if (r.P(0.3)) p.wechat = "wx_" + std::to_string(r.I(100000000));
            if (r.P(0.15)) p.email = "u" + std::to_string(r.I(100000000)) + "@example.com";
            if (r.P(0.6)) p.area = r.Pick(kAreas);
            people.push_back(p);
          }
          l.Set(Field::kLeadsTel, Formatted(r, p.phone));
          if (r.P(0.92)) l.Set(Field::kLeadsName, p.name);
          l.Set(Field::kLeadsWechat, p.wechat);
          l.Set(Field::kLeadsEmail, p.email);
          l.Set(Field::kLeadsArea, p.area);
          answers = r.P(0.6);
          extra = !p.wechat.empty() || !p.email.empty();
          if (answers) l.Set(Field::kCustomQa, R"([{"question":"预算","answer":"100-200万"}])");
          break;
        }
        case Kind::kJunk: {
          const double q = r.U();
          if (q < 0.4) l.Set(Field::kLeadsTel, r.Pick(kPlaceholder));
          else if (q < 0.7) l.Set(Field::kLeadsTel, std::to_string(1000000 + r.I(90000000)));
          else l.Set(Field::kLeadsTel, Mobile(r));
          l.Set(Field::kLeadsName, r.P(0.5) ? r.Pick(kMash) : Name(r));
          if (r.P(0.3)) l.Set(Field::kCustomQa, R"([{"question":"预算","answer":"sdfghjk"}])");
          if (r.P(0.5)) fill_ms = 300 + r.I(600);
          break;
        }
        case Kind::kBot:
          l.Set(Field::kLeadsTel, Mobile(r));
          l.Set(Field::kLeadsName, Name(r));
          if (r.P(0.7)) fill_ms = 200 + r.I(800);
          break;
      }
      l.Set(Field::kBundle, "{\"form_fill_ms\":" + std::to_string(fill_ms) + "}");
      // The outcome, from the hidden kind and how much the person told.
      double p = 0.02;
      if (kind == Kind::kGenuine) p = 0.30 + 0.15 * answers + 0.15 * extra + 0.10 * !l.Get(Field::kLeadsArea).empty();
      if (kind == Kind::kRepeat) p = 0.12;
      if (kind == Kind::kJunk) p = 0.03;
      g.y = r.P(p) ? 1 : 0;
      out.push_back(std::move(g));
    }
    t += burst * 25;
  }
  return out;
}

}  // namespace

EvalResult RunScoreEval(const EvalOptions& o) {
  Rng rng(o.seed);
  std::vector<Gen> data = Generate(o, rng);
  MemoryLookup lookup;
  Tagger tagger(lookup);
  Rules rules;
  EvalResult res;
  res.leads = static_cast<int64_t>(data.size());
  std::vector<Features> feats(data.size());
  std::vector<bool> flagged(data.size());
  const auto t_start = std::chrono::steady_clock::now();
  for (size_t b = 0; b < data.size(); b += static_cast<size_t>(o.batch)) {
    const size_t e = std::min(data.size(), b + static_cast<size_t>(o.batch));
    std::vector<TagInput> in;
    for (size_t i = b; i < e; ++i) in.push_back({&data[i].lead, data[i].t, std::nullopt});
    auto out = tagger.Tag(1, rules, in);
    if (!out.ok()) return res;
    for (size_t i = b; i < e; ++i) {
      const TagResult& r = (*out)[i - b];
      std::vector<ReasonCode> codes;
      for (const auto& x : r.reasons) codes.push_back(x.code);
      feats[i] = ComputeFeatures(data[i].lead, r.phone, codes, r.duplicates);
      lookup.Add(1, static_cast<int64_t>(i) + 1, data[i].t, r);
      bool empty = false, susp = false;
      for (const auto& tag : r.tags) {
        empty |= tag == kTagEmptyNumber;
        susp |= tag == kTagSuspicious;
      }
      res.tagged_duplicate += r.duplicates > 0;
      res.tagged_empty_number += empty;
      res.tagged_suspicious += susp;
      flagged[i] = empty || susp;
    }
  }
  res.tag_micros_per_lead =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t_start).count() /
      static_cast<double>(std::max<size_t>(1, data.size()));
  int64_t tp = 0, fp = 0, fn = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    const bool bad = data[i].kind == Kind::kJunk || data[i].kind == Kind::kBot;
    tp += flagged[i] && bad;
    fp += flagged[i] && !bad;
    fn += !flagged[i] && bad;
  }
  res.suspicious_precision = tp + fp ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 0;
  res.suspicious_recall = tp + fn ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 0;
  // 70% train / 30% held out, by position (every 10 leads: 3 held out).
  std::vector<Features> tx, hx;
  std::vector<int> ty, hy;
  for (size_t i = 0; i < data.size(); ++i) {
    res.positives += data[i].y;
    if (i % 10 < 7) {
      tx.push_back(feats[i]);
      ty.push_back(data[i].y);
    } else {
      hx.push_back(feats[i]);
      hy.push_back(data[i].y);
    }
  }
  res.train = static_cast<int64_t>(tx.size());
  res.holdout = static_cast<int64_t>(hx.size());
  ScoreModel fitted = FitLogistic(tx, ty);
  ScoreModel def = DefaultModel();
  std::vector<double> sf, sd;
  for (const auto& f : hx) {
    sf.push_back(Probability(fitted, f));
    sd.push_back(Probability(def, f));
  }
  res.fitted_auc = Auc(sf, hy).value_or(0);
  res.heuristic_auc = Auc(sd, hy).value_or(0);
  fitted.holdout_auc = res.fitted_auc;
  fitted.heuristic_auc = res.heuristic_auc;
  res.model = PrintModel(fitted);
  return res;
}

std::string EvalResultJson(const EvalResult& r) {
  auto round4 = [](double x) { return std::round(x * 10000) / 10000; };
  boost::system::error_code ec;
  auto model = boost::json::parse(r.model, ec);
  return JsonText(boost::json::object{
      {"leads", r.leads},
      {"train", r.train},
      {"holdout", r.holdout},
      {"positives", r.positives},
      {"tagged", boost::json::object{{"duplicate", r.tagged_duplicate},
                                     {"empty_number", r.tagged_empty_number},
                                     {"suspicious", r.tagged_suspicious}}},
      {"suspect_tag_precision", round4(r.suspicious_precision)},
      {"suspect_tag_recall", round4(r.suspicious_recall)},
      {"holdout_auc_default_weights", round4(r.heuristic_auc)},
      {"holdout_auc_fitted", round4(r.fitted_auc)},
      {"tag_micros_per_lead", std::round(r.tag_micros_per_lead * 100) / 100},
      {"fitted_model", ec ? boost::json::value(nullptr) : model}});
}

}  // namespace leads::intel
