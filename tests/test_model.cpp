// Spec, "The model": validation with JSON paths, defaults and warnings.
#include <dirent.h>
#include <catch2/catch.hpp>

#include <string>

#include "helpers.h"
#include "model/model.h"

using kenko::ModelError;
using kenko::parse_model;

namespace {

// The problems of an invalid model, one string per problem ("path: message").
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

bool has_problem(const std::vector<std::string>& ps, const std::string& path,
                 const std::string& words) {
  for (const std::string& p : ps) {
    if (path.empty() && p.find(words) != std::string::npos) return true;
    if (p.rfind(path + ":", 0) == 0 && p.find(words) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> warnings(const std::string& json) {
  std::vector<std::string> out;
  for (const auto& w : parse_model(json).warnings) out.push_back(w.to_string());
  return out;
}

const char* const kMinimal = R"({"version":1,"id_column":"id","indicators":[
  {"id":"a","column":"x","rule":{"type":"linear","from":0,"to":10}}]})";

std::string with_indicator(const std::string& indicator) {
  return R"({"version":1,"id_column":"id","indicators":[)" + indicator + "]}";
}

}  // namespace

TEST_CASE("a minimal model: defaults", "[model]") {
  kenko::ParsedModel p = parse_model(kMinimal);
  const kenko::Model& m = p.model;
  CHECK(p.warnings.empty());
  CHECK(m.missing == kenko::MissingPolicy::Reweight);
  REQUIRE(m.indicators.size() == 1);
  CHECK(m.indicators[0].rule.points == 100);
  CHECK(m.indicators[0].weight_or_default() == 100);
  CHECK(m.default_segments);
  REQUIRE(m.segments.size() == 3);
  CHECK(m.segments[0].id == "green");
  CHECK(*m.segments[0].min == 70);
  CHECK(m.segments[1].id == "yellow");
  CHECK(*m.segments[1].min == 40);
  CHECK(m.segments[2].id == "red");
  CHECK(!m.segments[2].min);
  CHECK(!m.outcome);
}

TEST_CASE("rule maxima P and weights defaulting to P", "[model]") {
  kenko::Model m = parse_model(R"({"version":1,"id_column":"id","indicators":[
    {"id":"b","column":"x","rule":{"type":"bands","bands":[{"min":1,"points":20},{"min":0.5,"points":10},{"points":0}]}},
    {"id":"c","column":"y","rule":{"type":"category","map":{"Gold":30,"silver":12},"else":40}},
    {"id":"d","column":"z","weight":3,"rule":{"type":"boolean","points":5}},
    {"id":"e","column":"z2","rule":{"type":"percentile"}}]})")
                       .model;
  CHECK(m.indicators[0].rule.max_points() == 20);
  CHECK(m.indicators[0].weight_or_default() == 20);
  CHECK(m.indicators[1].rule.max_points() == 40);
  CHECK(m.indicators[2].weight_or_default() == 3);
  CHECK(m.indicators[3].rule.max_points() == 100);
  CHECK(m.indicators[1].rule.map[0].first == "gold");  // matched case-insensitively
}

TEST_CASE("required top-level keys and the version", "[model]") {
  auto ps = problems(R"({"indicators":[]})");
  CHECK(has_problem(ps, "version", "required"));
  CHECK(has_problem(ps, "id_column", "required"));
  CHECK(has_problem(ps, "indicators", "at least one"));
  CHECK(has_problem(
      problems(
          R"({"version":2,"id_column":"id","indicators":[{"id":"a","column":"x","rule":{"type":"boolean"}}]})"),
      "version", "must be 1"));
  CHECK(has_problem(
      problems(
          R"({"version":"1","id_column":"id","indicators":[{"id":"a","column":"x","rule":{"type":"boolean"}}]})"),
      "version", "number 1"));
  CHECK(has_problem(problems("[1,2]"), "", "must be an object"));
}

