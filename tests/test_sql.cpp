// The SQL compiler without a database (the parity with DuckDB, PostgreSQL and SQLite is
// tests/sql/): exact literals, quoting (no model text ever outside a quoted literal), the
// messages naming the part a dialect cannot take, the shared word lists, the what-if in
// force, and kenko score --full-precision.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>

#include "base/error.h"
#include "base/number_format.h"
#include "base/text.h"
#include "helpers.h"
#include "read/cell.h"
#include "sql/sql.h"
#include "sql/sql_text.h"

namespace {

using kenko::SqlDialect;

// Evaluates SQLite's exact binary fraction "(m.0/2^a/2^b...)" or "(m.0*2^a...)" as SQLite does:
// the numerator and each power of two read exactly, then one IEEE operation each.
double evaluate_fraction(const std::string& s) {
  REQUIRE(s.front() == '(');
  REQUIRE(s.back() == ')');
  size_t pos = 1;
  size_t end = s.find_first_of("/*", pos);
  std::string numerator = s.substr(pos, end - pos);
  REQUIRE(numerator.size() > 2);
  REQUIRE(numerator.substr(numerator.size() - 2) == ".0");
  double v = static_cast<double>(std::stoll(numerator.substr(0, numerator.size() - 2)));
  REQUIRE(std::fabs(v) < 9007199254740992.0);
  while (end < s.size() - 1) {
    const char op = s[end];
    const size_t next = s.find_first_of("/*)", end + 1);
    const uint64_t power = std::stoull(s.substr(end + 1, next - end - 1));
    REQUIRE((power & (power - 1)) == 0);
    v = op == '/' ? v / static_cast<double>(power) : v * static_cast<double>(power);
    end = next;
  }
  return v;
}

bool same_bits(double a, double b) {
  uint64_t x, y;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  return x == y;
}

// Scans SQL text: the characters outside quoted literals and identifiers and outside
// comments.
std::string outside_quotes(const std::string& sql) {
  std::string out;
  char quote = 0;
  bool comment = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (comment) {
      if (c == '\n') comment = false;
      continue;
    }
    if (quote) {
      if (c == quote) {
        if (i + 1 < sql.size() && sql[i + 1] == quote) {
          ++i;
        } else {
          quote = 0;
        }
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;  // (the literal's place)
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      comment = true;
      continue;
    }
    out += c;
  }
  return out;
}

std::string compile(const std::string& model_json, SqlDialect d, bool previous = false) {
  kenko::Engine engine;
  engine.set_model(model_json);
  kenko::SqlOptions options;
  options.dialect = d;
  options.table = "customers";
  if (previous) options.previous_table = "customers_before";
  return engine.sql(options);
}

std::string error_of(const std::string& model_json, SqlDialect d) {
  try {
    compile(model_json, d);
  } catch (const kenko::Error& e) {
    return e.what();
  }
  return "";
}

const char* const kSmall = R"({"version":1,"id_column":"id","indicators":[
  {"id":"logins","column":"logins","rule":{"type":"bands","bands":[{"min":1,"points":20},{"points":5}]}},
  {"id":"plan","column":"plan","rule":{"type":"category","map":{"pro":100,"basic":40}}}]})";

}  // namespace

TEST_CASE("sql: every double is an exact literal in each dialect", "[sql]") {
  CHECK(kenko::sql::number(SqlDialect::DuckDB, 0.1) == "CAST('0.1' AS DOUBLE)");
  CHECK(kenko::sql::number(SqlDialect::Postgres, 1e300) == "CAST('1e+300' AS DOUBLE PRECISION)");
  CHECK(kenko::sql::number(SqlDialect::SQLite, 30) == "30.0");
  CHECK(kenko::sql::number(SqlDialect::SQLite, -4) == "-4.0");
  CHECK(kenko::sql::number(SqlDialect::SQLite, 12.25) == "12.25");
  CHECK(kenko::sql::number(SqlDialect::SQLite, 0.00001) == "1e-05");
  CHECK(kenko::sql::number(SqlDialect::SQLite, 0.1234567) ==
        "(4447996384931129.0/36028797018963968)");
  CHECK(kenko::sql::number(SqlDialect::SQLite, 1e300).find('*') != std::string::npos);
  // SQLite reads decimals with at most 5 places exactly (sql_text.h); any other value is an
  // exact binary fraction, which evaluates to the same double.
  std::mt19937_64 gen(7);
  for (int t = 0; t < 20000; ++t) {
    uint64_t bits = gen();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (!std::isfinite(v) || v == 0) continue;
    if (t % 2) v = std::ldexp(std::fmod(std::fabs(v), 1.0) + 1, static_cast<int>(gen() % 80) - 40);
    const std::string lit = kenko::sql::number(SqlDialect::SQLite, v);
    if (lit.front() == '(') {
      INFO(lit);
      CHECK(same_bits(evaluate_fraction(lit), v));
    } else {
      CHECK(same_bits(std::strtod(lit.c_str(), nullptr), v));
    }
  }
}

