// Trends between two snapshots joined by id: scores then and now, segment moves, the change
// driver and the deteriorating flag; ids missing on one side; duplicate ids are errors.
#include <catch2/catch.hpp>
#include <cmath>

#include "base/error.h"
#include "helpers.h"
#include "review/trends.h"

namespace {
const char* kModel = R"({"version":1,"id_column":"id",
  "indicators":[
    {"id":"logins","column":"logins","weight":1,"rule":{"type":"linear","from":0,"to":10}},
    {"id":"nps","column":"nps","weight":1,"rule":{"type":"linear","from":0,"to":10}}],
  "segments":[{"id":"green","label":"G","min":70},{"id":"red","label":"R"}],
  "trend":{"deteriorating_drop":15}})";

kenko::Trends trends_of(kenko::Engine& engine, const std::string& now, const std::string& then) {
  kenko_test::load(engine, kModel, now);
  engine.previous().begin_table();
  engine.previous().feed_table(then);
  engine.previous().end_table();
  return engine.trends();
}
}  // namespace

TEST_CASE("trends: join by id, change, segment move, driver, deteriorating", "[trends]") {
  kenko::Engine engine;
  // a: logins 10→2 (80 → 0 points... as sub-scores 100 → 20), nps 8 → 8: score 90 → 50.
  // b: nps 2 → 6: score 50 → 70, driver nps, segment red → green.
  // c: only now. d: only then. e: unchanged.
  kenko::Trends t = trends_of(engine, "id,logins,nps\na,2,8\nb,5,6\nc,1,1\ne,5,5\n",
                              "id,logins,nps\nd,1,1\nb,5,2\na,10,8\ne,5,5\n");
  CHECK(t.matched == 3);
  CHECK(t.only_now == 1);
  CHECK(t.only_previous == 1);
  CHECK(t.previous_row == std::vector<int32_t>{2, 1, kenko::kNotInPrevious, 3});
  CHECK(t.score_prev[0] == 90);
  CHECK(t.score_change[0] == -40);
  CHECK(t.segment_prev[0] == 0);   // green then
  CHECK(t.change_driver[0] == 0);  // logins
  CHECK(t.deteriorating[0] == 1);
  CHECK(t.score_change[1] == 20);
  CHECK(t.segment_prev[1] == 1);   // red then
  CHECK(t.change_driver[1] == 1);  // nps
  CHECK(t.deteriorating[1] == 0);
  CHECK(std::isnan(t.score_prev[2]));
  CHECK(t.segment_prev[2] == kenko::kSegmentAbsent);
  CHECK(t.change_driver[2] == -1);
  CHECK(t.score_change[3] == 0);
  CHECK(t.change_driver[3] == -1);
  CHECK(t.deteriorating_count == 1);

  // What-if weights apply to both snapshots.
  engine.set_indicator_weight(1, 0);  // nps no longer counts: a 100 → 20
  kenko::Trends w = engine.trends();
  CHECK(w.score_prev[0] == 100);
  CHECK(w.score_change[0] == -80);
  CHECK(w.score_change[1] == 0);
}

TEST_CASE("trends: a drop smaller than the threshold is not deteriorating", "[trends]") {
  kenko::Engine engine;
  kenko::Trends t = trends_of(engine, "id,logins,nps\na,7,8\n", "id,logins,nps\na,10,8\n");
  CHECK(t.score_change[0] == Approx(-15).epsilon(1e-12));
  CHECK(t.deteriorating[0] == (t.score_change[0] <= -15 ? 1 : 0));
}

TEST_CASE("trends: duplicate ids are an error naming the rows", "[trends]") {
  kenko::Engine engine;
  CHECK_THROWS_WITH(trends_of(engine, "id,logins,nps\na,1,1\n", "id,logins,nps\na,1,1\na,2,2\n"),
                    Catch::Contains("the previous table has the id 'a' twice (rows 2 and 3)"));
  kenko::Engine other;
  CHECK_THROWS_WITH(
      trends_of(other, "id,logins,nps\nx,1,1\ny,1,1\nx,2,2\n", "id,logins,nps\nx,1,1\n"),
      Catch::Contains("the current table has the id 'x' twice (rows 2 and 4)"));
}

TEST_CASE("trends: needs both tables; a new model drops the previous", "[trends]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, "id,logins,nps\na,1,1\n");
  CHECK_THROWS_AS(engine.trends(), kenko::Error);
  engine.previous().begin_table();
  engine.previous().feed_table("id,logins,nps\na,2,2\n");
  engine.previous().end_table();
  CHECK(engine.has_previous());
  engine.set_model(kModel);
  CHECK_FALSE(engine.has_previous());
}

TEST_CASE("trends: the scored output's extra columns", "[trends]") {
  kenko::Engine engine;
  kenko::Trends t = trends_of(engine, "id,logins,nps\na,2,8\nc,1,1\n", "id,logins,nps\na,10,8\n");
  std::ostringstream csv, json;
  kenko::ScoredCsvOptions options;
  options.trends = &t;
  const kenko::Results& res = engine.results();
  kenko::write_scored_csv(csv, engine.model(), engine.table(), engine.subscores(), res, options);
  CHECK(csv.str() ==
        "id,score,segment,coverage,ind.logins,ind.nps,drivers,alerts,score_prev,score_change,"
        "segment_prev,change_driver\n"
        "a,50.00,red,1.00,20.00,80.00,logins;nps,,90.00,-40.00,green,logins\n"
        "c,10.00,red,1.00,10.00,10.00,logins;nps,,,,,\n");
  kenko::write_scored_json(json, engine.model(), engine.table(), engine.subscores(), res, &t);
  CHECK(
      json.str().find(
          R"("score_prev":90,"score_change":-40,"segment_prev":"green","change_driver":"logins","deteriorating":true})") !=
      std::string::npos);
  CHECK(
      json.str().find(
          R"("score_prev":null,"score_change":null,"segment_prev":null,"change_driver":null,"deteriorating":false})") !=
      std::string::npos);
}

TEST_CASE("the trend setting is validated", "[trends]") {
  kenko::Engine engine;
  CHECK_THROWS_WITH(engine.set_model(R"({"version":1,"id_column":"id",
    "indicators":[{"id":"a","column":"a","rule":{"type":"boolean"}}],"trend":{"deteriorating_drop":0}})"),
                    Catch::Contains("trend.deteriorating_drop"));
  CHECK_THROWS_WITH(engine.set_model(R"({"version":1,"id_column":"id",
    "indicators":[{"id":"a","column":"a","rule":{"type":"boolean"}}],"trend":{"drop":5}})"),
                    Catch::Contains("trend.drop"));
}

TEST_CASE("trends: ids compared trimmed; missing ids join nothing and may repeat", "[trends]") {
  kenko::Engine engine;
  kenko::Trends t = trends_of(engine, "id,logins,nps\n a ,2,8\nNA,1,1\nNA,2,2\n,3,3\n",
                              "id,logins,nps\na,10,8\nNA,1,1\n,4,4\n");
  CHECK(t.previous_row == std::vector<int32_t>{0, kenko::kNotInPrevious, kenko::kNotInPrevious,
                                               kenko::kNotInPrevious});
  CHECK(t.matched == 1);
  CHECK(t.only_now == 3);
  CHECK(t.only_previous == 2);
}
