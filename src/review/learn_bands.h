// Learning an indicator's thresholds from healthy customers (the seed articles' advice: model
// what good customers do). Given which customers are exemplary — those that stayed (the
// outcome is negative), or those whose cell in a chosen column is one of some texts (for
// example renewed = yes) — propose new bounds for a bands or linear rule from their values:
// - bands (every bounded band has only `min`, or only `max`; the points rise or fall steadily
//   along the list, which tells whether more or less is better): from the best level outwards,
//   the edge of the best level is the healthy median, the next edges the healthy 25th, 10th,
//   5th, 2.5th… percentiles when more is better (75th, 90th, 95th… when less is better).
//   Points, order, the kind of bound and the catch-all band stay.
// - linear: `to` at the healthy median and `from` at the healthy 5th percentile (95th when
//   less is better).
// A q-quantile is the healthy value at rank ⌊q·(n−1)⌋ in ascending order: always a value the
// table holds, so thresholds read as the data is written.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"
#include "read/table.h"
#include "score/scoring.h"
#include "score/subscores.h"

namespace kenko {

struct HealthySpec {
  std::string column;               // empty: the customers whose outcome is negative
  std::vector<std::string> values;  // texts that mark a healthy customer (case-insensitive)
};

struct ThresholdReach {
  double threshold = 0;      // a band bound, or linear `to`
  double healthy_share = 0;  // of healthy customers with a value, the share that reach it
  double all_share = 0;      // of all customers with a value
};

struct BandsProposal {
  Rule rule;              // the proposed rule
  std::string rule_json;  // as JSON text, for a model file or the what-if setRule
  uint64_t healthy = 0, healthy_with_value = 0;
  std::vector<ThresholdReach> reach;  // per proposed bound, best first
  std::vector<std::string> notes;     // e.g. a band that the proposal shadows
};

// Throws kenko::Error naming the problem: unknown indicator, a rule that is not bands or
// linear, bands with both bounds, no outcome (default spec) or no such column, fewer than 10
// healthy customers with a value.
BandsProposal propose_bands(const Model& model, const Table& table, size_t indicator,
                            const HealthySpec& healthy);

}  // namespace kenko
