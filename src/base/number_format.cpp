#include "base/number_format.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace kenko {

namespace {

// "00", "01", ..., "99": two digits per division by 100.
struct DigitPairs {
  char text[200];
  constexpr DigitPairs() : text() {
    for (int i = 0; i < 100; ++i) {
      text[2 * i] = static_cast<char>('0' + i / 10);
      text[2 * i + 1] = static_cast<char>('0' + i % 10);
    }
  }
};
constexpr DigitPairs kPairs;

char* write_pair(char* out, unsigned n) {
  std::memcpy(out, kPairs.text + 2 * n, 2);
  return out + 2;
}

// n in decimal, no leading zeros ("0" for 0).
char* write_uint(char* out, uint64_t n) {
  char tmp[20];
  char* p = tmp + sizeof tmp;
  while (n >= 100) {
    p -= 2;
    write_pair(p, static_cast<unsigned>(n % 100));
    n /= 100;
  }
  if (n >= 10) {
    p -= 2;
    write_pair(p, static_cast<unsigned>(n));
  } else {
    *--p = static_cast<char>('0' + n);
  }
  const size_t len = static_cast<size_t>(tmp + sizeof tmp - p);
  std::memcpy(out, p, len);
  return out + len;
}

// |v| × 100 rounded to an integer the way printf rounds it, split into the integer part and
// the hundredths. Exact: a finite double is m × 2^e with m < 2^53, so m × 100 < 2^60 fits in 64
// bits and the rounding sees the exact remainder of the division by 2^-e (ties to even, as
// printf in the default rounding mode). Returns false for infinities and NaN, and for
// |v| ≥ 2^64, whose integer part needs more than 64 bits (printf writes those).
bool split_hundredths(double v, uint64_t& int_part, unsigned& hundredths) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  const int biased = static_cast<int>((bits >> 52) & 0x7FF);
  uint64_t m = bits & ((uint64_t{1} << 52) - 1);
  if (biased == 0x7FF) return false;  // infinity or NaN
  int e;
  if (biased == 0) {
    e = -1074;  // subnormal
  } else {
    m |= uint64_t{1} << 52;
    e = biased - 1075;
  }
  if (e >= 0) {
    // An integer: m × 2^e, exact when it fits.
    if (e > 11) return false;  // m < 2^53, so e ≤ 11 keeps it below 2^64
    int_part = m << e;
    hundredths = 0;
    return true;
  }
  const int k = -e;
  uint64_t q = 0;
  if (k < 64) {
    const uint64_t n = m * 100;  // < 2^60: exact
    q = n >> k;
    const uint64_t rest = n & ((uint64_t{1} << k) - 1);
    const uint64_t half = uint64_t{1} << (k - 1);
    if (rest > half || (rest == half && (q & 1))) ++q;
  }
  // k ≥ 64: |v| × 100 < 2^60 / 2^64 < 1/2 rounds to 0.
  int_part = q / 100;
  hundredths = static_cast<unsigned>(q % 100);
  return true;
}

}  // namespace

char* write_fixed2(char* out, double v) {
  if (std::isnan(v)) return out;
  uint64_t int_part;
  unsigned hundredths;
  if (!split_hundredths(v, int_part, hundredths)) {
    // Infinities and |v| ≥ 2^64: rare enough for printf's own (exact) digits.
    int n = std::snprintf(out, kFixed2MaxChars, "%.2f", v);
    return out + (n > 0 ? n : 0);
  }
  if (std::signbit(v)) *out++ = '-';  // printf keeps the sign of -0.0 and of -0.001
  out = write_uint(out, int_part);
  *out++ = '.';
  return write_pair(out, hundredths);
}

void append_fixed2(std::string& out, double v) {
  char b[kFixed2MaxChars];
  out.append(b, static_cast<size_t>(write_fixed2(b, v) - b));
}

std::string format_fixed2(double v) {
  std::string s;
  append_fixed2(s, v);
  return s;
}

std::string format_full(double v) {
  // A whole number below 10^15 is its digits under %.15g (the common case: points, counts,
  // sub-scores of 0 and 100), without printf and strtod.
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    if (v == 0) return std::signbit(v) ? "-0" : "0";
    return std::to_string(static_cast<long long>(v));
  }
  char b[64];
  for (int digits : {15, 16, 17}) {
    std::snprintf(b, sizeof b, "%.*g", digits, v);
    if (std::strtod(b, nullptr) == v) break;
  }
  return b;
}

std::string thousands(uint64_t v) {
  std::string s = std::to_string(v), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

}  // namespace kenko
