// The message catalogue (base/messages.h): each code's English text is the engine's old text
// (a table of code → parameters → text), the template syntax, and every error of the table
// reader, the model checker and the column mapping carries a code.
#include <dirent.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/messages.h"
#include "helpers.h"
#include "model/model.h"
#include "read/column_match.h"
#include "review/propose.h"

using kenko::english_message;
using kenko::MessageParams;

namespace {

struct Case {
  const char* code;
  MessageParams params;
  const char* text;  // the text the engine wrote before messages had codes
};

MessageParams rows(uint64_t count, std::vector<uint64_t> first, MessageParams before = {}) {
  for (auto& kv : kenko::row_list_params(count, first)) before.push_back(kv);
  return before;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> kCases = {
      {"csv.nul_in_quoted",
       {{"row", "3"}, {"column", "2"}},
       "row 3, column 2: NUL byte inside a quoted field: this looks like binary data, not a CSV "
       "table"},
      {"csv.unclosed_quote",
       {{"row", "3"}, {"column", "2"}},
       "row 3, column 2: the quote that opens this field is never closed"},
      {"csv.text_after_quote",
       {{"row", "3"}, {"column", "2"}},
       "row 3, column 2: unexpected text after the closing quote of a quoted field (a quote "
       "inside a quoted field must be doubled: \"\")"},
      {"csv.nul",
       {{"row", "3"}, {"column", "2"}},
       "row 3, column 2: NUL byte: this looks like binary data, not a CSV table"},
      {"csv.too_many_columns",
       {{"row", "1"}, {"max", "65536"}},
       "row 1 has more than 65536 fields (columns); a table may have at most 65536 columns: is "
       "the separator right?"},
      {"table.not_text",
       {{"detail", "not valid UTF-8 (x) nor Shift_JIS (y)"}},
       "cannot read the table as text: not valid UTF-8 (x) nor Shift_JIS (y) (choose the "
       "encoding: utf-8 or shift_jis)"},
      {"table.not_text",
       {{"row", "4"}, {"column", "1"}, {"detail", "d"}},
       "row 4, column 1: cannot read the table as text: d (choose the encoding: utf-8 or "
       "shift_jis)"},
      {"table.bad_encoding",
       {{"row", "4"}, {"column", "1"}, {"encoding", "shift_jis"}, {"detail", "invalid x"}},
       "row 4, column 1: not valid shift_jis text: invalid x (choose another encoding)"},
      {"table.text_too_large",
       {{"row", "9"}, {"column", "notes"}},
       "row 9: column 'notes' holds more than 4 GiB of text, more than kenko keeps"},
      {"table.duplicate_column",
       {{"row", "1"}, {"column", "nps"}, {"first", "2"}, {"second", "5"}},
       "row 1: the column name 'nps' that the model uses appears twice in the header (columns 2 "
       "and 5)"},
      {"table.no_column", {{"column", "CES"}, {"closest", ""}}, "no column 'CES' in the header"},
      {"table.no_column",
       {{"column", "CES"}, {"closest", "'CSAT', 'CES score'"}},
       "no column 'CES' in the header (closest: 'CSAT', 'CES score')"},
      {"table.no_header", {}, "the table is empty: no header row"},
      {"table.cannot_open", {{"path", "a b.csv"}}, "cannot open 'a b.csv'"},
      {"table.cannot_read", {{"path", "a.csv"}}, "cannot read 'a.csv'"},
      {"table.unknown_encoding", {{"encoding", "latin9"}}, "unknown encoding 'latin9'"},
      {"table.short_rows", rows(1, {4}),
       "rows with fewer fields than the header (absent fields are missing): 1 (row 4)"},
      {"table.short_rows", rows(2, {}),
       "rows with fewer fields than the header (absent fields are missing): 2"},
      {"table.long_rows", rows(2, {3, 8}),
       "rows with more fields than the header (extra fields ignored): 2 (rows 3, 8)"},
      {"table.stray_quotes", rows(7, {2, 3, 4, 5, 6}),
       "quote characters inside unquoted fields (kept as text): 7 (rows 2, 3, 4, 5, 6, ...)"},
      {"table.not_numbers", rows(1, {12}, {{"column", "nps"}}),
       "column 'nps': cells that are not numbers (treated as missing): 1 (row 12)"},
      {"table.unknown_texts", rows(3, {2, 4}, {{"indicator", "plan"}, {"rule", "category"}}),
       "indicator 'plan': cells that the category rule does not know (treated as missing): 3 "
       "(rows 2, 4, ...)"},
      {"table.no_rows", {}, "the table has a header but no customer rows"},
      {"table.no_data_rows", {}, "the table has a header but no rows"},
      {"mapping.not_object", {}, "column choices: expected a JSON object of column names"},
      {"mapping.not_text",
       {{"column", "nps"}},
       "column choices: 'nps': expected the header name as text"},
      {"mapping.no_column",
       {{"what", "outcome"}, {"column", "churn"}, {"closest", "'churned'"}},
       "outcome: no column 'churn' in the table (closest: 'churned')"},
      {"mapping.no_column", {{"what", "id"}, {"column", "x"}}, "id: no column 'x' in the table"},
      {"model.invalid_json",
       {{"detail", "parse error at line 1, column 2: x"}},
       "invalid JSON: parse error at line 1, column 2: x"},
      {"model.nul", {{"offset", "7"}}, "invalid JSON: NUL byte at offset 7"},
      {"model.duplicate_key", {{"key", "id"}}, "the key 'id' appears twice in this object"},
      {"model.not_object", {{"type", "array"}}, "must be an object, not an array"},
      {"model.unknown_key",
       {{"key", "colum"}, {"closest", "column"}},
       "unknown key 'colum' (did you mean 'column'?); keys of your own must begin with 'x-'"},
      {"model.unknown_key",
       {{"key", "zzz"}, {"closest", ""}},
       "unknown key 'zzz'; keys of your own must begin with 'x-'"},
      {"model.required", {}, "is required"},
      {"model.not_string", {{"type", "number"}}, "must be a string, not a number"},
      {"model.empty_string", {}, "must not be empty"},
      {"model.not_number", {{"type", "string"}}, "must be a number, not a string"},
      {"model.out_of_range",
       {},
       "is out of range: a number in a model lies between -1e300 and 1e300"},
      {"model.not_array", {{"type", "object"}}, "must be an array, not an object"},
      {"model.not_boolean", {{"type", "null"}}, "must be true or false, not null"},
      {"model.not_text", {{"type", "boolean"}}, "must be a text, not a boolean"},
      {"model.negative", {{"value", "-1"}}, "must be 0 or more, not -1"},
      {"model.not_positive", {{"value", "0"}}, "must be greater than 0, not 0"},
      {"model.too_many",
       {{"count", "1001"}, {"items", "bands"}, {"limit", "1000"}},
       "holds 1001 bands; at most 1000 are allowed"},
      {"model.weight_negative", {{"value", "-2"}}, "must be a number, 0 or more, not -2"},
      {"model.weight_negative", {{"value", ""}}, "must be a number, 0 or more"},
      {"model.weight_too_large",
       {{"value", "1e+301"}},
       "must be at most 1e300 (a larger weight would overflow the score's sums), not 1e+301"},
      {"model.weight_too_small",
       {},
       "must be 0 or at least 1e-300 (a smaller weight loses the score's precision)"},
      {"model.weight_needed",
       {{"points", "1e-310"}},
       "is needed: it defaults to the rule's most points (P = 1e-310), and a weight must be 0 or "
       "at least 1e-300 (a smaller one loses the score's precision)"},
      {"model.version_required", {}, "is required (it must be 1)"},
      {"model.version_type", {{"type", "string"}}, "must be the number 1, not a string"},
      {"model.version_value",
       {{"value", "2"}},
       "must be 1 (this engine reads model format version 1), not 2"},
      {"model.missing_policy",
       {{"value", "drop"}},
       "must be \"reweight\" or \"zero\", not \"drop\""},
      {"model.duplicate_id",
       {{"kind", "indicator"}, {"id", "nps"}},
       "duplicate indicator id 'nps'"},
      {"model.id_semicolon",
       {{"id", "a;b"}},
       "contains ';', which separates ids in the drivers and alerts columns"},
      {"model.no_indicators", {}, "must hold at least one indicator"},
      {"model.no_source", {}, "needs a value source: \"column\", \"ratio\" or \"change\""},
      {"model.many_sources",
       {},
       "has more than one value source (\"column\", \"ratio\", \"change\"): give one"},
      {"model.ratio_pair",
       {},
       "must be an array of two column names, [\"numerator\", \"denominator\"]"},
      {"model.change_pair", {}, "must be an array of two column names, [\"now\", \"before\"]"},
      {"model.no_dimension",
       {{"id", "engagment"}, {"closest", "engagement"}},
       "no dimension 'engagment' in the model (did you mean 'engagement'?)"},
      {"model.no_dimension",
       {{"id", "x"}, {"none", "1"}},
       "no dimension 'x' in the model (the model has no \"dimensions\")"},
      {"model.no_dimension", {{"id", "x"}}, "no dimension 'x' in the model"},
      {"model.dimension_required", {}, "is required when the model has dimensions"},
      {"model.unused_dimension",
       {{"id", "roi"}},
       "no indicator belongs to dimension 'roi': it never counts in a score"},
      {"model.no_indicator", {{"id", "nps"}}, "no indicator 'nps' in the model"},
      {"model.unknown_rule",
       {{"value", "step"}},
       "unknown rule type 'step' (one of: bands, linear, boolean, category, percentile)"},
      {"model.text_rule_source",
       {{"rule", "boolean"}},
       "a boolean rule reads text, so its value source must be \"column\""},
      {"model.zero_points",
       {},
       "gives at most 0 points: its most points (P) must be greater than 0"},
      {"model.missing_points_high",
       {{"max", "100"}, {"value", "150"}},
       "must be at most the rule's most points (100), not 150"},
      {"model.linear_same", {{"value", "5"}}, "must differ from 'from' (both are 5)"},
      {"model.no_bands", {}, "must hold at least one band"},
      {"model.never_matches",
       {{"min", "10"}, {"max", "5"}},
       "can never match: min 10 is not below max 5"},
      {"model.band_covered",
       {{"band", "indicators[0].rule.bands[0]"}},
       "can never match: indicators[0].rule.bands[0] comes first and covers every value it would "
       "take"},
      {"model.bands_cover",
       {{"bands", "r.bands[0]"}, {"last", "r.bands[1]"}},
       "can never match: r.bands[0] and r.bands[1] come first and cover every value it would "
       "take"},
      {"model.bands_cover",
       {{"bands", "b[0], b[1]"}, {"last", "b[2]"}, {"more", "1"}},
       "can never match: b[0], b[1], b[2] and more come first and cover every value it would "
       "take"},
      {"model.map_not_object",
       {{"type", "array"}},
       "must be an object of text → points, not an array"},
      {"model.map_empty", {}, "must hold at least one entry"},
      {"model.map_not_number", {{"type", "string"}}, "must be a number of points, not a string"},
      {"model.map_negative", {}, "must be 0 or more points"},
      {"model.map_duplicate",
       {},
       "the same text (ignoring case and spaces) appears twice in the map"},
      {"model.bad_field",
       {{"value", "scor"}},
       "must be 'score', 'indicator.<id>', 'dimension.<id>' or 'column.<name>', not 'scor'"},
      {"model.condition_never",
       {{"min", "3"}, {"max", "1"}},
       "can never hold: min 3 is not below max 1"},
      {"model.in_needs_column",
       {},
       "compares the text of a cell, so it needs a 'column.<name>' field"},
      {"model.condition_always",
       {},
       "has no min, max or in: it holds whenever the value is present"},
      {"model.bad_color",
       {{"value", "blurple"}},
       "must be a colour as #rgb, #rrggbb or a CSS colour name (like 'teal'), not 'blurple'"},
      {"model.reserved_segment",
       {{"id", "none"}},
       "'none' is reserved for customers that get no segment"},
      {"model.segment_covered",
       {{"other", "segments[0]"}, {"id", "all"}},
       "can never match: segments[0] ('all') comes first and takes every score it would take"},
      {"model.rank_required", {}, "is required: give every segment a rank (1 the best), or none"},
      {"model.alert_always", {}, "is empty: the alert is raised for every scored customer"},
      {"model.no_positive", {}, "must hold at least one text"},
      {"model.weight_scale",
       {{"indicator", "nps"},
        {"points", "100"},
        {"most", "3"},
        {"dimension", "engagement"},
        {"names", "'a', 'b'"},
        {"share", "94%"}},
       "not given, so it weighs its rule's most points (100) beside explicit weights of at most 3 "
       "in dimension 'engagement' ('a', 'b'): it takes 94% of it; give every indicator there a "
       "weight on one scale"},
      {"model.weight_scale",
       {{"points", "100"}, {"most", "3"}, {"dimension", ""}, {"names", "'a'"}, {"share", "97%"}},
       "not given, so it weighs its rule's most points (100) beside explicit weights of at most 3 "
       "in the model ('a'): it takes 97% of it; give every indicator there a weight on one "
       "scale"},
  };
  return kCases;
}

}  // namespace

