// The column profiler (review/profile.h): kinds, missing cells, distinct values, quantiles, ids,
// the sample of a large table, the same profile whatever the chunks, and each column's AUC
// against an outcome (the leak signals).
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "base/error.h"
#include "helpers.h"
#include "read/table.h"
#include "review/profile.h"
#include "review/stats.h"

namespace {

kenko::ProfiledTable profile(const std::string& csv, size_t chunk = 1 << 20,
                             size_t sample = kenko::kProfileSample) {
  kenko::TableProfiler p(kenko::TableOptions{}, sample);
  for (size_t at = 0; at < csv.size(); at += chunk) p.feed(std::string_view(csv).substr(at, chunk));
  return p.finish();
}

const kenko::ColumnProfile& col(const kenko::ProfiledTable& t, const std::string& name) {
  const kenko::ColumnProfile* c = t.profile.column(name);
  REQUIRE(c);
  return *c;
}

// 40 rows: every kind once.
std::string kinds_table() {
  std::string csv = "id,name,plan,amount,share,flag,zero_one,since,notes,blank,same,num_id,count\n";
  const char* plans[] = {"Starter", "pro", "PRO", "Enterprise"};
  for (int r = 0; r < 40; ++r) {
    csv += "C" + std::to_string(1000 + r) + ",";                                        // id
    csv += "\"Company " + std::to_string(r) + " Ltd\",";                                // name
    csv += std::string(plans[r % 4]) + ",";                                             // plan
    csv += (r == 3 ? std::string("NA") : std::to_string(r * 10)) + ",";                 // amount
    csv += std::to_string(r % 7) + "%,";                                                // share
    csv += std::string(r % 3 ? "yes" : "No") + ",";                                     // flag
    csv += std::string(r % 2 ? "1" : "0") + ",";                                        // zero_one
    csv += "2024-0" + std::to_string(1 + r % 9) + "-1" + std::to_string(r % 10) + ",";  // since
    csv += "note " + std::to_string(r % 25) + ",";                                      // notes
    csv += ",";                                                                         // blank
    csv += "x,";                                                                        // same
    csv += std::to_string(500 + r) + ",";                                               // num_id
    csv += std::to_string(r) + "\n";                                                    // count
  }
  return csv;
}

}  // namespace

TEST_CASE("profile: the kind of each column", "[profile]") {
  const kenko::ProfiledTable t = profile(kinds_table());
  CHECK(t.profile.rows == 40);
  CHECK(t.profile.sample_rows == 40);
  CHECK(col(t, "id").kind == kenko::ColumnKind::Id);
  CHECK(col(t, "id").unique());
  CHECK(col(t, "name").kind == kenko::ColumnKind::Text);
  CHECK(col(t, "name").spaced_share == 1.0);
  CHECK(col(t, "plan").kind == kenko::ColumnKind::Category);
  CHECK(col(t, "plan").distinct == 3);  // "pro" and "PRO" are one value (ASCII case ignored)
  CHECK(col(t, "amount").kind == kenko::ColumnKind::Number);
  CHECK(col(t, "share").kind == kenko::ColumnKind::Percent);
  CHECK(col(t, "flag").kind == kenko::ColumnKind::YesNo);
  CHECK(col(t, "flag").true_texts == std::vector<std::string>{"yes"});
  CHECK(col(t, "flag").false_texts == std::vector<std::string>{"No"});
  CHECK(col(t, "zero_one").kind == kenko::ColumnKind::YesNo);
  CHECK(col(t, "since").kind == kenko::ColumnKind::Date);
  CHECK(col(t, "notes").kind == kenko::ColumnKind::Text);
  CHECK(col(t, "notes").distinct == 25);
  CHECK(col(t, "blank").kind == kenko::ColumnKind::Empty);
  CHECK(col(t, "blank").missing == 40);
  CHECK(col(t, "same").constant());
  CHECK(col(t, "num_id").kind == kenko::ColumnKind::Id);     // unique integers named "id"
  CHECK(col(t, "count").kind == kenko::ColumnKind::Number);  // unique integers, no id in the name
  CHECK_FALSE(col(t, "count").id_name);
}

