// History over several snapshots (review/history.h, Engine snapshots): each customer's score in
// every period, the segment flows, the falling streaks, one table split by a date column, the
// dates read from cells and file names, what-if values applied to every snapshot (hand-computed
// cases).
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/error.h"
#include "helpers.h"
#include "report/history_report.h"
#include "review/history.h"

namespace {
// score = x (linear 0 → 100); good ≥ 70, mid ≥ 40, bad.
const char* kModel = R"({"version":1,"id_column":"id",
  "indicators":[{"id":"x","column":"x","rule":{"type":"linear","from":0,"to":100}}],
  "segments":[{"id":"good","label":"Good","min":70},{"id":"mid","label":"Mid","min":40},
              {"id":"bad","label":"Bad"}]})";

std::unique_ptr<kenko::Engine> snapshot(const kenko::Engine& e, const std::string& csv) {
  std::unique_ptr<kenko::Engine> s = e.new_snapshot();
  s->begin_table();
  s->feed_table(csv);
  s->end_table();
  return s;
}

// January a 90 b 60 c 30 d 80; February a 85 b 50 c 35 e 10; March a 75 b 45 c 20 e (missing)
// f 99 (the table in hand).
void three_months(kenko::Engine& e) {
  kenko_test::load(e, kModel, "id,x\na,75\nb,45\nc,20\ne,\nf,99\n");
  e.set_table_label("2024-03");
  e.add_snapshot("2024-01", snapshot(e, "id,x\na,90\nb,60\nc,30\nd,80\n"));
  e.add_snapshot("2024-02", snapshot(e, "id,x\na,85\nb,50\nc,35\ne,10\n"));
}
}  // namespace

TEST_CASE("history: scores per period, streaks, flows and period figures", "[history]") {
  kenko::Engine e;
  three_months(e);
  const kenko::History h = e.history();
  REQUIRE(h.periods.size() == 3);
  CHECK(h.periods[0].label == "2024-01");
  CHECK(h.periods[2].label == "2024-03");
  CHECK(h.rows == 5);
  // a, period by period; f only now; e unscored now.
  CHECK(h.score[0 * 5 + 0] == 90);
  CHECK(h.score[1 * 5 + 0] == 85);
  CHECK(h.score[2 * 5 + 0] == 75);
  CHECK(std::isnan(h.score[0 * 5 + 4]));
  CHECK(h.segment[0 * 5 + 4] == kenko::kSegmentAbsent);
  CHECK(h.segment[2 * 5 + 4] == 0);  // f is good
  CHECK(h.segment[1 * 5 + 3] == 2);  // e was bad in February
  CHECK(h.segment[2 * 5 + 3] == kenko::kSegmentUnscored);
  // Streaks: a 90 → 85 → 75 (2), b 60 → 50 → 45 (2), c 30 → 35 → 20 (1), e and f (0).
  CHECK(h.streak == std::vector<uint32_t>{2, 2, 1, 0, 0});
  CHECK(h.deteriorating == 2);
  // Means: 65, 45, (75 + 45 + 20 + 99) / 4 = 59.75.
  CHECK(*h.periods[0].mean == 65);
  CHECK(*h.periods[1].mean == 45);
  CHECK(*h.periods[2].mean == 59.75);
  CHECK(h.periods[2].per_segment == std::vector<uint64_t>{2, 1, 1, 0, 1});
  // Flows January → February: a good → good, d good → absent, b mid → mid, c bad → bad,
  // e absent → bad. (Slots: good, mid, bad, none, unscored, absent.)
  REQUIRE(h.flows.size() == 2);
  const kenko::SegmentFlow& f = h.flows[0];
  CHECK(f.width == 6);
  auto at = [&](const kenko::SegmentFlow& x, size_t a, size_t b) { return x.counts[a * 6 + b]; };
  CHECK(at(f, 0, 0) == 1);
  CHECK(at(f, 0, 5) == 1);
  CHECK(at(f, 1, 1) == 1);
  CHECK(at(f, 2, 2) == 1);
  CHECK(at(f, 5, 2) == 1);
  uint64_t total = 0;
  for (uint64_t c : f.counts) total += c;
  CHECK(total == 5);
  // February → March: e bad → unscored, f absent → good.
  CHECK(at(h.flows[1], 2, 4) == 1);
  CHECK(at(h.flows[1], 5, 0) == 1);
}

TEST_CASE("history: a minimum drop and a longer streak", "[history]") {
  kenko::Engine e;
  three_months(e);
  kenko::HistoryOptions o;
  o.streak = 1;
  o.min_drop = 6;  // a: falls 5 then 10 → 1; b: 10 then 5 → 0; c: 15 → 1
  kenko::History h = e.history(o);
  CHECK(h.streak == std::vector<uint32_t>{1, 0, 1, 0, 0});
  CHECK(h.deteriorating == 2);
  // Most periods first, then the largest fall: c (15) before a (10).
  CHECK(kenko::deteriorating_rows(h) == std::vector<size_t>{2, 0});
  o.streak = 3;
  o.min_drop = 0;
  CHECK(e.history(o).deteriorating == 0);
  o.streak = 0;
  CHECK_THROWS_WITH(e.history(o), Catch::Contains("the streak is at least 1 period"));
  const std::string json = kenko::history_json(e.model(), e.table(), e.history(), true);
  const nlohmann::json j = nlohmann::json::parse(json);
  CHECK(j["customers"][0]["id"] == "a");
  CHECK(j["customers"][0]["scores"] == nlohmann::json::parse("[90.0, 85.0, 75.0]"));
  CHECK(j["flows"][0]["counts"][5][2] == 1);
}