TEST_CASE("a typo'd key is an error naming its path, with a hint; x- keys are allowed", "[model]") {
  auto ps = problems(with_indicator(R"({"id":"a","column":"x","rulle":{"type":"boolean"}})"));
  CHECK(has_problem(ps, "indicators[0].rulle", "unknown key 'rulle' (did you mean 'rule'?)"));
  CHECK(has_problem(ps, "indicators[0].rule", "required"));
  CHECK(
      problems(with_indicator(
                   R"({"id":"a","column":"x","x-note":"mine","rule":{"type":"boolean","x-ui":1}})"))
          .empty());
  CHECK(has_problem(
      problems(with_indicator(
          R"({"id":"a","column":"x","rule":{"type":"bands","bands":[{"mn":1,"points":2}]}})")),
      "indicators[0].rule.bands[0].mn", "unknown key"));
}

TEST_CASE("wrong types and values name their paths", "[model]") {
  CHECK(has_problem(
      problems(with_indicator(R"({"id":"a","column":"x","weight":-2,"rule":{"type":"boolean"}})")),
      "indicators[0].weight", "0 or more"));
  CHECK(has_problem(
      problems(with_indicator(R"({"id":"a","column":"x","weight":"2","rule":{"type":"boolean"}})")),
      "indicators[0].weight", "must be a number"));
  CHECK(
      has_problem(problems(with_indicator(R"({"id":"a","column":"x","rule":{"type":"sigmoid"}})")),
                  "indicators[0].rule.type", "unknown rule type 'sigmoid'"));
  CHECK(has_problem(problems(with_indicator(
                        R"({"id":"a","column":"x","rule":{"type":"linear","from":5,"to":5}})")),
                    "indicators[0].rule.to", "must differ"));
  CHECK(has_problem(
      problems(with_indicator(
          R"({"id":"a","column":"x","rule":{"type":"linear","from":0,"to":5,"points":0}})")),
      "indicators[0].rule.points", "greater than 0"));
  CHECK(has_problem(
      problems(with_indicator(
          R"({"id":"a","column":"x","rule":{"type":"bands","bands":[{"points":0},{"min":3,"points":0}]}})")),
      "indicators[0].rule", "greater than 0"));
  CHECK(has_problem(problems(with_indicator(
                        R"({"id":"a","column":"x","rule":{"type":"category","map":{"a":0}}})")),
                    "indicators[0].rule", "greater than 0"));
  CHECK(
      has_problem(problems(with_indicator(
                      R"({"id":"a","column":"x","missing_points":150,"rule":{"type":"boolean"}})")),
                  "indicators[0].missing_points", "at most"));
  CHECK(has_problem(
      problems(with_indicator(
          R"({"id":"a","column":"x","rule":{"type":"category","map":{"Gold":1,"gold ":2}}})")),
      "indicators[0].rule.map[gold ]", "twice"));
  CHECK(has_problem(
      problems(
          R"({"version":1,"id_column":"id","missing":"drop","indicators":[{"id":"a","column":"x","rule":{"type":"boolean"}}]})"),
      "missing", "\"reweight\" or \"zero\""));
}

TEST_CASE("value sources: exactly one; ratio and change take two columns; text rules need a column",
          "[model]") {
  CHECK(has_problem(problems(with_indicator(R"({"id":"a","rule":{"type":"boolean"}})")),
                    "indicators[0]", "value source"));
  CHECK(has_problem(problems(with_indicator(
                        R"({"id":"a","column":"x","ratio":["a","b"],"rule":{"type":"boolean"}})")),
                    "indicators[0]", "more than one"));
  CHECK(has_problem(problems(with_indicator(
                        R"({"id":"a","ratio":["a"],"rule":{"type":"linear","from":0,"to":1}})")),
                    "indicators[0].ratio", "two column names"));
  CHECK(has_problem(
      problems(with_indicator(R"({"id":"a","change":["a","b"],"rule":{"type":"boolean"}})")),
      "indicators[0]", "must be \"column\""));
  kenko::Model m =
      parse_model(
          with_indicator(
              R"({"id":"a","ratio":[" users ","seats"],"rule":{"type":"linear","from":0,"to":1}})"))
          .model;
  CHECK(m.indicators[0].source.kind == kenko::SourceKind::Ratio);
  CHECK(m.indicators[0].source.a == "users");  // names are matched after trimming
}

