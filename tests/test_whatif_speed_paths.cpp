// The fast scoring paths (coded sub-score columns, presence patterns, per-dimension what-if
// re-scoring, cached static conditions, the vectorised top-3 drivers) against a plain
// per-customer reference: every value must be the same double, bit for bit.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>

#include "base/text.h"
#include "helpers.h"
#include "read/cell.h"
#include "synth/synth.h"

using kenko_test::generated;
using kenko_test::load;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- The reference: the spec's formulas, one customer at a time, in the spec's order -------

struct Reference {
  std::vector<double> score, coverage, dimension;
  std::vector<int32_t> segment;
  std::vector<kenko::DriverIndex> drivers;
  size_t alert_words = 0;
  std::vector<kenko::AlertWord> alerts;
};

bool holds(const kenko::Condition& c, const kenko::Table& table, const kenko::SubScores& sub,
           const Reference& ref, size_t rows, size_t r) {
  double v = kNaN;
  switch (c.field) {
    case kenko::Condition::Field::Score:
      v = ref.score[r];
      break;
    case kenko::Condition::Field::Indicator: {
      const size_t i = static_cast<size_t>(c.index);
      if (sub.present_column(i)[r]) v = sub.column(i)[r];
      break;
    }
    case kenko::Condition::Field::Dimension:
      v = ref.dimension[static_cast<size_t>(c.index) * rows + r];
      break;
    case kenko::Condition::Field::Column: {
      const kenko::Column* col = table.column(c.column);
      if (!col) return false;
      if (c.min || c.max) {
        if (!col->needs.number || !col->has_number(r)) return false;
        v = col->numbers[r];
      } else {
        v = 0;
      }
      if (col->needs.text) {
        std::string_view cell = kenko::trim(col->text(r));
        if (kenko::is_missing_cell(cell)) return false;
        if (c.has_in) {
          std::string t = kenko::ascii_lower(cell);
          if (std::find(c.in.begin(), c.in.end(), t) == c.in.end()) return false;
        }
      }
      break;
    }
  }
  if (std::isnan(v)) return false;
  if (c.min && !(v >= *c.min)) return false;
  if (c.max && !(v < *c.max)) return false;
  return true;
}