TEST_CASE("history: what-if values reach every snapshot; a new model drops them", "[history]") {
  kenko::Engine e;
  const char* two = R"({"version":1,"id_column":"id",
    "indicators":[{"id":"x","column":"x","weight":1,"rule":{"type":"linear","from":0,"to":100}},
                  {"id":"y","column":"y","weight":1,"rule":{"type":"linear","from":0,"to":100}}]})";
  kenko_test::load(e, two, "id,x,y\na,80,20\n");
  e.add_snapshot("then", snapshot(e, "id,x,y\na,100,0\n"));
  CHECK(e.history().score[0] == 50);
  CHECK(e.history().score[1] == 50);
  kenko::WhatIf w;
  w.indicator_weights[1] = 3;  // x 1, y 3
  e.set_what_if(w);
  CHECK(e.history().score[0] == 25);  // (100 + 0) / 4
  CHECK(e.history().score[1] == 35);  // (80 + 60) / 4
  e.set_model(two);
  CHECK(e.snapshot_count() == 0);
}

TEST_CASE("history: one table split by a date column", "[history]") {
  kenko::Engine e;
  e.set_model(kModel);
  kenko::ColumnMapping keep;
  keep.keep_text.push_back("month");
  e.begin_table({}, keep);
  e.feed_table(
      "id,month,x\na,2024/01/31,90\nb,2024/01/31,60\na,2024-02-29,85\nb,2024-02-29,50\n"
      "b,2024年3月31日,45\na,2024-03-31 00:00:00,75\n");
  e.end_table();
  CHECK(e.split_by_date("month") ==
        std::vector<std::string>{"2024-01-31", "2024-02-29", "2024-03-31"});
  CHECK(e.table().rows() == 2);
  CHECK(e.table().file_rows == std::vector<uint64_t>{6, 7});  // the file's rows, as read
  CHECK(e.snapshot_count() == 2);
  CHECK(e.snapshot(0).table().rows() == 2);
  const kenko::History h = e.history();
  CHECK(h.streak == std::vector<uint32_t>{2, 2});  // b 60 → 50 → 45, a 90 → 85 → 75
  CHECK(h.score[0 * 2 + 1] == 90);                 // a (row 1 now) in January
  // A row without a date, a single date.
  kenko::Engine bad;
  bad.set_model(kModel);
  bad.begin_table({}, keep);
  bad.feed_table("id,month,x\na,2024-01,90\nb,jan,60\n");
  bad.end_table();
  CHECK_THROWS_WITH(bad.split_by_date("month"),
                    "row 3, column 'month': 'jan' is not a date (YYYY-MM-DD, YYYY/MM/DD or "
                    "YYYY-MM)");
  kenko::Engine one;
  one.set_model(kModel);
  one.begin_table({}, keep);
  one.feed_table("id,month,x\na,2024-01,90\nb,2024-01,60\n");
  one.end_table();
  CHECK_THROWS_WITH(one.split_by_date("month"),
                    Catch::Contains("holds one date only (2024-01): a history needs at least two"));
  CHECK_THROWS_WITH(one.split_by_date("x"), Catch::Contains("was not read"));
}

TEST_CASE("history: duplicate ids name the snapshots; fewer than two snapshots", "[history]") {
  kenko::Engine e;
  kenko_test::load(e, kModel, "id,x\na,1\nb,2\n");
  e.set_table_label("now");
  CHECK_THROWS_WITH(e.history(), Catch::Contains("no earlier snapshot"));
  e.add_snapshot("then", snapshot(e, "id,x\na,1\na,2\n"));
  CHECK_THROWS_WITH(e.history(), Catch::Contains("snapshots 'then' and 'now': the previous table "
                                                 "has the id 'a' twice (rows 2 and 3)"));
}

TEST_CASE("history: dates in cells and in file names", "[history]") {
  using kenko::date_in_name;
  using kenko::normalize_date;
  CHECK(normalize_date("2024-01-31") == "2024-01-31");
  CHECK(normalize_date(" 2024/1/5 ") == "2024-01-05");
  CHECK(normalize_date("2024.12") == "2024-12");
  CHECK(normalize_date("2024年3月") == "2024-03");
  CHECK(normalize_date("2024年3月31日") == "2024-03-31");
  CHECK(normalize_date("2024-03-31T10:00:00Z") == "2024-03-31");
  CHECK_FALSE(normalize_date("2024-13-01"));
  CHECK_FALSE(normalize_date("2024-01/05"));
  CHECK_FALSE(normalize_date("31/01/2024"));
  CHECK_FALSE(normalize_date(""));
  CHECK(date_in_name("customers-2024-01-31.csv") == "2024-01-31");
  CHECK(date_in_name("customers_2024_01.csv") == "2024-01");
  CHECK(date_in_name("export20240131.csv") == "2024-01-31");
  CHECK(date_in_name("export-202401.csv") == "2024-01");
  CHECK(date_in_name("snap-2024.02.csv") == "2024-02");
  CHECK_FALSE(date_in_name("customers-1000.csv"));
  CHECK_FALSE(date_in_name("id-12345678.csv"));  // 1234: not a year
  CHECK_FALSE(date_in_name("2024-13.csv"));
}
