// The engine: streaming in chunks, what-if changes equal to scoring the changed model afresh.
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "base/error.h"
#include "helpers.h"
#include "synth/synth.h"

using kenko_test::generated;
using kenko_test::load;
using kenko_test::scored_csv;

namespace {

// A DEAR-style model over the generated columns, with weights and thresholds as parameters.
std::string model(
    double w_logins = 3, double w_adoption = 2, double green = 70,
    const std::string& logins_rule =
        R"({"type":"bands","bands":[{"min":1,"points":20},{"min":0.5,"points":10},{"points":0}]})") {
  auto n = [](double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
  };
  return R"({"version":1,"id_column":"account_id","label_column":"account_name",
    "dimensions":[{"id":"engagement","label":"E","weight":1},{"id":"adoption","label":"A","weight":)" +
         n(w_adoption) + R"(}],
    "indicators":[
      {"id":"logins","column":"logins_per_day","dimension":"engagement","weight":)" +
         n(w_logins) + R"(,"rule":)" + logins_rule + R"(},
      {"id":"nps","column":"nps","dimension":"engagement","rule":{"type":"linear","from":0,"to":10}},
      {"id":"seats","ratio":["active_users","seats"],"dimension":"adoption","rule":{"type":"linear","from":0.2,"to":0.9}},
      {"id":"key","column":"key_feature_uses_30d","dimension":"adoption","rule":{"type":"percentile"}},
      {"id":"onb","column":"onboarding_done","dimension":"adoption","missing_points":20,"rule":{"type":"boolean","points":40}}],
    "segments":[{"id":"green","label":"G","min":)" +
         n(green) + R"(},{"id":"yellow","label":"Y","min":40},{"id":"red","label":"R"}],
    "alerts":[{"id":"onboarding","label":"x","when":[{"field":"indicator.logins","min":50},{"field":"indicator.key","max":30}]}],
    "outcome":{"column":"churned"}})";
}

void same_results(kenko::Engine& a, kenko::Engine& b) {
  const kenko::Results& ra = a.results();
  const kenko::Results& rb = b.results();
  REQUIRE(ra.rows == rb.rows);
  for (size_t r = 0; r < ra.rows; ++r) {
    INFO("row " << r);
    REQUIRE((ra.score[r] == rb.score[r] || (std::isnan(ra.score[r]) && std::isnan(rb.score[r]))));
    REQUIRE(ra.segment[r] == rb.segment[r]);
    REQUIRE(ra.coverage[r] == rb.coverage[r]);
  }
  REQUIRE(ra.drivers == rb.drivers);
  REQUIRE(ra.alerts == rb.alerts);
  REQUIRE(scored_csv(a) == scored_csv(b));
}

}  // namespace

TEST_CASE("feeding the table in chunks of any size gives the same scores", "[engine]") {
  std::string csv = generated(300, 4);
  kenko::Engine whole;
  load(whole, model(), csv);
  for (size_t chunk : {size_t{1}, size_t{7}, size_t{4096}}) {
    kenko::Engine e;
    load(e, model(), csv, chunk);
    same_results(e, whole);
  }
}

TEST_CASE("what-if: weights and thresholds re-score exactly as a fresh model would", "[engine]") {
  std::string csv = generated(2000, 8);
  kenko::Engine e;
  load(e, model(), csv);
  e.set_indicator_weight(0, 7.5);
  e.set_dimension_weight(1, 0.25);
  e.set_segment_bounds(0, 60.0, std::nullopt);
  kenko::Engine fresh;
  load(fresh, model(7.5, 0.25, 60), csv);
  same_results(e, fresh);
  kenko::Summary s1 = e.summary(), s2 = fresh.summary();
  CHECK(s1.per_segment == s2.per_segment);
  CHECK(*s1.outcome->auc == *s2.outcome->auc);

  e.reset_what_if();
  kenko::Engine base;
  load(base, model(), csv);
  same_results(e, base);
}

TEST_CASE("what-if: changing one rule re-applies that rule alone", "[engine]") {
  std::string csv = generated(1000, 9);
  const std::string rule = R"({"type":"linear","from":0,"to":2,"points":30})";
  kenko::Engine e;
  load(e, model(), csv);
  e.set_rule(0, rule);
  kenko::Engine fresh;
  load(fresh, model(3, 2, 70, rule), csv);
  same_results(e, fresh);
  CHECK_THROWS_WITH(e.set_rule(0, R"({"type":"linear","from":1,"to":1})"),
                    Catch::Contains("rule.to"));
  CHECK_THROWS_WITH(e.set_rule(0, R"({"type":"category","map":{"a":1}})"),
                    Catch::Contains("logins_per_day"));
  same_results(e, fresh);  // a rejected rule leaves the scores as they were
  e.reset_what_if();
  kenko::Engine base;
  load(base, model(), csv);
  same_results(e, base);
}

