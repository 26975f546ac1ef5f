// "What would make this customer green": the single-customer evaluator against the engine, and
// the least improvements, hand-computed.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/error.h"
#include "helpers.h"
#include "report/report_json.h"
#include "report/text_report.h"
#include "review/improve.h"

using kenko::Improvement;
using kenko::ImprovementStep;
using Bound = kenko::ImprovementStep::Bound;

namespace {

uint64_t bits(double v) {
  uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

bool same_double(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || bits(a) == bits(b);
}

int32_t segment_index(const kenko::Model& m, const std::string& id) {
  for (size_t s = 0; s < m.segments.size(); ++s) {
    if (m.segments[s].id == id) return static_cast<int32_t>(s);
  }
  return -100;
}

Improvement improve(kenko::Engine& e, size_t row, kenko::ImproveOptions opt = {}) {
  return kenko::improve_customer(e.model(), e.weights(), e.table(), e.subscores(), e.results(), row,
                                 opt);
}

// The customer re-scored with the steps applied lands where the answer says.
void check_lands(kenko::Engine& e, const Improvement& imp) {
  REQUIRE(imp.found);
  const kenko::CustomerScore cs =
      kenko::evaluate_steps(e.model(), e.weights(), e.table(), e.subscores(), imp.row, imp.steps);
  CHECK(cs.segment == imp.to_segment);
  CHECK(same_double(cs.score, imp.score_after));
}

// The evaluator on the customer as it is, against the engine's results.
void check_evaluator(kenko::Engine& e) {
  const kenko::Results& res = e.results();
  const kenko::SubScores& sub = e.subscores();
  const size_t k = e.model().indicators.size(), D = e.model().dimensions.size();
  std::vector<double> s(k);
  std::vector<uint8_t> p(k);
  size_t bad = 0;
  for (size_t r = 0; r < res.rows; ++r) {
    for (size_t i = 0; i < k; ++i) {
      s[i] = sub.column(i)[r];
      p[i] = sub.present_column(i)[r];
    }
    const kenko::CustomerScore cs =
        kenko::evaluate_customer(e.model(), e.weights(), e.table(), r, s, p);
    bool ok = same_double(cs.score, res.score[r]) && cs.segment == res.segment[r];
    for (size_t d = 0; d < D; ++d)
      ok = ok && same_double(cs.dimension[d], res.dimension[d * res.rows + r]);
    bad += !ok;
  }
  CHECK(bad == 0);
}

const char* kSeedTable =
    "account_id,account_name,logins_per_day,feature_adoption_pct,days_since_last_login,"
    "onboarding_done,seminar_attended,nps,csat,ticket_severity_high,executive_sponsor,churned\n"
    // 0+8+10+10+5+8+3+10+10 = 64: yellow; feature adoption to 60 gives +7 → 71 (nps 9 too,
    // later in model order; logins 0.5 gives +10 → 74)
    "a,A,0.3,35,5,yes,yes,8,4,0,yes,0\n"
    // 0+8+5+10+0+8+3+10+0 = 44: no single indicator adds 26; logins to 1 (+20) with feature
    // adoption to 60 (+7) → 71, the least pair (nps 9 ties, later in model order)
    "b,B,0.3,35,20,yes,no,8,4,0,no,0\n"
    // everything: 100, green
    "c,C,2,80,1,yes,yes,10,5,0,yes,0\n"
    // nothing counts
    "d,D,,,,,,,,,,0\n";

}  // namespace

TEST_CASE("improve: the evaluator gives the engine's scores and segments bit for bit",
          "[improve]") {
  const std::string csv = kenko_test::generated(2000, 5);
  for (const char* path : {"examples/dear.json", "examples/seed-points.json"}) {
    kenko::Engine e;
    kenko_test::load(e, kenko_test::slurp(kenko_test::source_path(path)), csv);
    check_evaluator(e);
  }
  // Missing values counted as zero.
  {
    std::string zero = kenko_test::slurp(kenko_test::source_path("examples/seed-points.json"));
    zero.replace(zero.find("\"version\": 1,"), 13, "\"version\": 1, \"missing\": \"zero\",");
    kenko::Engine z;
    kenko_test::load(z, zero, csv);
    check_evaluator(z);
  }
  // With what-if weights too.
  kenko::Engine e;
  kenko_test::load(e, kenko_test::slurp(kenko_test::source_path("examples/dear.json")), csv);
  e.set_indicator_weight(3, 7.5);
  e.set_dimension_weight(1, 0.25);
  check_evaluator(e);
}

TEST_CASE("improve: one band step, then two indicators (seed points)", "[improve]") {
  kenko::Engine e;
  kenko_test::load(e, kenko_test::slurp(kenko_test::source_path("examples/seed-points.json")),
                   kSeedTable);
  const kenko::Model& m = e.model();
  CHECK(e.results().score[0] == 64);

  const Improvement a = improve(e, 0);
  REQUIRE(a.found);
  CHECK(a.complete);
  CHECK(a.from_segment == segment_index(m, "yellow"));
  CHECK(a.to_segment == segment_index(m, "green"));
  CHECK(a.score_before == 64);
  CHECK(a.score_after == 71);
  REQUIRE(a.steps.size() == 1);
  CHECK(m.indicators[a.steps[0].indicator].id == "feature_adoption");
  CHECK(a.steps[0].from_text == "35");
  CHECK(a.steps[0].bound == Bound::AtLeast);
  CHECK(a.steps[0].to_value == 60);
  CHECK(a.steps[0].to_text == "60");
  CHECK(std::isnan(a.steps[0].band_end));
  CHECK(a.steps[0].from_subscore == Approx(100.0 * 8 / 15));
  CHECK(a.steps[0].to_subscore == 100);
  check_lands(e, a);
  CHECK(kenko::improvement_text(m, a) ==
        "Share of core features in use (60%+: 15, 30%+: 8): from 35 to at least 60 (sub-score "
        "53.33 → 100)\n→ green (Healthy): score 64 → 71\n");

  const Improvement b = improve(e, 1);
  REQUIRE(b.found);
  CHECK(b.score_before == 44);
  CHECK(b.score_after == 71);
  CHECK(b.to_segment == segment_index(m, "green"));
  REQUIRE(b.steps.size() == 2);
  CHECK(m.indicators[b.steps[0].indicator].id == "logins");
  CHECK(b.steps[0].bound == Bound::AtLeast);
  CHECK(b.steps[0].to_value == 1);
  CHECK(m.indicators[b.steps[1].indicator].id == "feature_adoption");
  CHECK(b.steps[1].to_value == 60);
  check_lands(e, b);
  // Limited to one indicator, customer b cannot get better.
  kenko::ImproveOptions one;
  one.max_indicators = 1;
  const Improvement b1 = improve(e, 1, one);
  CHECK_FALSE(b1.found);
  CHECK(b1.failure == kenko::ImproveFailure::Unreachable);

  const Improvement c = improve(e, 2);
  CHECK_FALSE(c.found);
  CHECK(c.failure == kenko::ImproveFailure::BestSegment);
  CHECK(c.reason_if_not_found == "already in the best segment");

  const Improvement d = improve(e, 3);
  CHECK_FALSE(d.found);
  CHECK(d.failure == kenko::ImproveFailure::Unscored);
  CHECK(kenko::improvement_text(m, d).rfind("No improvement: unscored", 0) == 0);

  CHECK_THROWS_AS(improve(e, 4), kenko::Error);

  const nlohmann::json j = nlohmann::json::parse(kenko::improvement_json(m, b));
  CHECK(j["found"] == true);
  CHECK(j["from"]["segment"] == "yellow");
  CHECK(j["to"]["segment"] == "green");
  CHECK(j["to"]["score"] == 71);
  CHECK(j["steps"].size() == 2);
  CHECK(j["steps"][0]["indicator"] == "logins");
  CHECK(j["steps"][0]["from"] == "0.3");
  CHECK(j["steps"][0]["bound"] == "atLeast");
  CHECK(j["steps"][0]["toValue"] == 1);
  CHECK(j["steps"][0]["to"] == "1");
  CHECK(j["text"].size() == 3);
  const nlohmann::json jd = nlohmann::json::parse(kenko::improvement_json(m, d));
  CHECK(jd["to"].is_null());
  CHECK(jd["reason"].get<std::string>().rfind("unscored", 0) == 0);
}

namespace {
// x: bands where a value of 5 or more is shadowed by the first band (2 points), so [3, 5)
// gives the most; y: linear 0 → 7. Weights = P = 10 each: the score is the mean sub-score.
const char* kShadowModel = R"({"version":1,"id_column":"id",
  "indicators":[
    {"id":"x","column":"x","rule":{"type":"bands","bands":[{"min":5,"points":2},{"min":3,"points":10},{"points":0}]}},
    {"id":"y","column":"y","rule":{"type":"linear","from":0,"to":7,"points":10}}],
  "segments":[{"id":"green","label":"Green","min":70},{"id":"yellow","label":"Yellow","min":40},{"id":"red","label":"Red"}]})";
}  // namespace