TEST_CASE("profile: missing cells, values and numbers as the model reads them", "[profile]") {
  const std::string csv =
      "id,v,plan\n"
      "a,1,Pro\nb,NA,pro\nc,-,Starter\nd,N/A,\ne,#N/A,Pro\nf,null,Pro\ng, 7 ,Starter\n"
      "h,\"1,000\",Pro\ni,x,Pro\nj,3,Pro\n";
  const kenko::ProfiledTable t = profile(csv);
  const kenko::ColumnProfile& v = col(t, "v");
  CHECK(v.missing == 5);  // NA, -, N/A, #N/A, null
  CHECK(v.present == 5);
  CHECK(v.numbers == 4);  // 1, 7, 1,000 and 3; "x" is not a number
  CHECK(v.missing_rate() == Approx(0.5));
  CHECK(v.not_numbers.count == 1);
  CHECK(v.not_numbers.first == std::vector<uint64_t>{10});  // file row of "x"
  const kenko::ColumnProfile& plan = col(t, "plan");
  CHECK(plan.missing == 1);
  REQUIRE(plan.values.size() == 2);
  CHECK(plan.values[0].text == "Pro");  // most frequent first, as first written
  CHECK(plan.values[0].count == 7);
  CHECK(plan.values[1].text == "Starter");
}

TEST_CASE("profile: a number written with spaces or separators counts once", "[profile]") {
  // " 5 " and "1,000" go through the text counter and are counted by value: once (each was
  // counted twice, 10 values for 6 cells, before).
  const kenko::ProfiledTable t = profile("id,v\na,\" 5 \"\nb,5\nc,3\nd,\" 5 \"\ne,3\nf,3\n");
  const kenko::ColumnProfile& v = col(t, "v");
  CHECK(v.present == 6);
  CHECK(v.distinct == 2);
  uint64_t total = 0;
  for (const auto& x : v.values) total += x.count;
  CHECK(total == 6);
  REQUIRE(v.values.size() == 2);
  CHECK(v.values[0].count == 3);
  CHECK(v.values[1].count == 3);
}

TEST_CASE("profile: rows as the table reader counts them (a line of spaces is a row)",
          "[profile]") {
  const std::string csv = "   \nid,v\na,1\n  \t\n\nb,2\n";
  const kenko::ProfiledTable t = profile(csv);
  CHECK(t.profile.rows == 3);  // a, the line of spaces, b; the empty line skipped
  kenko::TableReader r({}, [](const std::vector<std::string>&) {
    return std::map<std::string, kenko::ColumnNeeds>{{"v", {true, false, ""}}};
  });
  r.feed(csv);
  CHECK(t.profile.rows == r.finish().rows());
}

TEST_CASE("profile: quantiles are values of the table at rank floor(q(n-1))", "[profile]") {
  std::string csv = "id,x\n";
  for (int r = 100; r >= 1; --r) csv += "r" + std::to_string(r) + "," + std::to_string(r) + "\n";
  const kenko::ProfiledTable t = profile(csv);
  const kenko::ColumnProfile& x = col(t, "x");
  REQUIRE(x.number_stats);
  const kenko::NumberStats& s = *x.number_stats;
  CHECK(s.count == 100);
  CHECK(s.min == 1);
  CHECK(s.max == 100);
  CHECK(s.mean == 50.5);
  CHECK(s.integers);
  CHECK(s.quantile(0.05) == 5);   // rank 4
  CHECK(s.quantile(0.5) == 50);   // rank 49
  CHECK(s.quantile(0.95) == 95);  // rank 94
  CHECK(s.quantile(0.8) == 80);
  CHECK(x.distinct == 100);
  // Typed in the sample: numbers, and no texts beyond 20 values.
  const kenko::Column* c = t.sample.column("x");
  REQUIRE(c);
  CHECK(c->needs.number);
  CHECK_FALSE(c->needs.text);
  CHECK(c->numbers[0] == 100);
}

