// The score reviewed against the outcome (who actually churned): the AUC (spec, "Outcome"), the
// ROC curve, the outcome rate per score decile (a lift table) and each indicator's own AUC by
// its sub-score with its missing rate, so a CS team sees which indicators separate churners.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"
#include "read/table.h"
#include "review/stats.h"
#include "score/scoring.h"
#include "score/subscores.h"

namespace kenko {

// One point of the ROC curve: customers scored ≤ `threshold` are predicted positive (the first
// point, (0, 0), has threshold −∞: null in JSON).
struct RocPoint {
  double threshold = 0;
  double fpr = 0, tpr = 0;  // false and true positive rates
};

// Deciles by score, lowest first (decile 1 holds the lowest-scored tenth). Customers with equal
// scores are never split: a group of ties belongs to the decile of its first customer in score
// order (so a decile may hold more or fewer than a tenth, or none).
struct DecileRow {
  uint64_t customers = 0, positive = 0;
  std::optional<double> min_score, max_score;  // none when the decile is empty
  std::optional<double> rate;                  // positive / customers
  std::optional<double> lift;                  // rate / the overall rate
};

struct IndicatorValidation {
  std::optional<double>
      auc;                  // by its sub-score, over customers with a known outcome where it counts
  uint64_t missing = 0;     // customers whose value is missing (any outcome)
  double missing_rate = 0;  // missing / customers
};

// The review weighted by each customer's value (model extension "value_column"): a customer's
// weight is its value (0 without a usable one). The value AUC is the chance that a churned unit
// of value scores below a retained one (ties half); the deciles are those of `deciles` (the same
// customers), with the value they hold, the churned part of it, its rate and its lift over the
// overall value rate.
struct ValueDecile {
  double value = 0, positive = 0;
  std::optional<double> rate, lift;
};
struct ValueReview {
  std::optional<double> auc;  // none without value on both sides
  double positive = 0, negative = 0;
  uint64_t without = 0;  // customers with an outcome but no usable value (weight 0)
  std::vector<ValueDecile> deciles;
};

struct Validation {
  OutcomeStats outcome;
  std::optional<ValueReview> value;  // with a value column
  std::vector<RocPoint> roc;         // from (0,0) to (1,1); at most kMaxRocPoints
  std::vector<DecileRow> deciles;    // 10
  std::vector<IndicatorValidation> indicators;
};

constexpr size_t kMaxRocPoints = 512;

// Throws kenko::Error when the model has no outcome.
Validation validate_outcome(const Model& model, const Table& table, const SubScores& sub,
                            const Results& res, const Summary& summary);

// The ROC curve of `scores` (lower predicts positive) at every distinct score, thinned to at
// most `max_points` points spread evenly over the customers (the first and last kept).
std::vector<RocPoint> roc_curve(const std::vector<double>& scores,
                                const std::vector<uint8_t>& positive, size_t max_points);

// The AUC with customer i weighing weights[i] (≥ 0) on either side; ties count half. Sums run
// in score order (ties in input order), so every platform adds in the same order.
std::optional<double> weighted_auc_lower_predicts_positive(const std::vector<double>& scores,
                                                           const std::vector<uint8_t>& positive,
                                                           const std::vector<double>& weights);

std::vector<DecileRow> score_deciles(const std::vector<double>& scores,
                                     const std::vector<uint8_t>& positive);

}  // namespace kenko
