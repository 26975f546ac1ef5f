// A customer's explanation (the detail panel), the JSON reports for front ends, and the
// export options of the scored CSV.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/error.h"
#include "helpers.h"
#include "report/report_json.h"
#include "review/explain.h"

using nlohmann::json;

namespace {
// Two dimensions, reweighting; hand-computed below.
const char* kModel = R"({"version":1,"id_column":"id","label_column":"name",
  "dimensions":[{"id":"use","weight":3},{"id":"sat","weight":1}],
  "indicators":[
    {"id":"logins","column":"logins","dimension":"use","weight":2,
     "rule":{"type":"bands","bands":[{"min":1,"points":20},{"min":0.5,"points":10}]}},
    {"id":"seats","ratio":["active","seats"],"dimension":"use","rule":{"type":"linear","from":0,"to":1}},
    {"id":"nps","column":"nps","dimension":"sat","missing_points":5,"rule":{"type":"linear","from":0,"to":10}}],
  "segments":[{"id":"green","label":"Good","min":70,"action":"upsell"},{"id":"red","label":"At risk"}],
  "alerts":[{"id":"low_use","label":"Low use","when":[{"field":"dimension.use","max":50}]}]})";
const char* kTable =
    "id,name,logins,active,seats,nps\n"
    "a,Alpha,0.7,5,10,\n"  // logins 10/20 → 50; seats 0.5 → 50; nps missing → 5 points → 50
    "b,\"Beta, Inc\",,1,0,8\n";  // logins missing; seats over 0 missing; nps 80
}  // namespace

TEST_CASE("explain: values, points, sub-scores and shares that add up to the score", "[explain]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, kTable);
  const kenko::Results& res = engine.results();
  kenko::CustomerExplanation a = kenko::explain_customer(engine.model(), engine.weights(),
                                                         engine.table(), engine.subscores(), 0);
  REQUIRE(a.indicators.size() == 3);
  CHECK(a.file_row == 2);
  CHECK(a.indicators[0].value == "0.7");
  CHECK(a.indicators[0].points == 10);
  CHECK(a.indicators[0].subscore == 50);
  CHECK(a.indicators[1].value == "0.5");
  CHECK(a.indicators[1].subscore == 50);
  CHECK_FALSE(a.indicators[2].present);
  CHECK(a.indicators[2].counts);
  CHECK(a.indicators[2].points == 5);
  // "use" has W 3 of 4; in it logins (w 2) and seats (w = P = 100).
  CHECK(a.indicators[0].share == Approx(0.75 * 2.0 / 102.0));
  CHECK(a.indicators[1].share == Approx(0.75 * 100.0 / 102.0));
  CHECK(a.indicators[2].share == Approx(0.25));
  double sum = 0;
  for (const auto& e : a.indicators) sum += e.contribution;
  CHECK(sum == Approx(res.score[0]));

  kenko::CustomerExplanation b = kenko::explain_customer(engine.model(), engine.weights(),
                                                         engine.table(), engine.subscores(), 1);
  CHECK(b.indicators[0].value.empty());
  CHECK_FALSE(b.indicators[0].counts);
  CHECK(std::isnan(b.indicators[0].points));
  CHECK(b.indicators[0].share == 0);
  CHECK(b.indicators[1].value.empty());  // ratio over 0
  CHECK(b.indicators[2].share == 1);     // only "sat" remains
  CHECK(b.indicators[2].contribution == Approx(res.score[1]));
  CHECK_THROWS_AS(kenko::explain_customer(engine.model(), engine.weights(), engine.table(),
                                          engine.subscores(), 2),
                  kenko::Error);

  json j = json::parse(kenko::explanation_json(engine.model(), engine.table(), res, b));
  CHECK(j["id"] == "b");
  CHECK(j["label"] == "Beta, Inc");
  CHECK(j["fileRow"] == 3);
  CHECK(j["segment"] == "green");
  CHECK(j["indicators"][0]["points"].is_null());
  CHECK(j["dimensions"][0]["value"].is_null());
  CHECK(j["dimensions"][1]["value"] == 80);
}

TEST_CASE("model info applies the defaults and the what-if values", "[explain]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, kTable);
  engine.set_indicator_weight(1, 7);
  json m = json::parse(kenko::model_info_json(engine.model(), engine.weights()));
  CHECK(m["idColumn"] == "id");
  CHECK(m["labelColumn"] == "name");
  CHECK(m["dimensions"][0]["label"] == "use");  // the label defaults to the id
  CHECK(m["indicators"][0]["weight"] == 2);
  CHECK(m["indicators"][1]["weight"] == 7);
  CHECK(m["indicators"][2]["weight"] == 100);  // P
  CHECK(m["indicators"][1]["source"]["ratio"] == json::array({"active", "seats"}));
  CHECK(m["indicators"][0]["rule"]["bands"][1]["points"] == 10);
  CHECK(m["segments"][0]["action"] == "upsell");
  CHECK(m["segments"][1]["label"] == "At risk");
  CHECK(m["segments"][1]["min"].is_null());
  CHECK(m["alerts"][0]["label"] == "Low use");
  CHECK(m["columns"] == json::array({"id", "name", "logins", "active", "seats", "nps"}));
}

TEST_CASE("summary and table info as JSON", "[explain]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, kTable + std::string("c,Gamma,x,1,2\n"));
  json s = json::parse(kenko::summary_json(engine.model(), engine.summary()));
  CHECK(s["customers"] == 3);
  CHECK(s["histogram"].size() == 20);
  CHECK(s["segments"].size() == 4);
  CHECK(s["segments"][2]["id"] == "none");
  CHECK(s["segments"][3]["id"] == "unscored");
  CHECK(s["indicators"][0]["invalid"]["count"] == 1);
  CHECK(s["indicators"][0]["invalid"]["firstRows"] == json::array({4}));
  CHECK(s["outcome"].is_null());
  json t = json::parse(kenko::table_info_json(engine.table(), engine.reading_warnings()));
  CHECK(t["rows"] == 3);
  CHECK(t["encoding"] == "utf-8");
  CHECK(t["delimiter"] == ",");
  CHECK(t["columns"].size() == 6);
  CHECK(t["columns"][0] == json({{"model", "active"}, {"header", "active"}}));
  REQUIRE(t["warnings"].size() == 2);  // row 4 is short; logins 'x' is not a number
}

TEST_CASE("the export: byte-order mark and label column", "[explain]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, kTable);
  std::ostringstream plain, excel;
  const kenko::Results& res = engine.results();
  kenko::write_scored_csv(plain, engine.model(), engine.table(), engine.subscores(), res);
  kenko::write_scored_csv(excel, engine.model(), engine.table(), engine.subscores(), res,
                          kenko::ScoredCsvOptions{true, true});
  CHECK(plain.str().rfind("id,score,", 0) == 0);
  CHECK(excel.str().rfind("\xEF\xBB\xBFid,name,score,", 0) == 0);
  CHECK(excel.str().find("\nb,\"Beta, Inc\",") != std::string::npos);
}
