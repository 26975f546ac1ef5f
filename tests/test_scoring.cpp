// Spec, "Rules", "Missing values", "The score", "Segments and alerts", "Drivers", "Outcome",
// "Scored output": hand-computed expectations.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <optional>

#include "helpers.h"

using kenko_test::load;
using kenko_test::scored_csv;

namespace {

const char* const kSeedTable =
    "id,logins,onboarded,plan\n"
    "C1,1.2,yes,Enterprise\n"
    "C2,0.5,いいえ,pro\n"
    "C3,,○,Trial\n"
    "C4,0.2,maybe,NA\n"
    "C5,-,,\n";

std::string seed_model(const std::string& extra = "", const std::string& logins_extra = "") {
  return R"({"version":1,"id_column":"id",)" + extra + R"("indicators":[
    {"id":"logins","column":"logins",)" +
         logins_extra +
         R"("rule":{"type":"bands","bands":[{"min":1,"points":20},{"min":0.5,"points":10},{"points":0}]}},
    {"id":"onboard","column":"onboarded","rule":{"type":"boolean","points":30}},
    {"id":"plan","column":"plan","rule":{"type":"category","map":{"Enterprise":50,"PRO":25},"else":0}}]})";
}

std::string seg(const kenko::Engine& e, size_t r) {
  return kenko::segment_id(e.model(), const_cast<kenko::Engine&>(e).results().segment[r]);
}

std::vector<std::string> drivers(kenko::Engine& e, size_t r) {
  std::vector<std::string> out;
  const kenko::Results& res = e.results();
  for (size_t k = 0; k < kenko::kMaxDrivers; ++k) {
    int32_t i = res.drivers[r * kenko::kMaxDrivers + k];
    if (i >= 0) out.push_back(e.model().indicators[static_cast<size_t>(i)].id);
  }
  return out;
}

}  // namespace

TEST_CASE("seed-style points: bands, boolean, category; weights default to P", "[scoring]") {
  kenko::Engine e;
  load(e, seed_model(), kSeedTable);
  const kenko::Results& r = e.results();
  REQUIRE(r.rows == 5);
  CHECK(r.score[0] == 100.0);
  CHECK(r.score[1] == 35.0);      // (20·50 + 30·0 + 50·50) / 100
  CHECK(r.score[2] == 37.5);      // logins missing: (30·100 + 50·0) / 80
  CHECK(r.score[3] == 0.0);       // onboard invalid, plan missing: 20·0 / 20
  CHECK(std::isnan(r.score[4]));  // nothing counts: unscored
  CHECK(r.coverage[0] == 1.0);
  CHECK(r.coverage[2] == Approx(0.8).epsilon(1e-15));
  CHECK(r.coverage[3] == Approx(0.2).epsilon(1e-15));
  CHECK(r.coverage[4] == 0.0);
  CHECK(seg(e, 0) == "green");
  CHECK(seg(e, 1) == "red");
  CHECK(seg(e, 4) == "unscored");
  CHECK(drivers(e, 0).empty());                                                   // no cost > 0
  CHECK(drivers(e, 1) == std::vector<std::string>{"onboard", "plan", "logins"});  // 30, 25, 10
  CHECK(drivers(e, 2) == std::vector<std::string>{"plan"});                       // onboard costs 0
  CHECK(drivers(e, 3) == std::vector<std::string>{"logins"});
  CHECK(drivers(e, 4).empty());
  // Reports: the boolean cell "maybe" is invalid; missing cells are counted with their rows.
  CHECK(e.subscores().reports[1].invalid.count == 1);
  CHECK(e.subscores().reports[1].invalid.first == std::vector<uint64_t>{5});
  CHECK(e.subscores().reports[0].missing.first == std::vector<uint64_t>{4, 6});
}

TEST_CASE("missing: zero counts a missing value as 0 points", "[scoring]") {
  kenko::Engine e;
  load(e, seed_model(R"("missing":"zero",)"), kSeedTable);
  const kenko::Results& r = e.results();
  CHECK(r.score[2] == 30.0);  // (20·0 + 30·100 + 50·0) / 100
  CHECK(r.score[4] == 0.0);   // every value missing, all count as 0: scored
  CHECK(seg(e, 4) == "red");
  CHECK(r.coverage[2] == Approx(0.8).epsilon(1e-15));  // coverage ignores the policy
  // The sub-score of a missing value is shown empty even when it counts.
  CHECK(scored_csv(e).find("\nC3,30.00,red,0.80,,100.00,0.00,plan;logins,\n") != std::string::npos);
}

