// Column matching: exact by default (the spec), loose (case, spaces and '_' ignored) and the
// user's choices for the page's column mapping; the header of a failed read is kept.
#include <catch2/catch.hpp>

#include "base/error.h"
#include "helpers.h"
#include "read/column_match.h"

using kenko::ColumnMapping;
using kenko::ColumnMatching;
using kenko::match_column;

namespace {
const char* kModel = R"({"version":1,"id_column":"account_id",
  "indicators":[{"id":"logins","column":"logins_per_day","rule":{"type":"linear","from":0,"to":2}}]})";
}

TEST_CASE("exact matching finds only the same name", "[columns]") {
  std::vector<std::string> header = {"Account_ID", "logins_per_day"};
  ColumnMapping exact;
  CHECK(match_column("logins_per_day", header, exact) == std::string("logins_per_day"));
  CHECK_FALSE(match_column("account_id", header, exact));
}

TEST_CASE("loose matching ignores ASCII case, spaces, U+3000 and underscores", "[columns]") {
  ColumnMapping loose{ColumnMatching::Loose, {}, {}};
  std::vector<std::string> header = {"Account ID", "Logins Per Day", "ログイン\xE3\x80\x80回数"};
  CHECK(match_column("account_id", header, loose) == std::string("Account ID"));
  CHECK(match_column("logins_per_day", header, loose) == std::string("Logins Per Day"));
  CHECK(match_column("ログイン回数", header, loose) == std::string("ログイン\xE3\x80\x80回数"));
  CHECK_FALSE(match_column("nps", header, loose));
  // An exact match wins over loose ones; two loose candidates are left to the user.
  CHECK(match_column("a b", {"AB", "a b"}, loose) == std::string("a b"));
  CHECK_FALSE(match_column("ab", {"A B", "a_b"}, loose));
}

TEST_CASE("the user's choice wins", "[columns]") {
  ColumnMapping m{ColumnMatching::Exact, {{"logins_per_day", "daily logins"}}, {}};
  CHECK(match_column("logins_per_day", {"logins_per_day", "daily logins"}, m) ==
        std::string("daily logins"));
  CHECK(kenko::parse_column_choices(R"({"a":"b"})") ==
        std::map<std::string, std::string>{{"a", "b"}});
  CHECK(kenko::parse_column_choices("").empty());
  CHECK_THROWS_AS(kenko::parse_column_choices(R"({"a":1})"), kenko::Error);
  CHECK_THROWS_AS(kenko::parse_column_choices("[1"), kenko::Error);
}

TEST_CASE("the engine reads mapped columns and keeps a failed read's header", "[columns]") {
  kenko::Engine engine;
  engine.set_model(kModel);
  const std::string csv = "Account ID,Daily logins\na1,2\na2,1\n";
  engine.begin_table();
  engine.feed_table(csv);
  REQUIRE_THROWS_WITH(engine.end_table(), Catch::Contains("no column 'account_id'"));
  CHECK(engine.last_header() == std::vector<std::string>{"Account ID", "Daily logins"});
  CHECK_FALSE(engine.has_table());

  engine.begin_table(
      {}, ColumnMapping{ColumnMatching::Loose, {{"logins_per_day", "Daily logins"}}, {}});
  engine.feed_table(csv);
  engine.end_table();
  REQUIRE(engine.table().rows() == 2);
  CHECK(engine.results().score[0] == 100);
  CHECK(engine.results().score[1] == 50);
  // Output keeps the model's names.
  CHECK(kenko_test::scored_csv(engine).rfind("account_id,score,segment,coverage,ind.logins,", 0) ==
        0);
}

TEST_CASE("a cancelled read keeps the previous table", "[columns]") {
  kenko::Engine engine;
  kenko_test::load(engine, kModel, "account_id,logins_per_day\na1,2\n");
  engine.begin_table();
  engine.feed_table("account_id,logins_per_day\nb1,1\nb2,");
  engine.cancel_table();
  CHECK(engine.table().rows() == 1);
  CHECK_THROWS_AS(engine.feed_table("x"), kenko::Error);
}