TEST_CASE("messages: each code's English text is the engine's text", "[messages]") {
  for (const Case& c : cases()) {
    INFO(c.code);
    CHECK(english_message(c.code, c.params) == c.text);
  }
}

TEST_CASE("messages: every code of the catalogue is in the table above, once", "[messages]") {
  std::set<std::string> tested, codes;
  for (const Case& c : cases()) tested.insert(c.code);
  for (const kenko::MessageTemplate& t : kenko::message_catalogue()) {
    INFO(t.code);
    CHECK(codes.insert(t.code).second);
    CHECK(tested.count(t.code) == 1);
    const std::string code = t.code;
    CHECK(code.find('.') != std::string::npos);
  }
  CHECK(english_message("no.such_code", {}).empty());
}

TEST_CASE("messages: the template syntax", "[messages]") {
  auto word = [](std::string_view table, std::string_view v) {
    return table == "t" && v == "a" ? std::string("A!") : std::string(v);
  };
  auto fill = [&](const char* tmpl, const MessageParams& p) {
    return kenko::fill_message_template(tmpl, p, word);
  };
  CHECK(fill("x {a} y", {{"a", "1"}}) == "x 1 y");
  CHECK(fill("x {a} y", {}) == "x  y");
  CHECK(fill("{a|t}/{b|t}", {{"a", "a"}, {"b", "b"}}) == "A!/b");
  CHECK(fill("[{a?A={a}{b?, B={b}}}]", {{"a", "1"}, {"b", "2"}}) == "[A=1, B=2]");
  CHECK(fill("[{a?A={a}{b?, B={b}}}]", {{"b", "2"}}) == "[]");
  CHECK(fill("[{!a?none}{a?{a}}]", {}) == "[none]");
  CHECK(fill("[{!a?none}{a?{a}}]", {{"a", ""}}) == "[none]");
  CHECK(fill("[{!a?none}{a?{a}}]", {{"a", "z"}}) == "[z]");
  // A value is never read as a template.
  CHECK(fill("{a}", {{"a", "{b}"}, {"b", "no"}}) == "{b}");
  // An unclosed template ends where it ends.
  CHECK(fill("x {a", {{"a", "1"}}) == "x ");
}

