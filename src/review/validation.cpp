#include "review/validation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "base/error.h"

namespace kenko {

namespace {

std::vector<size_t> ascending_order(const std::vector<double>& scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  return order;
}

// The scores and outcomes of the customers with a known outcome for which `value` is a number.
struct Labelled {
  std::vector<double> value;
  std::vector<uint8_t> positive;
};

}  // namespace

std::vector<RocPoint> roc_curve(const std::vector<double>& scores,
                                const std::vector<uint8_t>& positive, size_t max_points) {
  uint64_t P = 0, N = 0;
  for (uint8_t p : positive) (p ? P : N)++;
  std::vector<RocPoint> all;
  if (!P || !N) return all;
  const std::vector<size_t> order = ascending_order(scores);
  std::vector<size_t> end_rank;  // rank just past each group of ties
  all.push_back({-std::numeric_limits<double>::infinity(), 0, 0});  // nobody predicted positive
  end_rank.push_back(0);
  uint64_t tp = 0, fp = 0;
  for (size_t g = 0; g < order.size();) {
    size_t h = g;
    while (h < order.size() && scores[order[h]] == scores[order[g]]) {
      (positive[order[h]] ? tp : fp)++;
      ++h;
    }
    all.push_back({scores[order[g]], static_cast<double>(fp) / static_cast<double>(N),
                   static_cast<double>(tp) / static_cast<double>(P)});
    end_rank.push_back(h);
    g = h;
  }
  if (all.size() <= max_points || max_points < 2) return all;
  // Keep the point closest past each of max_points − 1 evenly spaced ranks.
  std::vector<RocPoint> out = {all.front()};
  const double n = static_cast<double>(order.size());
  size_t next = 1;
  for (size_t k = 1; k < max_points; ++k) {
    const double rank = n * static_cast<double>(k) / static_cast<double>(max_points - 1);
    while (next < all.size() - 1 && static_cast<double>(end_rank[next]) < rank) ++next;
    if (out.back().fpr != all[next].fpr || out.back().tpr != all[next].tpr) {
      out.push_back(all[next]);
    }
  }
  if (out.back().fpr != 1 || out.back().tpr != 1) out.push_back(all.back());
  return out;
}

std::optional<double> weighted_auc_lower_predicts_positive(const std::vector<double>& scores,
                                                           const std::vector<uint8_t>& positive,
                                                           const std::vector<double>& weights) {
  const std::vector<size_t> order = ascending_order(scores);
  double total_pos = 0, total_neg = 0;
  for (size_t e : order) (positive[e] ? total_pos : total_neg) += weights[e];
  if (!(total_pos > 0) || !(total_neg > 0)) return std::nullopt;
  double neg_above = total_neg, sum = 0;
  for (size_t g = 0; g < order.size();) {
    size_t h = g;
    double p = 0, q = 0;
    while (h < order.size() && scores[order[h]] == scores[order[g]]) {
      (positive[order[h]] ? p : q) += weights[order[h]];
      ++h;
    }
    neg_above -= q;
    sum += p * (neg_above + q / 2);
    g = h;
  }
  return sum / (total_pos * total_neg);
}

namespace {
// The value held by each decile of score_deciles (same grouping), the churned part, rate, lift.
std::vector<ValueDecile> value_deciles(const std::vector<double>& scores,
                                       const std::vector<uint8_t>& positive,
                                       const std::vector<double>& weights) {
  std::vector<ValueDecile> out(10);
  const size_t n = scores.size();
  if (!n) return out;
  const std::vector<size_t> order = ascending_order(scores);
  double all = 0, all_positive = 0;
  for (size_t g = 0; g < n;) {
    ValueDecile& d = out[g * 10 / n];
    size_t h = g;
    while (h < n && scores[order[h]] == scores[order[g]]) {
      d.value += weights[order[h]];
      if (positive[order[h]]) d.positive += weights[order[h]];
      ++h;
    }
    g = h;
  }
  for (const ValueDecile& d : out) {
    all += d.value;
    all_positive += d.positive;
  }
  for (ValueDecile& d : out) {
    if (!(d.value > 0)) continue;
    d.rate = d.positive / d.value;
    if (all_positive > 0) d.lift = *d.rate / (all_positive / all);
  }
  return out;
}
}  // namespace

std::vector<DecileRow> score_deciles(const std::vector<double>& scores,
                                     const std::vector<uint8_t>& positive) {
  std::vector<DecileRow> out(10);
  const size_t n = scores.size();
  if (!n) return out;
  const std::vector<size_t> order = ascending_order(scores);
  uint64_t all_positive = 0;
  for (uint8_t p : positive) all_positive += p;
  for (size_t g = 0; g < n;) {
    const size_t decile = g * 10 / n;  // the decile of the group's first customer
    DecileRow& d = out[decile];
    size_t h = g;
    while (h < n && scores[order[h]] == scores[order[g]]) {
      d.customers++;
      d.positive += positive[order[h]];
      ++h;
    }
    if (!d.min_score) d.min_score = scores[order[g]];
    d.max_score = scores[order[g]];
    g = h;
  }
  const double overall = static_cast<double>(all_positive) / static_cast<double>(n);
  for (DecileRow& d : out) {
    if (!d.customers) continue;
    d.rate = static_cast<double>(d.positive) / static_cast<double>(d.customers);
    if (overall > 0) d.lift = *d.rate / overall;
  }
  return out;
}

Validation validate_outcome(const Model& model, const Table& table, const SubScores& sub,
                            const Results& res, const Summary& summary) {
  if (!model.outcome || !summary.outcome) {
    throw Error("the model has no \"outcome\": nothing to validate against");
  }
  Validation v;
  v.outcome = *summary.outcome;
  const size_t n = res.rows, k = model.indicators.size();
  const std::vector<int8_t> y = outcome_labels(*model.outcome, table);  // -1: missing
  Labelled scored;
  for (size_t r = 0; r < n; ++r) {
    if (y[r] < 0 || std::isnan(res.score[r])) continue;
    scored.value.push_back(res.score[r]);
    scored.positive.push_back(static_cast<uint8_t>(y[r]));
  }
  v.roc = roc_curve(scored.value, scored.positive, kMaxRocPoints);
  v.deciles = score_deciles(scored.value, scored.positive);
  if (!model.value_column.empty()) {
    const std::vector<double> values = customer_values(model, table);
    std::vector<double> weights;
    ValueReview vr;
    for (size_t r = 0; r < n; ++r) {
      if (y[r] < 0 || std::isnan(res.score[r])) continue;
      const double w = std::isnan(values[r]) ? 0.0 : values[r];
      if (std::isnan(values[r])) vr.without++;
      (y[r] ? vr.positive : vr.negative) += w;
      weights.push_back(w);
    }
    vr.auc = weighted_auc_lower_predicts_positive(scored.value, scored.positive, weights);
    vr.deciles = value_deciles(scored.value, scored.positive, weights);
    v.value = vr;
  }
  v.indicators.resize(k);
  for (size_t i = 0; i < k; ++i) {
    Labelled l;
    IndicatorValidation& iv = v.indicators[i];
    const SubScoreColumn& column = sub.column(i);
    const auto present = sub.present_column(i);
    for (size_t r = 0; r < n; ++r) {
      if (!present[r]) iv.missing++;
      const double s = column[r];
      if (y[r] < 0 || std::isnan(s) || std::isnan(res.score[r])) continue;  // as for the score
      l.value.push_back(s);
      l.positive.push_back(static_cast<uint8_t>(y[r]));
    }
    iv.missing_rate = n ? static_cast<double>(iv.missing) / static_cast<double>(n) : 0;
    iv.auc = auc_lower_predicts_positive(l.value, l.positive);
  }
  return v;
}

}  // namespace kenko
