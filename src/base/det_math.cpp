#include "base/det_math.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace kenko {

namespace {

constexpr double kLn2 = 0.69314718055994530942;
constexpr double kLn2Hi = 6.93147180369123816490e-01;  // fdlibm's split of ln 2
constexpr double kLn2Lo = 1.90821492927058770002e-10;

// 1 / k and 1 / k!, rounded once each (at compile time, exactly as at run time).
constexpr double kInverse[24] = {0,        1.0,      1.0 / 2,  1.0 / 3,  1.0 / 4,  1.0 / 5,
                                 1.0 / 6,  1.0 / 7,  1.0 / 8,  1.0 / 9,  1.0 / 10, 1.0 / 11,
                                 1.0 / 12, 1.0 / 13, 1.0 / 14, 1.0 / 15, 1.0 / 16, 1.0 / 17,
                                 1.0 / 18, 1.0 / 19, 1.0 / 20, 1.0 / 21, 1.0 / 22, 1.0 / 23};
constexpr double kInverseFactorial[15] = {1.0,
                                          1.0,
                                          1.0 / 2,
                                          1.0 / 6,
                                          1.0 / 24,
                                          1.0 / 120,
                                          1.0 / 720,
                                          1.0 / 5040,
                                          1.0 / 40320,
                                          1.0 / 362880,
                                          1.0 / 3628800,
                                          1.0 / 39916800,
                                          1.0 / 479001600,
                                          1.0 / 6227020800.0,
                                          1.0 / 87178291200.0};

}  // namespace

double det_log(double x) {
  int e = 0;
  double m = std::frexp(x, &e);  // x = m * 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    e -= 1;
  }
  // m in [0.707, 1.414): log m = 2 atanh(t) = 2 (t + t^3/3 + t^5/5 + ...), t = (m - 1) / (m + 1),
  // |t| < 0.172, so terms up to t^23 leave an error below 1e-17.
  const double t = (m - 1.0) / (m + 1.0);
  const double t2 = t * t;
  double sum = 1.0 / 23.0;
  for (int k = 21; k >= 1; k -= 2) sum = kInverse[k] + t2 * sum;
  return 2.0 * t * sum + e * kLn2;
}

double det_exp(double x) {
  if (x > 700.0) x = 700.0;
  if (x < -700.0) x = -700.0;
  const double k = std::floor(x * (1.0 / kLn2) + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= 0.35
  // Taylor series to r^14 / 14! (error below 1e-17), Horner form.
  double p = kInverseFactorial[14];
  for (int n = 13; n >= 0; --n) p = kInverseFactorial[n] + r * p;
  // p * 2^k with 2^k built from its bits: exact, like ldexp, as |k| <= 1010.
  const uint64_t bits = static_cast<uint64_t>(static_cast<int64_t>(k) + 1023) << 52;
  double scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

double logistic(double x) {
  return 1.0 / (1.0 + det_exp(-x));
}

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace kenko