TEST_CASE("improve: shadowed bands, below a band's max, the exact linear value", "[improve]") {
  kenko::Engine e;
  kenko_test::load(e, kShadowModel,
                   "id,x,y\n"
                   "p,1,7\n"      // x 0, y 100: 50 yellow; x to [3, 5) → 100 green
                   "q,7,3.5\n"    // x 20, y 50: 35 red → yellow: y to 6.3 (40); x below 5 → 75
                   "r,1,3.5\n");  // x 0, y 50: 25 red → yellow needs y 80 (40)
  const kenko::Model& m = e.model();
  const Improvement p = improve(e, 0);
  REQUIRE(p.found);
  REQUIRE(p.steps.size() == 1);
  CHECK(p.steps[0].indicator == 0);
  CHECK(p.steps[0].bound == Bound::AtLeast);
  CHECK(p.steps[0].to_value == 3);
  CHECK(p.steps[0].band_end == 5);  // 5 and more is shadowed: 2 points
  CHECK(p.score_after == 100);
  CHECK(p.to_segment == segment_index(m, "green"));
  CHECK(kenko::improvement_text(m, p).find(
            "x: from 1 to at least 3 (and below 5) (sub-score 0 → 100)") == 0);
  check_lands(e, p);

  // q: the next better tier is yellow (y), not green (x below 5 would give 75).
  const Improvement q = improve(e, 1);
  REQUIRE(q.found);
  REQUIRE(q.steps.size() == 1);
  CHECK(q.steps[0].indicator == 1);
  CHECK(q.to_segment == segment_index(m, "yellow"));
  // Asked for green: x from 7 to below 5 (and at least 3).
  kenko::ImproveOptions green;
  green.target_segment = segment_index(m, "green");
  const Improvement qg = improve(e, 1, green);
  REQUIRE(qg.found);
  REQUIRE(qg.steps.size() == 1);
  CHECK(qg.steps[0].indicator == 0);
  CHECK(qg.steps[0].bound == Bound::Below);
  CHECK(qg.steps[0].to_value == 5);
  CHECK(qg.steps[0].band_end == 3);
  CHECK(qg.score_after == 75);
  check_lands(e, qg);

  // r: y must give 80 points of 100: the least double value that does, exactly at 40.
  const Improvement r = improve(e, 2);
  REQUIRE(r.found);
  REQUIRE(r.steps.size() == 1);
  const ImprovementStep& st = r.steps[0];
  CHECK(st.indicator == 1);
  CHECK(st.bound == Bound::AtLeast);
  CHECK(st.to_value == Approx(5.6));
  CHECK(r.score_after >= 40);
  CHECK(r.score_after == Approx(40));
  CHECK(r.to_segment == segment_index(m, "yellow"));
  check_lands(e, r);
  // One double less is still red.
  ImprovementStep less = st;
  less.to_value = std::nextafter(st.to_value, 0.0);
  const kenko::CustomerScore below =
      kenko::evaluate_steps(m, e.weights(), e.table(), e.subscores(), 2, {less});
  CHECK(below.score < 40);
  CHECK(below.segment == segment_index(m, "red"));
  // The shown value lands too and is short.
  CHECK(st.to_text.size() <= 4);
  ImprovementStep shown = st;
  shown.to_value = std::stod(st.to_text);
  CHECK(shown.to_value >= st.to_value);
  CHECK(kenko::evaluate_steps(m, e.weights(), e.table(), e.subscores(), 2, {shown}).segment ==
        segment_index(m, "yellow"));
}