Reference reference(const kenko::Model& model, const kenko::Weights& weights,
                    const kenko::Table& table, const kenko::SubScores& sub) {
  const size_t n = sub.rows, k = sub.indicators, D = model.dimensions.size();
  const size_t groups = D ? D : 1;
  const std::vector<double> share = kenko::full_model_shares(model, weights);
  auto group = [&](size_t i) { return D ? static_cast<size_t>(model.indicators[i].dimension) : 0; };
  Reference ref;
  ref.score.assign(n, kNaN);
  ref.coverage.assign(n, 0.0);
  ref.dimension.assign(n * D, kNaN);
  for (size_t r = 0; r < n; ++r) {
    std::vector<double> num(groups, 0.0), den(groups, 0.0);
    double cov = 0.0;
    for (size_t i = 0; i < k; ++i) {
      const double x = sub.column(i)[r];
      const bool counts = x == x;
      num[group(i)] += counts ? weights.indicator[i] * x : 0.0;
      den[group(i)] += counts ? weights.indicator[i] : 0.0;
      cov += sub.present_column(i)[r] ? share[i] : 0.0;
    }
    ref.coverage[r] = cov;
    if (!D) {
      if (den[0] > 0) ref.score[r] = num[0] / den[0];
      continue;
    }
    double total = 0, total_W = 0;
    for (size_t d = 0; d < D; ++d) {
      if (!(den[d] > 0)) continue;
      const double value = num[d] / den[d];
      ref.dimension[d * n + r] = value;
      total += weights.dimension[d] * value;
      total_W += weights.dimension[d];
    }
    if (total_W > 0) ref.score[r] = total / total_W;
  }
  ref.segment.assign(n, kenko::kSegmentUnscored);
  ref.alert_words = (model.alerts.size() + 31) / 32;
  ref.alerts.assign(n * ref.alert_words, 0);
  for (size_t r = 0; r < n; ++r) {
    const double score = ref.score[r];
    if (std::isnan(score)) continue;
    int32_t seg = kenko::kSegmentNone;
    for (size_t s = 0; s < model.segments.size(); ++s) {
      const kenko::Segment& g = model.segments[s];
      if (g.min && !(score >= *g.min)) continue;
      if (g.max && !(score < *g.max)) continue;
      bool all = true;
      for (const kenko::Condition& c : g.when) all = all && holds(c, table, sub, ref, n, r);
      if (!all) continue;
      seg = static_cast<int32_t>(s);
      break;
    }
    ref.segment[r] = seg;
    for (size_t a = 0; a < model.alerts.size(); ++a) {
      bool all = true;
      for (const kenko::Condition& c : model.alerts[a].when) {
        all = all && holds(c, table, sub, ref, n, r);
      }
      if (all) ref.alerts[r * ref.alert_words + a / 32] |= kenko::AlertWord{1} << (a % 32);
    }
  }
  ref.drivers.assign(n * kenko::kMaxDrivers, -1);
  for (size_t r = 0; r < n; ++r) {
    if (std::isnan(ref.score[r])) continue;
    std::vector<double> dim_sum(groups, 0.0);
    for (size_t i = 0; i < k; ++i) {
      if (sub.column(i)[r] == sub.column(i)[r]) dim_sum[group(i)] += weights.indicator[i];
    }
    double total_W = 0;
    for (size_t d = 0; d < D; ++d) {
      if (dim_sum[d] > 0) total_W += weights.dimension[d];
    }
    double best_cost[kenko::kMaxDrivers] = {0, 0, 0};
    int32_t best[kenko::kMaxDrivers] = {-1, -1, -1};
    for (size_t i = 0; i < k; ++i) {
      const double s = sub.column(i)[r];
      if (s != s) continue;
      double w_eff;
      if (!D) {
        w_eff = weights.indicator[i] / dim_sum[0];
      } else {
        const size_t d = group(i);
        if (!(dim_sum[d] > 0)) continue;
        w_eff = (weights.dimension[d] / total_W) * (weights.indicator[i] / dim_sum[d]);
      }
      const double cost = w_eff * (100 - s);
      if (!(cost > 0)) continue;
      for (size_t slot = 0; slot < kenko::kMaxDrivers; ++slot) {
        if (best[slot] < 0 || cost > best_cost[slot]) {
          for (size_t m = kenko::kMaxDrivers - 1; m > slot; --m) {
            best[m] = best[m - 1];
            best_cost[m] = best_cost[m - 1];
          }
          best[slot] = static_cast<int32_t>(i);
          best_cost[slot] = cost;
          break;
        }
      }
    }
    for (size_t slot = 0; slot < kenko::kMaxDrivers; ++slot) {
      ref.drivers[r * kenko::kMaxDrivers + slot] = static_cast<kenko::DriverIndex>(best[slot]);
    }
  }
  return ref;
}

