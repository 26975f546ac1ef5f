#include "rank.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "distinct_keys.h"

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

namespace {

// When the values take at most kMaxDistinct distinct values (counts, ratings, whole percents:
// the common case), each distinct value is counted through a hash table and only the distinct
// values are sorted. Returns false for more.
constexpr size_t kMaxDistinct = 1 << 16;
bool rank_by_distinct(const double* values, size_t n, PercentileRanks& out) {
  DistinctKeys distinct;  // of the values' order keys
  std::vector<uint32_t> count;
  std::vector<uint32_t>& id = out.group;
  id.assign(n, PercentileRanks::kNone);
  for (size_t r = 0; r < n; ++r) {
    if (values[r] != values[r]) continue;
    const uint64_t k = order_key(values[r]);
    uint32_t d = distinct.find(k);
    if (d == DistinctKeys::kAbsent) {
      if (distinct.size() == kMaxDistinct) return false;
      d = distinct.add(k);
      count.push_back(0);
    }
    id[r] = d;
    ++count[d];
  }
  const std::vector<uint64_t>& keys = distinct.keys();
  std::vector<uint32_t> order(keys.size());
  for (size_t d = 0; d < order.size(); ++d) order[d] = static_cast<uint32_t>(d);
  std::sort(order.begin(), order.end(),
            [&keys](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  double N = 0;
  for (uint32_t c : count) N += c;
  out.fraction.assign(keys.size(), 0.0);
  double L = 0;
  for (uint32_t d : order) {
    const double E = count[d];
    out.fraction[d] = (L + E / 2) / N;
    L += E;
  }
  return true;
}

// Any values: every (key, row) sorted by an LSD radix sort.
void rank_by_sorting(const double* values, size_t n, PercentileRanks& out) {
  out.group.assign(n, PercentileRanks::kNone);
  out.fraction.clear();
  std::vector<Item> items;
  items.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (values[i] == values[i]) items.push_back({order_key(values[i]), static_cast<uint32_t>(i)});
  }
  if (items.empty()) return;
  radix_sort(items);
  const double N = static_cast<double>(items.size());
  for (size_t g = 0; g < items.size();) {
    size_t h = g + 1;
    while (h < items.size() && items[h].key == items[g].key) ++h;
    const double L = static_cast<double>(g), E = static_cast<double>(h - g);
    const uint32_t group = static_cast<uint32_t>(out.fraction.size());
    out.fraction.push_back((L + E / 2) / N);
    for (size_t k = g; k < h; ++k) out.group[items[k].row] = group;
    g = h;
  }
}

}  // namespace

PercentileRanks percentile_ranks(const double* values, size_t n) {
  PercentileRanks out;
  if (!rank_by_distinct(values, n, out)) rank_by_sorting(values, n, out);
  return out;
}

}  // namespace kenko
