// The message catalogue: every coded message's English template (syntax in messages.h). A new
// message: add its code and English text here, its Japanese and English texts in
// web/i18n/messages-ja.js and messages-en.js (tests/js/messages.test.mjs checks all three agree).
#include "base/messages.h"

#include <algorithm>
#include <unordered_map>

namespace kenko {

namespace {

// The list of rows after a row-list warning: "3 (rows 4, 5, 6)", "12 (rows 4, 5, ...)".
#define KENKO_ROWS "{count}{rows? (row{several?s} {rows}{more?, ...})}"

const std::vector<MessageTemplate> kCatalogue = {
    // ---- the CSV tokenizer and the table reader (src/read) ----
    {"csv.nul_in_quoted",
     "row {row}, column {column}: NUL byte inside a quoted field: this looks like binary data, "
     "not a CSV table"},
    {"csv.unclosed_quote",
     "row {row}, column {column}: the quote that opens this field is never closed"},
    {"csv.text_after_quote",
     "row {row}, column {column}: unexpected text after the closing quote of a quoted field (a "
     "quote inside a quoted field must be doubled: \"\")"},
    {"csv.nul",
     "row {row}, column {column}: NUL byte: this looks like binary data, not a CSV table"},
    {"csv.too_many_columns",
     "row {row} has more than {max} fields (columns); a table may have at most {max} columns: is "
     "the separator right?"},
    {"table.not_text",
     "{row?row {row}, column {column}: }cannot read the table as text: {detail} (choose the "
     "encoding: utf-8 or shift_jis)"},
    {"table.bad_encoding",
     "row {row}, column {column}: not valid {encoding} text: {detail} (choose another encoding)"},
    {"table.text_too_large",
     "row {row}: column '{column}' holds more than 4 GiB of text, more than kenko keeps"},
    {"table.duplicate_column",
     "row {row}: the column name '{column}' that the model uses appears twice in the header "
     "(columns {first} and {second})"},
    {"table.no_column", "no column '{column}' in the header{closest? (closest: {closest})}"},
    {"table.no_header", "the table is empty: no header row"},
    {"table.cannot_open", "cannot open '{path}'"},
    {"table.cannot_read", "cannot read '{path}'"},
    {"table.unknown_encoding", "unknown encoding '{encoding}'"},
    // Warnings of the reader (a table that was read).
    {"table.short_rows",
     "rows with fewer fields than the header (absent fields are missing): " KENKO_ROWS},
    {"table.long_rows",
     "rows with more fields than the header (extra fields ignored): " KENKO_ROWS},
    {"table.stray_quotes", "quote characters inside unquoted fields (kept as text): " KENKO_ROWS},
    {"table.not_numbers",
     "column '{column}': cells that are not numbers (treated as missing): " KENKO_ROWS},
    {"table.unknown_texts",
     "indicator '{indicator}': cells that the {rule} rule does not know (treated as "
     "missing): " KENKO_ROWS},
    {"table.no_rows", "the table has a header but no customer rows"},
    {"table.no_data_rows", "the table has a header but no rows"},
    // ---- the column mapping ----
    {"mapping.not_object", "column choices: expected a JSON object of column names"},
    {"mapping.not_text", "column choices: '{column}': expected the header name as text"},
    {"mapping.no_column",
     "{what|option}: no column '{column}' in the table{closest? (closest: {closest})}"},
    // ---- the model checker (src/model); each problem also has its JSON path ----
    {"model.invalid_json", "invalid JSON: {detail}"},
    {"model.nul", "invalid JSON: NUL byte at offset {offset}"},
    {"model.duplicate_key", "the key '{key}' appears twice in this object"},
    {"model.not_object", "must be an object, not {type|type}"},
    {"model.unknown_key",
     "unknown key '{key}'{closest? (did you mean '{closest}'?)}; keys of your own must begin with "
     "'x-'"},
    {"model.required", "is required"},
    {"model.not_string", "must be a string, not {type|type}"},
    {"model.empty_string", "must not be empty"},
    {"model.not_number", "must be a number, not {type|type}"},
    {"model.out_of_range", "is out of range: a number in a model lies between -1e300 and 1e300"},
    {"model.not_array", "must be an array, not {type|type}"},
    {"model.not_boolean", "must be true or false, not {type|type}"},
    {"model.not_text", "must be a text, not {type|type}"},
    {"model.negative", "must be 0 or more, not {value}"},
    {"model.not_positive", "must be greater than 0, not {value}"},
    {"model.too_many", "holds {count} {items|items}; at most {limit} are allowed"},
    {"model.weight_negative", "must be a number, 0 or more{value?, not {value}}"},
    {"model.weight_too_large",
     "must be at most 1e300 (a larger weight would overflow the score's sums){value?, not "
     "{value}}"},
    {"model.weight_too_small",
     "must be 0 or at least 1e-300 (a smaller weight loses the score's precision){value?, not "
     "{value}}"},
    {"model.weight_needed",
     "is needed: it defaults to the rule's most points (P = {points}), and a weight must be 0 or "
     "at least 1e-300 (a smaller one loses the score's precision)"},
    {"model.version_required", "is required (it must be 1)"},
    {"model.version_type", "must be the number 1, not {type|type}"},
    {"model.version_value", "must be 1 (this engine reads model format version 1), not {value}"},
    {"model.missing_policy", "must be \"reweight\" or \"zero\", not \"{value}\""},
    {"model.duplicate_id", "duplicate {kind|kind} id '{id}'"},
    {"model.id_semicolon", "contains ';', which separates ids in the drivers and alerts columns"},
    {"model.no_indicators", "must hold at least one indicator"},
    {"model.no_source", "needs a value source: \"column\", \"ratio\" or \"change\""},
    {"model.many_sources",
     "has more than one value source (\"column\", \"ratio\", \"change\"): give one"},
    {"model.ratio_pair", "must be an array of two column names, [\"numerator\", \"denominator\"]"},
    {"model.change_pair", "must be an array of two column names, [\"now\", \"before\"]"},
    {"model.no_dimension",
     "no dimension '{id}' in the model{none? (the model has no \"dimensions\")}{closest? (did you "
     "mean '{closest}'?)}"},
    {"model.dimension_required", "is required when the model has dimensions"},
    {"model.unused_dimension",
     "no indicator belongs to dimension '{id}': it never counts in a score"},
    {"model.no_indicator", "no indicator '{id}' in the model"},
    {"model.unknown_rule",
     "unknown rule type '{value}' (one of: bands, linear, boolean, category, percentile)"},
    {"model.text_rule_source", "a {rule} rule reads text, so its value source must be \"column\""},
    {"model.zero_points", "gives at most 0 points: its most points (P) must be greater than 0"},
    {"model.missing_points_high", "must be at most the rule's most points ({max}), not {value}"},
    {"model.linear_same", "must differ from 'from' (both are {value})"},
    {"model.no_bands", "must hold at least one band"},
    {"model.never_matches", "can never match: min {min} is not below max {max}"},
    {"model.band_covered",
     "can never match: {band} comes first and covers every value it would take"},
    {"model.bands_cover",
     "can never match: {bands}{more?, {last} and more}{!more? and {last}} come first and cover "
     "every value it would take"},
    {"model.map_not_object", "must be an object of text → points, not {type|type}"},
    {"model.map_empty", "must hold at least one entry"},
    {"model.map_not_number", "must be a number of points, not {type|type}"},
    {"model.map_negative", "must be 0 or more points"},
    {"model.map_duplicate", "the same text (ignoring case and spaces) appears twice in the map"},
    {"model.bad_field",
     "must be 'score', 'indicator.<id>', 'dimension.<id>' or 'column.<name>', not '{value}'"},
    {"model.condition_never", "can never hold: min {min} is not below max {max}"},
    {"model.in_needs_column", "compares the text of a cell, so it needs a 'column.<name>' field"},
    {"model.condition_always", "has no min, max or in: it holds whenever the value is present"},
    {"model.bad_color",
     "must be a colour as #rgb, #rrggbb or a CSS colour name (like 'teal'), not '{value}'"},
    {"model.reserved_segment", "'{id}' is reserved for customers that get no segment"},
    {"model.segment_covered",
     "can never match: {other} ('{id}') comes first and takes every score it would take"},
    {"model.rank_required", "is required: give every segment a rank (1 the best), or none"},
    {"model.alert_always", "is empty: the alert is raised for every scored customer"},
    {"model.no_positive", "must hold at least one text"},
    {"model.weight_scale",
     "not given, so it weighs its rule's most points ({points}) beside explicit weights of at "
     "most {most} in {dimension?dimension '{dimension}'}{!dimension?the model} ({names}): it "
     "takes {share} of it; give every indicator there a weight on one scale"},
};

#undef KENKO_ROWS

// English words for {name|table}: a JSON value's type.
std::string english_word(std::string_view table, std::string_view value) {
  if (table == "type") {
    static const std::unordered_map<std::string_view, const char*> kTypes = {
        {"null", "null"},       {"boolean", "a boolean"}, {"number", "a number"},
        {"string", "a string"}, {"array", "an array"},    {"object", "an object"},
        {"binary", "binary"},   {"discarded", "nothing"}};
    auto it = kTypes.find(value);
    if (it != kTypes.end()) return it->second;
  }
  return std::string(value);
}

const std::string* find_param(const MessageParams& params, std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name) return &v;
  }
  return nullptr;
}

