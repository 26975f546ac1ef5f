// Shared by the fuzz targets (fuzz/README.md): the invariants every scored result must hold,
// checked after each run, so that a wrong score is a crash the fuzzer reports, not only a
// memory error.
#pragma once
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/engine.h"

namespace kenko_fuzz {

[[noreturn]] inline void broken(const char* what, size_t row, double v) {
  std::fprintf(stderr, "invariant broken: %s at row %zu (%.17g)\n", what, row, v);
  std::abort();
}

// Scores are NaN (unscored) or within 0–100, and so are dimension sub-scores; coverage is
// within 0–1; a customer is unscored exactly when the score is NaN; segment indexes are valid.
inline void check_results(const kenko::Model& model, const kenko::Results& res) {
  const size_t n = res.rows, D = model.dimensions.size();
  for (size_t r = 0; r < n; ++r) {
    const double s = res.score[r];
    if (s == s && !(s >= 0 && s <= 100 + 1e-9)) broken("score outside 0-100", r, s);
    const double c = res.coverage[r];
    if (!(c >= 0 && c <= 1 + 1e-9)) broken("coverage outside 0-1", r, c);
    const int32_t g = res.segment[r];
    if ((s != s) != (g == kenko::kSegmentUnscored)) broken("unscored but a score", r, s);
    if (g >= 0 && static_cast<size_t>(g) >= model.segments.size()) broken("segment", r, g);
    for (size_t d = 0; d < D; ++d) {
      const double v = res.dimension[d * n + r];
      if (v == v && !(v >= 0 && v <= 100 + 1e-9)) broken("dimension outside 0-100", r, v);
    }
  }
}

}  // namespace kenko_fuzz