TEST_CASE("improve: a `when` condition on ARR and on the changed column", "[improve]") {
  // green-high needs ARR ≥ 100,000; green needs ARR below it; without ARR no green is
  // reachable. "top" (first) needs the raw y value ≥ 9 as well as a score of 80.
  const char* model = R"({"version":1,"id_column":"id",
    "indicators":[
      {"id":"x","column":"x","rule":{"type":"bands","bands":[{"min":3,"points":10},{"points":0}]}},
      {"id":"y","column":"y","rule":{"type":"linear","from":0,"to":10,"points":10}}],
    "segments":[
      {"id":"top","label":"Top","min":80,"when":[{"field":"column.y","min":9}]},
      {"id":"green-high","label":"Green - high touch","min":70,"when":[{"field":"column.arr","min":100000}]},
      {"id":"green","label":"Green","min":70,"when":[{"field":"column.arr","max":100000}]},
      {"id":"yellow","label":"Yellow","min":40},{"id":"red","label":"Red"}]})";
  kenko::Engine e;
  kenko_test::load(e, model,
                   "id,x,y,arr\n"
                   "a,1,9,250000\n"  // x 0, y 90: 45 yellow → x to 3: 95 → top (y ≥ 9)
                   "b,3,2,250000\n"  // x 100, y 20: 60 yellow → green-high at y 4 (70)
                   "c,3,2,\n"        // no ARR: no green; top needs y ≥ 9 (95)
                   "d,3,7,\n");      // x 100, y 70: 85, but y < 9: yellow → top at y 9
  const kenko::Model& m = e.model();
  CHECK(e.results().segment[0] == segment_index(m, "yellow"));
  const Improvement a = improve(e, 0);
  REQUIRE(a.found);
  // The next tier is 70 (green-high), but x to 3 lands in top (a higher tier); y alone: at 14
  // points... y is at 90 and goes up to 100: 50 → yellow. So tier 70 is out of reach, tier 80
  // is the target.
  CHECK(a.to_segment == segment_index(m, "top"));
  REQUIRE(a.steps.size() == 1);
  CHECK(a.steps[0].indicator == 0);
  check_lands(e, a);

  const Improvement b = improve(e, 1);
  REQUIRE(b.found);
  CHECK(b.to_segment == segment_index(m, "green-high"));
  REQUIRE(b.steps.size() == 1);
  CHECK(b.steps[0].indicator == 1);
  CHECK(b.steps[0].to_value == Approx(4));
  check_lands(e, b);

  // c: tier 70 needs ARR; tier 80 (top) needs y ≥ 9 although the score reaches 80 at y 6.
  const Improvement c = improve(e, 2);
  REQUIRE(c.found);
  CHECK(c.to_segment == segment_index(m, "top"));
  REQUIRE(c.steps.size() == 1);
  CHECK(c.steps[0].indicator == 1);
  CHECK(c.steps[0].to_value == 9);
  CHECK(c.score_after == 95);
  check_lands(e, c);

  kenko::ImproveOptions to_green;
  to_green.target_segment = segment_index(m, "green");
  const Improvement cg = improve(e, 2, to_green);
  CHECK_FALSE(cg.found);
  CHECK(cg.failure == kenko::ImproveFailure::Unreachable);

  const Improvement d = improve(e, 3);
  REQUIRE(d.found);
  CHECK(d.steps[0].to_value == 9);
  CHECK(d.to_segment == segment_index(m, "top"));
}

