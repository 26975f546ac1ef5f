// Number formatting: format_fixed2 / write_fixed2 / append_fixed2 must give exactly printf's
// "%.2f" for every double (the scored table's bytes depend on it), checked against snprintf.
#include <catch2/catch.hpp>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "base/number_format.h"

using kenko::format_fixed2;

namespace {

std::string printf2(double v) {
  char b[400];
  std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

double from_bits(uint64_t bits) {
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// Checks one value through all three entry points; counts mismatches (a REQUIRE per value
// would make millions of assertions) and keeps the first for the message.
struct Checker {
  uint64_t checked = 0, mismatches = 0;
  std::string first;
  void operator()(double v) {
    ++checked;
    std::string want = std::isnan(v) ? std::string() : printf2(v);
    std::string got = format_fixed2(v);
    std::string appended = "x";
    kenko::append_fixed2(appended, v);
    char b[kenko::kFixed2MaxChars];
    std::string written(b, static_cast<size_t>(kenko::write_fixed2(b, v) - b));
    if (got != want || appended != "x" + want || written != want) {
      if (!mismatches++) {
        char hex[64];
        std::snprintf(hex, sizeof hex, "%a", v);
        first = std::string(hex) + ": want '" + want + "', got '" + got + "'";
      }
    }
  }
  void require() const {
    INFO(first);
    REQUIRE(mismatches == 0);
  }
};

}  // namespace

TEST_CASE("format_fixed2: edge cases", "[format]") {
  CHECK(format_fixed2(0.0) == "0.00");
  CHECK(format_fixed2(-0.0) == "-0.00");
  CHECK(format_fixed2(-0.004) == "-0.00");
  CHECK(format_fixed2(std::nan("")) == "");
  CHECK(format_fixed2(-std::nan("")) == "");
  CHECK(format_fixed2(100) == "100.00");
  CHECK(format_fixed2(12.345) == "12.35");  // 12.3450000000000006394884621840901672840118408203125
  CHECK(format_fixed2(2.675) == "2.67");    // 2.67499999999999982236431605997495353221893310546875
  // Exact binary ties go to the even hundredth.
  CHECK(format_fixed2(0.125) == "0.12");
  CHECK(format_fixed2(0.375) == "0.38");
  CHECK(format_fixed2(-0.625) == "-0.62");
  CHECK(format_fixed2(1.875) == "1.88");
  CHECK(format_fixed2(99.995) == printf2(99.995));
  CHECK(format_fixed2(std::numeric_limits<double>::infinity()) == printf2(HUGE_VAL));
  CHECK(format_fixed2(-std::numeric_limits<double>::infinity()) == printf2(-HUGE_VAL));

  Checker check;
  const double specials[] = {0.005,
                             0.015,
                             0.025,
                             -0.005,
                             0.0049999999999999999,
                             1e-320,
                             -1e-320,
                             5e-324,
                             DBL_MIN,
                             -DBL_MIN,
                             DBL_MAX,
                             -DBL_MAX,
                             DBL_EPSILON,
                             9007199254740991.0,
                             9007199254740992.0,
                             9007199254740993.0,
                             1e15 + 0.125,
                             1e16,
                             1e17 + 16,
                             std::ldexp(1.0, 63),
                             std::ldexp(1.0, 64) - 2048,  // the largest double below 2^64
                             std::ldexp(1.0, 64),
                             std::ldexp(1.0, 65),
                             1e19,
                             1e20,
                             1e22,
                             1e300,
                             4503599627370495.5,
                             2251799813685247.75,
                             0.1,
                             0.2,
                             0.3,
                             1.005,
                             1.015,
                             1.025,
                             1.035,
                             1.045,
                             8.345,
                             50.005,
                             99.994999999999,
                             99.995,
                             99.99500000000001,
                             std::ldexp(1.0, -61),
                             std::ldexp(1.0, -63),
                             std::ldexp(1.0, -64),
                             std::ldexp(0.5, -6) + std::ldexp(1.0, -60)};
  for (double v : specials) {
    check(v);
    check(-v);
    check(std::nextafter(v, 0.0));
    check(std::nextafter(v, HUGE_VAL));
  }
  check.require();
}

TEST_CASE("format_fixed2: every exact tie (odd multiples of 1/8) rounds to even", "[format]") {
  Checker check;
  for (int64_t i = 0; i < 400000; ++i) {
    double v = static_cast<double>(2 * i + 1) / 8;
    check(v);
    check(-v);
  }
  // Larger ties: (2i+1)/8 near 2^49..2^50, where the hundredths still fit a double exactly.
  for (int64_t i = 0; i < 100000; ++i) {
    double v = static_cast<double>((int64_t{1} << 52) + 2 * i + 1) / 8;
    check(v);
  }
  check.require();
}

TEST_CASE("format_fixed2: random doubles of every exponent match printf", "[format]") {
  std::mt19937_64 rng(20261123);
  Checker check;
  // Any bit pattern: every exponent, subnormals, infinities and NaN included (fewer: printf
  // is slow on 300-digit numbers).
  for (int i = 0; i < 100000; ++i) check(from_bits(rng()));
  // Every exponent below 2^64 (the exact integer path; above it printf writes the digits).
  for (int i = 0; i < 1000000; ++i) {
    uint64_t biased = rng() % (1023 + 64);
    check(from_bits((rng() & 0x800FFFFFFFFFFFFFULL) | biased << 52));
  }
  // Mantissas at random with exponents where two decimals matter (2^-70 .. 2^70).
  std::uniform_int_distribution<int> exponent(-70, 70);
  for (int i = 0; i < 2000000; ++i) {
    double m = static_cast<double>(rng() >> 11) / 9007199254740992.0;  // [0, 1), 53 bits
    check(std::ldexp(rng() & 1 ? -m : m, exponent(rng)));
  }
  check.require();
}

TEST_CASE("format_fixed2: values next to .xx5 match printf", "[format]") {
  std::mt19937_64 rng(5);
  Checker check;
  for (int i = 0; i < 1000000; ++i) {
    // n.xx5 at several scales, and the doubles right beside it.
    uint64_t n = rng() % (i % 2 ? 100000 : 10000000000ULL);
    double v = (static_cast<double>(n) + 0.5) / 100;
    check(v);
    check(std::nextafter(v, 0.0));
    check(std::nextafter(v, HUGE_VAL));
  }
  check.require();
}

TEST_CASE("format_fixed2: scores 0-100 of many fractional patterns match printf", "[format]") {
  std::mt19937_64 rng(42);
  Checker check;
  // Every hundredth, thousandth and ten-thousandth in 0..100.
  for (int i = 0; i <= 1000000; ++i) {
    check(i / 10000.0);
    if (i <= 100000) check(i / 1000.0);
    if (i <= 10000) check(i / 100.0);
  }
  std::uniform_real_distribution<double> score(0, 100);
  for (int i = 0; i < 1000000; ++i) {
    // Uniform scores, ratios a/b × 100 (weighted averages of points), and sums of weighted
    // sub-scores as the engine computes them.
    check(score(rng));
    uint64_t b = 1 + rng() % 1000, a = rng() % (b + 1);
    check(100.0 * static_cast<double>(a) / static_cast<double>(b));
    double w1 = static_cast<double>(1 + rng() % 30), w2 = static_cast<double>(1 + rng() % 30);
    check((w1 * score(rng) + w2 * score(rng)) / (w1 + w2));
  }
  check.require();
}

TEST_CASE("format_full: shortest of 15, 16, 17 digits that reads back", "[format]") {
  CHECK(kenko::format_full(0.1) == "0.1");
  CHECK(kenko::format_full(1.0 / 3) == "0.3333333333333333");
  CHECK(kenko::format_full(0.1 + 0.2) == "0.30000000000000004");
  CHECK(kenko::format_full(100) == "100");
  CHECK(kenko::format_full(-0.0) == "-0");
  // Whole numbers take a short path: the same text as %.15g, on both sides of 10^15.
  for (double v : {1.0, -1.0, 7.0, 100.0, 123456789.0, -99999.0, 999999999999999.0, 1e15, -1e15,
                   1e16, 4503599627370496.0, 9007199254740993.0, 1e300}) {
    char b[64];
    std::snprintf(b, sizeof b, "%.15g", v);
    if (std::strtod(b, nullptr) == v) CHECK(kenko::format_full(v) == b);
  }
}