TEST_CASE("missing_points overrides both policies", "[scoring]") {
  for (const char* policy : {R"("missing":"reweight",)", R"("missing":"zero",)"}) {
    kenko::Engine e;
    load(e, seed_model(policy, R"("missing_points":10,)"), kSeedTable);
    CHECK(e.results().score[2] == 40.0);  // (20·50 + 30·100 + 50·0) / 100
    CHECK(seg(e, 2) == "yellow");
  }
}

TEST_CASE("linear (both directions), percentile, ratio and change", "[scoring]") {
  kenko::Engine e;
  load(e, R"({"version":1,"id_column":"id","indicators":[
      {"id":"up","column":"x","weight":1,"rule":{"type":"linear","from":0,"to":10,"points":50}},
      {"id":"down","column":"x","weight":1,"rule":{"type":"linear","from":10,"to":0}},
      {"id":"pct","column":"x","weight":1,"rule":{"type":"percentile"}},
      {"id":"low","column":"x","weight":1,"rule":{"type":"percentile","points":40,"lower_is_better":true}},
      {"id":"rate","ratio":["users","seats"],"weight":1,"rule":{"type":"linear","from":0,"to":1}},
      {"id":"growth","change":["now","before"],"weight":1,"rule":{"type":"linear","from":-50,"to":50}}]})",
       "id,x,users,seats,now,before\n"
       "a,2.5,5,10,150,100\n"
       "b,12,3,0,50,-100\n"
       "c,-1,,10,1,0\n"
       "d,2.5,20,10,x,1\n"
       "e,,1,4,,\n");
  const kenko::SubScores& s = e.subscores();
  auto sub = [&](size_t i, size_t r) { return s.column(i)[r]; };
  CHECK(sub(0, 0) == 25.0);   // 50 × 0.25 of 50 points
  CHECK(sub(0, 1) == 100.0);  // clamped
  CHECK(sub(0, 2) == 0.0);
  CHECK(sub(1, 0) == 75.0);  // from 10 to 0: (2.5 − 10)/(0 − 10) = 0.75
  CHECK(sub(1, 1) == 0.0);
  CHECK(sub(1, 2) == 100.0);
  // Percentile over N = 4 values {2.5, 12, -1, 2.5}: for 2.5, L = 1, E = 2 → (1 + 1)/4.
  CHECK(sub(2, 0) == 50.0);
  CHECK(sub(2, 1) == 87.5);  // L = 3, E = 1
  CHECK(sub(2, 2) == 12.5);  // L = 0, E = 1
  CHECK(std::isnan(sub(2, 4)));
  CHECK(sub(3, 0) == 50.0);  // lower is better: 40 × (1 − 0.5) of 40 points
  CHECK(sub(3, 2) == 87.5);
  CHECK(sub(4, 0) == 50.0);      // 5 / 10
  CHECK(std::isnan(sub(4, 1)));  // seats 0: missing
  CHECK(std::isnan(sub(4, 2)));  // users missing
  CHECK(sub(4, 3) == 100.0);     // 2 clamped to 1
  CHECK(sub(4, 4) == 25.0);
  CHECK(sub(5, 0) == 100.0);     // +50 %
  CHECK(sub(5, 1) == 100.0);     // (50 − −100)/|−100| × 100 = +150 % → clamped
  CHECK(std::isnan(sub(5, 2)));  // before 0: missing
  CHECK(std::isnan(sub(5, 3)));  // "x" is not a number: missing, reported
  CHECK(e.subscores().reports[5].invalid.first == std::vector<uint64_t>{5});
  CHECK(e.table().column("now")->invalid.count == 1);
}