// The same double (NaN: any NaN).
bool same(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void same_doubles(const std::vector<double>& a, const std::vector<double>& b, const char* what) {
  REQUIRE(a.size() == b.size());
  for (size_t r = 0; r < a.size(); ++r) {
    INFO(what << " [" << r << "]: " << a[r] << " vs " << b[r]);
    REQUIRE(same(a[r], b[r]));
  }
}

// `res` (drivers computed) equals the reference, bit for bit.
void matches(const kenko::Results& res, const Reference& ref) {
  same_doubles(res.score, ref.score, "score");
  same_doubles(res.coverage, ref.coverage, "coverage");
  same_doubles(res.dimension, ref.dimension, "dimension");
  CHECK(res.segment == ref.segment);
  CHECK(res.alert_words == ref.alert_words);
  CHECK(res.alerts == ref.alerts);
  REQUIRE(res.drivers_ready);
  CHECK(res.drivers == ref.drivers);
}

void matches_reference(kenko::Engine& e) {
  const kenko::Results& res = e.results();
  matches(res, reference(e.model(), e.weights(), e.table(), e.subscores()));
}

// Every rule type and value source, dimensions, missing_points, segments and alerts on every
// kind of field (score, dimension, indicator, column; min, max, in, presence).
const char* const kDearModel = R"({"version":1,"id_column":"account_id",
  "dimensions":[{"id":"dep","label":"D","weight":2},{"id":"eng","label":"E","weight":3},
                {"id":"ado","label":"A","weight":3},{"id":"roi","label":"R","weight":2}],
  "indicators":[
    {"id":"seats","ratio":["active_users","seats"],"dimension":"dep","weight":3,"rule":{"type":"linear","from":0.2,"to":0.9}},
    {"id":"onb","column":"onboarding_done","dimension":"dep","weight":2,"missing_points":50,"rule":{"type":"boolean"}},
    {"id":"sponsor","column":"executive_sponsor","dimension":"dep","rule":{"type":"boolean","points":20}},
    {"id":"logins","column":"logins_per_day","dimension":"eng","weight":3,"rule":{"type":"bands","bands":[{"min":1.5,"points":100},{"min":1,"points":80},{"min":0.5,"points":50},{"min":0.2,"points":20},{"points":0}]}},
    {"id":"recency","column":"days_since_last_login","dimension":"eng","weight":2,"rule":{"type":"linear","from":30,"to":1}},
    {"id":"open","column":"announcement_open_rate","dimension":"eng","rule":{"type":"percentile"}},
    {"id":"key","ratio":["key_feature_uses_30d","active_users"],"dimension":"ado","weight":3,"rule":{"type":"bands","bands":[{"min":3,"points":100},{"min":1,"points":60},{"min":0.3,"points":25},{"points":0}]}},
    {"id":"trend","change":["usage_this_month","usage_prev_month"],"dimension":"ado","weight":2,"rule":{"type":"bands","bands":[{"min":10,"points":100},{"min":0,"points":75},{"min":-15,"points":40},{"points":0}]}},
    {"id":"goals","column":"goal_attainment_pct","dimension":"roi","weight":3,"rule":{"type":"linear","from":30,"to":100}},
    {"id":"nps","column":"nps","dimension":"roi","weight":3,"rule":{"type":"category","map":{"10":100,"9":100,"8":60,"7":60,"6":20}}},
    {"id":"ces","column":"ces","dimension":"roi","rule":{"type":"percentile","lower_is_better":true}},
    {"id":"plan","column":"plan","dimension":"roi","weight":1,"rule":{"type":"category","map":{"enterprise":100,"pro":50},"else":10}}],
  "segments":[
    {"id":"top","label":"T","min":85,"when":[{"field":"dimension.ado","min":90},{"field":"indicator.nps","min":60}]},
    {"id":"red-big","label":"R","max":40,"when":[{"field":"column.arr","min":100000}]},
    {"id":"red-plan","label":"R","max":40,"when":[{"field":"column.plan","in":["Pro","starter"]}]},
    {"id":"red","label":"R","max":40},
    {"id":"yellow","label":"Y","min":40,"max":70,"when":[{"field":"score","min":45}]},
    {"id":"green","label":"G","min":70}],
  "alerts":[
    {"id":"shallow","label":"x","when":[{"field":"indicator.logins","min":80},{"field":"indicator.key","max":30}]},
    {"id":"detractor","label":"x","when":[{"field":"column.nps","max":7}]},
    {"id":"renewal","label":"x","when":[{"field":"column.contract_months_left","max":3},{"field":"score","max":55}]},
    {"id":"ent","label":"x","when":[{"field":"column.plan","in":["Enterprise"]},{"field":"indicator.sponsor","max":50}]},
    {"id":"weak","label":"x","when":[{"field":"dimension.ado","max":30}]},
    {"id":"answered","label":"x","when":[{"field":"column.nps"}]},
    {"id":"all","label":"x","when":[]},
    {"id":"mixed","label":"x","when":[{"field":"indicator.trend","min":50},{"field":"score","min":30,"max":70},{"field":"dimension.roi","min":40}]}]})";

