// Why a customer scored what it did: per indicator, the value read, the points and sub-score
// it gave, and its share of the score (the spec's w_eff) — for the page's detail panel.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model/model.h"
#include "read/table.h"
#include "score/scoring.h"
#include "score/subscores.h"

namespace kenko {

struct IndicatorExplanation {
  std::string value;     // as read ("" when missing); ratio and change: the computed number
  bool present = false;  // the value is there (not missing or invalid)
  bool counts = false;   // in V: present, or missing but given points
  double points = 0, subscore = 0;  // NaN when it does not count
  double share = 0;                 // w_eff: its share of the score (0 when it does not count)
  double contribution = 0;          // share × sub-score: the score points it brings
};

struct CustomerExplanation {
  size_t row = 0;
  uint64_t file_row = 0;  // the header is row 1
  std::vector<IndicatorExplanation> indicators;
};

// Each indicator's share of customer `row`'s score (the spec's w_eff; 0 when it does not count)
// into `share` (resized to the indicators). `scratch` is reused between calls.
void indicator_shares(const Model& model, const Weights& weights, const SubScores& sub, size_t row,
                      std::vector<double>& share, std::vector<double>& scratch);

// Throws kenko::Error when `row` is out of range.
CustomerExplanation explain_customer(const Model& model, const Weights& weights, const Table& table,
                                     const SubScores& sub, size_t row);

}  // namespace kenko
