// The model extensions of issue 12 (docs/MODEL.md, "Extensions"): `value_column` (value per
// segment, at risk, value-weighted AUC and lift) and segment `rank` (segment tiers) — checked
// by hand — and that a model scores byte for byte the same with or without them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "helpers.h"
#include "model/model.h"
#include "report/report_json.h"
#include "report/text_report.h"
#include "review/validation.h"

namespace {
const char* kBase = R"({"version":1,"id_column":"id",
  "indicators":[{"id":"x","column":"x","rule":{"type":"linear","from":0,"to":100}}],
  "segments":[{"id":"good","label":"Good","min":70},{"id":"mid","label":"Mid","min":40},
              {"id":"bad","label":"Bad"}],
  "outcome":{"column":"churned"})";
std::string model(const std::string& extra) {
  return std::string(kBase) + extra + "}";
}
// Scores 90, 50, 20, 30, 80, 10 (x); arr: 100, 200, 300, (missing), -5 (unusable), 400.
const char* kTable =
    "id,x,arr,churned\na,90,100,0\nb,50,200,0\nc,20,300,1\nd,30,,1\ne,80,-5,0\nf,10,400,1\n";
}  // namespace

TEST_CASE("value: per segment, at risk, customers without a value", "[value]") {
  kenko::Engine e;
  kenko_test::load(e, model(R"(,"value_column":"arr")"), kTable);
  const kenko::Summary s = e.summary();
  REQUIRE(s.value);
  // good: a 100 (e has no usable value); mid: b 200; bad: c 300 + f 400 (d none).
  CHECK(s.value->per_segment == std::vector<double>{100, 200, 700, 0, 0});
  CHECK(s.value->total == 1000);
  CHECK(s.value->at_risk == 700);  // bad is the worst tier
  CHECK(s.value->without == 2);
  CHECK(s.value->with_value == 4);
  std::ostringstream text;
  kenko::write_summary_text(text, e.model(), s);
  CHECK_THAT(text.str(),
             Catch::Contains("value (arr)\n  good                           100.00  10.00%\n"));
  CHECK_THAT(text.str(),
             Catch::Contains("  at risk                        700.00  (the worst segments)\n"));
  const nlohmann::json j = nlohmann::json::parse(kenko::summary_json(e.model(), s));
  CHECK(j["value"]["atRisk"] == 700.0);
  CHECK(j["segments"][2]["value"] == 700.0);
}

TEST_CASE("value: the value-weighted AUC and lift, by hand", "[value]") {
  // Weighted AUC: positives c (20, w 300), f (10, w 400), d (30, w 0); negatives a (90, 100),
  // b (50, 200), e (80, 0). Every positive scores below every negative: 1.
  kenko::Engine e;
  kenko_test::load(e, model(R"(,"value_column":"arr")"), kTable);
  const kenko::Validation v = e.validation();
  REQUIRE(v.value);
  CHECK(*v.value->auc == 1.0);
  CHECK(v.value->positive == 700);
  CHECK(v.value->negative == 300);
  CHECK(v.value->without == 2);
  // Deciles of 6 customers: decile ⌊g·10/6⌋ of each: f(10) 0, c(20) 1, d(30) 3, b(50) 5,
  // e(80) 6, a(90) 8. Overall value rate 0.7: f 400/400 → lift 1/0.7.
  CHECK(v.value->deciles[0].value == 400);
  CHECK(*v.value->deciles[0].lift == Approx(1 / 0.7));
  CHECK(v.value->deciles[5].value == 200);
  CHECK(*v.value->deciles[5].rate == 0);
  CHECK_FALSE(v.value->deciles[3].rate);  // d: no value
  // Mixed order, ties: scores 10 20 30 40 (pos, neg, pos, neg), weights 1 2 3 4: pairs where the
  // positive scores below: 1·2 + 1·4 + 3·4 = 18 of 4 · 6 = 24.
  CHECK(*kenko::weighted_auc_lower_predicts_positive({10, 20, 30, 40}, {1, 0, 1, 0},
                                                     {1, 2, 3, 4}) == 0.75);
  CHECK(*kenko::weighted_auc_lower_predicts_positive({10, 10}, {1, 0}, {2, 3}) == 0.5);
  CHECK_FALSE(kenko::weighted_auc_lower_predicts_positive({10, 10}, {1, 0}, {2, 0}));
  std::ostringstream text;
  kenko::write_validation_text(text, e.model(), v);
  CHECK_THAT(text.str(), Catch::Contains("\nvalue_auc 1\n"));
}

TEST_CASE("extensions: value_column and rank change no score, no output of the scored table",
          "[value]") {
  kenko::Engine plain, valued, ranked;
  kenko_test::load(plain, model(""), kTable);
  kenko_test::load(valued, model(R"(,"value_column":"arr")"), kTable);
  kenko_test::load(ranked, R"({"version":1,"id_column":"id",
    "indicators":[{"id":"x","column":"x","rule":{"type":"linear","from":0,"to":100}}],
    "segments":[{"id":"good","label":"Good","min":70,"rank":1},
                {"id":"mid","label":"Mid","min":40,"rank":2},{"id":"bad","label":"Bad","rank":3}],
    "outcome":{"column":"churned"}})",
                   kTable);
  CHECK(kenko_test::scored_csv(valued) == kenko_test::scored_csv(plain));
  CHECK(kenko_test::scored_csv(ranked) == kenko_test::scored_csv(plain));
  CHECK_FALSE(plain.summary().value);
  std::ostringstream a, b;
  kenko::write_summary_text(a, plain.model(), plain.summary());
  kenko::write_summary_text(b, ranked.model(), ranked.summary());
  CHECK(a.str() == b.str());
}

TEST_CASE("segment tiers: by min, or by an explicit rank (all or none)", "[value]") {
  auto tiers = [](const std::string& segments) {
    return kenko::segment_tiers(
        kenko::parse_model(R"({"version":1,"id_column":"id","indicators":[{"id":"x","column":"x",)"
                           R"("rule":{"type":"boolean"}}],"segments":)" +
                           segments + "}")
            .model);
  };
  // By min: no min is the worst; equal mins share a tier.
  CHECK(tiers(R"([{"id":"a","label":"A","max":40},{"id":"b","label":"B","min":70},)"
              R"({"id":"c","label":"C","min":40},{"id":"d","label":"D","min":70},)"
              R"({"id":"e","label":"E"}])") == std::vector<int>{0, 2, 1, 2, 0});
  // By rank (1 the best), whatever the mins say.
  CHECK(tiers(R"([{"id":"a","label":"A","min":10,"rank":3},{"id":"b","label":"B","rank":1},)"
              R"({"id":"c","label":"C","rank":2}])") == std::vector<int>{0, 2, 1});
  CHECK_THROWS_WITH(
      tiers(R"([{"id":"a","label":"A","rank":1},{"id":"b","label":"B"}])"),
      Catch::Contains("segments[1].rank: is required: give every segment a rank (1 the best), or "
                      "none"));
  CHECK_THROWS_WITH(tiers(R"([{"id":"a","label":"A","rank":0}])"),
                    Catch::Contains("segments[0].rank: must be greater than 0"));
  CHECK_THROWS_WITH(
      kenko::parse_model(R"({"version":1,"id_column":"id","value_column":"","indicators":[)"
                         R"({"id":"x","column":"x","rule":{"type":"boolean"}}]})"),
      Catch::Contains("value_column: must not be empty"));
}