// Without dimensions, missing values count as 0.
const char* const kFlatModel = R"({"version":1,"id_column":"account_id","missing":"zero",
  "indicators":[
    {"id":"logins","column":"logins_per_day","rule":{"type":"bands","bands":[{"min":1,"points":20},{"min":0.5,"points":10},{"points":0}]}},
    {"id":"feat","column":"feature_adoption_pct","weight":0,"rule":{"type":"linear","from":10,"to":80}},
    {"id":"onb","column":"onboarding_done","missing_points":3,"rule":{"type":"boolean","points":10}},
    {"id":"nps","column":"nps","rule":{"type":"category","map":{"10":100,"9":100,"8":60}}},
    {"id":"ces","column":"ces","weight":2.5,"rule":{"type":"percentile","lower_is_better":true}},
    {"id":"csat","column":"csat","rule":{"type":"linear","from":1,"to":5}}],
  "segments":[{"id":"a","label":"A","min":60,"when":[{"field":"indicator.logins","min":50}]},
              {"id":"b","label":"B","min":30}],
  "alerts":[{"id":"low","label":"x","when":[{"field":"score","max":40}]},
            {"id":"st","label":"x","when":[{"field":"column.plan","in":["Starter"]},{"field":"score","min":50}]}]})";

}  // namespace

TEST_CASE("coded sub-score columns hold the same sub-scores as double columns", "[scoring]") {
  const std::string csv = generated(3000, 11);
  for (const char* model : {kDearModel, kFlatModel}) {
    kenko::Engine e;
    load(e, model, csv);
    const kenko::SubScores& compact = e.subscores();
    const kenko::SubScores plain =
        kenko::compute_subscores(e.model(), e.table(), kenko::SubScoreLayout::Plain);
    size_t coded = 0;
    for (size_t i = 0; i < compact.indicators; ++i) {
      const kenko::RuleType t = e.model().indicators[i].rule.type;
      const bool few = t == kenko::RuleType::Bands || t == kenko::RuleType::Boolean ||
                       t == kenko::RuleType::Category;
      if (few) CHECK(compact.column(i).coded);  // others too when they take few values
      CHECK(!plain.column(i).coded);
      coded += compact.column(i).coded;
      for (size_t r = 0; r < compact.rows; ++r) {
        INFO("indicator " << i << " row " << r);
        REQUIRE(same(compact.column(i)[r], plain.column(i)[r]));
        REQUIRE(compact.present_column(i)[r] == plain.present_column(i)[r]);
      }
      CHECK(compact.reports[i].missing.count == plain.reports[i].missing.count);
      CHECK(compact.reports[i].invalid.first == plain.reports[i].invalid.first);
    }
    CHECK(coded > 0);
    // A 1–5 rating makes few linear sub-scores (a byte); the share of seats in use, more than
    // 255 (two bytes).
    for (size_t i = 0; i < compact.indicators; ++i) {
      const std::string& id = e.model().indicators[i].id;
      if (id == "csat" || id == "goals")
        CHECK((compact.column(i).coded && !compact.column(i).wide));
      if (id == "seats") CHECK((compact.column(i).coded && compact.column(i).wide));
    }
    // Both layouts score alike, and as the reference.
    kenko::Results a, b;
    kenko::compute_scores(e.model(), e.weights(), e.table(), compact, a);
    kenko::compute_drivers(e.model(), e.weights(), compact, a);
    kenko::compute_scores(e.model(), e.weights(), e.table(), plain, b);
    kenko::compute_drivers(e.model(), e.weights(), plain, b);
    const Reference ref = reference(e.model(), e.weights(), e.table(), plain);
    matches(a, ref);
    matches(b, ref);
    matches_reference(e);
  }
}

TEST_CASE("more outcomes than a byte holds take two bytes; more than 65,535 stay doubles",
          "[scoring]") {
  std::string bands;
  for (int b = 0; b < 300; ++b) {
    if (b) bands += ",";
    bands +=
        R"({"min":)" + std::to_string(300 - b) + R"(,"points":)" + std::to_string(300 - b) + "}";
  }
  const std::string model = R"({"version":1,"id_column":"account_id","indicators":[
    {"id":"many","column":"faq_views_30d","rule":{"type":"bands","bands":[)" +
                            bands + R"(]}},
    {"id":"few","column":"tickets_30d","rule":{"type":"bands","bands":[{"max":2,"points":10},{"points":0}]}}]})";
  kenko::Engine e;
  load(e, model, generated(500, 3));
  CHECK((e.subscores().column(0).coded && e.subscores().column(0).wide));
  CHECK((e.subscores().column(1).coded && !e.subscores().column(1).wide));
  matches_reference(e);

  // 70,000 distinct values: linear and percentile sub-scores go from one byte to two, then to
  // doubles, as they are met.
  std::string csv = "account_id,x\n";
  for (int r = 0; r < 70000; ++r) {
    const int v = r < 3000 ? r % 50 : r;  // a run of few values first
    csv += std::to_string(r) + "," + std::to_string(v) + "\n";
  }
  kenko::Engine big;
  load(big, R"({"version":1,"id_column":"account_id","indicators":[
    {"id":"lin","column":"x","rule":{"type":"linear","from":0,"to":70001}},
    {"id":"pct","column":"x","rule":{"type":"percentile"}},
    {"id":"low","column":"x","rule":{"type":"linear","from":0,"to":5000}}]})",
       csv);
  CHECK(!big.subscores().column(0).coded);
  CHECK(!big.subscores().column(1).coded);
  CHECK((big.subscores().column(2).coded && big.subscores().column(2).wide));  // 0–5000
  matches_reference(big);
}