TEST_CASE("profile: duplicate and empty header names are not read", "[profile]") {
  const kenko::ProfiledTable t = profile("id,a,a,,b\n1,2,3,4,5\n2,2,3,4,6\n");
  REQUIRE(t.profile.columns.size() == 5);
  CHECK(t.profile.columns[1].unread == "the header names 2 columns 'a'");
  CHECK(t.profile.columns[2].unread == t.profile.columns[1].unread);
  CHECK(t.profile.columns[3].unread == "the header gives this column no name");
  CHECK(t.profile.column("a") == nullptr);
  CHECK(col(t, "b").kind == kenko::ColumnKind::Number);
  CHECK(t.sample.columns.size() == 2);
}

TEST_CASE("profile: the same profile whatever the chunks", "[profile]") {
  const std::string csv = kenko_test::generated(3000, 5);
  const kenko::ProfiledTable whole = profile(csv, 1 << 20, 500);
  for (size_t chunk : {size_t{7}, size_t{4096}}) {
    const kenko::ProfiledTable t = profile(csv, chunk, 500);
    REQUIRE(t.profile.columns.size() == whole.profile.columns.size());
    CHECK(t.sample.file_rows == whole.sample.file_rows);
    for (size_t i = 0; i < t.profile.columns.size(); ++i) {
      const kenko::ColumnProfile &a = t.profile.columns[i], &b = whole.profile.columns[i];
      CHECK(a.kind == b.kind);
      CHECK(a.missing == b.missing);
      CHECK(a.distinct == b.distinct);
      if (a.number_stats) CHECK(a.number_stats->quantiles == b.number_stats->quantiles);
    }
  }
}

TEST_CASE("profile: a large table keeps a fixed sample; counts stay exact", "[profile]") {
  const std::string csv = kenko_test::generated(5000, 2);
  const kenko::ProfiledTable all = profile(csv);
  const kenko::ProfiledTable part = profile(csv, 1 << 20, 1000);
  CHECK(part.profile.rows == 5000);
  CHECK(part.profile.sample_rows == 1000);
  CHECK(part.sample.rows() == 1000);
  // Rows in file order, each a row of the table.
  for (size_t r = 1; r < part.sample.rows(); ++r) {
    CHECK(part.sample.file_rows[r] > part.sample.file_rows[r - 1]);
  }
  for (const char* name : {"logins_per_day", "nps", "plan", "account_id", "seminar_attended"}) {
    CHECK(col(part, name).kind == col(all, name).kind);
    CHECK(col(part, name).missing == col(all, name).missing);
    CHECK(col(part, name).present == col(all, name).present);
  }
  CHECK(col(part, "account_id").unique());                       // exact over every row
  CHECK(col(part, "nps").distinct == col(all, "nps").distinct);  // few numbers: exact
  // Many numbers: counted in the sample.
  CHECK(col(part, "arr").distinct_in_sample);
  CHECK_FALSE(col(all, "arr").distinct_in_sample);
  // Quantiles of the sample near the table's.
  const double q_all = col(all, "logins_per_day").number_stats->quantile(0.5);
  const double q_part = col(part, "logins_per_day").number_stats->quantile(0.5);
  CHECK(std::fabs(q_all - q_part) < 0.1 * q_all);
  // min, max and mean of the sample; the count of numbers over every row.
  CHECK(col(part, "arr").number_stats->max <= col(all, "arr").number_stats->max);
  CHECK(std::fabs(col(part, "arr").number_stats->mean / col(all, "arr").number_stats->mean - 1) <
        0.1);
  CHECK(col(part, "arr").number_stats->count == col(all, "arr").number_stats->count);
}

