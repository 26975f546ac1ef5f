// Learning thresholds from healthy customers: quantiles of their values, hand-computed.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "base/error.h"
#include "helpers.h"
#include "review/learn_bands.h"

namespace {
const char* kModel = R"({"version":1,"id_column":"id",
  "indicators":[
    {"id":"logins","column":"logins","rule":{"type":"bands","bands":[
      {"min":5,"points":20},{"min":2,"points":10},{"points":0}]}},
    {"id":"days","column":"days","rule":{"type":"bands","bands":[
      {"max":3,"points":10},{"max":10,"points":5},{"points":0}]}},
    {"id":"nps","column":"nps","rule":{"type":"linear","from":0,"to":10}},
    {"id":"mixed","column":"nps","rule":{"type":"bands","bands":[{"min":1,"max":5,"points":3}]}},
    {"id":"cat","column":"plan","rule":{"type":"category","map":{"a":1}}},
    {"id":"fewer_days","column":"days","rule":{"type":"bands","bands":[
      {"min":10,"points":0},{"min":5,"points":5},{"points":10}]}},
    {"id":"more_logins","column":"logins","rule":{"type":"bands","bands":[
      {"max":2,"points":0},{"max":5,"points":10},{"points":20}]}},
    {"id":"zigzag","column":"logins","rule":{"type":"bands","bands":[
      {"min":5,"points":10},{"min":2,"points":20},{"points":0}]}}],
  "outcome":{"column":"churned"}})";

// 21 retained customers with logins 0..20, days 20..0, nps 0..10 (twice, then 10); 5 churned
// with logins 100 (which must not count) and a 'vip' plan on the even retained ones.
std::string table() {
  std::string csv = "id,logins,days,nps,plan,churned\n";
  for (int i = 0; i <= 20; ++i) {
    csv += "r" + std::to_string(i) + "," + std::to_string(i) + "," + std::to_string(20 - i) + "," +
           std::to_string(i / 2) + "," + (i % 2 ? "basic" : "VIP") + ",0\n";
  }
  for (int i = 0; i < 5; ++i) csv += "c" + std::to_string(i) + ",100,100,0,basic,1\n";
  return csv;
}
}  // namespace

TEST_CASE("learn bands: more is better, from the retained customers' quantiles", "[learn]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, table());
  kenko::BandsProposal p = kenko::propose_bands(engine.model(), engine.table(), 0, {});
  CHECK(p.healthy == 21);
  CHECK(p.healthy_with_value == 21);
  // Sorted 0..20: median at rank ⌊0.5·20⌋ = 10, 25th percentile at rank 5.
  REQUIRE(p.rule.bands.size() == 3);
  CHECK(*p.rule.bands[0].min == 10);
  CHECK(*p.rule.bands[1].min == 5);
  CHECK_FALSE(p.rule.bands[2].min);
  CHECK(p.rule.bands[0].points == 20);
  REQUIRE(p.reach.size() == 2);
  CHECK(p.reach[0].healthy_share == Approx(11.0 / 21));  // 10..20
  CHECK(p.reach[0].all_share == Approx(16.0 / 26));      // plus the five 100s
  nlohmann::json j = nlohmann::json::parse(p.rule_json);
  CHECK(j["bands"][0]["min"] == 10);
  CHECK(j["bands"][2].count("min") == 0);
  // The proposal is a valid rule.
  engine.set_rule(0, p.rule_json);
}

TEST_CASE("learn bands: less is better, and a column that marks healthy customers", "[learn]") {
  kenko::Engine engine;
  kenko::ColumnMapping keep;
  keep.keep_text = {"plan"};
  engine.set_model(kModel);
  engine.begin_table({}, keep);
  engine.feed_table(table());
  engine.end_table();
  kenko::BandsProposal p =
      kenko::propose_bands(engine.model(), engine.table(), 1, {"plan", {"vip"}});
  // VIP: i even, days 20, 18, ..., 0: sorted 0, 2, ..., 20 (11 values); median rank 5 → 10;
  // 75th percentile rank ⌊0.75·10⌋ = 7 → 14.
  CHECK(p.healthy == 11);
  CHECK(*p.rule.bands[0].max == 10);
  CHECK(*p.rule.bands[1].max == 14);
  CHECK(p.reach[0].healthy_share == Approx(5.0 / 11));  // v < 10: 0..8
}

TEST_CASE("learn bands: linear from the 5th percentile to the median", "[learn]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, table());
  kenko::BandsProposal p = kenko::propose_bands(engine.model(), engine.table(), 2, {});
  // nps of the retained: 0,0,1,1,...,9,9,10 → median (rank 10) 5, 5th percentile (rank 1) 0.
  CHECK(p.rule.to == 5);
  CHECK(p.rule.from == 0);
  CHECK(p.reach[0].healthy_share == Approx(11.0 / 21));  // v ≥ 5
}

TEST_CASE("learn bands: clear errors", "[learn]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, table());
  CHECK_THROWS_WITH(kenko::propose_bands(engine.model(), engine.table(), 3, {}),
                    Catch::Contains("has both min and max"));
  CHECK_THROWS_WITH(kenko::propose_bands(engine.model(), engine.table(), 4, {}),
                    Catch::Contains("only bands and linear rules"));
  CHECK_THROWS_WITH(kenko::propose_bands(engine.model(), engine.table(), 0, {"tier", {"vip"}}),
                    Catch::Contains("no column 'tier' was read"));
  CHECK_THROWS_WITH(kenko::propose_bands(engine.model(), engine.table(), 9, {}),
                    Catch::Contains("no indicator 9"));
}

TEST_CASE("learn bands: the direction comes from the points, whatever the bound", "[learn]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, table());
  // Fewer days is better, written with `min`: the catch-all is the best level; its edge (the
  // last bounded band's min) is the healthy median (10), the next the 75th percentile (15).
  kenko::BandsProposal fewer = kenko::propose_bands(engine.model(), engine.table(), 5, {});
  CHECK(*fewer.rule.bands[0].min == 15);
  CHECK(*fewer.rule.bands[1].min == 10);
  CHECK(fewer.reach[0].threshold == 10);
  CHECK(fewer.reach[0].healthy_share == Approx(10.0 / 21));  // v < 10
  // More logins is better, written with `max`: edges at the median (10), then the 25th (5).
  kenko::BandsProposal more = kenko::propose_bands(engine.model(), engine.table(), 6, {});
  CHECK(*more.rule.bands[1].max == 10);
  CHECK(*more.rule.bands[0].max == 5);
  CHECK(more.reach[0].healthy_share == Approx(11.0 / 21));  // v ≥ 10
  CHECK_THROWS_WITH(kenko::propose_bands(engine.model(), engine.table(), 7, {}),
                    Catch::Contains("do not rise or fall steadily"));
}