TEST_CASE("what-if weights re-score only the dimensions they touch, exactly", "[scoring]") {
  kenko::Engine e;
  load(e, kDearModel, generated(5000, 21));  // two whole blocks of rows and a part
  matches_reference(e);
  const std::vector<double> before = e.results().dimension;
  const size_t n = e.results().rows;
  e.set_indicator_weight(0, 7.25);  // dimension "dep" only
  matches_reference(e);
  // The other dimensions are the same doubles; "dep" changed somewhere.
  const std::vector<double>& after = e.results().dimension;
  bool dep_changed = false;
  for (size_t r = 0; r < n; ++r) {
    dep_changed = dep_changed || !same(before[r], after[r]);
    for (size_t d = 1; d < 4; ++d) REQUIRE(same(before[d * n + r], after[d * n + r]));
  }
  CHECK(dep_changed);
  e.set_indicator_weight(5, 0.5);
  matches_reference(e);
  e.set_dimension_weight(2, 0.125);
  matches_reference(e);
  // A dimension whose weights are all 0 drops out, then comes back.
  e.set_indicator_weight(6, 0);
  e.set_indicator_weight(7, 0);
  matches_reference(e);
  e.set_indicator_weight(7, 1);
  matches_reference(e);
  e.set_dimension_weight(0, 0);
  matches_reference(e);
  // Nothing counts: everyone unscored.
  for (size_t i = 0; i < e.model().indicators.size(); ++i) e.set_indicator_weight(i, 0);
  matches_reference(e);
  CHECK(std::isnan(e.results().score[0]));
  e.set_indicator_weight(3, 2);
  matches_reference(e);
  e.set_rule(9, R"({"type":"linear","from":0,"to":10})");  // a coded column becomes plain
  matches_reference(e);
  e.set_indicator_weight(9, 4);
  matches_reference(e);
  e.set_rule(4, R"({"type":"bands","bands":[{"max":7,"points":10},{"points":2}]})");
  matches_reference(e);
  e.reset_what_if();
  matches_reference(e);
  // A rule change re-evaluates the conditions that read that indicator ("shallow", "ent").
  e.set_rule(3, R"({"type":"linear","from":0,"to":2})");
  matches_reference(e);
  e.set_rule(2, R"({"type":"category","map":{"yes":30,"no":70}})");
  matches_reference(e);
  e.reset_what_if();
  matches_reference(e);

  kenko::Engine flat;
  load(flat, kFlatModel, generated(2100, 5));
  matches_reference(flat);
  flat.set_indicator_weight(2, 9);
  matches_reference(flat);
  flat.set_indicator_weight(1, 3);
  matches_reference(flat);
}