// Fills tmpl[at...] up to an unmatched '}' (or the end); returns the position after it.
size_t fill(std::string_view tmpl, size_t at, const MessageParams& params,
            std::string (*word)(std::string_view, std::string_view), std::string* out) {
  while (at < tmpl.size()) {
    const char c = tmpl[at];
    if (c == '}') return at + 1;
    if (c != '{') {
      if (out) out->push_back(c);
      ++at;
      continue;
    }
    ++at;
    const bool negated = at < tmpl.size() && tmpl[at] == '!';
    if (negated) ++at;
    size_t end = at;
    while (end < tmpl.size() && tmpl[end] != '}' && tmpl[end] != '|' && tmpl[end] != '?') ++end;
    const std::string_view name = tmpl.substr(at, end - at);
    const std::string* value = find_param(params, name);
    const bool given = value && !value->empty();
    if (end >= tmpl.size()) return end;
    if (tmpl[end] == '?') {
      const bool show = negated ? !given : given;
      at = fill(tmpl, end + 1, params, word, show ? out : nullptr);
    } else if (tmpl[end] == '|') {
      const size_t close = tmpl.find('}', end);
      const std::string_view table = tmpl.substr(end + 1, close - end - 1);
      if (out && value) *out += word(table, *value);
      at = close == std::string_view::npos ? tmpl.size() : close + 1;
    } else {
      if (out && value) *out += *value;
      at = end + 1;
    }
  }
  return at;
}

}  // namespace

