#include "explain.h"

#include <cmath>
#include <limits>

#include "error.h"
#include "output.h"

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
  if (!b || !a->has_number(r) || !b->has_number(r) || b->numbers[r] == 0) return "";
  const double x = a->numbers[r], y = b->numbers[r];
  return format_full(ind.source.kind == SourceKind::Ratio ? x / y : (x - y) / std::fabs(y) * 100.0);
}

}  // namespace

CustomerExplanation explain_customer(const Model& model, const Weights& weights, const Table& table,
                                     const SubScores& sub, size_t row) {
  if (row >= table.rows()) {
    throw Error("no customer " + std::to_string(row) + " (the table has " +
                std::to_string(table.rows()) + ")");
  }
  CustomerExplanation out;
  out.row = row;
  out.file_row = table.file_rows[row];
  const size_t k = model.indicators.size(), D = model.dimensions.size();
  out.indicators.resize(k);
  // Σ w of the counted indicators, per dimension (one group without dimensions).
  std::vector<double> group_w(std::max<size_t>(D, 1), 0.0);
  for (size_t i = 0; i < k; ++i) {
    IndicatorExplanation& e = out.indicators[i];
    const Indicator& ind = model.indicators[i];
    e.value = value_text(ind, table, row);
    e.present = sub.present_column(i)[row] != 0;
    e.subscore = sub.column(i)[row];
    e.counts = !std::isnan(e.subscore);
    e.points = e.counts ? e.subscore * ind.rule.max_points() / 100.0 : kNaN;
    if (e.counts) group_w[D ? static_cast<size_t>(ind.dimension) : 0] += weights.indicator[i];
  }
  double total_W = 0;  // Σ W over the dimensions that remain
  if (D) {
    for (size_t d = 0; d < D; ++d) {
      if (group_w[d] > 0) total_W += weights.dimension[d];
    }
  }
  for (size_t i = 0; i < k; ++i) {
    IndicatorExplanation& e = out.indicators[i];
    if (!e.counts) continue;
    const size_t g = D ? static_cast<size_t>(model.indicators[i].dimension) : 0;
    if (!(group_w[g] > 0)) continue;
    double share = weights.indicator[i] / group_w[g];
    if (D) share = total_W > 0 ? weights.dimension[g] / total_W * share : 0;
    e.share = share;
    e.contribution = share * e.subscore;
  }
  return out;
}

}  // namespace kenko
