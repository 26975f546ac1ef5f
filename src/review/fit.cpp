#include "review/fit.h"

#include <algorithm>
#include <cmath>
#include <limits>
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

// One homogeneous linear constraint on x = (intercept, β): a·x ≤ 0, or = 0 when `equal`.
struct ConstraintRow {
  std::vector<double> a;
  bool equal = false;
};

// The rows of the constraints over m = k + 1 coordinates (coordinate 0 the intercept, never
// constrained), β ≥ 0 included; shares of locked indicators in `locked_share`.
std::vector<ConstraintRow> constraint_rows(const Model& model, const FitConstraints& c,
                                           const std::vector<double>& locked_share) {
  const size_t k = model.indicators.size(), m = k + 1;
  std::vector<ConstraintRow> rows;
  auto row = [&](bool equal) -> std::vector<double>& {
    rows.push_back({std::vector<double>(m, 0.0), equal});
    return rows.back().a;
  };
  for (size_t i = 0; i < k; ++i) row(false)[i + 1] = -1;  // β_i ≥ 0
  for (size_t i = 0; i < k; ++i) {
    if (!c.locked.empty() && c.locked[i]) {  // β_i = c Σβ
      std::vector<double>& a = row(true);
      for (size_t j = 1; j < m; ++j) a[j] = -locked_share[i];
      a[i + 1] += 1;
    } else if (!c.indicator_min.empty() && c.indicator_min[i] && *c.indicator_min[i] > 0) {
      std::vector<double>& a = row(false);  // min Σβ − β_i ≤ 0
      for (size_t j = 1; j < m; ++j) a[j] = *c.indicator_min[i];
      a[i + 1] -= 1;
    }
  }
  for (size_t dd = 0; dd < model.dimensions.size(); ++dd) {
    const int d = static_cast<int>(dd);
    const double lo = c.dimension_min.empty() ? 0.0 : c.dimension_min[dd].value_or(0.0);
    const double hi = c.dimension_max.empty() ? 1.0 : c.dimension_max[dd].value_or(1.0);
    if (lo > 0) {  // min Σβ − Σ_d β ≤ 0
      std::vector<double>& a = row(false);
      for (size_t i = 0; i < k; ++i) a[i + 1] = lo - (model.indicators[i].dimension == d ? 1 : 0);
    }
    if (hi < 1) {  // Σ_d β − max Σβ ≤ 0
      std::vector<double>& a = row(false);
      for (size_t i = 0; i < k; ++i) a[i + 1] = (model.indicators[i].dimension == d ? 1 : 0) - hi;
    }
  }
  return rows;
}

// The inverse of the symmetric positive definite m × m matrix H (Gauss–Jordan, no pivoting
// needed for a positive definite matrix; the same operations in the same order everywhere).
std::vector<double> inverse(std::vector<double> H, size_t m) {
  std::vector<double> inv(m * m, 0.0);
  for (size_t i = 0; i < m; ++i) inv[i * m + i] = 1;
  for (size_t c = 0; c < m; ++c) {
    const double pivot = H[c * m + c];
    for (size_t j = 0; j < m; ++j) {
      H[c * m + j] /= pivot;
      inv[c * m + j] /= pivot;
    }
    for (size_t r = 0; r < m; ++r) {
      if (r == c) continue;
      const double f = H[r * m + c];
      if (f == 0) continue;
      for (size_t j = 0; j < m; ++j) {
        H[r * m + j] -= f * H[c * m + j];
        inv[r * m + j] -= f * inv[c * m + j];
      }
    }
  }
  return inv;
}

