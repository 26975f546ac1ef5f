// Hostile models and tables (issue 13): every reproducer of the defects found by fuzzing and by
// oversized inputs, as a regression test. Each fails on the code before its fix.
#include <catch2/catch.hpp>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "helpers.h"
#include "model/model.h"
#include "read/csv_reader.h"
#include "report/output.h"
#include "score/whatif.h"

using kenko::ModelError;
using kenko::parse_model;

namespace {

std::vector<std::string> problems(const std::string& json) {
  try {
    parse_model(json);
  } catch (const ModelError& e) {
    std::vector<std::string> out;
    for (const auto& p : e.problems()) out.push_back(p.to_string());
    return out;
  }
  return {};
}

std::string two_weights(const std::string& w) {
  return R"({"version":1,"id_column":"id","indicators":[
    {"id":"a","column":"v","weight":)" +
         w + R"(,"rule":{"type":"linear","from":0,"to":10}},
    {"id":"b","column":"v","weight":)" +
         w + R"(,"rule":{"type":"linear","from":0,"to":10}}]})";
}

void what_if(kenko::Engine& engine, const std::string& json) {
  engine.set_what_if(kenko::what_if_from_json(engine.model(), json));
}

std::string score_one(const std::string& model, const std::string& csv) {
  kenko::Engine engine;
  kenko_test::load(engine, model, csv);
  return kenko_test::scored_csv(engine);
}

// A list of `count` JSON items made by `item(i)`.
template <typename F>
std::string list_of(size_t count, F item) {
  std::string out = "[";
  for (size_t i = 0; i < count; ++i) out += (i ? "," : "") + item(i);
  return out + "]";
}

}  // namespace

// ---- 1. Weights whose sums overflow ------------------------------------------------------

TEST_CASE("weights too large for the score's sums are refused with their JSON path",
          "[hostile][model]") {
  for (const char* w : {"1e307", "1e308", "1.5e300"}) {
    INFO(w);
    auto ps = problems(two_weights(w));
    REQUIRE(ps.size() == 2);
    CHECK(ps[0].rfind("indicators[0].weight: must be at most 1e300", 0) == 0);
    CHECK(ps[1].rfind("indicators[1].weight: must be at most 1e300", 0) == 0);
  }
  auto ps = problems(R"({"version":1,"id_column":"id","dimensions":[{"id":"a","weight":1e308}],
    "indicators":[{"id":"a","column":"v","dimension":"a","rule":{"type":"boolean"}}]})");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].rfind("dimensions[0].weight: must be at most 1e300", 0) == 0);
  // Points (the default weight is P) and every other number: at most 1e300 either way.
  ps = problems(R"({"version":1,"id_column":"id","indicators":[{"id":"a","column":"v",
    "rule":{"type":"linear","from":-1e301,"to":10,"points":1e302}}]})");
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].rfind("indicators[0].rule.from: is out of range", 0) == 0);
  CHECK(ps[1].rfind("indicators[0].rule.points: is out of range", 0) == 0);
  // A category's points too (1e308 passed and scored inf before).
  ps = problems(R"({"version":1,"id_column":"id","indicators":[{"id":"a","column":"v",
    "weight":1,"rule":{"type":"category","map":{"pro":1e308,"basic":0}}}]})");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].rfind("indicators[0].rule.map[pro]: is out of range", 0) == 0);
  // A subnormal weight would round w·s: refused too.
  ps = problems(two_weights("5e-324"));
  REQUIRE(ps.size() == 2);
  CHECK(ps[0].rfind("indicators[0].weight: must be 0 or at least 1e-300", 0) == 0);
  ps = problems(R"({"version":1,"id_column":"id","indicators":[{"id":"a","column":"v",
    "rule":{"type":"boolean","points":1e-310}}]})");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].rfind("indicators[0].weight: is needed: it defaults to the rule's most points", 0) ==
        0);
}