TEST_CASE("dimensions: reweighting inside and across dimensions, coverage, drivers", "[scoring]") {
  kenko::Engine e;
  load(e, R"({"version":1,"id_column":"id",
      "dimensions":[{"id":"A","label":"A","weight":2},{"id":"B","label":"B"}],
      "indicators":[
      {"id":"x","column":"x","dimension":"A","rule":{"type":"linear","from":0,"to":10}},
      {"id":"y","column":"y","dimension":"A","weight":1,"rule":{"type":"percentile"}},
      {"id":"z","column":"z","dimension":"B","rule":{"type":"linear","from":10,"to":0,"points":50}}]})",
       "id,x,y,z\n"
       "r1,5,10,2\n"
       "r2,12,20,\n"
       "r3,,20,12\n"
       "r4,-1,,0\n"
       "r5,,,\n");
  const kenko::Results& r = e.results();
  const double y_low = 100.0 * (100.0 * ((0 + 1.0 / 2) / 3)) / 100.0;  // y = 10 among {10, 20, 20}
  const double y_high = 100.0 * (100.0 * ((1 + 2.0 / 2) / 3)) / 100.0;
  const double A1 = (100 * 50.0 + 1 * y_low) / 101, B1 = 80.0;
  CHECK(r.dimension[0 * 5 + 0] == A1);
  CHECK(r.dimension[1 * 5 + 0] == B1);
  CHECK(r.score[0] == (2 * A1 + 1 * B1) / 3);
  const double A2 = (100 * 100.0 + 1 * y_high) / 101;
  CHECK(r.score[1] == (2 * A2) / 2);  // B left out
  CHECK(std::isnan(r.dimension[1 * 5 + 1]));
  CHECK(r.score[2] == (2 * y_high + 1 * 0.0) / 3);
  CHECK(r.score[3] == (2 * 0.0 + 1 * 100.0) / 3);
  CHECK(std::isnan(r.score[4]));
  // Coverage: full-model shares A·x = 2/3·100/101, A·y = 2/3·1/101, B·z = 1/3.
  const double sx = (2.0 / 3) * (100.0 / 101), sy = (2.0 / 3) * (1.0 / 101), sz = 1.0 / 3;
  CHECK(r.coverage[0] == sx + sy + sz);
  CHECK(r.coverage[1] == sx + sy);
  CHECK(r.coverage[2] == sy + sz);
  CHECK(r.coverage[3] == sx + sz);
  // Drivers of r1: x costs (2/3)(100/101)·50 ≈ 33.0, z (1/3)(50/50)·20 ≈ 6.7, y (2/3)(1/101)·83.3 ≈
  // 0.55.
  CHECK(drivers(e, 0) == std::vector<std::string>{"x", "z", "y"});
  // r4: x costs (2/3)·100, z costs 0.
  CHECK(drivers(e, 3) == std::vector<std::string>{"x"});
}

TEST_CASE("drivers: ties keep model order; at most three", "[scoring]") {
  kenko::Engine e;
  load(e, R"({"version":1,"id_column":"id","indicators":[
      {"id":"a","column":"a","rule":{"type":"boolean"}},
      {"id":"b","column":"b","rule":{"type":"boolean"}},
      {"id":"c","column":"c","rule":{"type":"boolean"}},
      {"id":"d","column":"d","rule":{"type":"boolean"}},
      {"id":"e","column":"e","weight":300,"rule":{"type":"boolean"}}]})",
       "id,a,b,c,d,e\n1,no,no,yes,no,no\n2,no,no,no,no,yes\n");
  CHECK(drivers(e, 0) == std::vector<std::string>{"e", "a", "b"});
  CHECK(drivers(e, 1) == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("segments: first match with when conditions; none; alerts: every match", "[scoring]") {
  kenko::Engine e;
  load(e, R"({"version":1,"id_column":"id","indicators":[
      {"id":"use","column":"use","rule":{"type":"linear","from":0,"to":100}},
      {"id":"key","column":"key","rule":{"type":"linear","from":0,"to":100}}],
      "segments":[
        {"id":"red-high","label":"At risk, high touch","max":40,"when":[{"field":"column.arr","min":100000}]},
        {"id":"red","label":"At risk","max":40},
        {"id":"watch","label":"Watch","min":40,"max":70,"when":[{"field":"column.plan","in":["pro","Enterprise"]}]},
        {"id":"green","label":"Healthy","min":70}],
      "alerts":[
        {"id":"onboarding","label":"Logs in, no key feature","when":[{"field":"indicator.use","min":60},{"field":"indicator.key","max":30}]},
        {"id":"low","label":"Low score","when":[{"field":"score","max":50}]},
        {"id":"big","label":"Big account","when":[{"field":"column.arr","min":100000}]}]})",
       "id,use,key,arr,plan\n"
       "a,20,0,250000,pro\n"
       "b,20,0,50000,pro\n"
       "c,90,20,,ENTERPRISE \n"
       "d,90,20,,starter\n"
       "e,90,90,1e6,pro\n"
       "f,20,,x,pro\n");
  CHECK(seg(e, 0) == "red-high");
  CHECK(seg(e, 1) == "red");
  CHECK(seg(e, 2) == "watch");  // 55, plan matched trimmed and case-insensitively
  CHECK(seg(e, 3) == "none");   // 55 but plan not listed
  CHECK(seg(e, 4) == "green");
  CHECK(seg(e, 5) == "red");  // arr "x" is not a number: the condition is false
  const kenko::Results& r = e.results();
  auto alerts = [&](size_t row) {
    std::string s;
    for (size_t a = 0; a < e.model().alerts.size(); ++a) {
      if (r.has_alert(row, a)) s += e.model().alerts[a].id + ";";
    }
    return s;
  };
  CHECK(alerts(0) == "low;big;");
  CHECK(alerts(2) == "onboarding;");
  CHECK(alerts(4) == "big;");
  CHECK(alerts(5) == "low;");  // key missing: the onboarding condition on it is false
  std::string csv = scored_csv(e);
  CHECK(csv.find("\na,10.00,red-high,1.00,20.00,0.00,key;use,low;big\n") != std::string::npos);
}

