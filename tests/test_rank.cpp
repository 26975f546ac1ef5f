// Percentile ranks: the radix path gives exactly the counts of a comparison sort.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "score/rank.h"

namespace {
std::vector<double> by_search(const std::vector<double>& v, const std::vector<bool>& present) {
  std::vector<double> sorted;
  for (size_t i = 0; i < v.size(); ++i) {
    if (present[i]) sorted.push_back(v[i]);
  }
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> out(v.size(), 0.0);
  for (size_t i = 0; i < v.size(); ++i) {
    if (!present[i]) continue;
    auto lo = std::lower_bound(sorted.begin(), sorted.end(), v[i]);
    auto hi = std::upper_bound(lo, sorted.end(), v[i]);
    double L = static_cast<double>(lo - sorted.begin()), E = static_cast<double>(hi - lo);
    out[i] = (L + E / 2) / static_cast<double>(sorted.size());
  }
  return out;
}
std::vector<double> ranks(const std::vector<double>& v, const std::vector<bool>& p) {
  std::vector<double> masked = v;  // NaN: takes no part
  for (size_t i = 0; i < v.size(); ++i) {
    if (!p[i]) masked[i] = std::numeric_limits<double>::quiet_NaN();
  }
  const kenko::PercentileRanks ranks = kenko::percentile_ranks(masked.data(), masked.size());
  std::vector<double> out(v.size(), 0.0);  // the fraction of every value, 0 for NaN
  for (size_t i = 0; i < v.size(); ++i) {
    if (ranks.group[i] != kenko::PercentileRanks::kNone) out[i] = ranks.fraction[ranks.group[i]];
  }
  return out;
}
}  // namespace

TEST_CASE("percentile fractions: hand-computed, ties, signs, zeros", "[rank]") {
  CHECK(ranks({2.5, 12, -1, 2.5}, {true, true, true, true}) ==
        std::vector<double>{0.5, 0.875, 0.125, 0.5});
  CHECK(ranks({-0.0, 0.0, 5}, {true, true, true}) ==
        std::vector<double>{1.0 / 3, 1.0 / 3, 5.0 / 6});
  CHECK(ranks({7, 1, 3}, {true, false, true}) == std::vector<double>{0.75, 0, 0.25});
  CHECK(ranks({}, {}).empty());
  CHECK(ranks({4}, {false}) == std::vector<double>{0});
}

TEST_CASE("percentile fractions equal the binary-search counts on random data", "[rank]") {
  uint64_t s = 12345;
  auto next = [&s] {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  };
  // Rounds 0, 2, 4: up to 20,000 distinct values (counted by hashing); round 5: 150,000 values,
  // most distinct (more than 65,536: sorted by radix).
  for (int round = 0; round < 6; ++round) {
    std::vector<double> v;
    std::vector<bool> p;
    const int count = round == 5 ? 150000 : 20000;
    for (int i = 0; i < count; ++i) {
      uint64_t r = next();
      double x = round % 2 && round != 5
                     ? static_cast<double>(r % 50) - 25  // many ties
                     : (static_cast<double>(r % 2000000) - 1e6) / 7.0 * (r % 3 ? 1 : 1e-300);
      v.push_back(x);
      p.push_back(r % 11 != 0);
    }
    CHECK(ranks(v, p) == by_search(v, p));
  }
}
