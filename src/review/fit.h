// Fitting the model's weights to the outcome: non-negative indicator (and dimension) weights
// that best separate the customers who churned, proposed for the user to apply, adjust or
// discard, and judged by k-fold held-out AUC so that a proposal that merely memorises the
// table shows no gain.
//
// Method: L2-regularised logistic regression of the outcome on the sub-scores (s / 100; a
// value that does not count takes the training mean), with every coefficient constrained so
// that a higher sub-score never raises the churn risk (β ≥ 0 on −s). Proximal Newton: at each
// step the weighted Gram matrix of the quadratic approximation is built once (O(n k²)) and the
// box-constrained quadratic solved exactly by coordinate descent; a step that does not lower
// the objective is halved. All arithmetic uses det_math, so native and WebAssembly give the
// same bits.
//
// Weights from coefficients: an indicator's effective share of the score is proportional to
// its β. Without dimensions w_i = β_i; with dimensions w_i = β_i and each dimension's weight
// W_d = Σ β over its indicators, which gives every indicator exactly the share β_i / Σ β.
// Scaled so the indicator weights add up to 100, rounded to 2 decimals.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "read/table.h"
#include "score/scoring.h"
#include "score/subscores.h"

namespace kenko {

// Constraints on a fit (shares are fractions of the score, 0–1; see docs/MODEL.md's fit section):
// a locked indicator keeps the share it has under the weights in force; an indicator's share
// is at least its minimum; a dimension's share (the sum of its indicators') stays within its
// minimum and maximum. The fit is then the same regression with β kept in the cone these
// homogeneous linear constraints cut (every Newton step a quadratic solved over it by
// Hildreth's dual coordinate ascent); the held-out AUC of the unconstrained fit is given too.
struct FitConstraints {
  std::vector<uint8_t> locked;                                      // per indicator (or empty)
  std::vector<std::optional<double>> indicator_min;                 // per indicator (or empty)
  std::vector<std::optional<double>> dimension_min, dimension_max;  // per dimension (or empty)
  bool any() const;
};

// Reads constraints from JSON keyed by ids, shares in percent:
//   {"lock": ["nps"], "indicators": {"logins": {"min_share": 5}},
//    "dimensions": {"engagement": {"min_share": 20, "max_share": 50}}}
// Throws kenko::Error naming the JSON path of a bad entry.
FitConstraints fit_constraints_from_json(const Model& model, std::string_view json_text);

// Throws kenko::Error when the constraints cannot all hold (naming why), or do not fit the model.
void check_fit_constraints(const Model& model, const Weights& weights, const FitConstraints& c);

struct FitOptions {
  size_t folds = 5;
  FitConstraints constraints;
  double l2 = 1.0;        // λ per 1,000 training customers
  uint64_t seed = 1;      // fold assignment (stratified by outcome)
  size_t max_steps = 50;  // Newton steps
};

struct FitResult {
  std::vector<double> indicator_weights;  // the proposal, per indicator
  std::vector<double> dimension_weights;  // per dimension (empty without dimensions)
  // Mean over the folds of the AUC on each held-out fold: the model's own weights, and the
  // weights fitted on the other folds.
  std::optional<double> heldout_auc_before, heldout_auc_after;
  std::vector<std::optional<double>> fold_auc_before, fold_auc_after;
  uint64_t customers = 0;  // scored, with a known outcome (the ones fitted and judged)
  uint64_t positive = 0;
  std::string note;  // why the proposal is the model's own weights, when it is
  // With constraints: the held-out AUC of the fit without them (the same folds), the shares a
  // locked indicator keeps, and whether any constraint was given.
  bool constrained = false;
  std::optional<double> heldout_auc_unconstrained;
  std::vector<std::optional<double>> fold_auc_unconstrained;
  std::vector<double> locked_shares;  // per indicator: its share when locked, else NaN
};

// Throws kenko::Error when the model has no outcome or the table too few customers of either
// outcome (at least `folds` of each).
FitResult fit_weights(const Model& model, const Weights& weights, const Table& table,
                      const SubScores& sub, const FitOptions& options = {});

}  // namespace kenko
