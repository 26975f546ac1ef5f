#include "scoring.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "text.h"

namespace kenko {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kBlock = 256;  // rows per block: the per-dimension sums stay in L1
}  // namespace

Weights Weights::of(const Model& model) {
  Weights w;
  for (const Indicator& ind : model.indicators) w.indicator.push_back(ind.weight_or_default());
  for (const Dimension& d : model.dimensions) w.dimension.push_back(d.weight);
  return w;
}

std::vector<double> full_model_shares(const Model& model, const Weights& weights) {
  const size_t k = model.indicators.size();
  std::vector<double> share(k, 0.0);
  if (model.dimensions.empty()) {
    double total = 0;
    for (size_t i = 0; i < k; ++i) total += weights.indicator[i];
    if (total > 0) {
      for (size_t i = 0; i < k; ++i) share[i] = weights.indicator[i] / total;
    }
    return share;
  }
  // As if every value were present: dimensions whose weight sum is 0 are left out.
  const size_t D = model.dimensions.size();
  std::vector<double> dim_w(D, 0.0);
  for (size_t i = 0; i < k; ++i) dim_w[static_cast<size_t>(model.indicators[i].dimension)] += weights.indicator[i];
  double total_W = 0;
  for (size_t d = 0; d < D; ++d) {
    if (dim_w[d] > 0) total_W += weights.dimension[d];
  }
  if (total_W <= 0) return share;
  for (size_t i = 0; i < k; ++i) {
    size_t d = static_cast<size_t>(model.indicators[i].dimension);
    if (dim_w[d] > 0) share[i] = (weights.dimension[d] / total_W) * (weights.indicator[i] / dim_w[d]);
  }
  return share;
}

namespace {

// The value a condition looks at, for one customer. False when it is missing.
bool condition_holds(const Condition& c, const Table& table, const SubScores& sub,
                     const Results& res, size_t r) {
  double v = kNaN;
  switch (c.field) {
    case Condition::Field::Score: v = res.score[r]; break;
    case Condition::Field::Indicator: {
      size_t i = static_cast<size_t>(c.index);
      if (sub.present_column(i)[r]) v = sub.column(i)[r];
      break;
    }
    case Condition::Field::Dimension: v = res.dimension[static_cast<size_t>(c.index) * res.rows + r]; break;
    case Condition::Field::Column: {
      const Column* col = table.column(c.column);
      if (!col) return false;
      if (c.min || c.max) {
        if (!col->needs.number || !col->has_number(r)) return false;
        v = col->numbers[r];
      } else {
        v = 0;  // only `in` (or presence) is asked
      }
      if (col->needs.text) {
        std::string_view cell = trim(col->text(r));
        if (is_missing_cell(cell)) return false;
        if (c.has_in) {
          std::string t = ascii_lower(cell);
          if (std::find(c.in.begin(), c.in.end(), t) == c.in.end()) return false;
        }
      }
      break;
    }
  }
  if (std::isnan(v)) return false;
  if (c.min && !(v >= *c.min)) return false;
  if (c.max && !(v < *c.max)) return false;
  return true;
}

bool all_hold(const std::vector<Condition>& when, const Table& table, const SubScores& sub,
              const Results& res, size_t r) {
  for (const Condition& c : when) {
    if (!condition_holds(c, table, sub, res, r)) return false;
  }
  return true;
}

}  // namespace

void compute_segments(const Model& model, const Table& table, const SubScores& sub, Results& out) {
  const size_t n = out.rows;
  out.segment.assign(n, kSegmentUnscored);
  out.alert_words = (model.alerts.size() + 63) / 64;
  out.alerts.assign(n * out.alert_words, 0);
  for (size_t r = 0; r < n; ++r) {
    double score = out.score[r];
    if (std::isnan(score)) continue;
    int32_t seg = kSegmentNone;
    for (size_t s = 0; s < model.segments.size(); ++s) {
      const Segment& g = model.segments[s];
      if (g.min && !(score >= *g.min)) continue;
      if (g.max && !(score < *g.max)) continue;
      if (!all_hold(g.when, table, sub, out, r)) continue;
      seg = static_cast<int32_t>(s);
      break;
    }
    out.segment[r] = seg;
    for (size_t a = 0; a < model.alerts.size(); ++a) {
      if (all_hold(model.alerts[a].when, table, sub, out, r)) {
        out.alerts[r * out.alert_words + a / 64] |= uint64_t{1} << (a % 64);
      }
    }
  }
}