TEST_CASE("improve: a percentile among the other customers' values", "[improve]") {
  // p weighs 3, z 1: score = (3 p + z) / 4.
  auto model = [](bool lower) {
    return std::string(R"({"version":1,"id_column":"id",
      "indicators":[
        {"id":"p","column":"p","weight":3,"rule":{"type":"percentile","lower_is_better":)") +
           (lower ? "true" : "false") + R"(}},
        {"id":"z","column":"z","weight":1,"rule":{"type":"linear","from":0,"to":100}}]})";
  };
  const char* table =
      "id,p,z\n"
      "a,10,50\n"  // p: (0 + 1/2)/5 → 10; score 20, red
      "b,20,0\n"
      "c,30,0\n"
      "d,40,0\n"
      "e,50,50\n";
  kenko::Engine e;
  kenko_test::load(e, model(false), table);
  CHECK(e.results().score[0] == 20);
  // At 20: (0 + 2/2)/5 = 20 → 27.5; above 20: (1 + 1/2)/5 = 30 → 35; at 30: (1 + 1)/5 = 40 →
  // 42.5, yellow.
  const Improvement a = improve(e, 0);
  REQUIRE(a.found);
  REQUIRE(a.steps.size() == 1);
  CHECK(a.steps[0].indicator == 0);
  CHECK(a.steps[0].bound == Bound::AtLeast);
  CHECK(a.steps[0].to_value == 30);
  CHECK(a.steps[0].to_subscore == Approx(40));
  CHECK(a.score_after == Approx(42.5));
  check_lands(e, a);

  kenko::Engine lo;
  kenko_test::load(lo, model(true), table);
  // e at 50: 1 − 0.9 → 10; mirrored: at most 30.
  const Improvement b = improve(lo, 4);
  REQUIRE(b.found);
  REQUIRE(b.steps.size() == 1);
  CHECK(b.steps[0].bound == Bound::AtMost);
  CHECK(b.steps[0].to_value == 30);
  CHECK(b.score_after == Approx(42.5));
  check_lands(lo, b);

  // A percentile needing "more than": from 10, sub-score 30 is reached above 20.
  kenko::ImproveOptions o;
  o.max_indicators = 1;
  const char* table2 =
      "id,p,z\n"
      "a,10,90\n"  // 3·10 + 90 = 120 / 4 = 30; yellow (40) needs p 23.3: above 20 (30)
      "b,20,0\nc,30,0\nd,40,0\ne,50,50\n";
  kenko::Engine e2;
  kenko_test::load(e2, model(false), table2);
  const Improvement c = improve(e2, 0, o);
  REQUIRE(c.found);
  CHECK(c.steps[0].bound == Bound::Above);
  CHECK(c.steps[0].to_value == 20);
  CHECK(c.score_after == Approx(45));
  CHECK(kenko::improvement_text(e2.model(), c).find("to more than 20") != std::string::npos);
  check_lands(e2, c);
}

