// Sub-scores → dimension sub-scores, score, coverage, segment, alerts and drivers (spec, "The
// score", "Segments and alerts", "Drivers"). Everything here reads the sub-score matrix only,
// so a what-if change of weights or thresholds re-scores without touching the table's rules.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "model/model.h"
#include "read/table.h"
#include "score/subscores.h"

namespace kenko {

// The weights in force: the model's, or the what-if simulator's.
struct Weights {
  std::vector<double> indicator;  // w, per indicator
  std::vector<double> dimension;  // W, per dimension
  static Weights of(const Model& model);
};

constexpr int32_t kSegmentNone = -1;      // scored, but no segment matched
constexpr int32_t kSegmentUnscored = -2;  // nothing counted
constexpr size_t kMaxDrivers = 3;
using DriverIndex = int16_t;  // an indicator's index (kMaxIndicators), -1 for none

// Alert flags are kept 32 to a word (what a JS Uint32Array reads without conversion).
using AlertWord = uint32_t;
constexpr size_t kAlertBits = 32;
inline size_t alert_words_for(size_t alerts) {
  return (alerts + kAlertBits - 1) / kAlertBits;
}

// What compute_scores() keeps between calls (inside Results): the conditions of segments and
// alerts that read only the table and the sub-scores (fields `indicator.*` and `column.*`) do
// not change with weights or thresholds, so they are evaluated once and kept as bits per
// customer, with the inputs they were computed from. Internal to scoring.cpp.
struct ConditionCache {
  bool valid = false;
  size_t rows = 0;
  uint64_t table_stamp = 0;
  std::vector<std::pair<size_t, uint64_t>> indicator_stamps;  // indicators read, their stamps
  std::vector<std::vector<Condition>> segment_when, alert_when;
  // Per segment, padded_rows(rows) bytes: 1 where its static conditions all hold (empty when
  // the segment has none).
  std::vector<std::vector<uint8_t>> segment_static;
  // Row-major, padded_rows(rows) × alert_words: bit a % 32 of word a / 32 is set where the
  // static conditions of alert a all hold (always, when it has none).
  size_t alert_words = 0;
  std::vector<AlertWord> alert_bits;
};

// Presence patterns (inside Results, internal to scoring.cpp): the indicators whose values a
// customer has. Coverage, Σ w per dimension and Σ W depend on the customer only through it
// (an indicator counts when present, or always when its missing value is given points), so
// they are computed once per pattern, in the same order as for a customer.
struct PatternCache {
  bool valid = false;
  size_t rows = 0;
  uint64_t table_stamp = 0;
  std::vector<uint64_t> stamps;    // of every sub-score column
  size_t words = 0;                // 64-bit words per pattern
  std::vector<uint64_t> patterns;  // count × words: bit i is set when indicator i is present
  std::vector<uint32_t> of_row;    // padded_rows(rows): each customer's pattern
};

// What the dimension sub-scores in Results were computed from (without dimensions: the score),
// per dimension: a what-if change of weights recomputes only the dimensions it touches.
struct DimensionCache {
  bool valid = false;
  size_t rows = 0;
  uint64_t table_stamp = 0;
  // Per group (dimension): its indicators, the bits of their weights and their column stamps.
  std::vector<std::vector<uint64_t>> groups;
};

struct Results {
  size_t rows = 0;
  std::vector<double> score;         // NaN when unscored
  std::vector<double> coverage;      // 0–1
  std::vector<double> dimension;     // column-major rows × dimensions; NaN when left out
  std::vector<int32_t> segment;      // index into Model::segments, or kSegmentNone/kSegmentUnscored
  size_t alert_words = 0;            // 32-bit words of alert flags per customer
  std::vector<AlertWord> alerts;     // rows × alert_words: bit a % 32 of word a / 32 = alert a
  std::vector<DriverIndex> drivers;  // rows × kMaxDrivers indicator indexes, -1 after the last
  bool drivers_ready = false;
  ConditionCache conditions;  // internal
  PatternCache patterns;      // internal
  DimensionCache computed;    // internal

  bool has_alert(size_t row, size_t a) const {
    return (alerts[row * alert_words + a / kAlertBits] >> (a % kAlertBits)) & 1u;
  }
};

// One customer's score as compute_scores gives it, double for double: Σ w·s and Σ w per
// dimension over its indicators in model order from +0.0 (a sub-score that does not count adds
// 0.0), D = Σ w·s / Σ w when Σ w > 0, then Σ W·D / Σ W over the dimensions that count (without
// dimensions the score is the one group's quotient). The reference for one customer at a time:
// the improvement search re-scores its candidate changes through it.
class CustomerScorer {
 public:
  explicit CustomerScorer(const Model& model);
  size_t indicators() const { return group_.size(); }
  size_t dimensions() const { return D_; }
  // The dimension (group) of each indicator; 0 for all without dimensions.
  size_t group_of(size_t indicator) const { return group_[indicator]; }
  // s: each indicator's sub-score (NaN: does not count). dims: D slots, set to each dimension's
  // sub-score (NaN when left out); unused without dimensions. Returns the score (NaN: unscored).
  double score(const Weights& weights, const double* s, double* dims) const;

 private:
  size_t D_ = 0;
  std::vector<size_t> group_;
  std::vector<std::vector<size_t>> members_;  // per group, its indicators in model order
};

// The segment of a score: the first segment whose bounds hold the score and whose conditions
// all hold (holds(g, q): condition q of segment g for this customer); kSegmentNone when none
// does, kSegmentUnscored for a NaN score (spec, "Segments and alerts").
template <typename Holds>
int32_t first_segment(const Model& model, double score, Holds&& holds) {
  if (score != score) return kSegmentUnscored;
  for (size_t g = 0; g < model.segments.size(); ++g) {
    const Segment& seg = model.segments[g];
    if (!within_bounds(seg.min, seg.max, score)) continue;
    bool all = true;
    for (size_t q = 0; all && q < seg.when.size(); ++q) all = holds(g, q);
    if (all) return static_cast<int32_t>(g);
  }
  return kSegmentNone;
}

// Scores, coverage, dimension sub-scores, segments and alerts for every customer.
void compute_scores(const Model& model, const Weights& weights, const Table& table,
                    const SubScores& sub, Results& out);
// Segments and alerts only (after a threshold change: the scores stand).
void compute_segments(const Model& model, const Table& table, const SubScores& sub, Results& out);
// Drivers for every customer (they need the scores first).
void compute_drivers(const Model& model, const Weights& weights, const SubScores& sub,
                     Results& out);
// Full-model share of each indicator (for coverage).
std::vector<double> full_model_shares(const Model& model, const Weights& weights);

const char* segment_id(const Model& model, int32_t segment);

}  // namespace kenko