TEST_CASE(
    "after a weight change alerts on score and dimensions follow, on indicators and columns stay",
    "[scoring]") {
  kenko::Engine e;
  load(e, kDearModel, generated(4000, 8));
  const kenko::Model& m = e.model();
  auto alert_index = [&](const std::string& id) {
    for (size_t a = 0; a < m.alerts.size(); ++a) {
      if (m.alerts[a].id == id) return a;
    }
    FAIL("no alert " << id);
    return size_t{0};
  };
  const std::vector<kenko::AlertWord> before = e.results().alerts;
  const std::vector<double> score_before = e.results().score;
  e.set_dimension_weight(2, 10);  // "ado" weighs much more: scores move
  e.set_indicator_weight(6, 0.1);
  matches_reference(e);
  const kenko::Results& r = e.results();
  size_t moved = 0;
  for (const char* id : {"shallow", "detractor", "ent", "answered", "all"}) {
    const size_t a = alert_index(id);
    for (size_t row = 0; row < r.rows; ++row) {
      const bool was = (before[row] >> a) & 1, is = r.has_alert(row, a);
      // Only scored customers have alerts; scoring stayed the same for everyone here.
      REQUIRE(std::isnan(score_before[row]) == std::isnan(r.score[row]));
      REQUIRE(was == is);
    }
  }
  for (const char* id : {"renewal", "weak", "mixed"}) {
    const size_t a = alert_index(id);
    for (size_t row = 0; row < r.rows; ++row)
      moved += ((before[row] >> a) & 1) != r.has_alert(row, a);
  }
  CHECK(moved > 0);
  // Thresholds: segments re-evaluated from the scores in hand.
  e.set_segment_bounds(5, 60.0, std::nullopt);
  e.set_segment_bounds(3, std::nullopt, 45.0);
  matches_reference(e);
  e.set_segment_bounds(0, std::nullopt, std::nullopt);
  matches_reference(e);
}

TEST_CASE("drivers: the largest costs first, ties in model order", "[scoring]") {
  // Five indicators of equal weight; sub-scores make equal costs on purpose.
  const char* model = R"({"version":1,"id_column":"id","indicators":[
    {"id":"a","column":"a","weight":1,"rule":{"type":"linear","from":0,"to":10}},
    {"id":"b","column":"b","weight":1,"rule":{"type":"bands","bands":[{"min":5,"points":10},{"points":5}]}},
    {"id":"c","column":"c","weight":1,"rule":{"type":"linear","from":0,"to":10}},
    {"id":"d","column":"d","weight":1,"rule":{"type":"boolean"}},
    {"id":"e","column":"e","weight":1,"rule":{"type":"linear","from":0,"to":10}}]})";
  kenko::Engine e;
  load(e, model,
       "id,a,b,c,d,e\n"
       "r1,5,1,5,yes,5\n"     // costs 50 50 50 0 50: a b c
       "r2,5,1,2,yes,2\n"     // 50 50 80 0 80: c e a
       "r3,10,9,10,yes,10\n"  // nothing costs: no drivers
       "r4,,1,,no,\n"         // b 50, d 100: d b
       "r5,0,1,0,no,0\n");    // 100 50 100 100 100: a c d
  const kenko::Results& r = e.results();
  auto ids = [&](size_t row) {
    std::string s;
    for (size_t k = 0; k < kenko::kMaxDrivers; ++k) {
      const int32_t i = r.drivers[row * kenko::kMaxDrivers + k];
      if (i >= 0) s += e.model().indicators[static_cast<size_t>(i)].id;
    }
    return s;
  };
  CHECK(ids(0) == "abc");
  CHECK(ids(1) == "cea");
  CHECK(ids(2) == "");
  CHECK(ids(3) == "db");
  CHECK(ids(4) == "acd");
  matches_reference(e);
}