TEST_CASE("a failed table read keeps the previous results; a new model drops the table",
          "[engine]") {
  kenko::Engine e;
  load(e, model(), generated(50, 1));
  REQUIRE(e.has_table());
  std::string before = scored_csv(e);
  e.begin_table();
  e.feed_table(
      "account_id,account_name,logins_per_day,nps,active_users,seats,key_feature_uses_30d,"
      "onboarding_done,churned\n1,\"open");
  CHECK_THROWS_WITH(e.end_table(), Catch::Contains("never closed"));
  REQUIRE(e.has_table());
  CHECK(scored_csv(e) == before);
  e.begin_table();
  e.feed_table("account_id,x\n");
  CHECK_THROWS_WITH(e.end_table(), Catch::Contains("no column"));
  CHECK(scored_csv(e) == before);
  e.set_model(model());
  CHECK(!e.has_table());
  CHECK_THROWS_WITH(e.results(), Catch::Contains("no table"));
}

TEST_CASE("what-if: several segment bounds at once equal one at a time", "[engine]") {
  kenko::Engine a, b;
  const std::string csv = generated(3000, 4);
  load(a, model(), csv);
  load(b, model(), csv);
  a.set_segment_bounds({{0, 60.0, std::nullopt}, {1, 30.0, 60.0}});
  b.set_segment_bounds(0, 60.0, std::nullopt);
  b.set_segment_bounds(1, 30.0, 60.0);
  CHECK(a.results_without_drivers().segment == b.results().segment);
  CHECK(scored_csv(a) == scored_csv(b));
  // A wrong index changes nothing.
  CHECK_THROWS_AS(a.set_segment_bounds({{0, 10.0, std::nullopt}, {9, 1.0, std::nullopt}}),
                  kenko::Error);
  CHECK(scored_csv(a) == scored_csv(b));
}

TEST_CASE("what-if: a rule changed before the table is read is undone by a reset", "[engine]") {
  const std::string csv = generated(500, 6);
  kenko::Engine fresh, changed;
  load(fresh, model(), csv);
  changed.set_model(model());
  // The logins rule becomes a category rule (it needs the column's text, the original its
  // number): both must be read so that the reset can re-apply the original.
  changed.set_rule(0, R"({"type":"category","map":{"1":100},"else":0})");
  changed.begin_table();
  changed.feed_table(csv);
  changed.end_table();
  CHECK(scored_csv(changed) != scored_csv(fresh));
  changed.reset_what_if();
  CHECK(scored_csv(changed) == scored_csv(fresh));
}

