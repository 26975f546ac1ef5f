#include "review/fit.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/det_math.h"
#include "base/error.h"
#include "review/stats.h"

namespace kenko {

namespace {

// log(1 + e^η), without overflow.
double softplus(double eta) {
  return eta > 0 ? eta + det_log(1.0 + det_exp(-eta)) : det_log(1.0 + det_exp(eta));
}

// The scored customers with a known outcome: their rows, outcomes and features x = s / 100 (NaN
// where the indicator does not count), column-major.
struct Data {
  std::vector<size_t> rows;
  std::vector<uint8_t> y;
  size_t k = 0;
  std::vector<double> x;  // k × rows.size()
  double at(size_t i, size_t e) const { return x[i * rows.size() + e]; }
};

Data labelled(const Model& model, const Table& table, const SubScores& sub,
              const Results& current) {
  Data d;
  d.k = model.indicators.size();
  const std::vector<int8_t> y = outcome_labels(*model.outcome, table);
  for (size_t r = 0; r < table.rows(); ++r) {
    // As for every outcome statistic: a known outcome, and scored (by the model's weights).
    if (y[r] < 0 || std::isnan(current.score[r])) continue;
    d.rows.push_back(r);
    d.y.push_back(static_cast<uint8_t>(y[r]));
  }
  const size_t n = d.rows.size();
  d.x.resize(d.k * n);
  for (size_t i = 0; i < d.k; ++i) {
    const SubScoreColumn& c = sub.column(i);
    for (size_t e = 0; e < n; ++e) d.x[i * n + e] = c[d.rows[e]] / 100.0;
  }
  return d;
}

// Stratified folds: each outcome's customers shuffled, then dealt round-robin.
std::vector<uint32_t> assign_folds(const Data& d, size_t folds, uint64_t seed) {
  std::vector<uint32_t> fold(d.rows.size(), 0);
  uint64_t state = seed;
  for (uint8_t cls = 0; cls < 2; ++cls) {
    std::vector<size_t> members;
    for (size_t e = 0; e < d.y.size(); ++e) {
      if (d.y[e] == cls) members.push_back(e);
    }
    for (size_t i = members.size(); i > 1; --i) {  // Fisher–Yates
      std::swap(members[i - 1], members[splitmix64(state) % i]);
    }
    for (size_t i = 0; i < members.size(); ++i) fold[members[i]] = static_cast<uint32_t>(i % folds);
  }
  return fold;
}

// Fits β ≥ 0 (one per indicator) on the customers `train` (indexes into d); see fit.h.
std::vector<double> fit_coefficients(const Data& d, const std::vector<size_t>& train,
                                     const FitOptions& options) {
  const size_t n = train.size(), k = d.k, m = k + 1;  // coordinate 0: the intercept
  // z: column 0 ones, then −x with a non-counting value at the training mean.
  std::vector<double> z(m * n);
  std::fill(z.begin(), z.begin() + n, 1.0);
  for (size_t i = 0; i < k; ++i) {
    double sum = 0;
    size_t count = 0;
    for (size_t t = 0; t < n; ++t) {
      const double v = d.at(i, train[t]);
      if (!std::isnan(v)) {
        sum += v;
        ++count;
      }
    }
    const double mean = count ? sum / static_cast<double>(count) : 0;
    double* zi = z.data() + (i + 1) * n;
    for (size_t t = 0; t < n; ++t) {
      const double v = d.at(i, train[t]);
      zi[t] = -(std::isnan(v) ? mean : v);
    }
  }
  const double lambda = options.l2 * static_cast<double>(n) / 1000.0;
  std::vector<double> beta(m, 0.0), eta(n, 0.0), p(n), w(n), g(m), H(m * m), delta(m), q(m), zd(n),
      eta_new(n);
  uint64_t positives = 0;
  for (size_t t = 0; t < n; ++t) positives += d.y[train[t]];
  const double base = static_cast<double>(positives) / static_cast<double>(n);
  beta[0] = det_log(base / (1.0 - base));  // start at the base rate
  std::fill(eta.begin(), eta.end(), beta[0]);
  auto objective = [&](const std::vector<double>& e, const std::vector<double>& b) {
    double f = 0;
    for (size_t t = 0; t < n; ++t) f += softplus(e[t]) - (d.y[train[t]] ? e[t] : 0.0);
    for (size_t j = 1; j < m; ++j) f += 0.5 * lambda * b[j] * b[j];
    return f;
  };
  double f = objective(eta, beta);
  for (size_t step = 0; step < options.max_steps; ++step) {
    for (size_t t = 0; t < n; ++t) {
      p[t] = logistic(eta[t]);
      w[t] = std::max(p[t] * (1.0 - p[t]), 1e-12);
    }
    for (size_t j = 0; j < m; ++j) {
      const double* zj = z.data() + j * n;
      double s = 0;
      for (size_t t = 0; t < n; ++t) s += (p[t] - d.y[train[t]]) * zj[t];
      g[j] = s + (j ? lambda * beta[j] : 0.0);
      for (size_t l = 0; l <= j; ++l) {
        const double* zl = z.data() + l * n;
        double h = 0;
        for (size_t t = 0; t < n; ++t) h += w[t] * zj[t] * zl[t];
        H[j * m + l] = H[l * m + j] = h;
      }
      if (j) H[j * m + j] += lambda;
    }
    // The box-constrained quadratic model, solved by coordinate descent.
    std::fill(delta.begin(), delta.end(), 0.0);
    std::fill(q.begin(), q.end(), 0.0);  // H δ
    for (int sweep = 0; sweep < 500; ++sweep) {
      double moved = 0;
      for (size_t j = 0; j < m; ++j) {
        if (!(H[j * m + j] > 0)) continue;
        double next = delta[j] - (g[j] + q[j]) / H[j * m + j];
        if (j) next = std::max(next, -beta[j]);
        const double change = next - delta[j];
        if (change == 0) continue;
        for (size_t l = 0; l < m; ++l) q[l] += H[l * m + j] * change;
        delta[j] = next;
        moved = std::max(moved, std::fabs(change));
      }
      if (moved < 1e-12) break;
    }
    for (size_t t = 0; t < n; ++t) {
      double s = 0;
      for (size_t j = 0; j < m; ++j) s += delta[j] * z[j * n + t];
      zd[t] = s;
    }
    double alpha = 1;
    bool improved = false;
    std::vector<double> beta_new(m);
    for (int halving = 0; halving < 30; ++halving, alpha *= 0.5) {
      for (size_t j = 0; j < m; ++j) beta_new[j] = beta[j] + alpha * delta[j];
      for (size_t j = 1; j < m; ++j) beta_new[j] = std::max(beta_new[j], 0.0);
      for (size_t t = 0; t < n; ++t) eta_new[t] = eta[t] + alpha * zd[t];
      const double f_new = objective(eta_new, beta_new);
      if (f_new <= f) {
        improved = f - f_new > 1e-10 * std::max(1.0, std::fabs(f));
        beta.swap(beta_new);
        eta.swap(eta_new);
        f = f_new;
        break;
      }
    }
    if (!improved) break;
  }
  return std::vector<double>(beta.begin() + 1, beta.end());
}

double round2(double v) {
  return std::round(v * 100.0) / 100.0;
}

// Indicator and dimension weights from coefficients (see fit.h); false when all are 0.
bool weights_from(const Model& model, const std::vector<double>& beta, Weights& out) {
  double total = 0;
  for (double b : beta) total += b;
  if (!(total > 0)) return false;
  out.indicator.assign(beta.size(), 0.0);
  for (size_t i = 0; i < beta.size(); ++i) out.indicator[i] = round2(beta[i] / total * 100.0);
  out.dimension.assign(model.dimensions.size(), 0.0);
  for (size_t i = 0; i < beta.size(); ++i) {
    if (!model.dimensions.empty()) {
      out.dimension[static_cast<size_t>(model.indicators[i].dimension)] += out.indicator[i];
    }
  }
  for (double& W : out.dimension) W = round2(W);
  return true;
}

// AUC of the scores under `weights` over the customers of fold `f` (all when f < 0).
std::optional<double> fold_auc(const Model& model, const Weights& weights, const Table& table,
                               const SubScores& sub, const Data& d,
                               const std::vector<uint32_t>& fold, int f) {
  Results res;
  compute_scores(model, weights, table, sub, res);
  std::vector<double> scores;
  std::vector<uint8_t> positive;
  for (size_t e = 0; e < d.rows.size(); ++e) {
    if (f >= 0 && fold[e] != static_cast<uint32_t>(f)) continue;
    const double s = res.score[d.rows[e]];
    if (std::isnan(s)) continue;
    scores.push_back(s);
    positive.push_back(d.y[e]);
  }
  return auc_lower_predicts_positive(scores, positive);
}

std::optional<double> mean_of(const std::vector<std::optional<double>>& v) {
  double sum = 0;
  size_t count = 0;
  for (const auto& x : v) {
    if (!x) continue;
    sum += *x;
    ++count;
  }
  if (!count) return std::nullopt;
  return sum / static_cast<double>(count);
}

}  // namespace

FitResult fit_weights(const Model& model, const Weights& weights, const Table& table,
                      const SubScores& sub, const FitOptions& options) {
  if (!model.outcome) throw Error("the model has no \"outcome\": nothing to fit the weights to");
  if (options.folds < 2) throw Error("fitting needs at least 2 folds");
  if (sub.indicators != model.indicators.size() || sub.rows != table.rows()) {
    throw Error("no table has been scored");
  }
  Results current;
  compute_scores(model, weights, table, sub, current);
  const Data d = labelled(model, table, sub, current);
  FitResult out;
  out.customers = d.rows.size();
  for (uint8_t y : d.y) out.positive += y;
  const uint64_t negative = out.customers - out.positive;
  if (out.positive < options.folds || negative < options.folds) {
    throw Error("fitting needs at least " + std::to_string(options.folds) +
                " customers of each outcome (the table has " + std::to_string(out.positive) +
                " positive and " + std::to_string(negative) + " negative)");
  }
  const std::vector<uint32_t> fold = assign_folds(d, options.folds, options.seed);
  for (size_t f = 0; f < options.folds; ++f) {
    std::vector<size_t> train;
    for (size_t e = 0; e < d.rows.size(); ++e) {
      if (fold[e] != f) train.push_back(e);
    }
    Weights fitted = weights;
    const bool any = weights_from(model, fit_coefficients(d, train, options), fitted);
    const int fi = static_cast<int>(f);
    out.fold_auc_before.push_back(fold_auc(model, weights, table, sub, d, fold, fi));
    out.fold_auc_after.push_back(any ? fold_auc(model, fitted, table, sub, d, fold, fi)
                                     : out.fold_auc_before.back());
  }
  out.heldout_auc_before = mean_of(out.fold_auc_before);
  out.heldout_auc_after = mean_of(out.fold_auc_after);
  std::vector<size_t> all(d.rows.size());
  for (size_t e = 0; e < all.size(); ++e) all[e] = e;
  Weights proposal = weights;
  if (!weights_from(model, fit_coefficients(d, all, options), proposal)) {
    out.note = "no indicator separates the outcome: the model's own weights are kept";
  }
  out.indicator_weights = proposal.indicator;
  out.dimension_weights = proposal.dimension;
  return out;
}

}  // namespace kenko