// Minimises c·δ + ½ δᵀ H δ over δ with every row a_j·δ ≤ b_j (= b_j when equal), given
// M = H⁻¹, by Hildreth's dual coordinate ascent: δ = −M (c + Σ λ_j a_j), each λ_j in turn set
// so that its row just holds (λ_j ≥ 0 for an inequality), until no λ moves.
std::vector<double> hildreth(const std::vector<double>& M, const std::vector<double>& c,
                             const std::vector<ConstraintRow>& rows, const std::vector<double>& b,
                             size_t m) {
  std::vector<double> delta(m, 0.0);
  for (size_t i = 0; i < m; ++i) {
    double s = 0;
    for (size_t j = 0; j < m; ++j) s -= M[i * m + j] * c[j];
    delta[i] = s;
  }
  const size_t q = rows.size();
  std::vector<double> u(q * m), dj(q), lambda(q, 0.0);
  for (size_t r = 0; r < q; ++r) {
    const std::vector<double>& a = rows[r].a;
    double d = 0;
    for (size_t i = 0; i < m; ++i) {
      double s = 0;
      for (size_t j = 0; j < m; ++j) s += M[i * m + j] * a[j];
      u[r * m + i] = s;
      d += a[i] * s;
    }
    dj[r] = d;
  }
  for (int sweep = 0; sweep < 20000; ++sweep) {
    double moved = 0, scale = 1;
    for (size_t i = 0; i < m; ++i) scale = std::max(scale, std::fabs(delta[i]));
    for (size_t r = 0; r < q; ++r) {
      if (!(dj[r] > 0)) continue;
      const std::vector<double>& a = rows[r].a;
      double ad = 0;
      for (size_t i = 0; i < m; ++i) ad += a[i] * delta[i];
      double next = lambda[r] + (ad - b[r]) / dj[r];
      if (!rows[r].equal) next = std::max(next, 0.0);
      const double change = next - lambda[r];
      if (change == 0) continue;
      for (size_t i = 0; i < m; ++i) delta[i] -= change * u[r * m + i];
      lambda[r] = next;
      moved = std::max(moved, std::fabs(change) * dj[r]);
    }
    if (moved < 1e-13 * scale) break;
  }
  return delta;
}

// The Newton step over the constraint rows: minimises g·δ + ½ δᵀ H δ with a·(x + δ) ≤ 0
// (= 0) for every row; x satisfies them.
std::vector<double> constrained_step(const std::vector<double>& H, const std::vector<double>& g,
                                     const std::vector<double>& x,
                                     const std::vector<ConstraintRow>& rows, size_t m) {
  std::vector<double> b(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    double v = 0;
    for (size_t i = 0; i < m; ++i) v -= rows[r].a[i] * x[i];
    b[r] = v;
  }
  return hildreth(inverse(H, m), g, rows, b, m);
}

