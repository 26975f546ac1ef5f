// Sub-scores → dimension sub-scores, score, coverage, segment, alerts and drivers (spec, "The
// score", "Segments and alerts", "Drivers"). Everything here reads the sub-score matrix only,
// so a what-if change of weights or thresholds re-scores without touching the table's rules.
#pragma once
#include <cstdint>
#include <vector>

#include "model.h"
#include "subscores.h"
#include "table.h"

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

struct Results {
  size_t rows = 0;
  std::vector<double> score;      // NaN when unscored
  std::vector<double> coverage;   // 0–1
  std::vector<double> dimension;  // column-major rows × dimensions; NaN when left out
  std::vector<int32_t> segment;   // index into Model::segments, or kSegmentNone/kSegmentUnscored
  size_t alert_words = 0;         // 64-bit words of alert flags per customer
  std::vector<uint64_t> alerts;   // rows × alert_words, bit a = alert a
  std::vector<int32_t> drivers;   // rows × kMaxDrivers indicator indexes, -1 after the last
  bool drivers_ready = false;

  bool has_alert(size_t row, size_t a) const {
    return (alerts[row * alert_words + a / 64] >> (a % 64)) & 1u;
  }
};

// Scores, coverage, dimension sub-scores, segments and alerts for every customer.
void compute_scores(const Model& model, const Weights& weights, const Table& table,
                    const SubScores& sub, Results& out);
// Segments and alerts only (after a threshold change: the scores stand).
void compute_segments(const Model& model, const Table& table, const SubScores& sub, Results& out);
// Drivers for every customer (they need the scores first).
void compute_drivers(const Model& model, const Weights& weights, const SubScores& sub, Results& out);
// Full-model share of each indicator (for coverage).
std::vector<double> full_model_shares(const Model& model, const Weights& weights);

const char* segment_id(const Model& model, int32_t segment);

}  // namespace kenko
