#include "rank.h"

#include <cstdint>
#include <cstring>

namespace kenko {

namespace {

// A uint64 whose unsigned order is the order of the doubles (finite values; −0 as +0).
uint64_t order_key(double v) {
  if (v == 0) v = 0.0;
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
}

struct Item {
  uint64_t key;
  uint32_t row;
};

// LSD radix sort by key, 16 bits a pass; passes where every key has the same digit are skipped.
void radix_sort(std::vector<Item>& items) {
  std::vector<Item> other(items.size());
  std::vector<uint32_t> count(1 << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    std::fill(count.begin(), count.end(), 0);
    for (const Item& it : items) ++count[(it.key >> shift) & 0xFFFF];
    if (count[(items[0].key >> shift) & 0xFFFF] == items.size()) continue;
    uint32_t sum = 0;
    for (uint32_t& c : count) {
      uint32_t here = c;
      c = sum;
      sum += here;
    }
    for (const Item& it : items) other[count[(it.key >> shift) & 0xFFFF]++] = it;
    items.swap(other);
  }
}

}  // namespace

std::vector<double> percentile_fractions(const double* values, const bool* present, size_t n) {
  std::vector<double> out(n, 0.0);
  std::vector<Item> items;
  items.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (present[i]) items.push_back({order_key(values[i]), static_cast<uint32_t>(i)});
  }
  if (items.empty()) return out;
  radix_sort(items);
  const double N = static_cast<double>(items.size());
  for (size_t g = 0; g < items.size();) {
    size_t h = g + 1;
    while (h < items.size() && items[h].key == items[g].key) ++h;
    const double L = static_cast<double>(g), E = static_cast<double>(h - g);
    const double frac = (L + E / 2) / N;
    for (size_t k = g; k < h; ++k) out[items[k].row] = frac;
    g = h;
  }
  return out;
}

}  // namespace kenko
