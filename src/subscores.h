// Rules → points → sub-scores: the dense customers × indicators matrix that every score,
// segment and driver is computed from, and that a what-if change re-uses.
#pragma once
#include <cstdint>
#include <vector>

#include "model.h"
#include "table.h"

namespace kenko {

struct IndicatorReport {
  RowList missing;  // no value (missing cell, ratio over 0, ...)
  RowList invalid;  // a cell that is neither missing nor usable by the rule (reported)
};

struct SubScores {
  size_t rows = 0, indicators = 0;
  // Column-major, rows × indicators: the sub-score (0–100) that counts in the score, or NaN
  // when the indicator does not count for that customer (missing under "reweight").
  std::vector<double> s;
  // 1 when the value is present (not missing), whatever the missing-value policy.
  std::vector<uint8_t> present;
  std::vector<IndicatorReport> reports;

  const double* column(size_t i) const { return s.data() + i * rows; }
  const uint8_t* present_column(size_t i) const { return present.data() + i * rows; }
};

// Applies every indicator's rule to the table.
SubScores compute_subscores(const Model& model, const Table& table);
// Re-applies indicator i's rule alone (after a what-if rule change).
void recompute_indicator(const Model& model, const Table& table, size_t i, SubScores& out);

// The points a boolean rule reads from a cell: 1 true-like, 0 false-like, -1 neither.
int boolean_value(std::string_view cell);

}  // namespace kenko