TEST_CASE("sql: names and texts are quoted, never pasted", "[sql]") {
  CHECK(kenko::sql::quote_ident("a\"b", "x") == "\"a\"\"b\"");
  CHECK(kenko::sql::quote_text("it's", "x") == "'it''s'");
  CHECK(kenko::sql::table_name("analytics.cust\"omers", "--table") ==
        "\"analytics\".\"cust\"\"omers\"");
  CHECK_THROWS_WITH(kenko::sql::table_name("a..b", "--table"),
                    Catch::Contains("--table: 'a..b' has an empty part"));
  CHECK_THROWS_WITH(kenko::sql::table_name(" ", "--table"), Catch::Contains("no table name given"));
  CHECK_THROWS_WITH(kenko::sql::quote_text(std::string("a\0b", 3), "indicators[0].rule.map"),
                    Catch::Contains("indicators[0].rule.map: holds a NUL character"));

  // Every name and text of this model holds ' " ; -- : outside the quoted literals the SQL
  // has one ';' (its end) and no comment but its first line.
  const std::string nasty = R"(x'\"; --日本😀)";
  auto n = [&](const std::string& s) { return s + nasty; };
  const std::string model =
      R"({"version":1,"name":")" + n("m") + R"(","id_column":")" + n("id") +
      R"(","indicators":[{"id":")" + n("a") + R"(","column":")" + n("c") +
      R"(","rule":{"type":"category","map":{")" + n("k") + R"(":100},"else":1}},
       {"id":")" +
      n("b") + R"(","ratio":[")" + n("p") + R"(",")" + n("q") +
      R"("],"rule":{"type":"percentile"}}],
      "segments":[{"id":")" +
      n("s") + R"(","label":"S","when":[{"field":"column.)" + n("c") + R"(","in":[")" + n("k") +
      R"("]}]}],
      "alerts":[{"id":")" +
      n("al") + R"(","label":"A","when":[{"field":"indicator.)" + n("a") + R"(","min":1}]}]})";
  for (SqlDialect d : {SqlDialect::DuckDB, SqlDialect::Postgres, SqlDialect::SQLite}) {
    for (bool previous : {false, true}) {
      const std::string sql = compile(model, d, previous);
      const std::string bare = outside_quotes(sql);
      INFO(sql);
      CHECK(std::count(bare.begin(), bare.end(), ';') == 1);
      CHECK(bare.find("日本") == std::string::npos);
      CHECK(sql.rfind("-- kenko sql", 0) == 0);
      CHECK(sql.find('\n') > sql.find("m" + std::string("x'")));  // the name stays on line 1
    }
  }
}

TEST_CASE("sql: a model a dialect cannot take gets a message naming the part", "[sql]") {
  const std::string long_id(70, 'x');
  const std::string with_long_id = R"({"version":1,"id_column":"id","indicators":[
    {"id":")" + long_id + R"(","column":"a","rule":{"type":"boolean"}}]})";
  CHECK(error_of(with_long_id, SqlDialect::DuckDB).empty());
  CHECK_THAT(error_of(with_long_id, SqlDialect::Postgres),
             Catch::StartsWith("indicators[0].id: the output column 'ind.xxx") &&
                 Catch::Contains("PostgreSQL cuts identifiers at 63 bytes") &&
                 Catch::Contains("cannot be compiled for postgres"));

  const std::string long_column = R"({"version":1,"id_column":"id","indicators":[
    {"id":"a","ratio":["x",")" + long_id +
                                  R"("],"rule":{"type":"linear","from":0,"to":1}}]})";
  CHECK_THAT(error_of(long_column, SqlDialect::Postgres),
             Catch::StartsWith("indicators[0].ratio[1]: the column name 'xxx"));

  const char* cases = R"({"version":1,"id_column":"id","indicators":[
    {"id":"a","column":"ARR","rule":{"type":"linear","from":0,"to":1}},
    {"id":"b","column":"arr","rule":{"type":"linear","from":0,"to":1}}]})";
  CHECK(error_of(cases, SqlDialect::Postgres).empty());
  for (SqlDialect d : {SqlDialect::DuckDB, SqlDialect::SQLite}) {
    CHECK_THAT(
        error_of(cases, d),
        Catch::StartsWith("indicators[1].column: the columns 'ARR' and 'arr' differ only in "
                          "case") &&
            Catch::Contains(std::string("cannot be compiled for ") + kenko::sql_dialect_name(d)));
  }

  const char* nul = R"({"version":1,"id_column":"id","indicators":[
    {"id":"a","column":"plan","rule":{"type":"category","map":{"p\u0000q":100}}}]})";
  CHECK_THAT(error_of(nul, SqlDialect::DuckDB),
             Catch::StartsWith("indicators[0].rule.map: holds a NUL character"));

  std::string many = R"({"version":1,"id_column":"id","indicators":[)";
  for (size_t i = 0; i <= kenko::kMaxSqlIndicators; ++i) {
    many += (i ? "," : "") + std::string(R"({"id":"i)") + std::to_string(i) +
            R"(","column":"c","rule":{"type":"boolean"}})";
  }
  many += "]}";
  CHECK_THAT(error_of(many, SqlDialect::SQLite),
             Catch::StartsWith("indicators: 201 indicators; the SQL is compiled for at most 200"));
}

