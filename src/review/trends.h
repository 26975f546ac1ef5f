// Trends between two snapshots of the same customers (joined by the id column), both scored
// with the same model and weights: per customer the score then and now, the change, the
// segment move, the indicator that drove the change most, and a "deteriorating" flag.
#pragma once
#include <cstdint>
#include <vector>

#include "model/model.h"
#include "read/table.h"
#include "score/scoring.h"
#include "score/subscores.h"

namespace kenko {

constexpr int32_t kNotInPrevious = -1;
constexpr int32_t kSegmentAbsent = -3;  // segment_prev of a customer the previous lacks

// Row of each current customer in the previous table (kNotInPrevious when absent). Ids are
// compared trimmed; a missing id (empty, NA, -, ... as for any cell) joins nothing. Throws
// kenko::Error naming the rows of a duplicate id in either table.
std::vector<int32_t> join_by_id(const Model& model, const Table& now, const Table& previous);

struct Trends {
  std::vector<int32_t> previous_row;   // from join_by_id
  std::vector<double> score_prev;      // NaN: absent, or unscored then
  std::vector<double> score_change;    // now − then; NaN unless both are scored
  std::vector<int32_t> segment_prev;   // as Results::segment, or kSegmentAbsent
  std::vector<int32_t> change_driver;  // indicator index, -1 for none
  std::vector<uint8_t> deteriorating;  // score_change ≤ −model.deteriorating_drop
  uint64_t matched = 0, only_now = 0, only_previous = 0, deteriorating_count = 0;
};

// The change driver: the indicator whose contribution to the score (w_eff × sub-score, each
// snapshot with its own w_eff) moved most in the direction of the score's change; ties in
// model order; none when the score did not change or either side is unscored.
Trends compute_trends(const Model& model, const Weights& weights, const Table& now,
                      const SubScores& now_sub, const Results& now_res, const Table& previous,
                      const SubScores& previous_sub, const Results& previous_res,
                      std::vector<int32_t> previous_row);

}  // namespace kenko