TEST_CASE("improve: boolean and category", "[improve]") {
  const char* model = R"({"version":1,"id_column":"id",
    "indicators":[
      {"id":"b","column":"b","rule":{"type":"boolean","points":10}},
      {"id":"c","column":"c","rule":{"type":"category","map":{"Gold":10,"silver":5,"bronze":0}}}]})";
  kenko::Engine e;
  kenko_test::load(e, model,
                   "id,b,c\n"
                   "a,no,bronze\n"   // 0 red → b yes: 50 (c gold ties, later in model order)
                   "b,yes,bronze\n"  // 50 yellow → c silver: 75 green
                   "c,いいえ,\n"     // 0 (c missing, not counted) → c gold: 50; b はい: 100
                   "d,,silver\n");   // 50 → b missing: c gold → 100 green; b true → 75
  const kenko::Model& m = e.model();
  const Improvement a = improve(e, 0);
  REQUIRE(a.found);
  REQUIRE(a.steps.size() == 1);
  CHECK(a.steps[0].indicator == 0);
  CHECK(a.steps[0].bound == Bound::Exactly);
  CHECK(a.steps[0].to_text == "yes");
  CHECK(a.score_after == 50);
  check_lands(e, a);

  const Improvement b = improve(e, 1);
  REQUIRE(b.found);
  REQUIRE(b.steps.size() == 1);
  CHECK(b.steps[0].indicator == 1);
  CHECK(b.steps[0].to_text == "silver");
  CHECK(b.score_after == 75);
  CHECK(kenko::improvement_text(m, b) ==
        "c: from bronze to silver (sub-score 0 → 50)\n→ green (Green): score 50 → 75\n");
  check_lands(e, b);

  const Improvement c = improve(e, 2);
  REQUIRE(c.found);
  REQUIRE(c.steps.size() == 1);
  CHECK(c.steps[0].indicator == 1);
  CHECK(c.steps[0].to_text == "gold");
  CHECK(c.score_after == 50);
  check_lands(e, c);
  kenko::ImproveOptions green;
  green.target_segment = segment_index(m, "green");
  const Improvement cg = improve(e, 2, green);
  REQUIRE(cg.found);
  REQUIRE(cg.steps.size() == 1);
  CHECK(cg.steps[0].to_text == "はい");
  CHECK(cg.score_after == 100);
  check_lands(e, cg);

  const Improvement d = improve(e, 3);
  REQUIRE(d.found);
  REQUIRE(d.steps.size() == 1);
  CHECK(d.steps[0].indicator == 0);
  CHECK_FALSE(d.steps[0].from_present);
  CHECK(d.steps[0].to_text == "true");
  CHECK(d.score_after == 75);
  check_lands(e, d);
}