TEST_CASE("ids are unique", "[model]") {
  auto ps = problems(with_indicator(
      R"({"id":"a","column":"x","rule":{"type":"boolean"}},{"id":"a","column":"y","rule":{"type":"boolean"}})"));
  CHECK(has_problem(ps, "indicators[1].id", "duplicate indicator id 'a'"));
}

TEST_CASE("dimensions: required on every indicator, known, and used", "[model]") {
  const std::string dims =
      R"("dimensions":[{"id":"adoption","label":"Adoption","weight":2},{"id":"roi","label":"ROI"}],)";
  auto ps = problems(R"({"version":1,"id_column":"id",)" + dims + R"("indicators":[
      {"id":"a","column":"x","rule":{"type":"boolean"}},
      {"id":"b","column":"y","dimension":"adopton","rule":{"type":"boolean"}}]})");
  CHECK(has_problem(ps, "indicators[0].dimension", "required when the model has dimensions"));
  CHECK(has_problem(ps, "indicators[1].dimension",
                    "no dimension 'adopton' in the model (did you mean 'adoption'?)"));
  auto ws = warnings(R"({"version":1,"id_column":"id",)" + dims + R"("indicators":[
      {"id":"a","column":"x","dimension":"adoption","rule":{"type":"boolean"}}]})");
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].find("dimensions[1]: no indicator belongs to dimension 'roi'") == 0);
  CHECK(has_problem(problems(with_indicator(
                        R"({"id":"a","column":"x","dimension":"d","rule":{"type":"boolean"}})")),
                    "indicators[0].dimension", "no \"dimensions\""));
  kenko::Model m = parse_model(R"({"version":1,"id_column":"id",)" + dims + R"("indicators":[
      {"id":"a","column":"x","dimension":"roi","rule":{"type":"boolean"}}]})")
                       .model;
  CHECK(m.dimensions[1].weight == 1);  // default
  CHECK(m.indicators[0].dimension == 1);
}

TEST_CASE("a band that earlier bands shadow is a warning naming both", "[model]") {
  auto ws = warnings(with_indicator(R"({"id":"a","column":"x","rule":{"type":"bands","bands":[
      {"min":0,"points":10},{"min":5,"points":20},{"points":0}]}})"));
  REQUIRE(ws.size() == 1);  // the last band still takes values below 0
  CHECK(ws[0] ==
        "indicators[0].rule.bands[1]: can never match: indicators[0].rule.bands[0] comes first and "
        "covers every value it would take");
  // Covered by two earlier bands together.
  ws = warnings(with_indicator(R"({"id":"a","column":"x","rule":{"type":"bands","bands":[
      {"max":5,"points":10},{"min":5,"points":20},{"min":1,"max":9,"points":3}]}})"));
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].find("bands[0] and indicators[0].rule.bands[1] come first") != std::string::npos);
  // The seed-style bands shadow nothing.
  CHECK(warnings(with_indicator(R"({"id":"a","column":"x","rule":{"type":"bands","bands":[
      {"min":1,"points":20},{"min":0.5,"points":10},{"points":0}]}})"))
            .empty());
}