TEST_CASE("sql: the word lists it tests are kenko's", "[sql]") {
  for (std::string_view t : kenko::kMissingCellTexts) CHECK(kenko::is_missing_cell(t));
  for (std::string_view t : {"na", "Null", "--", "0", "NaN", " "})
    CHECK_FALSE(kenko::is_missing_cell(t));
  for (char32_t c : kenko::kTrimmedCodePoints) {
    std::string s = "x";
    if (c < 0x80) {
      s = std::string(1, static_cast<char>(c)) + "x" + std::string(1, static_cast<char>(c));
    } else {
      s = "\xE3\x80\x80x\xE3\x80\x80";  // U+3000
      CHECK(c == U'\u3000');
    }
    CHECK(kenko::trim(s) == "x");
  }
  CHECK(kenko::trim("\xC2\xA0x") == "\xC2\xA0x");  // U+00A0 is not trimmed
  const std::string sql = compile(kSmall, SqlDialect::DuckDB);
  CHECK(sql.find("IN ('', '-', 'NA', 'N/A', '#N/A', 'null', 'NULL')") != std::string::npos);
  CHECK(sql.find("chr(12288)") != std::string::npos);
  const std::string yes = compile(R"({"version":1,"id_column":"id","indicators":[
    {"id":"a","column":"c","rule":{"type":"boolean"}}]})",
                                  SqlDialect::Postgres);
  CHECK(yes.find("IN ('true', 'yes', 'y', 't', '1', 'はい', '○', '済')") != std::string::npos);
}

TEST_CASE("sql: the model in force, what-if included, is compiled", "[sql]") {
  kenko::Engine engine;
  engine.set_model(kSmall);
  kenko::SqlOptions options;
  options.table = "t";
  options.full_precision = true;
  const std::string before = engine.sql(options);
  CHECK(before.find("CAST('20' AS DOUBLE) * k_s0") != std::string::npos);  // w = P = 20
  engine.set_indicator_weight(0, 3.5);
  const std::string after = engine.sql(options);
  CHECK(after.find("CAST('3.5' AS DOUBLE) * k_s0") != std::string::npos);
  CHECK(after.find("AS DECIMAL(18,2)") == std::string::npos);  // full precision
  options.full_precision = false;
  CHECK(engine.sql(options).find("AS DECIMAL(18,2)") != std::string::npos);
}

TEST_CASE("score --full-precision: the shortest round-tripping text of each number", "[sql]") {
  kenko::Engine engine;
  kenko_test::load(engine, kSmall, "id,logins,plan\na,0.3,pro\nb,,basic\nc,2,\n");
  const kenko::Results& res = engine.results();
  std::ostringstream out;
  kenko::ScoredCsvOptions options;
  options.full_precision = true;
  kenko::write_scored_csv(out, engine.model(), engine.table(), engine.subscores(), res, options);
  CHECK(out.str() ==
        "id,score,segment,coverage,ind.logins,ind.plan,drivers,alerts\n"
        "a," +
            kenko::format_full((20 * 25.0 + 100 * 100.0) / 120) +
            ",green,1,25,100,logins,\n"
            "b,40,yellow,0.8333333333333334,,40,plan,\n"
            "c,100,green,0.16666666666666666,100,,,\n");
}