namespace {

// The codes of every problem of a bad model (each must have a code whose text is its message).
std::vector<kenko::ModelProblem> model_problems(const std::string& json, bool* threw = nullptr) {
  if (threw) *threw = false;
  try {
    kenko::Engine e;
    return e.set_model(json);  // warnings (with the engine's weight-scale warnings)
  } catch (const kenko::ModelError& err) {
    if (threw) *threw = true;
    return err.problems();
  }
}

void check_coded(const kenko::ModelProblem& p, std::set<std::string>& seen) {
  INFO(p.to_string());
  REQUIRE_FALSE(p.code.empty());
  CHECK(p.message == english_message(p.code, p.params));
  seen.insert(p.code);
}

std::string bands(size_t n) {
  std::string out = "[";
  for (size_t i = 0; i < n; ++i) out += (i ? "," : "") + std::string("{\"points\":1}");
  return out + "]";
}

}  // namespace

TEST_CASE("messages: every problem of the model checker has a code", "[messages]") {
  const std::string ind = R"({"id":"a","column":"x","rule":{"type":"linear","from":0,"to":10}})";
  auto model = [&](const std::string& extra, const std::string& indicators = "") {
    return R"({"version":1,"id_column":"id",)" + extra + (extra.empty() ? "" : ",") +
           R"("indicators":[)" + (indicators.empty() ? ind : indicators) + "]}";
  };
  auto with_rule = [&](const std::string& rule, const std::string& more = "") {
    return model("", R"({"id":"a","column":"x")" + more + R"(,"rule":)" + rule + "}");
  };
  const std::vector<std::string> bad = {
      "{",
      std::string("{\"version\":1}\0", 14),
      R"({"version":1,"version":1,"id_column":"id","indicators":[]})",
      "[]",
      R"({"version":1,"id_column":"id","indicators":[],"colour":1})",
      R"({"id_column":"id","indicators":[1]})",
      R"({"version":"1","id_column":5,"indicators":{}})",
      R"({"version":2,"id_column":" ","label_column":"","indicators":[]})",
      model(R"("missing":"drop","name":3)"),
      model(
          R"("dimensions":[{"id":"d","weight":-1},{"id":"d","weight":1e-310},{"id":"e","weight":"x"}])"),
      model(
          R"("dimensions":[{"id":"d"}])",
          R"({"id":"a","column":"x","dimension":"dd","weight":2e300,"rule":{"type":"linear","from":0,"to":1}},)"
          R"({"id":"a","column":"x","rule":{"type":"linear","from":1,"to":1}})"),
      model("",
            R"({"id":"a","column":"x","dimension":"d","rule":{"type":"linear","from":0,"to":1}})"),
      model("",
            R"({"id":"a","rule":{"type":"linear","from":0,"to":1}},)"
            R"({"id":"b","column":"x","ratio":["a","b"],"rule":{"type":"linear","from":0,"to":1}},)"
            R"({"id":"c","ratio":["a"],"rule":{"type":"linear","from":0,"to":1}},)"
            R"({"id":"d","change":"x","rule":{"type":"linear","from":0,"to":1}},)"
            R"({"id":"e","ratio":["a","b"],"rule":{"type":"boolean"}},)"
            R"({"id":"f","column":"x"},)"
            R"({"id":"g","column":"x","rule":{"type":"step"}},)"
            R"({"id":"h","column":"x","rule":[]},)"
            R"({"id":"i","column":"x","rule":{"bands":[]}})"),
      with_rule(R"({"type":"bands","bands":[]})"),
      with_rule(R"({"type":"bands","bands":{}})"),
      with_rule(R"({"type":"bands","bands":[{"min":"1","points":-1},{"min":1e301,"points":1},3]})"),
      with_rule(R"({"type":"bands","bands":)" + bands(1001) + "}"),
      with_rule(R"({"type":"bands","bands":[{"points":0}]})"),
      with_rule(R"({"type":"linear","from":0,"to":1,"points":0})", R"(,"missing_points":-1)"),
      with_rule(R"({"type":"linear","from":0,"to":1})", R"(,"missing_points":500)"),
      with_rule(R"({"type":"percentile","lower_is_better":"yes","points":-3})"),
      with_rule(R"({"type":"category"})"),
      with_rule(R"({"type":"category","map":[]})"),
      with_rule(R"({"type":"category","map":{}})"),
      with_rule(R"({"type":"category","map":{"a":"x","b":-1,"A ":1," a":2},"else":-1})"),
      with_rule(R"({"type":"bands","bands":[{"points":1e-310}]})"),
      model(R"("segments":[{"id":"none","label":"x","color":"blurple","min":1,"max":5,"rank":1},)"
            R"({"id":"g","label":"y"},{"id":"g"},{"id":"h","label":"z","when":[)"
            R"({"field":"scor"},{"field":"indicator.zz","min":1},{"field":"dimension.q","min":1},)"
            R"({"field":"score","in":["a",[]]},{"field":"column.x","in":)" +
            std::string("[") +
            [] {
              std::string s;
              for (int i = 0; i < 10001; ++i) s += (i ? ",\"t\"" : "\"t\"");
              return s;
            }() +
            "]}]}]"),
      model(
          R"("alerts":[{"id":"a","label":"A","when":[{"field":"score","min":1}]},)"
          R"({"id":"a","label":"B","when":{}},{"id":"b"}],"outcome":{"column":"c","positive":[]})"),
      model(R"("outcome":{"column":"c","positive":[[1]]},"trend":{"deteriorating_drop":0})"),
  };
  std::set<std::string> seen;
  for (const std::string& json : bad) {
    INFO(json.substr(0, 300));
    bool threw = false;
    std::vector<kenko::ModelProblem> ps = model_problems(json, &threw);
    CHECK(threw);
    CHECK_FALSE(ps.empty());
    for (const kenko::ModelProblem& p : ps) check_coded(p, seen);
  }
  // Valid models with warnings.
  const std::vector<std::string> warned = {
      model(
          R"("dimensions":[{"id":"d"},{"id":"unused"}])",
          R"({"id":"a;b","column":"x","dimension":"d","rule":{"type":"bands","bands":[)"
          R"({"min":5,"max":1,"points":1},{"min":0,"points":10},{"min":3,"points":2},)"
          R"({"max":0,"points":1},{"min":-1,"max":7,"points":1}]}},)"
          R"({"id":"w","column":"y","dimension":"d","weight":3,"rule":{"type":"linear","from":0,"to":1}})"),
      model(
          R"("segments":[{"id":"all","label":"All"},{"id":"b","label":"B","min":50,"max":10},)"
          R"({"id":"c","label":"C","min":20,"when":[{"field":"score","min":3,"max":1},{"field":"score"}]}],)"
          R"("alerts":[{"id":"x","label":"X","when":[]}])"),
      model(
          "",
          ind + R"(,{"id":"w","column":"y","weight":3,"rule":{"type":"linear","from":0,"to":1}})"),
      with_rule(R"({"type":"bands","bands":[{"max":1,"points":1},{"min":1,"max":2,"points":1},)"
                R"({"min":2,"max":3,"points":1},{"min":3,"points":1},{"points":2}]})"),
  };
  for (const std::string& json : warned) {
    INFO(json);
    bool threw = false;
    std::vector<kenko::ModelProblem> ps = model_problems(json, &threw);
    CHECK_FALSE(threw);
    CHECK_FALSE(ps.empty());
    for (const kenko::ModelProblem& p : ps) check_coded(p, seen);
  }
  // parse_rule (the what-if's rule change) is checked with the same codes.
  try {
    kenko::parse_rule(R"({"type":"linear","from":2,"to":2})");
    FAIL("no error");
  } catch (const kenko::ModelError& e) {
    for (const kenko::ModelProblem& p : e.problems()) check_coded(p, seen);
  }
  // Together they reach every model.* code of the catalogue.
  for (const kenko::MessageTemplate& t : kenko::message_catalogue()) {
    const std::string code = t.code;
    if (code.rfind("model.", 0) != 0) continue;
    INFO(code);
    CHECK(seen.count(code) == 1);
  }
}