TEST_CASE("improve: every answer over a generated table lands in a better segment", "[improve]") {
  const std::string csv = kenko_test::generated(2000, 5);
  for (const char* path : {"examples/dear.json", "examples/seed-points.json"}) {
    kenko::Engine e;
    kenko_test::load(e, kenko_test::slurp(kenko_test::source_path(path)), csv);
    kenko::Improver improver(e.model(), e.weights(), e.table(), e.subscores(), e.results());
    const kenko::Model& m = e.model();
    auto rank = [&](int32_t s) {
      if (s < 0) return s == kenko::kSegmentNone ? -1.0 : -2.0;
      const auto& seg = m.segments[static_cast<size_t>(s)];
      return seg.min ? *seg.min : -0.5;
    };
    size_t found = 0, wrong = 0;
    for (size_t r = 0; r < 2000; r += 7) {
      const Improvement imp = improver.improve(r);
      if (!imp.found) {
        CHECK(imp.failure != kenko::ImproveFailure::None);
        continue;
      }
      ++found;
      const kenko::CustomerScore cs =
          kenko::evaluate_steps(m, e.weights(), e.table(), e.subscores(), r, imp.steps);
      bool ok = cs.segment == imp.to_segment && same_double(cs.score, imp.score_after) &&
                rank(imp.to_segment) > rank(imp.from_segment) && imp.steps.size() <= 3 &&
                !imp.steps.empty();
      for (const ImprovementStep& st : imp.steps) {
        ok = ok && (std::isnan(st.from_subscore) || st.to_subscore > st.from_subscore);
      }
      if (!ok) {
        ++wrong;
        UNSCOPED_INFO(path << " row " << r << ": " << kenko::improvement_text(m, imp));
      }
    }
    CHECK(wrong == 0);
    CHECK(found > 100);
  }
}

namespace {
// Splits one CSV record (quotes as RFC 4180).
std::vector<std::string> split_record(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        out.back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      out.emplace_back();
    } else {
      out.back() += ch;
    }
  }
  return out;
}
std::string join_record(const std::vector<std::string>& f) {
  std::string s;
  for (size_t i = 0; i < f.size(); ++i) {
    if (i) s += ',';
    if (f[i].find_first_of(",\"") != std::string::npos) {
      s += '"';
      for (char ch : f[i]) s += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      s += '"';
    } else {
      s += f[i];
    }
  }
  return s;
}
}  // namespace

