#include "review/explain.h"

#include <cmath>
#include <limits>

#include "base/error.h"
#include "base/number_format.h"
#include "score/rules.h"

namespace kenko {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The value an indicator's rule read for a customer, as text.
std::string value_text(const Indicator& ind, const Table& table, size_t r) {
  const Column* a = table.column(ind.source.a);
  if (!a) return "";
  if (ind.source.kind == SourceKind::Column) {
    if (a->needs.text) return std::string(a->text(r));
    return a->has_number(r) ? format_full(a->numbers[r]) : "";
  }
  const Column* b = table.column(ind.source.b);
  if (!b || !a->has_number(r) || !b->has_number(r)) return "";
  const double v = source_value(ind.source.kind, a->numbers[r], b->numbers[r]);
  return v == v ? format_full(v) : "";
}

}  // namespace

void indicator_shares(const Model& model, const Weights& weights, const SubScores& sub, size_t row,
                      std::vector<double>& share, std::vector<double>& group_w) {
  const size_t k = model.indicators.size(), D = model.dimensions.size();
  auto group = [&](size_t i) { return D ? static_cast<size_t>(model.indicators[i].dimension) : 0; };
  share.assign(k, 0.0);
  group_w.assign(std::max<size_t>(D, 1), 0.0);  // Σ w of the counted indicators per dimension
  for (size_t i = 0; i < k; ++i) {
    if (!std::isnan(sub.column(i)[row])) group_w[group(i)] += weights.indicator[i];
  }
  double total_W = 0;  // Σ W over the dimensions that remain
  for (size_t d = 0; d < D; ++d) {
    if (group_w[d] > 0) total_W += weights.dimension[d];
  }
  for (size_t i = 0; i < k; ++i) {
    const size_t g = group(i);
    if (std::isnan(sub.column(i)[row]) || !(group_w[g] > 0)) continue;
    share[i] = weights.indicator[i] / group_w[g];
    if (D) share[i] = total_W > 0 ? weights.dimension[g] / total_W * share[i] : 0;
  }
}

CustomerExplanation explain_customer(const Model& model, const Weights& weights, const Table& table,
                                     const SubScores& sub, size_t row) {
  if (row >= table.rows()) {
    throw Error("no customer " + std::to_string(row) + " (the table has " +
                std::to_string(table.rows()) + ")");
  }
  CustomerExplanation out;
  out.row = row;
  out.file_row = table.file_rows[row];
  const size_t k = model.indicators.size();
  std::vector<double> share, scratch;
  indicator_shares(model, weights, sub, row, share, scratch);
  out.indicators.resize(k);
  for (size_t i = 0; i < k; ++i) {
    IndicatorExplanation& e = out.indicators[i];
    const Indicator& ind = model.indicators[i];
    e.value = value_text(ind, table, row);
    e.present = sub.present_column(i)[row] != 0;
    e.subscore = sub.column(i)[row];
    e.counts = !std::isnan(e.subscore);
    e.points = e.counts ? e.subscore * ind.rule.max_points() / 100.0 : kNaN;
    e.share = share[i];
    e.contribution = e.counts ? share[i] * e.subscore : 0;
  }
  return out;
}

}  // namespace kenko
