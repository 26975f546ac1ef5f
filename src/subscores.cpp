#include "subscores.h"

#include <memory>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>

#include "error.h"
#include "rank.h"
#include "text.h"

namespace kenko {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const Column& need_column(const Table& table, const std::string& name, bool number, bool text) {
  const Column* c = table.column(name);
  if (!c || (number && !c->needs.number) || (text && !c->needs.text)) {
    throw Error("column '" + name +
                "' was not read for this use: read the table again with this model");
  }
  return *c;
}

double linear_points(const Rule& rule, double v) {
  double t = (v - rule.from) / (rule.to - rule.from);
  t = std::min(1.0, std::max(0.0, t));
  return rule.points * t;
}

// Turns a plain column into a coded one when it holds at most 255 distinct sub-scores (told
// apart by their bits, so every code's double is exactly the value it replaces).
void code_few_values(SubScoreColumn& col, size_t n) {
  std::vector<double> table = {col.missing};
  std::vector<uint64_t> bits;          // of table[1..]
  std::vector<uint16_t> slot(512, 0);  // open addressing: bits → code (0: empty)
  std::vector<uint8_t> codes(col.values.size(), 0);
  uint64_t last = 0;
  uint8_t last_code = 0;
  for (size_t r = 0; r < n; ++r) {
    const double v = col.values[r];
    if (v != v) continue;  // missing: code 0
    uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    if (last_code && b == last) {
      codes[r] = last_code;
      continue;
    }
    size_t h = static_cast<size_t>((b * 0x9e3779b97f4a7c15ULL) >> 55);  // 9 bits
    while (slot[h] && bits[slot[h] - 1] != b) h = (h + 1) & 511;
    if (!slot[h]) {
      if (table.size() == 256) return;  // too many values: stays plain
      table.push_back(v);
      bits.push_back(b);
      slot[h] = static_cast<uint16_t>(bits.size());
    }
    last = b;
    last_code = static_cast<uint8_t>(slot[h]);
    codes[r] = last_code;
  }
  col.coded = true;
  col.table = std::move(table);
  col.codes = std::move(codes);
  col.values = std::vector<double>();
}

std::atomic<uint64_t> g_stamp{0};
uint64_t next_stamp() {
  return ++g_stamp;
}

}  // namespace

size_t band_index(const Rule& rule, double v) {
  size_t b = 0;
  for (; b < rule.bands.size(); ++b) {
    const Band& band = rule.bands[b];
    if (band.min && !(*band.min <= v)) continue;
    if (band.max && !(v < *band.max)) continue;
    break;
  }
  return b;
}

NumericValues numeric_values(const Indicator& ind, const Table& table, std::vector<double>& value,
                             std::vector<CellKind>& kind) {
  const Column& a = need_column(table, ind.source.a, true, false);
  if (ind.source.kind == SourceKind::Column) return {a.numbers.data(), a.kinds.data()};
  const size_t n = table.rows();
  value.assign(n, 0.0);
  kind.assign(n, CellKind::Missing);
  const Column& b = need_column(table, ind.source.b, true, false);
  for (size_t r = 0; r < n; ++r) {
    CellKind ka = a.kinds[r], kb = b.kinds[r];
    if (ka == CellKind::Invalid || kb == CellKind::Invalid) {
      kind[r] = CellKind::Invalid;
      continue;
    }
    if (ka != CellKind::Number || kb != CellKind::Number || b.numbers[r] == 0) continue;
    kind[r] = CellKind::Number;
    if (ind.source.kind == SourceKind::Ratio) {
      value[r] = a.numbers[r] / b.numbers[r];
    } else {
      value[r] = (a.numbers[r] - b.numbers[r]) / std::fabs(b.numbers[r]) * 100.0;
    }
  }
  return {value.data(), kind.data()};
}

int boolean_value(std::string_view cell) {
  std::string_view t = trim(cell);
  static constexpr std::string_view kTrue[] = {"true", "yes", "y", "t", "1", "はい", "○", "済"};
  static constexpr std::string_view kFalse[] = {"false", "no", "n", "f", "0", "いいえ", "×", "未"};
  for (std::string_view w : kTrue) {
    if (iequals_ascii(t, w)) return 1;
  }
  for (std::string_view w : kFalse) {
    if (iequals_ascii(t, w)) return 0;
  }
  return -1;
}

