// Ranks for the percentile rule: for each value v, (L + E/2) / N where L counts the values
// below v and E those equal to it (v included), without a per-row search.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kenko {

// The ranks of the values that are not NaN (the others take no part): the distinct values,
// each with its fraction, and which distinct value each row holds. Exactly the counts a
// comparison sort gives (−0 equals +0). Distinct values are counted and sorted when there are
// at most 65,536 of them; beyond, every value is sorted (radix).
struct PercentileRanks {
  static constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> group;   // per row: its distinct value's index, kNone for NaN
  std::vector<double> fraction;  // per distinct value (L + E/2) / N
};
PercentileRanks percentile_ranks(const double* values, size_t n);

}  // namespace kenko