void compute_scores(const Model& model, const Weights& weights, const Table& table,
                    const SubScores& sub, Results& out) {
  const size_t n = sub.rows, k = sub.indicators, D = model.dimensions.size();
  out.rows = n;
  out.score.assign(n, kNaN);
  out.coverage.assign(n, 0.0);
  out.dimension.assign(n * D, kNaN);
  out.drivers_ready = false;
  const std::vector<double> share = full_model_shares(model, weights);
  const size_t groups = D ? D : 1;
  std::vector<double> num(groups * kBlock), den(groups * kBlock), cov(kBlock);
  std::vector<size_t> group_of(k, 0);
  for (size_t i = 0; i < k; ++i) {
    if (D) group_of[i] = static_cast<size_t>(model.indicators[i].dimension);
  }
  for (size_t r0 = 0; r0 < n; r0 += kBlock) {
    const size_t nb = std::min(kBlock, n - r0);
    std::fill(num.begin(), num.end(), 0.0);
    std::fill(den.begin(), den.end(), 0.0);
    std::fill(cov.begin(), cov.end(), 0.0);
    for (size_t i = 0; i < k; ++i) {
      const double w = weights.indicator[i], sh = share[i];
      const double* s = sub.column(i) + r0;
      const uint8_t* p = sub.present_column(i) + r0;
      double* gn = num.data() + group_of[i] * kBlock;
      double* gd = den.data() + group_of[i] * kBlock;
      for (size_t j = 0; j < nb; ++j) {
        const double x = s[j];
        const bool counts = x == x;
        gn[j] += counts ? w * x : 0.0;
        gd[j] += counts ? w : 0.0;
        cov[j] += p[j] ? sh : 0.0;
      }
    }
    for (size_t j = 0; j < nb; ++j) out.coverage[r0 + j] = cov[j];
    if (!D) {
      for (size_t j = 0; j < nb; ++j) {
        if (den[j] > 0) out.score[r0 + j] = num[j] / den[j];
      }
      continue;
    }
    for (size_t j = 0; j < nb; ++j) {
      double total = 0, total_W = 0;
      for (size_t d = 0; d < D; ++d) {
        const double dd = den[d * kBlock + j];
        if (!(dd > 0)) continue;
        const double value = num[d * kBlock + j] / dd;
        out.dimension[d * n + r0 + j] = value;
        total += weights.dimension[d] * value;
        total_W += weights.dimension[d];
      }
      if (total_W > 0) out.score[r0 + j] = total / total_W;
    }
  }
  compute_segments(model, table, sub, out);
}

void compute_drivers(const Model& model, const Weights& weights, const SubScores& sub, Results& out) {
  const size_t n = out.rows, k = sub.indicators, D = model.dimensions.size();
  out.drivers.assign(n * kMaxDrivers, -1);
  std::vector<double> dim_sum(D ? D : 1);
  for (size_t r = 0; r < n; ++r) {
    if (std::isnan(out.score[r])) continue;
    // Σ_V w per dimension (or overall), and Σ W over the dimensions that remain.
    std::fill(dim_sum.begin(), dim_sum.end(), 0.0);
    for (size_t i = 0; i < k; ++i) {
      if (sub.column(i)[r] == sub.column(i)[r]) {
        dim_sum[D ? static_cast<size_t>(model.indicators[i].dimension) : 0] += weights.indicator[i];
      }
    }
    double total_W = 0;
    if (D) {
      for (size_t d = 0; d < D; ++d) {
        if (dim_sum[d] > 0) total_W += weights.dimension[d];
      }
    }
    double best_cost[kMaxDrivers] = {0, 0, 0};
    int32_t best[kMaxDrivers] = {-1, -1, -1};
    for (size_t i = 0; i < k; ++i) {
      const double s = sub.column(i)[r];
      if (s != s) continue;
      double w_eff;
      if (!D) {
        w_eff = weights.indicator[i] / dim_sum[0];
      } else {
        size_t d = static_cast<size_t>(model.indicators[i].dimension);
        if (!(dim_sum[d] > 0)) continue;
        w_eff = (weights.dimension[d] / total_W) * (weights.indicator[i] / dim_sum[d]);
      }
      const double cost = w_eff * (100 - s);
      if (!(cost > 0)) continue;
      // Insert, keeping model order among equal costs (strictly greater moves ahead).
      for (size_t slot = 0; slot < kMaxDrivers; ++slot) {
        if (best[slot] < 0 || cost > best_cost[slot]) {
          for (size_t m = kMaxDrivers - 1; m > slot; --m) {
            best[m] = best[m - 1];
            best_cost[m] = best_cost[m - 1];
          }
          best[slot] = static_cast<int32_t>(i);
          best_cost[slot] = cost;
          break;
        }
      }
    }
    for (size_t slot = 0; slot < kMaxDrivers; ++slot) out.drivers[r * kMaxDrivers + slot] = best[slot];
  }
  out.drivers_ready = true;
}

const char* segment_id(const Model& model, int32_t segment) {
  if (segment == kSegmentUnscored) return "unscored";
  if (segment == kSegmentNone) return "none";
  return model.segments[static_cast<size_t>(segment)].id.c_str();
}

}  // namespace kenko