TEST_CASE("the largest weights the model takes score exactly", "[hostile][score]") {
  const std::string csv = "id,v\nr1,5\nr2,7.5\n";
  const std::string plain = score_one(two_weights("1"), csv);
  CHECK(plain.find("r1,50.00,yellow,1.00,50.00,50.00") != std::string::npos);
  CHECK(score_one(two_weights("1e300"), csv) == plain);
  CHECK(score_one(two_weights("1e-300"), csv) == plain);
  // With dimensions of the largest weight, every indicator of the largest weight.
  const std::string dims = R"({"version":1,"id_column":"id",
    "dimensions":[{"id":"x","weight":1e300},{"id":"y","weight":1e300}],"indicators":[
    {"id":"a","column":"v","dimension":"x","weight":1e300,"rule":{"type":"linear","from":0,"to":10,"points":1e300}},
    {"id":"b","column":"v","dimension":"y","weight":1e300,"rule":{"type":"linear","from":0,"to":10,"points":1e300}}]})";
  const std::string out = score_one(dims, csv);
  CHECK(out.find("r1,50.00,yellow,1.00,50.00,50.00,50.00,50.00") != std::string::npos);
  CHECK(out.find("r2,75.00,green,1.00,75.00,75.00,75.00,75.00") != std::string::npos);
}

TEST_CASE("a what-if weight the model could not take is refused with the same words",
          "[hostile][whatif]") {
  kenko::Engine engine;
  kenko_test::load(engine, two_weights("1"), "id,v\nr1,5\n");
  const std::string before = kenko_test::scored_csv(engine);
  try {
    what_if(engine, R"({"indicators":{"a":1e307}})");
    FAIL("accepted");
  } catch (const kenko::Error& e) {
    CHECK(std::string(e.what()) ==
          "what-if.indicators.a: must be at most 1e300 (a larger weight would overflow the "
          "score's sums)");
  }
  CHECK_THROWS_WITH(what_if(engine, R"({"indicators":{"b":1e-320}})"),
                    Catch::Contains("must be 0 or at least 1e-300"));
  CHECK_THROWS_WITH(what_if(engine, R"({"bounds":{"green":{"min":1e305}}})"),
                    Catch::Contains("between -1e300 and 1e300"));
  CHECK(kenko_test::scored_csv(engine) == before);
  what_if(engine, R"({"indicators":{"a":1e300,"b":1e300}})");
  CHECK(kenko_test::scored_csv(engine) == before);
}

// ---- 3. Limits, checked before any per-item work; shadow checks in n log n -----------------