std::string fill_message_template(std::string_view tmpl, const MessageParams& params,
                                  std::string (*word)(std::string_view, std::string_view)) {
  std::string out;
  fill(tmpl, 0, params, word, &out);
  return out;
}

const std::vector<MessageTemplate>& message_catalogue() {
  return kCatalogue;
}

std::string english_message(std::string_view code, const MessageParams& params) {
  static const std::unordered_map<std::string_view, const char*> kByCode = [] {
    std::unordered_map<std::string_view, const char*> m;
    for (const MessageTemplate& t : kCatalogue) m.emplace(t.code, t.english);
    return m;
  }();
  auto it = kByCode.find(code);
  if (it == kByCode.end()) return "";
  return fill_message_template(it->second, params, english_word);
}

std::string Message::text() const {
  return code.empty() ? fallback : english_message(code, params);
}

std::string Message::param(std::string_view name) const {
  const std::string* v = find_param(params, name);
  return v ? *v : std::string();
}

MessageParams row_list_params(uint64_t count, const std::vector<uint64_t>& first) {
  MessageParams p = {{"count", std::to_string(count)}};
  if (first.empty()) return p;
  std::string rows;
  for (size_t i = 0; i < first.size(); ++i) {
    if (i) rows += ", ";
    rows += std::to_string(first[i]);
  }
  p.emplace_back("rows", rows);
  if (first.size() > 1) p.emplace_back("several", "1");
  if (count > first.size()) p.emplace_back("more", "1");
  return p;
}

}  // namespace kenko