void recompute_indicator(const Model& model, const Table& table, size_t i, SubScores& out,
                         SubScoreLayout layout) {
  const Indicator& ind = model.indicators[i];
  const Rule& rule = ind.rule;
  const size_t n = table.rows(), np = padded_rows(n);
  const double P = rule.max_points();
  IndicatorReport report;
  SubScoreColumn col;
  if (ind.missing_points) {
    col.missing = 100.0 * *ind.missing_points / P;
  } else if (model.missing == MissingPolicy::Zero) {
    col.missing = 0.0;
  }

  // Rules with a few outcomes (bands, boolean, category): outcome[r] is 1 + the index of the
  // outcome into `outcome_points`, 0 when the value is missing.
  bool few_outcomes = false;
  std::vector<double> outcome_points;
  std::vector<uint32_t> outcome;
  // Other rules: points[r], or NaN when the value is missing.
  std::vector<double> points;

  if (rule.needs_text()) {
    const Column& c = need_column(table, ind.source.a, false, true);
    few_outcomes = true;
    if (rule.type == RuleType::Boolean) {
      outcome_points = {rule.points, 0.0};
    } else {
      for (const auto& entry : rule.map) outcome_points.push_back(entry.second);
      if (rule.else_points) outcome_points.push_back(*rule.else_points);
    }
    const uint32_t else_outcome = static_cast<uint32_t>(rule.map.size()) + 1;
    outcome.assign(n, 0);
    for (size_t r = 0; r < n; ++r) {
      std::string_view cell = trim(c.text(r));
      if (is_missing_cell(cell)) continue;
      if (rule.type == RuleType::Boolean) {
        int b = boolean_value(cell);
        if (b < 0) {
          report.invalid.add(table.file_rows[r]);
          continue;
        }
        outcome[r] = b ? 1 : 2;
      } else {
        bool found = false;
        for (size_t m = 0; m < rule.map.size(); ++m) {
          if (iequals_ascii(cell, rule.map[m].first)) {
            outcome[r] = static_cast<uint32_t>(m) + 1;
            found = true;
            break;
          }
        }
        if (!found) {
          if (rule.else_points) {
            outcome[r] = else_outcome;
          } else {
            report.invalid.add(table.file_rows[r]);
          }
        }
      }
    }
  } else {
    std::vector<double> value_store;
    std::vector<CellKind> kind_store;
    const NumericValues nv = numeric_values(ind, table, value_store, kind_store);
    const double* value = nv.value;
    const CellKind* kind = nv.kind;
    if (rule.type == RuleType::Percentile) {
      points.assign(n, kNaN);
      std::unique_ptr<bool[]> numeric(new bool[n]);
      for (size_t r = 0; r < n; ++r) numeric[r] = kind[r] == CellKind::Number;
      const std::vector<double> frac = percentile_fractions(value, numeric.get(), n);
      for (size_t r = 0; r < n; ++r) {
        if (!numeric[r]) continue;
        points[r] = rule.lower_is_better ? rule.points * (1 - frac[r]) : rule.points * frac[r];
      }
    } else if (rule.type == RuleType::Bands) {
      few_outcomes = true;
      for (const Band& b : rule.bands) outcome_points.push_back(b.points);
      outcome_points.push_back(0.0);  // no band holds the value
      outcome.assign(n, 0);
      for (size_t r = 0; r < n; ++r) {
        if (kind[r] != CellKind::Number) continue;
        outcome[r] = static_cast<uint32_t>(band_index(rule, value[r])) + 1;
      }
    } else {
      points.assign(n, kNaN);
      for (size_t r = 0; r < n; ++r) {
        if (kind[r] == CellKind::Number) points[r] = linear_points(rule, value[r]);
      }
    }
    for (size_t r = 0; r < n; ++r) {
      if (kind[r] == CellKind::Invalid) report.invalid.add(table.file_rows[r]);
    }
  }

  if (few_outcomes) {
    // A sub-score per outcome, computed as for a plain column: 100 × points / P.
    std::vector<double> outcome_s(outcome_points.size() + 1, col.missing);
    for (size_t o = 0; o < outcome_points.size(); ++o)
      outcome_s[o + 1] = 100.0 * outcome_points[o] / P;
    col.coded = layout == SubScoreLayout::Compact && outcome_s.size() <= 256;
    if (col.coded) {
      col.table = outcome_s;
      col.codes.assign(np, 0);
      for (size_t r = 0; r < n; ++r) col.codes[r] = static_cast<uint8_t>(outcome[r]);
    } else {
      col.values.assign(np, kNaN);
      for (size_t r = 0; r < n; ++r) {
        if (outcome[r]) col.values[r] = outcome_s[outcome[r]];
      }
    }
    for (size_t r = 0; r < n; ++r) {
      if (!outcome[r]) report.missing.add(table.file_rows[r]);
    }
  } else {
    col.values.assign(np, kNaN);
    for (size_t r = 0; r < n; ++r) {
      if (std::isnan(points[r])) {
        report.missing.add(table.file_rows[r]);
      } else {
        col.values[r] = 100.0 * points[r] / P;
      }
    }
    // Linear and percentile sub-scores of integer-like data (a 1–5 rating, whole days, whole
    // percents) take few values: coded too when they fit a byte.
    if (layout == SubScoreLayout::Compact) code_few_values(col, n);
  }
  out.columns[i] = std::move(col);
  out.reports[i] = std::move(report);
  out.stamp[i] = next_stamp();
}

SubScores compute_subscores(const Model& model, const Table& table, SubScoreLayout layout) {
  SubScores out;
  out.rows = table.rows();
  out.indicators = model.indicators.size();
  out.columns.resize(out.indicators);
  out.reports.resize(out.indicators);
  out.stamp.resize(out.indicators);
  out.table_stamp = next_stamp();
  for (size_t i = 0; i < out.indicators; ++i) recompute_indicator(model, table, i, out, layout);
  return out;
}

}  // namespace kenko