TEST_CASE("every list of a model has a limit, checked before its items are read",
          "[hostile][model]") {
  const std::string ind = R"({"id":"a","column":"v","rule":{"type":"boolean"}})";
  auto model = [&](const std::string& more, const std::string& indicators = "") {
    return R"({"version":1,"id_column":"id","indicators":)" +
           (indicators.empty() ? "[" + ind + "]" : indicators) + more + "}";
  };
  auto band = [](size_t i) {
    return R"({"min":)" + std::to_string(i) + R"(,"max":)" + std::to_string(i + 1) +
           R"(,"points":)" + std::to_string(i % 7) + "}";
  };
  // 10^5 items each: refused at once (before: a minute of quadratic checks).
  const size_t huge = 100000;
  auto ps = problems(R"({"version":1,"id_column":"id","indicators":[{"id":"a","column":"v",
    "rule":{"type":"bands","bands":)" +
                     list_of(huge, band) + "}}]}");
  REQUIRE(ps.size() == 1);
  CHECK(ps[0] == "indicators[0].rule.bands: holds 100000 bands; at most 1000 are allowed");
  ps = problems(model(R"(,"segments":)" + list_of(huge, [](size_t i) {
                        return R"({"id":"s)" + std::to_string(i) + R"(","label":"S","min":)" +
                               std::to_string(i % 100) + "}";
                      })));
  REQUIRE(ps.size() == 1);
  CHECK(ps[0] == "segments: holds 100000 segments; at most 1000 are allowed");
  ps = problems(model(R"(,"alerts":)" + list_of(huge, [](size_t i) {
                        return R"({"id":"a)" + std::to_string(i) +
                               R"(","label":"A","when":[{"field":"score","max":40}]})";
                      })));
  REQUIRE(ps.size() == 1);
  CHECK(ps[0] == "alerts: holds 100000 alerts; at most 1000 are allowed");
  std::string map = "{";
  for (size_t i = 0; i < huge; ++i) map += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  ps = problems(
      model("", R"([{"id":"a","column":"v","rule":{"type":"category","map":)" + map + "}}}]"));
  REQUIRE(ps.size() == 1);
  CHECK(ps[0] == "indicators[0].rule.map: holds 100000 entries; at most 10000 are allowed");
  ps = problems(model("", list_of(huge, [](size_t i) {
                        return R"({"id":"i)" + std::to_string(i) +
                               R"(","column":"v","rule":{"type":"boolean"}})";
                      })));
  REQUIRE(ps.size() == 1);
  CHECK(ps[0] == "indicators: holds 100000 indicators; at most 32767 are allowed");
  ps = problems(model(R"(,"dimensions":)" + list_of(1001, [](size_t i) {
                        return R"({"id":"d)" + std::to_string(i) + R"("})";
                      })));
  REQUIRE(!ps.empty());
  CHECK(ps[0] == "dimensions: holds 1001 dimensions; at most 1000 are allowed");
  ps = problems(model(R"(,"alerts":[{"id":"x","label":"X","when":)" +
                      list_of(101, [](size_t) { return std::string(R"({"field":"score"})"); }) +
                      "}]"));
  REQUIRE(ps.size() == 1);
  CHECK(ps[0] == "alerts[0].when: holds 101 conditions; at most 100 are allowed");
  // At the limits, every list is read (and checked) in full.
  kenko::ParsedModel p = parse_model(
      R"({"version":1,"id_column":"id","indicators":[{"id":"a","column":"v",
    "rule":{"type":"bands","bands":)" +
      list_of(kenko::kMaxBands, band) + "}}],\"segments\":" +
      list_of(kenko::kMaxSegments,
              [](size_t i) {
                return R"({"id":"s)" + std::to_string(i) + R"(","label":"S","min":)" +
                       std::to_string(100 - i % 100) + "}";
              }) +
      "}");
  CHECK(p.model.indicators[0].rule.bands.size() == 1000);
  CHECK(p.model.segments.size() == 1000);
  // Segment i ≥ 100 repeats the min of segment i − 100: shadowed by it (the first such).
  REQUIRE(p.warnings.size() == 900);
  CHECK(p.warnings[0].to_string() ==
        "segments[100]: can never match: segments[0] ('s0') comes first and takes every score "
        "it would take");
  CHECK(p.warnings[899].to_string().rfind("segments[999]: can never match: segments[99] ", 0) == 0);
}

namespace {

// The shadow checks as first written (quadratic, the reference): which earlier band or
// segment makes each one unreachable.
std::vector<bool> bands_shadowed_reference(const std::vector<kenko::Band>& bands) {
  std::vector<bool> out;
  for (size_t i = 0; i < bands.size(); ++i) {
    const kenko::Band& b = bands[i];
    if (b.min && b.max && *b.min >= *b.max) {
      out.push_back(true);
      continue;
    }
    double lo = b.min ? *b.min : -INFINITY, hi = b.max ? *b.max : INFINITY;
    std::vector<std::pair<double, double>> earlier;
    for (size_t j = 0; j < i; ++j)
      earlier.push_back(
          {bands[j].min ? *bands[j].min : -INFINITY, bands[j].max ? *bands[j].max : INFINITY});
    std::sort(earlier.begin(), earlier.end());
    double reach = lo;
    for (const auto& [a, z] : earlier) {
      if (a > reach) break;
      reach = std::max(reach, z);
      if (reach >= hi) break;
    }
    out.push_back(reach >= hi);
  }
  return out;
}

}  // namespace

