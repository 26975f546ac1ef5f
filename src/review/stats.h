// Statistics over scored customers: counts, mean, median, histogram, customers per segment and
// alert, per-indicator missing/invalid counts, and against an outcome: AUC and rates.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"
#include "read/table.h"
#include "score/scoring.h"
#include "score/subscores.h"

namespace kenko {

struct SegmentOutcome {
  uint64_t customers = 0;  // with a known outcome
  uint64_t positive = 0;
};

struct OutcomeStats {
  uint64_t positive = 0, negative = 0, excluded = 0;  // excluded: missing outcome or unscored
  std::optional<double> auc;                          // none without both outcomes
  // Per segment, as Summary::per_segment.
  std::vector<SegmentOutcome> per_segment;
};

// The value column (model extension "value_column": ARR, MRR...) summed per segment. A customer
// without a usable value (missing, not a number, or below 0) adds nothing and is counted.
struct ValueStats {
  std::vector<double> per_segment;  // slots as Summary::per_segment; sums in row order
  double total = 0;
  double at_risk = 0;       // in the segments of the worst tier (segment_tiers() == 0)
  uint64_t without = 0;     // customers without a usable value
  uint64_t with_value = 0;  // customers with one
};

struct Summary {
  static constexpr size_t kBins = 20;
  uint64_t customers = 0, scored = 0, unscored = 0;
  std::optional<double> mean, median;       // over scored customers
  std::array<uint64_t, kBins> histogram{};  // [0,5), [5,10), ..., [95,100]
  // Model segments in order, then "none", then "unscored".
  std::vector<uint64_t> per_segment;
  std::vector<uint64_t> per_alert;
  std::vector<IndicatorReport> indicators;
  // Each indicator's share of the score when every value is present, with the model's weights
  // (full_model_shares in scoring.h).
  std::vector<double> share;
  std::optional<OutcomeStats> outcome;
  std::optional<ValueStats> value;  // with a value column
};

// AUC with the lower score predicting the positive outcome; ties count half. Empty when either
// class is empty. O(n log n).
std::optional<double> auc_lower_predicts_positive(const std::vector<double>& scores,
                                                  const std::vector<uint8_t>& positive);

// The AUC's count, group by group: the groups of equal scores from the lowest up, each with its
// positive and negative customers. A positive beats every negative above its group and half of
// those inside it; twice the count stays an exact integer. (The AUC above, and the AUC of a
// column's values from counts per distinct value: profile.h.)
class AucWalk {
 public:
  AucWalk(uint64_t total_positive, uint64_t total_negative)
      : pos_(total_positive), neg_(total_negative), neg_above_(total_negative) {}
  void group(uint64_t positive, uint64_t negative) {
    neg_above_ -= negative;
    twice_ += positive * (2 * neg_above_ + negative);
  }
  // Empty when either class is empty.
  std::optional<double> auc() const {
    if (!pos_ || !neg_) return std::nullopt;
    return static_cast<double>(twice_) /
           (2.0 * static_cast<double>(pos_) * static_cast<double>(neg_));
  }

 private:
  uint64_t pos_, neg_, neg_above_, twice_ = 0;
};

// True/false for an outcome cell; nullopt when missing.
std::optional<bool> outcome_value(const Outcome& outcome, std::string_view cell);
// Per customer: 1 positive, 0 negative, -1 missing (or no outcome column in the table).
std::vector<int8_t> outcome_labels(const Outcome& outcome, const Table& table);

Summary summarize(const Model& model, const Table& table, const SubScores& sub, const Results& res);

// Per customer: its value (value column), or NaN when it has no usable one (missing, not a
// number, below 0); empty when the model has no value column.
std::vector<double> customer_values(const Model& model, const Table& table);

// Index into Summary::per_segment for a Results::segment value.
size_t summary_segment_slot(const Model& model, int32_t segment);

}  // namespace kenko
