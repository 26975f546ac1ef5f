// Distinct 64-bit keys numbered 0, 1, 2, … in order of first appearance: the hash table behind
// percentile ranks (distinct values) and sub-score codes (distinct sub-scores).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kenko {

class DistinctKeys {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  DistinctKeys() : slot_(size_t{1} << kFirstBits, 0) {}

  // The number of `key`, or kAbsent.
  uint32_t find(uint64_t key) const {
    for (size_t h = home(key);; h = (h + 1) & mask()) {
      const uint32_t s = slot_[h];
      if (!s) return kAbsent;
      if (keys_[s - 1] == key) return s - 1;
    }
  }
  // Adds a key that find() does not know; returns its number.
  uint32_t add(uint64_t key) {
    keys_.push_back(key);
    const uint32_t number = static_cast<uint32_t>(keys_.size() - 1);
    if (keys_.size() * 2 > slot_.size()) {  // keep the table at most half full
      ++bits_;
      slot_.assign(size_t{1} << bits_, 0);
      for (uint32_t k = 0; k < number; ++k) place(k);
    }
    place(number);
    return number;
  }
  size_t size() const { return keys_.size(); }
  const std::vector<uint64_t>& keys() const { return keys_; }

 private:
  static constexpr unsigned kFirstBits = 9;
  size_t mask() const { return slot_.size() - 1; }
  // The top bits of the product: the low bits of a double's pattern are often all zero.
  size_t home(uint64_t key) const {
    return static_cast<size_t>((key * 0x9e3779b97f4a7c15ULL) >> (64 - bits_));
  }
  void place(uint32_t number) {
    size_t h = home(keys_[number]);
    while (slot_[h]) h = (h + 1) & mask();
    slot_[h] = number + 1;
  }

  unsigned bits_ = kFirstBits;
  std::vector<uint32_t> slot_;  // 1 + the key's number; 0: empty
  std::vector<uint64_t> keys_;
};

}  // namespace kenko