TEST_CASE("presence patterns: many of them, and more than 64 indicators", "[scoring]") {
  // Twelve columns missing at random give thousands of patterns; 70 indicators over them
  // (several per column) need two words per pattern, and 70 alerts two words per customer.
  std::string csv = "id";
  for (int c = 0; c < 12; ++c) csv += ",x" + std::to_string(c);
  csv += "\n";
  uint64_t s = 12345;
  for (int row = 0; row < 6000; ++row) {
    csv += "r" + std::to_string(row);
    for (int c = 0; c < 12; ++c) {
      s = s * 6364136223846793005ULL + 1442695040888963407ULL;
      const uint64_t v = s >> 33;
      csv += ",";
      if (v % 5) csv += std::to_string(v % 100);
    }
    csv += "\n";
  }
  std::string model = R"({"version":1,"id_column":"id",
    "dimensions":[{"id":"p","label":"P"},{"id":"q","label":"Q","weight":2},{"id":"z","label":"Z","weight":0.5}],
    "indicators":[)";
  for (int i = 0; i < 70; ++i) {
    if (i) model += ",";
    const std::string col = "x" + std::to_string(i % 12);
    const char* dim = i % 3 == 0 ? "p" : (i % 3 == 1 ? "q" : "z");
    const std::string rule =
        i % 4 == 0 ? R"({"type":"linear","from":0,"to":99})"
        : i % 4 == 1
            ? R"({"type":"bands","bands":[{"min":50,"points":10},{"min":20,"points":4},{"points":0}]})"
        : i % 4 == 2 ? R"({"type":"percentile"})"
                     : R"({"type":"linear","from":90,"to":10,"points":30})";
    model += R"({"id":"i)" + std::to_string(i) + R"(","column":")" + col + R"(","dimension":")" +
             dim + R"(","weight":)" + std::to_string(1 + i % 5) + R"(,"rule":)" + rule +
             (i % 7 == 0 ? R"(,"missing_points":1)" : "") + "}";
  }
  model += R"(],"alerts":[)";
  for (int a = 0; a < 70; ++a) {
    if (a) model += ",";
    const std::string field = a % 3 == 0   ? "indicator.i" + std::to_string(a)
                              : a % 3 == 1 ? std::string("score")
                                           : "column.x" + std::to_string(a % 12);
    model += R"({"id":"a)" + std::to_string(a) + R"(","label":"x","when":[{"field":")" + field +
             R"(","min":)" + std::to_string(a) + "}]}";
  }
  model += "]}";
  kenko::Engine e;
  load(e, model, csv);
  CHECK(e.results().alert_words == 3);  // 70 alerts, 32 to a word
  CHECK(e.results().patterns.words == 2);
  CHECK(e.results().patterns.patterns.size() / 2 > 1000);
  matches_reference(e);
  e.set_indicator_weight(69, 0);
  matches_reference(e);
  e.set_dimension_weight(1, 0.75);
  matches_reference(e);
}

TEST_CASE("tables of any size: one row, block edges", "[scoring]") {
  const std::string csv = generated(4200, 2);
  for (size_t rows : {size_t{1}, size_t{2}, kenko::kRowBlock - 1, kenko::kRowBlock,
                      kenko::kRowBlock + 1, 2 * kenko::kRowBlock + 3}) {
    // The first `rows` lines after the header.
    size_t end = 0;
    for (size_t line = 0; line <= rows; ++line) end = csv.find('\n', end) + 1;
    kenko::Engine e;
    load(e, kDearModel, csv.substr(0, end));
    REQUIRE(e.results().rows == rows);
    matches_reference(e);
    e.set_indicator_weight(3, 1.5);
    e.set_segment_bounds(5, 65.0, std::nullopt);
    matches_reference(e);
  }
}

TEST_CASE("CustomerScorer and first_segment score one customer as compute_scores scores all",
          "[scoring]") {
  const std::string csv = generated(2500, 17);
  for (const char* model : {kDearModel, kFlatModel}) {
    kenko::Engine e;
    load(e, model, csv);
    for (int pass = 0; pass < 2; ++pass) {
      if (pass == 1) {  // weights moved: the same path, other doubles
        e.set_indicator_weight(0, 3.25);
        if (!e.model().dimensions.empty()) e.set_dimension_weight(0, 0.5);
      }
      const kenko::Results& res = e.results();
      const kenko::SubScores& sub = e.subscores();
      const kenko::CustomerScorer scorer(e.model());
      const size_t n = sub.rows, k = sub.indicators, D = e.model().dimensions.size();
      REQUIRE(scorer.indicators() == k);
      REQUIRE(scorer.dimensions() == D);
      const Reference ref = reference(e.model(), e.weights(), e.table(), sub);
      std::vector<double> s(k), dims(D);
      size_t segmented = 0;
      for (size_t r = 0; r < n; ++r) {
        for (size_t i = 0; i < k; ++i) s[i] = sub.column(i)[r];
        const double score = scorer.score(e.weights(), s.data(), dims.data());
        INFO("row " << r << " pass " << pass);
        REQUIRE(same(score, res.score[r]));
        for (size_t d = 0; d < D; ++d) REQUIRE(same(dims[d], res.dimension[d * n + r]));
        const int32_t seg = kenko::first_segment(e.model(), score, [&](size_t g, size_t q) {
          return holds(e.model().segments[g].when[q], e.table(), sub, ref, n, r);
        });
        REQUIRE(seg == res.segment[r]);
        segmented += seg >= 0;
      }
      CHECK(segmented > n / 2);
    }
  }
}