TEST_CASE("segments, alerts and conditions are checked", "[model]") {
  auto ps = problems(
      R"({"version":1,"id_column":"id","indicators":[{"id":"a","column":"x","rule":{"type":"boolean"}}],
      "segments":[{"id":"g","min":70},{"id":"g","label":"G2","when":[{"field":"indicator.b","min":1}]}],
      "alerts":[{"id":"al","label":"A","when":[{"field":"scor","min":1}]},{"id":"a2","label":"B"}]})");
  CHECK(has_problem(ps, "segments[0].label", "required"));
  CHECK(has_problem(ps, "segments[1].id", "duplicate segment id 'g'"));
  CHECK(has_problem(ps, "segments[1].when[0].field", "no indicator 'b'"));
  CHECK(has_problem(ps, "alerts[0].when[0].field", "must be 'score'"));
  CHECK(has_problem(ps, "alerts[1].when", "required"));
  auto ws = warnings(
      R"({"version":1,"id_column":"id","indicators":[{"id":"a","column":"x","rule":{"type":"boolean"}}],
      "segments":[{"id":"y","label":"Y","min":40},{"id":"g","label":"G","min":70}]})");
  REQUIRE(ws.size() == 1);
  CHECK(ws[0].find("segments[1]: can never match: segments[0] ('y')") == 0);
}

TEST_CASE("outcome: column and positive texts, lower-cased", "[model]") {
  kenko::Model m =
      parse_model(
          R"({"version":1,"id_column":"id","indicators":[{"id":"a","column":"x","rule":{"type":"boolean"}}],
      "outcome":{"column":"churned","positive":["Yes","1"]}})")
          .model;
  REQUIRE(m.outcome);
  CHECK(m.outcome->column == "churned");
  CHECK(m.outcome->positive == std::vector<std::string>{"yes", "1"});
}

TEST_CASE("duplicate JSON keys are errors naming their path", "[model]") {
  auto ps = problems(
      R"({"version":1,"id_column":"id","indicators":[{"id":"a","column":"x","weight":1,"weight":2,"rule":{"type":"boolean"}}]})");
  CHECK(has_problem(ps, "indicators[0].weight", "appears twice"));
}

TEST_CASE("every problem is reported, not just the first", "[model]") {
  auto ps = problems(R"({"version":1,"id_column":"id","indicators":[
      {"id":"a","column":"x","weight":-1,"rule":{"type":"boolean"}},
      {"id":"b","column":"y","rule":{"type":"nope"}}]})");
  CHECK(ps.size() == 2);
}

TEST_CASE("JSONTestSuite: y_ files parse, n_ files are rejected as invalid JSON, nothing crashes",
          "[model][corpus]") {
  std::string dir = kenko_test::corpus_path("JSONTestSuite/test_parsing");
  DIR* d = opendir(dir.c_str());
  REQUIRE(d);
  size_t y = 0, n = 0, i = 0;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() < 3 || name[1] != '_') continue;
    std::string text = kenko_test::slurp(dir + "/" + name);
    INFO(name);
    std::string first_problem;
    try {
      parse_model(text);
    } catch (const ModelError& err) {
      first_problem = err.problems().at(0).to_string();
    }
    bool syntax_error = first_problem.rfind("invalid JSON", 0) == 0;
    if (name[0] == 'y') {
      CHECK(!syntax_error);
      ++y;
    } else if (name[0] == 'n') {
      CHECK(syntax_error);
      ++n;
    } else {
      ++i;
    }
  }
  closedir(d);
  CHECK(y >= 90);
  CHECK(n >= 180);
}

TEST_CASE("a model holds at most 32,767 indicators (a driver is a 16-bit index)", "[model]") {
  auto model_of = [](size_t count) {
    std::string list;
    for (size_t i = 0; i < count; ++i) {
      if (i) list += ",";
      list += R"({"id":"i)" + std::to_string(i) +
              R"(","column":"x","rule":{"type":"linear","from":0,"to":1}})";
    }
    return with_indicator(list);
  };
  CHECK(parse_model(model_of(kenko::kMaxIndicators)).model.indicators.size() == 32767);
  CHECK(has_problem(problems(model_of(kenko::kMaxIndicators + 1)), "indicators",
                    "holds 32768 indicators; at most 32767 are allowed"));
}