TEST_CASE("messages: every JSON the JSONTestSuite rejects gives coded problems", "[messages]") {
  const std::string dir = kenko_test::corpus_path("JSONTestSuite/test_parsing");
  DIR* d = opendir(dir.c_str());
  REQUIRE(d);
  size_t files = 0;
  std::set<std::string> seen;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name.rfind("n_", 0) != 0) continue;
    ++files;
    for (const kenko::ModelProblem& p : model_problems(kenko_test::slurp(dir + "/" + name))) {
      INFO(name);
      check_coded(p, seen);
    }
  }
  closedir(d);
  CHECK(files > 150);
  CHECK(seen.count("model.invalid_json") == 1);
}

namespace {

const char* const kTableModel = R"({"version":1,"id_column":"id","indicators":[
  {"id":"n","column":"nps","rule":{"type":"linear","from":0,"to":10}},
  {"id":"p","column":"plan","rule":{"type":"category","map":{"gold":10}}}]})";

// The code of the error reading `csv` raises ("" when it reads), with its English text checked.
std::string table_error(const std::string& csv, kenko::TableOptions options = {},
                        kenko::ColumnMapping mapping = {}) {
  kenko::Engine e;
  e.set_model(kTableModel);
  try {
    e.begin_table(options, mapping);
    e.feed_table(csv);
    e.end_table();
  } catch (const kenko::Error& err) {
    INFO(err.what());
    CHECK(english_message(err.code(), err.params()) == err.what());
    return err.code().empty() ? "(none)" : err.code();
  }
  return "";
}

}  // namespace