// Fits β ≥ 0 (one per indicator) on the customers `train` (indexes into d); see fit.h. With
// constraint rows, each Newton step is solved over them (constrained_step).
std::vector<double> fit_coefficients(const Data& d, const std::vector<size_t>& train,
                                     const FitOptions& options,
                                     const std::vector<ConstraintRow>* rows = nullptr) {
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
    if (rows) delta = constrained_step(H, g, beta, *rows, m);
    for (int sweep = 0; !rows && sweep < 500; ++sweep) {
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

bool FitConstraints::any() const {
  for (uint8_t l : locked) {
    if (l) return true;
  }
  for (const auto* v : {&indicator_min, &dimension_min, &dimension_max}) {
    for (const std::optional<double>& x : *v) {
      if (x) return true;
    }
  }
  return false;
}

FitConstraints fit_constraints_from_json(const Model& model, std::string_view json_text) {
  using Json = nlohmann::json;
  Json j;
  try {
    j = Json::parse(json_text);
  } catch (const std::exception& e) {
    throw Error(std::string("constraints: not JSON: ") + e.what());
  }
  if (!j.is_object()) throw Error("constraints: must be an object");
  FitConstraints c;
  const size_t k = model.indicators.size(), D = model.dimensions.size();
  auto share = [](const Json& v, const std::string& path) {
    if (!v.is_number() || !(v.get<double>() >= 0 && v.get<double>() <= 100)) {
      throw Error(path + ": a share in percent, from 0 to 100");
    }
    return v.get<double>() / 100.0;
  };
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const Json& v = it.value();
    if (key == "lock") {
      if (!v.is_array()) throw Error("constraints.lock: a list of indicator ids");
      for (size_t n = 0; n < v.size(); ++n) {
        const std::string path = "constraints.lock[" + std::to_string(n) + "]";
        const int i = v[n].is_string() ? model.indicator_index(v[n].get<std::string>()) : -1;
        if (i < 0) throw Error(path + ": no indicator " + v[n].dump());
        c.locked.resize(k, 0);
        c.locked[static_cast<size_t>(i)] = 1;
      }
    } else if (key == "indicators" || key == "dimensions") {
      const bool ind = key == "indicators";
      if (!v.is_object())
        throw Error("constraints." + key + ": an object keyed by " +
                    (ind ? "indicator" : "dimension") + " ids");
      for (auto e = v.begin(); e != v.end(); ++e) {
        const std::string path = "constraints." + key + "." + e.key();
        const int idx = ind ? model.indicator_index(e.key()) : model.dimension_index(e.key());
        if (idx < 0)
          throw Error(path + ": the model has no such " + (ind ? "indicator" : "dimension"));
        if (!e.value().is_object()) throw Error(path + ": an object ({\"min_share\": ...})");
        for (auto f = e.value().begin(); f != e.value().end(); ++f) {
          const std::string fpath = path + "." + f.key();
          const size_t x = static_cast<size_t>(idx);
          if (f.key() == "min_share") {
            auto& list = ind ? c.indicator_min : c.dimension_min;
            list.resize(ind ? k : D);
            list[x] = share(f.value(), fpath);
          } else if (f.key() == "max_share" && !ind) {
            c.dimension_max.resize(D);
            c.dimension_max[x] = share(f.value(), fpath);
          } else {
            throw Error(fpath + ": unknown key (" + (ind ? "min_share" : "min_share, max_share") +
                        ")");
          }
        }
      }
    } else if (key.rfind("x-", 0) != 0) {
      throw Error("constraints." + key + ": unknown key (lock, indicators, dimensions)");
    }
  }
  return c;
}

namespace {
std::string percent_text(double share) {
  const double p = std::round(share * 10000.0) / 100.0;
  std::string s = std::to_string(p);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s + "%";
}

// Whether some shares π ≥ 0 adding up to 1 satisfy the rows (over coordinates 1..m−1): the
// projection of the uniform shares onto them (Hildreth, H = I) must end feasible.
bool feasible(std::vector<ConstraintRow> rows, size_t m) {
  std::vector<double> b(rows.size(), 0.0);
  ConstraintRow sum{std::vector<double>(m, 1.0), true};
  sum.a[0] = 0;
  rows.push_back(sum);
  b.push_back(1.0);
  std::vector<double> I(m * m, 0.0), c(m, 0.0);
  for (size_t i = 0; i < m; ++i) I[i * m + i] = 1;
  for (size_t i = 1; i < m; ++i) c[i] = -1.0 / static_cast<double>(m - 1);
  const std::vector<double> p = hildreth(I, c, rows, b, m);
  for (size_t r = 0; r < rows.size(); ++r) {
    double v = 0;
    for (size_t i = 0; i < m; ++i) v += rows[r].a[i] * p[i];
    v -= b[r];
    if (rows[r].equal ? std::fabs(v) > 1e-7 : v > 1e-7) return false;
  }
  return true;
}
}  // namespace

void check_fit_constraints(const Model& model, const Weights& weights, const FitConstraints& c) {
  const size_t k = model.indicators.size(), D = model.dimensions.size();
  if ((!c.locked.empty() && c.locked.size() != k) ||
      (!c.indicator_min.empty() && c.indicator_min.size() != k) ||
      (!c.dimension_min.empty() && c.dimension_min.size() != D) ||
      (!c.dimension_max.empty() && c.dimension_max.size() != D)) {
    throw Error("the constraints do not fit the model (indicators or dimensions differ)");
  }
  if (D == 0 && (!c.dimension_min.empty() || !c.dimension_max.empty())) {
    throw Error("the model has no dimensions to constrain");
  }
  const std::vector<double> share = full_model_shares(model, weights);
  double locked_total = 0, floor_total = 0;
  for (size_t i = 0; i < k; ++i) {
    const bool locked = !c.locked.empty() && c.locked[i];
    if (locked) locked_total += share[i];
    if (locked) continue;
    if (!c.indicator_min.empty() && c.indicator_min[i]) floor_total += *c.indicator_min[i];
  }
  if (locked_total + floor_total > 1 + 1e-9) {
    throw Error("the locked shares (" + percent_text(locked_total) +
                ") and the indicators' minimum shares (" + percent_text(floor_total) +
                ") add up to more than 100%");
  }
  double dim_floor = 0;
  for (size_t d = 0; d < D; ++d) {
    const double lo = c.dimension_min.empty() ? 0.0 : c.dimension_min[d].value_or(0.0);
    const double hi = c.dimension_max.empty() ? 1.0 : c.dimension_max[d].value_or(1.0);
    const std::string name = "dimension '" + model.dimensions[d].id + "'";
    if (lo > hi) {
      throw Error(name + ": its minimum share " + percent_text(lo) + " is above its maximum " +
                  percent_text(hi));
    }
    double inside = 0;
    bool has = false;
    for (size_t i = 0; i < k; ++i) {
      if (model.indicators[i].dimension != static_cast<int>(d)) continue;
      has = true;
      if (!c.locked.empty() && c.locked[i]) {
        inside += share[i];
      } else if (!c.indicator_min.empty() && c.indicator_min[i]) {
        inside += *c.indicator_min[i];
      }
    }
    if (lo > 0 && !has) throw Error(name + " has no indicator to give a share to");
    if (inside > hi + 1e-9) {
      throw Error(name + ": its locked and minimum indicator shares (" + percent_text(inside) +
                  ") exceed its maximum share " + percent_text(hi));
    }
    dim_floor += std::max(lo, inside);
  }
  if (dim_floor > 1 + 1e-9) {
    throw Error(
        "the dimensions' minimum shares (with locked and minimum indicator shares) add "
        "up to " +
        percent_text(dim_floor) + ", more than 100%");
  }
  std::vector<double> locked_share(k, 0.0);
  for (size_t i = 0; i < k; ++i) locked_share[i] = share[i];
  if (!feasible(constraint_rows(model, c, locked_share), k + 1)) {
    throw Error(
        "the constraints cannot all hold at once (check the locked shares against the "
        "dimensions' maximum shares)");
  }
}

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
  // Constraints: checked first; the rows they cut (locked shares from the weights in force).
  const FitConstraints& c = options.constraints;
  std::vector<ConstraintRow> rows;
  out.constrained = c.any();
  if (out.constrained) {
    check_fit_constraints(model, weights, c);
    const std::vector<double> share = full_model_shares(model, weights);
    rows = constraint_rows(model, c, share);
    out.locked_shares.assign(model.indicators.size(), std::numeric_limits<double>::quiet_NaN());
    for (size_t i = 0; i < c.locked.size(); ++i) {
      if (c.locked[i]) out.locked_shares[i] = share[i];
    }
  }
  const std::vector<ConstraintRow>* constraint = out.constrained ? &rows : nullptr;
  const std::vector<uint32_t> fold = assign_folds(d, options.folds, options.seed);
  for (size_t f = 0; f < options.folds; ++f) {
    std::vector<size_t> train;
    for (size_t e = 0; e < d.rows.size(); ++e) {
      if (fold[e] != f) train.push_back(e);
    }
    Weights fitted = weights;
    const bool any = weights_from(model, fit_coefficients(d, train, options, constraint), fitted);
    const int fi = static_cast<int>(f);
    out.fold_auc_before.push_back(fold_auc(model, weights, table, sub, d, fold, fi));
    out.fold_auc_after.push_back(any ? fold_auc(model, fitted, table, sub, d, fold, fi)
                                     : out.fold_auc_before.back());
    if (out.constrained) {
      Weights free = weights;
      const bool some = weights_from(model, fit_coefficients(d, train, options), free);
      out.fold_auc_unconstrained.push_back(some ? fold_auc(model, free, table, sub, d, fold, fi)
                                                : out.fold_auc_before.back());
    }
  }
  out.heldout_auc_before = mean_of(out.fold_auc_before);
  out.heldout_auc_after = mean_of(out.fold_auc_after);
  if (out.constrained) out.heldout_auc_unconstrained = mean_of(out.fold_auc_unconstrained);
  std::vector<size_t> all(d.rows.size());
  for (size_t e = 0; e < all.size(); ++e) all[e] = e;
  Weights proposal = weights;
  if (!weights_from(model, fit_coefficients(d, all, options, constraint), proposal)) {
    out.note = "no indicator separates the outcome: the model's own weights are kept";
  }
  out.indicator_weights = proposal.indicator;
  out.dimension_weights = proposal.dimension;
  return out;
}

}  // namespace kenko