TEST_CASE("the n log n shadow checks agree with the plain ones on random models",
          "[hostile][model]") {
  std::mt19937 rng(13);
  for (int round = 0; round < 300; ++round) {
    const size_t n = 1 + rng() % 12;
    std::vector<kenko::Band> bands;
    std::string json;
    for (size_t i = 0; i < n; ++i) {
      kenko::Band b;
      std::string text = "{";
      if (rng() % 4) {
        b.min = static_cast<double>(rng() % 10);
        text += "\"min\":" + std::to_string(static_cast<int>(*b.min)) + ",";
      }
      if (rng() % 4) {
        b.max = static_cast<double>(rng() % 10);
        text += "\"max\":" + std::to_string(static_cast<int>(*b.max)) + ",";
      }
      text += "\"points\":5}";
      bands.push_back(b);
      json += (i ? "," : "") + text;
    }
    std::vector<bool> expected = bands_shadowed_reference(bands);
    std::vector<bool> got(n, false);
    for (const auto& w : parse_model(R"({"version":1,"id_column":"id","indicators":[{"id":"a",
        "column":"v","rule":{"type":"bands","bands":[)" +
                                     json + "]}}]}")
                             .warnings) {
      const std::string prefix = "indicators[0].rule.bands[";
      REQUIRE(w.path.rfind(prefix, 0) == 0);
      got[std::stoul(w.path.substr(prefix.size()))] = true;
    }
    INFO(json);
    CHECK(got == expected);
  }
}

// ---- 6. Segment colours ------------------------------------------------------------------

TEST_CASE("a segment colour is #rgb, #rrggbb or a CSS colour name", "[hostile][model]") {
  auto with_color = [](const std::string& c) {
    return R"({"version":1,"id_column":"id","indicators":[{"id":"a","column":"v",
      "rule":{"type":"boolean"}}],"segments":[{"id":"s","label":"S","color":)" +
           c + "}]}";
  };
  for (const char* ok : {"\"#2e7d32\"", "\"#ABC\"", "\"teal\"", "\"RebeccaPurple\"", "\"\""}) {
    INFO(ok);
    CHECK(problems(with_color(ok)).empty());
  }
  for (const char* bad : {"\"url(http://example.invalid/x)\"", "\"red;background:url(x)\"",
                          "\"#12345\"", "\"#ggg\"", "\"expression(alert(1))\"", "\"rgb(1,2,3)\""}) {
    INFO(bad);
    auto ps = problems(with_color(bad));
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].rfind("segments[0].color: must be a colour as #rgb, #rrggbb or a CSS colour name",
                      0) == 0);
  }
}

// ---- 2. Formula injection in the scored CSV ----------------------------------------------

TEST_CASE("excel_safe: formula-like text cells get a ', numbers stay numbers",
          "[hostile][output]") {
  using kenko::formula_like;
  for (const char* f : {"=1+1", "@SUM(A1)", "+cmd", "-x", "\tx", "\rx", "-", "+", "-1+2", "=-3"}) {
    INFO(f);
    CHECK(formula_like(f));
  }
  for (const char* t : {"", "abc", "-3", "+1.5", "-1,234.5", "-2e3", "-5%", " =1", "a=b", "1-2"}) {
    INFO(t);
    CHECK_FALSE(formula_like(t));
  }
  const std::string model = R"({"version":1,"id_column":"id","label_column":"name",
    "indicators":[{"id":"a","column":"v","rule":{"type":"linear","from":0,"to":10}}],
    "segments":[{"id":"-low","label":"L","max":50},{"id":"ok","label":"OK"}]})";
  const std::string csv =
      "id,name,v\n=HYPERLINK(\"http://example.invalid\"),@x,5\n-3,+81 3,-2\n\tt,=1,7\n";
  kenko::Engine engine;
  kenko_test::load(engine, model, csv);
  std::ostringstream plain, safe;
  kenko::ScoredCsvOptions o;
  o.label = true;
  kenko::write_scored_csv(plain, engine.model(), engine.table(), engine.subscores(),
                          engine.results(), o);
  o.excel_safe = true;
  kenko::write_scored_csv(safe, engine.model(), engine.table(), engine.subscores(),
                          engine.results(), o);
  CHECK(plain.str() ==
        "id,name,score,segment,coverage,ind.a,drivers,alerts\n"
        "\"=HYPERLINK(\"\"http://example.invalid\"\")\",@x,50.00,ok,1.00,50.00,a,\n"
        "-3,+81 3,0.00,-low,1.00,0.00,a,\n"
        "\tt,=1,70.00,ok,1.00,70.00,a,\n");
  CHECK(safe.str() ==
        "id,name,score,segment,coverage,ind.a,drivers,alerts\n"
        "\"'=HYPERLINK(\"\"http://example.invalid\"\")\",'@x,50.00,ok,1.00,50.00,a,\n"
        "-3,'+81 3,0.00,'-low,1.00,0.00,a,\n"
        "'\tt,'=1,70.00,ok,1.00,70.00,a,\n");
}

