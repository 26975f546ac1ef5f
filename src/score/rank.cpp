#include "score/rank.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "score/distinct_keys.h"
#include "score/rules.h"

namespace kenko {

namespace {

struct Item {
  uint64_t key;
  uint32_t row;
};

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
    out.fraction[d] = percentile_fraction(L, E, N);
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
  radix_sort(items, [](const Item& it) { return it.key; });
  const double N = static_cast<double>(items.size());
  for (size_t g = 0; g < items.size();) {
    size_t h = g + 1;
    while (h < items.size() && items[h].key == items[g].key) ++h;
    const double L = static_cast<double>(g), E = static_cast<double>(h - g);
    const uint32_t group = static_cast<uint32_t>(out.fraction.size());
    out.fraction.push_back(percentile_fraction(L, E, N));
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