TEST_CASE("outcome AUC: lower score predicts the positive outcome; ties count half", "[scoring]") {
  using kenko::auc_lower_predicts_positive;
  CHECK(*auc_lower_predicts_positive({10, 20, 30, 40}, {1, 0, 1, 0}) == 0.75);
  CHECK(*auc_lower_predicts_positive({10, 20}, {1, 0}) == 1.0);
  CHECK(*auc_lower_predicts_positive({10, 20}, {0, 1}) == 0.0);
  CHECK(*auc_lower_predicts_positive({10, 10}, {1, 0}) == 0.5);
  CHECK(*auc_lower_predicts_positive({5, 10, 10, 10, 20}, {1, 1, 0, 0, 0}) ==
        Approx((3 + 1 + 1) / 6.0));
  CHECK(!auc_lower_predicts_positive({1, 2}, {0, 0}));
  CHECK(!auc_lower_predicts_positive({}, {}));

  kenko::Engine e;
  load(
      e,
      R"({"version":1,"id_column":"id","indicators":[{"id":"u","column":"u","rule":{"type":"linear","from":0,"to":100}}],
      "outcome":{"column":"churned","positive":["yes"]}})",
      "id,u,churned\na,10,YES\nb,20,no\nc,30,yes\nd,40,\ne,,yes\nf,50,no\n");
  kenko::Summary s = e.summary();
  REQUIRE(s.outcome);
  CHECK(s.outcome->positive == 2);
  CHECK(s.outcome->negative == 2);
  CHECK(s.outcome->excluded == 2);                  // missing outcome; unscored
  CHECK(*s.outcome->auc == 0.75);                   // a<b, a<f, c<f; c>b
  CHECK(s.outcome->per_segment[2].customers == 3);  // red: a, b, c
  CHECK(s.outcome->per_segment[2].positive == 2);
  CHECK(s.outcome->per_segment[1].customers == 1);  // yellow: f
}

TEST_CASE("summary: counts, mean, median, histogram, segments", "[scoring]") {
  kenko::Engine e;
  load(e, seed_model(), kSeedTable);
  kenko::Summary s = e.summary();
  CHECK(s.customers == 5);
  CHECK(s.scored == 4);
  CHECK(s.unscored == 1);
  CHECK(*s.mean == (100 + 35 + 37.5 + 0) / 4);
  CHECK(*s.median == (35 + 37.5) / 2);
  CHECK(s.histogram[0] == 1);
  CHECK(s.histogram[7] == 2);
  CHECK(s.histogram[19] == 1);                                   // 100 falls in the last bin
  CHECK(s.per_segment == std::vector<uint64_t>{1, 0, 3, 0, 1});  // green yellow red none unscored
}

