// Elementary functions built from IEEE-exact operations only (+ − × ÷, floor, frexp), so they
// give the same bits natively and in WebAssembly: the synthetic tables and the fitted weights
// are then identical on every platform.
#pragma once
#include <cstdint>

namespace kenko {

// Natural logarithm for finite x > 0 (error below 1e-16 relative).
double det_log(double x);
// e^x, x clamped to [−700, 700].
double det_exp(double x);
// 1 / (1 + e^−x).
double logistic(double x);

// The next number of the splitmix64 sequence (Vigna): a seed mixer and a small generator.
uint64_t splitmix64(uint64_t& state);

}  // namespace kenko
