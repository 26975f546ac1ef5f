#include "subscores.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "error.h"
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

// The numeric values of an indicator: the column's own arrays for a column source, else
// computed into `value`/`kind`.
struct NumericValues {
  const double* value;
  const CellKind* kind;
};

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

double band_points(const Rule& rule, double v) {
  for (const Band& b : rule.bands) {
    if (b.min && !(*b.min <= v)) continue;
    if (b.max && !(v < *b.max)) continue;
    return b.points;
  }
  return 0.0;
}

double linear_points(const Rule& rule, double v) {
  double t = (v - rule.from) / (rule.to - rule.from);
  t = std::min(1.0, std::max(0.0, t));
  return rule.points * t;
}

}  // namespace

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

void recompute_indicator(const Model& model, const Table& table, size_t i, SubScores& out) {
  const Indicator& ind = model.indicators[i];
  const Rule& rule = ind.rule;
  const size_t n = table.rows();
  const double P = rule.max_points();
  double* s = out.s.data() + i * n;
  uint8_t* present = out.present.data() + i * n;
  IndicatorReport report;
  // points[r], or NaN when the value is missing.
  std::vector<double> points(n, kNaN);

  if (rule.needs_text()) {
    const Column& c = need_column(table, ind.source.a, false, true);
    for (size_t r = 0; r < n; ++r) {
      std::string_view cell = trim(c.text(r));
      if (is_missing_cell(cell)) continue;
      if (rule.type == RuleType::Boolean) {
        int b = boolean_value(cell);
        if (b < 0) {
          report.invalid.add(table.file_rows[r]);
          continue;
        }
        points[r] = b ? rule.points : 0.0;
      } else {
        bool found = false;
        for (const auto& [text, p] : rule.map) {
          if (iequals_ascii(cell, text)) {
            points[r] = p;
            found = true;
            break;
          }
        }
        if (!found) {
          if (rule.else_points) {
            points[r] = *rule.else_points;
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
      std::vector<double> sorted;
      sorted.reserve(n);
      for (size_t r = 0; r < n; ++r) {
        if (kind[r] == CellKind::Number) sorted.push_back(value[r]);
      }
      std::sort(sorted.begin(), sorted.end());
      const double N = static_cast<double>(sorted.size());
      for (size_t r = 0; r < n; ++r) {
        if (kind[r] != CellKind::Number) continue;
        auto lo = std::lower_bound(sorted.begin(), sorted.end(), value[r]);
        auto hi = std::upper_bound(lo, sorted.end(), value[r]);
        double L = static_cast<double>(lo - sorted.begin());
        double E = static_cast<double>(hi - lo);
        double frac = (L + E / 2) / N;
        points[r] = rule.lower_is_better ? rule.points * (1 - frac) : rule.points * frac;
      }
    } else {
      for (size_t r = 0; r < n; ++r) {
        if (kind[r] != CellKind::Number) continue;
        points[r] = rule.type == RuleType::Bands ? band_points(rule, value[r])
                                                 : linear_points(rule, value[r]);
      }
    }
    for (size_t r = 0; r < n; ++r) {
      if (kind[r] == CellKind::Invalid) report.invalid.add(table.file_rows[r]);
    }
  }

  // Missing values: missing_points, else the policy.
  double missing_s = kNaN;
  if (ind.missing_points) {
    missing_s = 100.0 * *ind.missing_points / P;
  } else if (model.missing == MissingPolicy::Zero) {
    missing_s = 0.0;
  }
  for (size_t r = 0; r < n; ++r) {
    if (std::isnan(points[r])) {
      present[r] = 0;
      s[r] = missing_s;
      report.missing.add(table.file_rows[r]);
    } else {
      present[r] = 1;
      s[r] = 100.0 * points[r] / P;
    }
  }
  out.reports[i] = std::move(report);
}

SubScores compute_subscores(const Model& model, const Table& table) {
  SubScores out;
  out.rows = table.rows();
  out.indicators = model.indicators.size();
  out.s.assign(out.rows * out.indicators, kNaN);
  out.present.assign(out.rows * out.indicators, 0);
  out.reports.resize(out.indicators);
  for (size_t i = 0; i < out.indicators; ++i) recompute_indicator(model, table, i, out);
  return out;
}

}  // namespace kenko