// ---- 4. Very wide headers ----------------------------------------------------------------

TEST_CASE("a record wider than the column limit is refused at once", "[hostile][table]") {
  const std::string model = R"({"version":1,"id_column":"id",
    "indicators":[{"id":"a","column":"v","rule":{"type":"linear","from":0,"to":10}}]})";
  for (size_t chunk : {size_t{4096}, size_t{1} << 20}) {
    kenko::Engine engine;
    std::string wide = "id,v" + std::string(kenko::kMaxColumns - 2, ',') + "\nr1,5\n";
    kenko_test::load(engine, model, wide, chunk);  // 65,536 columns: read
    CHECK(engine.table().header.size() == kenko::kMaxColumns);
    wide = "id,v" + std::string(3000000, ',') + "\nr1,5\n";
    CHECK_THROWS_WITH(kenko_test::load(engine, model, wide, chunk),
                      "row 1 has more than 65536 fields (columns); a table may have at most "
                      "65536 columns: is the separator right?");
    wide = "id,v\nr1,5" + std::string(kenko::kMaxColumns, ',') + "\n";
    CHECK_THROWS_WITH(kenko_test::load(engine, model, wide, chunk),
                      Catch::StartsWith("row 2 has more than 65536 fields"));
  }
}

// ---- 7. Rows of only spaces or tabs ------------------------------------------------------

TEST_CASE("a row of spaces or tabs is a record, an empty line is skipped", "[hostile][table]") {
  // A one-column table: the row of spaces is a (missing) value.
  const std::string one = R"({"version":1,"id_column":"id",
    "indicators":[{"id":"a","column":"id","rule":{"type":"category","map":{"r1":1},"else":0}}]})";
  kenko::Engine engine;
  kenko_test::load(engine, one, "id\nr1\n  \n\nr2\n\t\n");
  CHECK(engine.table().rows() == 4);
  CHECK(kenko_test::scored_csv(engine) ==
        "id,score,segment,coverage,ind.a,drivers,alerts\n"
        "r1,100.00,green,1.00,100.00,,\n"
        "  ,,unscored,0.00,,,\n"
        "r2,0.00,red,1.00,0.00,a,\n"
        "\t,,unscored,0.00,,,\n");
  // libvroom's whitespace_only_rows.csv: the rows of whitespace are short rows.
  const std::string two = R"({"version":1,"id_column":"name",
    "indicators":[{"id":"a","column":"value","rule":{"type":"linear","from":0,"to":200}}]})";
  kenko_test::load(engine, two,
                   kenko_test::slurp(kenko_test::corpus_path(
                       "libvroom/data/whitespace/whitespace_only_rows.csv")));
  CHECK(engine.table().rows() == 4);
  CHECK(engine.table().report.short_rows.count == 2);
  // Lines of spaces before the header are skipped (they could only be an unnamed header).
  kenko_test::load(engine, one, " \n\t\nid\nr1\n");
  CHECK(engine.table().rows() == 1);
}
