// Ranks for the percentile rule: for each value v, (L + E/2) / N where L counts the values
// below v and E those equal to it (v included). Linear-time radix sort: no per-row search.
#pragma once
#include <cstddef>
#include <vector>

namespace kenko {

// `present[i]` says values[i] takes part. Returns the fraction for every present value (the
// others are left 0). Exactly the counts a comparison sort gives (−0 equals +0).
std::vector<double> percentile_fractions(const double* values, const bool* present, size_t n);

}  // namespace kenko