TEST_CASE("profile: a column's AUC against the outcome", "[profile]") {
  // good separates churn, leak is present only for churners, copy is the outcome itself.
  std::string csv = "id,good,leak,copy,flag,plan,churned\n";
  uint64_t state = 11;
  for (int r = 0; r < 400; ++r) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const int good = static_cast<int>((state >> 40) % 10);
    const bool churned = good < 3 ? (state >> 20) % 3 != 0 : (state >> 20) % 9 == 0;
    const char* plan = (state >> 30) % 2 ? "A" : "B";
    csv += "c" + std::to_string(r) + "," + std::to_string(good) + "," +
           (churned ? "2024-05-01" : "") + "," + (churned ? "1" : "0") + "," +
           ((state >> 50) % 2 ? "yes" : "no") + "," + plan + "," + (churned ? "1" : "0") + "\n";
  }
  const kenko::ProfiledTable t = profile(csv);
  kenko::Outcome outcome{"churned", {"1"}};
  const std::vector<int8_t> labels = kenko::outcome_labels(outcome, t.sample);

  const kenko::ColumnOutcome good = kenko::column_outcome(t.sample, col(t, "good"), labels);
  // The same number as the AUC of the values themselves.
  std::vector<double> scores;
  std::vector<uint8_t> positive;
  const kenko::Column* g = t.sample.column("good");
  for (size_t r = 0; r < t.sample.rows(); ++r) {
    scores.push_back(g->numbers[r]);
    positive.push_back(static_cast<uint8_t>(labels[r]));
  }
  REQUIRE(good.auc);
  CHECK(*good.auc == *kenko::auc_lower_predicts_positive(scores, positive));
  CHECK(*good.auc > 0.7);  // lower values go with churn: higher is better
  CHECK(*good.presence_auc == 0.5);

  const kenko::ColumnOutcome leak = kenko::column_outcome(t.sample, col(t, "leak"), labels);
  REQUIRE(leak.presence_auc);
  CHECK(*leak.presence_auc == 0.0);  // present exactly for the churned

  const kenko::ColumnOutcome copy = kenko::column_outcome(t.sample, col(t, "copy"), labels);
  REQUIRE(copy.strength());
  CHECK(*copy.strength() == 1.0);

  const kenko::ColumnOutcome flag = kenko::column_outcome(t.sample, col(t, "flag"), labels);
  REQUIRE(flag.levels.size() == 2);  // false, true
  CHECK(flag.levels[0].positive + flag.levels[1].positive == flag.positive);
  CHECK(std::fabs(*flag.auc - 0.5) < 0.1);

  const kenko::ColumnOutcome plan = kenko::column_outcome(t.sample, col(t, "plan"), labels);
  REQUIRE(plan.auc);
  CHECK(*plan.auc >= 0.5);  // ordered by each value's rate
}

TEST_CASE("profile: errors as the table reader gives them", "[profile]") {
  CHECK_THROWS_WITH(profile(""), Catch::Contains("empty"));
  CHECK_THROWS_WITH(profile("a,b\n1,\"2\n"), Catch::Contains("row 2"));
}

TEST_CASE("profile: name words", "[profile]") {
  CHECK(kenko::name_words("daysSinceLastLogin") ==
        std::vector<std::string>{"days", "since", "last", "login"});
  CHECK(kenko::name_words("Days since last login") == kenko::name_words("days_since_last_login"));
  CHECK(kenko::name_words("CSATScore") == std::vector<std::string>{"csat", "score"});
  CHECK(kenko::name_words("顧客ID") == std::vector<std::string>{"id"});
  CHECK(kenko::name_says_id("customerID"));
  CHECK(kenko::name_says_id("顧客番号"));
  CHECK(kenko::name_says_id("Account No"));
  CHECK_FALSE(kenko::name_says_id("idle_days"));
  CHECK_FALSE(kenko::name_says_id("tickets"));
}