TEST_CASE("what-if as one value: set_what_if equals the single setters and a fresh model",
          "[engine][whatif]") {
  std::string csv = generated(1500, 21);
  const std::string rule = R"({"type":"linear","from":0,"to":2,"points":30})";
  kenko::Engine e;
  load(e, model(), csv);
  const std::string before = scored_csv(e);
  const kenko::WhatIf w = kenko::what_if_from_json(
      e.model(), R"({"indicators":{"logins":7.5},"dimensions":{"adoption":0.25},
                     "bounds":{"green":{"min":60,"max":null}},"rules":{"logins":)" +
                     rule + "}}");
  CHECK(w.indicator_weights.at(0) == 7.5);
  CHECK(w.dimension_weights.at(1) == 0.25);
  CHECK(*w.bounds.at(0).min == 60);
  CHECK(!w.bounds.at(0).max);

  SECTION("evaluate scores it aside and leaves the engine as it was") {
    const kenko::Results aside = e.evaluate(w);
    CHECK(scored_csv(e) == before);
    CHECK(e.what_if().empty());
    kenko::Engine fresh;
    load(fresh, model(7.5, 0.25, 60, rule), csv);
    const kenko::Results& rf = fresh.results();
    REQUIRE(aside.score.size() == rf.score.size());
    for (size_t r = 0; r < rf.rows; ++r) {
      INFO("row " << r);
      REQUIRE((aside.score[r] == rf.score[r] ||
               (std::isnan(aside.score[r]) && std::isnan(rf.score[r]))));
      REQUIRE(aside.segment[r] == rf.segment[r]);
    }
    CHECK(e.auc(aside) == fresh.auc());
    // The outcome review of the state, aside, equals the fresh model's.
    const kenko::Validation v = e.validation(w), vf = fresh.validation();
    CHECK(v.outcome.auc == vf.outcome.auc);
    CHECK(v.roc.size() == vf.roc.size());
    REQUIRE(v.indicators.size() == vf.indicators.size());
    for (size_t i = 0; i < v.indicators.size(); ++i)
      CHECK(v.indicators[i].auc == vf.indicators[i].auc);
    REQUIRE(v.deciles.size() == vf.deciles.size());
    for (size_t d = 0; d < v.deciles.size(); ++d)
      CHECK(v.deciles[d].positive == vf.deciles[d].positive);
    CHECK(scored_csv(e) == before);
    CHECK(e.what_if().empty());
  }
  SECTION("set_what_if puts it in force in one call; what_if() gives it back") {
    e.set_what_if(w);
    kenko::Engine fresh;
    load(fresh, model(7.5, 0.25, 60, rule), csv);
    same_results(e, fresh);
    const kenko::WhatIf back = e.what_if();
    CHECK(back.indicator_weights == w.indicator_weights);
    CHECK(back.dimension_weights == w.dimension_weights);
    CHECK(back.bounds.size() == 1);
    CHECK(back.rules.size() == 1);
    // Its JSON reads back to the same what-if.
    const kenko::WhatIf again =
        kenko::what_if_from_json(e.model(), kenko::what_if_json(e.model(), back));
    CHECK(again.indicator_weights == back.indicator_weights);
    CHECK(again.dimension_weights == back.dimension_weights);
    CHECK(again.bounds.at(0).min == back.bounds.at(0).min);
    CHECK(!again.bounds.at(0).max);
    CHECK(kenko::same_rule(again.rules.at(0), back.rules.at(0)));
    // A what-if is relative to the model as loaded: leaving a value out puts the model's back.
    kenko::WhatIf less = w;
    less.rules.clear();
    less.bounds.clear();
    e.set_what_if(less);
    kenko::Engine fresh2;
    load(fresh2, model(7.5, 0.25), csv);
    same_results(e, fresh2);
    e.set_what_if(kenko::WhatIf{});
    CHECK(scored_csv(e) == before);
  }
  SECTION("the single setters go through it and give the same") {
    e.set_rule(0, rule);
    e.set_indicator_weight(0, 7.5);
    e.set_dimension_weight(1, 0.25);
    e.set_segment_bounds(0, 60.0, std::nullopt);
    kenko::Engine fresh;
    load(fresh, model(7.5, 0.25, 60, rule), csv);
    same_results(e, fresh);
  }
  SECTION("a bad value anywhere changes nothing") {
    e.set_indicator_weight(1, 4);
    const std::string moved = scored_csv(e);
    kenko::WhatIf bad = w;
    bad.dimension_weights[0] = -1;
    CHECK_THROWS_WITH(e.set_what_if(bad), Catch::Contains("dimensions[0].weight"));
    CHECK(scored_csv(e) == moved);
    kenko::WhatIf bad_rule = w;  // a category rule on a ratio source
    bad_rule.rules[2] = kenko::parse_rule(R"({"type":"category","map":{"a":1}})");
    CHECK_THROWS_WITH(e.set_what_if(bad_rule), Catch::Contains("indicators[2].rule"));
    CHECK(scored_csv(e) == moved);
  }
}

TEST_CASE("what-if JSON names the path of a bad entry", "[engine][whatif]") {
  kenko::Engine e;
  load(e, model(), generated(20, 2));
  const kenko::Model& m = e.model();
  CHECK_THROWS_WITH(kenko::what_if_from_json(m, "[1]"),
                    Catch::Contains("what-if: must be an object"));
  CHECK_THROWS_WITH(kenko::what_if_from_json(m, "{"), Catch::Contains("what-if: not JSON"));
  CHECK_THROWS_WITH(kenko::what_if_from_json(m, R"({"indicators":{"nope":1}})"),
                    Catch::Contains("what-if.indicators.nope: no indicator 'nope' in the model"));
  CHECK_THROWS_WITH(kenko::what_if_from_json(m, R"({"indicators":{"nps":-2}})"),
                    Catch::Contains("what-if.indicators.nps: must be a number, 0 or more"));
  CHECK_THROWS_WITH(kenko::what_if_from_json(m, R"({"dimensions":{"adoption":"x"}})"),
                    Catch::Contains("what-if.dimensions.adoption"));
  CHECK_THROWS_WITH(kenko::what_if_from_json(m, R"({"bounds":{"green":{"min":"a"}}})"),
                    Catch::Contains("what-if.bounds.green.min: must be a number or null"));
  CHECK_THROWS_WITH(kenko::what_if_from_json(m, R"({"bounds":{"green":5}})"),
                    Catch::Contains("what-if.bounds.green: must be an object"));
  CHECK_THROWS_WITH(
      kenko::what_if_from_json(m, R"({"rules":{"nps":{"type":"linear","from":1,"to":1}}})"),
      Catch::Contains("what-if.rules.nps"));
  CHECK_THROWS_WITH(kenko::what_if_from_json(m, R"({"rules":[]})"),
                    Catch::Contains("what-if.rules: must be an object"));
  CHECK(kenko::what_if_from_json(m, R"({"indicators":null})").empty());
}