TEST_CASE("improve: the changed cells, scored by the engine afresh, land in the segment",
          "[improve]") {
  // Seed points reads columns only, with no percentile: a customer scores alone the same.
  const std::string csv = kenko_test::generated(400, 9);
  const std::string model = kenko_test::slurp(kenko_test::source_path("examples/seed-points.json"));
  kenko::Engine e;
  kenko_test::load(e, model, csv);
  std::istringstream in(csv);
  std::string header, line;
  std::getline(in, header);
  const std::vector<std::string> names = split_record(header);
  size_t checked = 0;
  for (size_t r = 0; std::getline(in, line) && r < 400; ++r) {
    const Improvement imp = improve(e, r);
    if (!imp.found) continue;
    std::vector<std::string> f = split_record(line);
    for (const ImprovementStep& st : imp.steps) {
      const std::string& col = e.model().indicators[st.indicator].source.a;
      const size_t c =
          static_cast<size_t>(std::find(names.begin(), names.end(), col) - names.begin());
      REQUIRE(c < f.size());
      const double v = st.bound == Bound::Below   ? std::nextafter(st.to_value, -1e300)
                       : st.bound == Bound::Above ? std::nextafter(st.to_value, 1e300)
                                                  : st.to_value;
      f[c] = st.bound == Bound::Exactly ? st.to_text : kenko::format_full(v);
    }
    kenko::Engine one;
    kenko_test::load(one, model, header + "\n" + join_record(f) + "\n");
    const kenko::Results& res = one.results();
    CHECK(res.segment[0] == imp.to_segment);
    CHECK(same_double(res.score[0], imp.score_after));
    ++checked;
  }
  CHECK(checked > 50);
}

TEST_CASE("improve: two indicators on one column move together", "[improve]") {
  // a: 10 points from 10 on; b: linear 0 → 20. u = 5: a 0, b 25 → 12.5, red. Just under 10
  // the score is under 25; at 10 a jumps: (100 + 50) / 2 = 75. Yellow is out of reach, green
  // is reached at 10 (b's change asks the least sub-score gain: 25 → 50).
  const char* model = R"({"version":1,"id_column":"id",
    "indicators":[
      {"id":"a","column":"u","rule":{"type":"bands","bands":[{"min":10,"points":10},{"points":0}]}},
      {"id":"b","column":"u","rule":{"type":"linear","from":0,"to":20,"points":10}}]})";
  kenko::Engine e;
  kenko_test::load(e, model, "id,u\nk,5\n");
  CHECK(e.results().score[0] == 12.5);
  const Improvement imp = improve(e, 0);
  REQUIRE(imp.found);
  REQUIRE(imp.steps.size() == 1);
  CHECK(imp.steps[0].to_value == 10);
  CHECK(imp.score_after == 75);
  CHECK(imp.to_segment == segment_index(e.model(), "green"));
  check_lands(e, imp);
  kenko::Engine moved;
  kenko_test::load(moved, model, "id,u\nk,10\n");
  CHECK(moved.results().score[0] == 75);
}

TEST_CASE("improve: ratio values are shown with four significant digits", "[improve]") {
  const char* model = R"({"version":1,"id_column":"id",
    "indicators":[{"id":"r","ratio":["a","b"],"rule":{"type":"linear","from":0,"to":1}}]})";
  kenko::Engine e;
  kenko_test::load(e, model, "id,a,b\nk,1,3\n");  // 1/3: 33.33, red → yellow at 0.4
  const Improvement imp = improve(e, 0);
  REQUIRE(imp.found);
  REQUIRE(imp.steps.size() == 1);
  CHECK(imp.steps[0].from_text == "0.3333");
  CHECK(imp.steps[0].from_value == 1.0 / 3);
  CHECK(imp.steps[0].to_value == Approx(0.4));
  CHECK(imp.score_after >= 40);
  CHECK(imp.to_segment == segment_index(e.model(), "yellow"));
  check_lands(e, imp);
}