TEST_CASE("messages: every error of the table reader has a code", "[messages]") {
  CHECK(table_error("id,nps,plan\n1,\"5,gold\n") == "csv.unclosed_quote");
  CHECK(table_error("id,nps,plan\n1,\"5\"x,gold\n") == "csv.text_after_quote");
  CHECK(table_error(std::string("id,nps,plan\n1,5\0,gold\n", 22)) == "csv.nul");
  CHECK(table_error(std::string("id,nps,plan\n1,\"5\0\",gold\n", 24)) == "csv.nul_in_quoted");
  CHECK(table_error("id" + std::string(70000, ',') + "\n") == "csv.too_many_columns");
  CHECK(table_error("id,nps\n1,5\n") == "table.no_column");
  CHECK(table_error("id,nps,plan,nps\n1,5,gold,6\n") == "table.duplicate_column");
  CHECK(table_error("") == "table.no_header");
  kenko::TableOptions utf8;
  utf8.encoding = kenko::Encoding::Utf8;
  CHECK(table_error("id,nps,plan\n1,5,g\xff\n", utf8) == "table.bad_encoding");
  CHECK(table_error("id,nps,plan\n1,5,\xff\xff\xff\x80\x80\n") == "table.not_text");
  kenko::ColumnMapping chosen;
  chosen.chosen["nps"] = "NPS score";
  CHECK(table_error("id,nps,plan\n1,5,gold\n", {}, chosen) == "table.no_column");
  CHECK(table_error("id,nps,plan\n1,5,gold\n") == "");
  // The closest names are a parameter of their own.
  try {
    kenko::Engine e;
    e.set_model(kTableModel);
    e.begin_table();
    e.feed_table("id,NPS score,plan\n1,5,gold\n");
    e.end_table();
    FAIL("no error");
  } catch (const kenko::Error& err) {
    CHECK(err.code() == "table.no_column");
    CHECK(err.params() == MessageParams{{"column", "nps"}, {"closest", "'NPS score'"}});
  }
  try {
    kenko::read_table_file("/nonexistent/kenko.csv", {}, [](const std::vector<std::string>&) {
      return std::map<std::string, kenko::ColumnNeeds>{};
    });
    FAIL("no error");
  } catch (const kenko::Error& err) {
    CHECK(err.code() == "table.cannot_open");
    CHECK(err.params() == MessageParams{{"path", "/nonexistent/kenko.csv"}});
  }
}

