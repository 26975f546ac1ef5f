// The outcome review: ROC curve, deciles (ties never split), per-indicator AUC and missing
// rate, all hand-computed.
#include <catch2/catch.hpp>

#include "base/error.h"
#include "helpers.h"
#include "review/validation.h"

using kenko::DecileRow;
using kenko::RocPoint;

TEST_CASE("ROC: one point per distinct score, lower predicts positive", "[validation]") {
  // scores 1(+) 2(−) 2(+) 3(−): thresholds ≤1: tp 1/2 fp 0; ≤2: tp 2/2 fp 1/2; ≤3: 1, 1.
  std::vector<RocPoint> roc = kenko::roc_curve({2, 1, 3, 2}, {0, 1, 0, 1}, 100);
  REQUIRE(roc.size() == 4);
  CHECK(roc[0].fpr == 0);
  CHECK(roc[0].tpr == 0);
  CHECK(roc[1].threshold == 1);
  CHECK(roc[1].tpr == 0.5);
  CHECK(roc[1].fpr == 0);
  CHECK(roc[2].threshold == 2);
  CHECK(roc[2].tpr == 1);
  CHECK(roc[2].fpr == 0.5);
  CHECK(roc[3].fpr == 1);
  CHECK(roc[3].tpr == 1);
  CHECK(kenko::roc_curve({1, 2}, {1, 1}, 100).empty());  // one class only
}

TEST_CASE("ROC: thinned to the point budget, ends kept, monotone", "[validation]") {
  std::vector<double> s;
  std::vector<uint8_t> y;
  for (int i = 0; i < 10000; ++i) {
    s.push_back(i);
    y.push_back(i % 3 == 0);
  }
  std::vector<RocPoint> roc = kenko::roc_curve(s, y, 50);
  CHECK(roc.size() <= 51);
  CHECK(roc.front().fpr == 0);
  CHECK(roc.back().fpr == 1);
  CHECK(roc.back().tpr == 1);
  for (size_t i = 1; i < roc.size(); ++i) {
    CHECK(roc[i].fpr >= roc[i - 1].fpr);
    CHECK(roc[i].tpr >= roc[i - 1].tpr);
  }
}

TEST_CASE("deciles: lowest scores first, ties at an edge stay together", "[validation]") {
  // 20 customers: scores 0..19 except that ranks 1, 2 and 3 all score 1 (a tie across the
  // edge between decile 1 (ranks 0, 1) and decile 2 (ranks 2, 3)).
  std::vector<double> s;
  std::vector<uint8_t> y;
  for (int i = 0; i < 20; ++i) {
    s.push_back(i >= 1 && i <= 3 ? 1 : i);
    y.push_back(i < 4);  // the four lowest churned
  }
  std::vector<DecileRow> d = kenko::score_deciles(s, y);
  REQUIRE(d.size() == 10);
  CHECK(d[0].customers == 4);  // ranks 0–3: the tie group belongs to decile 1
  CHECK(d[0].positive == 4);
  CHECK(*d[0].min_score == 0);
  CHECK(*d[0].max_score == 1);
  CHECK(*d[0].rate == 1);
  CHECK(*d[0].lift == 5);  // overall rate 4/20
  CHECK(d[1].customers == 0);
  CHECK_FALSE(d[1].rate);
  CHECK(d[2].customers == 2);  // ranks 4, 5
  CHECK(*d[2].min_score == 4);
  CHECK(*d[2].lift == 0);
  uint64_t total = 0;
  for (const DecileRow& r : d) total += r.customers;
  CHECK(total == 20);
}

TEST_CASE("validation: per-indicator AUC by sub-score and missing rate", "[validation]") {
  const char* model = R"({"version":1,"id_column":"id",
    "indicators":[
      {"id":"a","column":"a","rule":{"type":"linear","from":0,"to":10}},
      {"id":"b","column":"b","weight":0,"rule":{"type":"linear","from":0,"to":10}}],
    "outcome":{"column":"churned"}})";
  // a (the score: b weighs 0) separates perfectly; b is reversed; b missing once; one outcome
  // missing.
  const char* csv =
      "id,a,b,churned\n"
      "1,1,9,1\n"
      "2,2,8,yes\n"
      "3,8,1,0\n"
      "4,9,,no\n"
      "5,5,5,\n";
  kenko::Engine engine;
  kenko_test::load(engine, model, csv);
  kenko::Validation v = engine.validation();
  CHECK(v.outcome.positive == 2);
  CHECK(v.outcome.negative == 2);
  CHECK(v.outcome.excluded == 1);
  CHECK(*v.outcome.auc == 1);
  REQUIRE(v.indicators.size() == 2);
  CHECK(*v.indicators[0].auc == 1);
  CHECK(v.indicators[0].missing == 0);
  CHECK(*v.indicators[1].auc == 0);  // over customers 1–3 where b counts
  CHECK(v.indicators[1].missing == 1);
  CHECK(v.indicators[1].missing_rate == 0.2);
  CHECK(v.deciles[0].customers + v.deciles[2].customers + v.deciles[5].customers +
            v.deciles[7].customers ==
        4);

  kenko::Engine no_outcome;
  kenko_test::load(no_outcome, R"({"version":1,"id_column":"id",
    "indicators":[{"id":"a","column":"a","rule":{"type":"linear","from":0,"to":10}}]})",
                   csv);
  CHECK_THROWS_AS(no_outcome.validation(), kenko::Error);
}
