#include "review/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "base/text.h"

namespace kenko {

std::optional<double> auc_lower_predicts_positive(const std::vector<double>& scores,
                                                  const std::vector<uint8_t>& positive) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  uint64_t total_pos = 0, total_neg = 0;
  for (uint8_t p : positive) (p ? total_pos : total_neg)++;
  if (!total_pos || !total_neg) return std::nullopt;
  AucWalk walk(total_pos, total_neg);
  for (size_t g = 0; g < order.size();) {
    size_t h = g;
    uint64_t p = 0, q = 0;
    while (h < order.size() && scores[order[h]] == scores[order[g]]) {
      (positive[order[h]] ? p : q)++;
      ++h;
    }
    walk.group(p, q);
    g = h;
  }
  return walk.auc();
}

std::optional<bool> outcome_value(const Outcome& outcome, std::string_view cell) {
  std::string_view t = trim(cell);
  if (is_missing_cell(t)) return std::nullopt;
  std::string lowered = ascii_lower(t);
  return std::find(outcome.positive.begin(), outcome.positive.end(), lowered) !=
         outcome.positive.end();
}

std::vector<int8_t> outcome_labels(const Outcome& outcome, const Table& table) {
  std::vector<int8_t> out(table.rows(), -1);
  const Column* col = table.column(outcome.column);
  for (size_t r = 0; col && r < table.rows(); ++r) {
    std::optional<bool> y = outcome_value(outcome, col->text(r));
    if (y) out[r] = *y ? 1 : 0;
  }
  return out;
}

size_t summary_segment_slot(const Model& model, int32_t segment) {
  if (segment >= 0) return static_cast<size_t>(segment);
  return model.segments.size() + (segment == kSegmentNone ? 0 : 1);
}

std::vector<double> customer_values(const Model& model, const Table& table) {
  std::vector<double> out;
  if (model.value_column.empty()) return out;
  const Column* col = table.column(model.value_column);
  out.assign(table.rows(), std::numeric_limits<double>::quiet_NaN());
  for (size_t r = 0; col && col->needs.number && r < table.rows(); ++r) {
    const double v = col->numbers[r];
    if (v >= 0) out[r] = v;  // false for NaN (missing, invalid)
  }
  return out;
}

Summary summarize(const Model& model, const Table& table, const SubScores& sub,
                  const Results& res) {
  Summary s;
  const size_t n = res.rows;
  s.customers = n;
  s.per_segment.assign(model.segments.size() + 2, 0);
  s.per_alert.assign(model.alerts.size(), 0);
  s.indicators = sub.reports;
  s.share = full_model_shares(model, Weights::of(model));
  std::vector<double> scored;
  scored.reserve(n);
  for (size_t r = 0; r < n; ++r) {
    s.per_segment[summary_segment_slot(model, res.segment[r])]++;
    double v = res.score[r];
    if (std::isnan(v)) continue;
    scored.push_back(v);
    size_t bin = v >= 100 ? Summary::kBins - 1 : v <= 0 ? 0 : static_cast<size_t>(v / 5);
    s.histogram[std::min(bin, Summary::kBins - 1)]++;
    for (size_t a = 0; a < model.alerts.size(); ++a) {
      if (res.has_alert(r, a)) s.per_alert[a]++;
    }
  }
  s.scored = scored.size();
  s.unscored = n - scored.size();
  if (!scored.empty()) {
    double sum = 0;
    for (double v : scored) sum += v;
    s.mean = sum / static_cast<double>(scored.size());
    std::sort(scored.begin(), scored.end());
    size_t m = scored.size() / 2;
    s.median = scored.size() % 2 ? scored[m] : (scored[m - 1] + scored[m]) / 2;
  }
  if (model.outcome) {
    OutcomeStats o;
    o.per_segment.assign(s.per_segment.size(), {});
    const Column* col = table.column(model.outcome->column);
    std::vector<double> scores;
    std::vector<uint8_t> positive;
    for (size_t r = 0; r < n; ++r) {
      std::optional<bool> y = col ? outcome_value(*model.outcome, col->text(r)) : std::nullopt;
      if (!y || std::isnan(res.score[r])) {
        o.excluded++;
        continue;
      }
      (*y ? o.positive : o.negative)++;
      scores.push_back(res.score[r]);
      positive.push_back(*y ? 1 : 0);
      SegmentOutcome& so = o.per_segment[summary_segment_slot(model, res.segment[r])];
      so.customers++;
      if (*y) so.positive++;
    }
    o.auc = auc_lower_predicts_positive(scores, positive);
    s.outcome = o;
  }
  if (!model.value_column.empty()) {
    ValueStats v;
    v.per_segment.assign(s.per_segment.size(), 0.0);
    const std::vector<double> values = customer_values(model, table);
    const std::vector<int> tiers = segment_tiers(model);
    for (size_t r = 0; r < n; ++r) {
      if (std::isnan(values[r])) {
        v.without++;
        continue;
      }
      v.with_value++;
      v.per_segment[summary_segment_slot(model, res.segment[r])] += values[r];
      v.total += values[r];
      if (res.segment[r] >= 0 && tiers[static_cast<size_t>(res.segment[r])] == 0) {
        v.at_risk += values[r];
      }
    }
    s.value = v;
  }
  return s;
}

}  // namespace kenko
