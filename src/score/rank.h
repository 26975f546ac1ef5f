// Ranks for the percentile rule: for each value v, (L + E/2) / N where L counts the values
// below v and E those equal to it (v included), without a per-row search.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace kenko {

// A uint64 whose unsigned order is the order of the doubles (−0 as +0; NaN excluded), and back.
inline uint64_t order_key(double v) {
  if (v == 0) v = 0.0;
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
}
inline double from_order_key(uint64_t k) {
  const uint64_t bits = (k >> 63) ? k & ~(uint64_t{1} << 63) : ~k;
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// Sorts items by a 64-bit key (key(item)): a stable LSD radix sort, 16 bits a pass, the four
// histograms counted in one read, passes where every key has the same digit skipped.
template <class T, class KeyOf>
void radix_sort(std::vector<T>& items, KeyOf key) {
  if (items.empty()) return;
  std::vector<T> other(items.size());
  std::vector<uint32_t> count(size_t{4} << 16, 0);
  for (const T& it : items) {
    const uint64_t k = key(it);
    ++count[k & 0xFFFF];
    ++count[(1 << 16) + ((k >> 16) & 0xFFFF)];
    ++count[(2 << 16) + ((k >> 32) & 0xFFFF)];
    ++count[(3 << 16) + (k >> 48)];
  }
  for (int pass = 0; pass < 4; ++pass) {
    const int shift = 16 * pass;
    uint32_t* c = count.data() + (static_cast<size_t>(pass) << 16);
    if (c[(key(items[0]) >> shift) & 0xFFFF] == items.size()) continue;
    uint32_t sum = 0;
    for (size_t d = 0; d < (1 << 16); ++d) {
      const uint32_t here = c[d];
      c[d] = sum;
      sum += here;
    }
    for (const T& it : items) other[c[(key(it) >> shift) & 0xFFFF]++] = it;
    items.swap(other);
  }
}

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