TEST_CASE("scored output: columns in the spec's order, two decimals, input order", "[scoring]") {
  kenko::Engine e;
  load(e, R"({"version":1,"id_column":"id",
      "dimensions":[{"id":"A","label":"A"},{"id":"B","label":"B"}],
      "indicators":[
      {"id":"x","column":"x","dimension":"A","rule":{"type":"linear","from":0,"to":3}},
      {"id":"z","column":"z","dimension":"B","rule":{"type":"boolean"}}],
      "alerts":[{"id":"al","label":"L","when":[{"field":"dimension.A","max":50}]}]})",
       "id,x,z\n\"k,1\",1,yes\nk2,,no\n");
  CHECK(scored_csv(e) ==
        "id,score,segment,coverage,dim.A,dim.B,ind.x,ind.z,drivers,alerts\n"
        "\"k,1\",66.67,yellow,1.00,33.33,100.00,33.33,100.00,x,al\n"
        "k2,0.00,red,0.50,,0.00,,0.00,z,\n");
}

TEST_CASE("text rules read every spelling alike, however many distinct cells and wherever they end",
          "[scoring]") {
  // More distinct cells than the rule's outcomes are remembered for (8), cells longer than 8
  // bytes, padded spellings, and the last cell at the very end of the column's text.
  const std::vector<std::pair<std::string, double>> cells = {
      {"yes", 100},      {"no", 0},  {" Yes ", 100}, {"TRUE", 100}, {"はい", 100},
      {"いいえ", 0},     {"N", 0},   {"maybe", -1},  {"1", 100},    {"0", 0},
      {"", -2},          {"NA", -2}, {"y", 100},     {"f", 0},      {"absolutely", -1},
      {"  false   ", 0}, {"×", 0},   {"t", 100}};
  std::string csv = "id,x\n";
  std::vector<double> expect;
  for (int round = 0; round < 3; ++round) {
    for (size_t k = 0; k < cells.size(); ++k) {
      const auto& c = cells[(k * 7 + static_cast<size_t>(round)) % cells.size()];
      csv += std::to_string(expect.size()) + "," + c.first + "\n";
      expect.push_back(c.second);
    }
  }
  csv += "last,y";  // no line end: the cell ends the text
  expect.push_back(100);
  kenko::Engine e;
  load(e, R"({"version":1,"id_column":"id","indicators":[
    {"id":"x","column":"x","rule":{"type":"boolean","points":10}}]})",
       csv);
  const kenko::SubScores& sub = e.subscores();
  REQUIRE(sub.rows == expect.size());
  uint64_t invalid = 0, missing = 0;
  for (size_t r = 0; r < expect.size(); ++r) {
    INFO("row " << r);
    if (expect[r] < 0) {
      CHECK(sub.present_column(0)[r] == 0);
      invalid += expect[r] == -1;
      ++missing;
    } else {
      CHECK(sub.column(0)[r] == expect[r]);
    }
  }
  CHECK(sub.reports[0].invalid.count == invalid);
  CHECK(sub.reports[0].missing.count == missing);
}

TEST_CASE("bands: the finder for many values and band_index agree with the bounds as written",
          "[scoring]") {
  kenko::Rule rule;
  rule.type = kenko::RuleType::Bands;
  auto band = [](std::optional<double> min, std::optional<double> max, double points) {
    kenko::Band b;
    b.min = min;
    b.max = max;
    b.points = points;
    return b;
  };
  rule.bands = {band(10, 20, 1), band(std::nullopt, -5, 2), band(20, std::nullopt, 3),
                band(-0.0, 0.5, 4), band(std::nullopt, std::nullopt, 5)};
  const kenko::BandFinder finder(rule);
  const double inf = std::numeric_limits<double>::infinity();
  for (double v : {-inf, -1e300, -5.0, -4.999, -0.0, 0.0, 0.25, 0.5, 9.999, 10.0, 15.0, 19.999,
                   20.0, 1e300, inf}) {
    // The spec's reading: the first band with min ≤ v < max (a missing bound always passes).
    size_t expect = rule.bands.size();
    for (size_t b = 0; b < rule.bands.size(); ++b) {
      const kenko::Band& x = rule.bands[b];
      if ((!x.min || *x.min <= v) && (!x.max || v < *x.max)) {
        expect = b;
        break;
      }
    }
    INFO("v = " << v);
    CHECK(kenko::band_index(rule, v) == expect);
    CHECK(finder(v) == expect);
  }
  rule.bands.pop_back();  // no catch-all: a value no band holds
  CHECK(kenko::band_index(rule, 0.75) == rule.bands.size());
  CHECK(kenko::BandFinder(rule)(0.75) == rule.bands.size());
  CHECK(kenko::band_index(rule, std::nan("")) == rule.bands.size());
}