TEST_CASE("messages: the reader's warnings are coded, their lines unchanged", "[messages]") {
  kenko::Engine e;
  kenko_test::load(e, kTableModel,
                   "id,nps,plan\n1,5,gold\n2,x,silver\n3,4\n4,1,gold,extra\n5,4,g\"old\n");
  const std::vector<kenko::Message> ms = e.reading_warning_messages();
  const std::vector<std::string> lines = e.reading_warnings();
  REQUIRE(ms.size() == lines.size());
  std::vector<std::string> codes;
  for (size_t i = 0; i < ms.size(); ++i) {
    CHECK(ms[i].text() == lines[i]);
    codes.push_back(ms[i].code);
  }
  CHECK(codes == std::vector<std::string>{"table.short_rows", "table.long_rows",
                                          "table.stray_quotes", "table.not_numbers",
                                          "table.unknown_texts"});
  CHECK(lines[0] ==
        "rows with fewer fields than the header (absent fields are missing): 1 (row 4)");
  CHECK(lines[3] == "column 'nps': cells that are not numbers (treated as missing): 1 (row 3)");
  kenko::Engine empty;
  kenko_test::load(empty, kTableModel, "id,nps,plan\n");
  REQUIRE(empty.reading_warning_messages().size() == 1);
  CHECK(empty.reading_warning_messages()[0].code == "table.no_rows");
}

TEST_CASE("messages: the mapping's errors have codes", "[messages]") {
  auto code_of = [](auto fn) {
    try {
      fn();
    } catch (const kenko::Error& err) {
      CHECK(english_message(err.code(), err.params()) == err.what());
      return err.code();
    }
    return std::string("(no error)");
  };
  CHECK(code_of([] { kenko::parse_column_choices("[1]"); }) == "mapping.not_object");
  CHECK(code_of([] { kenko::parse_column_choices(R"({"a":1})"); }) == "mapping.not_text");
  kenko::Engine e;
  e.begin_source({});
  e.feed_table("customer,churned,logins\n1,yes,3\n2,no,5\n");
  e.end_table();
  kenko::ProposeOptions o;
  o.outcome = "churn";
  CHECK(code_of([&] { e.propose_model(o); }) == "mapping.no_column");
}
