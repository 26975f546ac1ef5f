// Fuzz target: the what-if calls. A fixed model (examples/dear.json) scores 300 generated
// customers once; each input is a sequence of what-if calls with fuzzed arguments: indicator and
// dimension weights (any double, hostile ones included), segment bounds, rules (fuzzed JSON),
// whole what-ifs as JSON, evaluate(), reset. Checks: no crash or undefined behaviour; a refused
// call changes nothing; after every call the results hold the invariants of common.h, and an
// evaluate() agrees with putting the same what-if in force.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "common.h"
#include "engine/engine.h"
#include "synth/synth.h"

namespace {

kenko::Engine* g_engine = nullptr;

std::string slurp(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    std::fprintf(stderr, "cannot open %s\n", path.c_str());
    std::abort();
  }
  std::string s;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  std::fclose(f);
  return s;
}

double fuzzed_double(FuzzedDataProvider& in) {
  static const double kSpecial[] = {0,        1,         -1,     1e300,    1e-300, 1e301,
                                    1e308,    -1e308,    5e-324, 2.2e-308, 1e-301, 100,
                                    INFINITY, -INFINITY, NAN,    1e299,    0.5,    40};
  if (in.ConsumeBool()) return kSpecial[in.ConsumeIntegralInRange<size_t>(0, 17)];
  return in.ConsumeFloatingPoint<double>();
}

std::string fuzzed_rule(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
      return R"({"type":"linear","from":)" + std::to_string(fuzzed_double(in)) + R"(,"to":)" +
             std::to_string(fuzzed_double(in)) + "}";
    case 1:
      return R"({"type":"bands","bands":[{"min":)" + std::to_string(fuzzed_double(in)) +
             R"(,"points":)" + std::to_string(fuzzed_double(in)) + R"(},{"points":1}]})";
    case 2:
      return R"({"type":"percentile","lower_is_better":true})";
    default:
      return in.ConsumeRandomLengthString(200);
  }
}

// What a refused call must leave as it was (NaN compared by its bits).
struct Snapshot {
  std::vector<uint64_t> score, coverage, dimension;
  std::vector<int32_t> segment;
  std::vector<kenko::AlertWord> alerts;
  bool operator==(const Snapshot& o) const {
    return score == o.score && coverage == o.coverage && dimension == o.dimension &&
           segment == o.segment && alerts == o.alerts;
  }
};

std::vector<uint64_t> bits(const std::vector<double>& v) {
  std::vector<uint64_t> out(v.size());
  if (!v.empty()) std::memcpy(out.data(), v.data(), v.size() * sizeof(double));
  return out;
}

Snapshot snapshot(const kenko::Results& r) {
  return {bits(r.score), bits(r.coverage), bits(r.dimension), r.segment, r.alerts};
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  g_engine = new kenko::Engine();
  g_engine->set_model(slurp(KENKO_SOURCE_DIR "/examples/dear.json"));
  kenko::GenerateOptions g;
  g.rows = 300;
  g.seed = 13;
  std::ostringstream csv;
  kenko::generate_customers(g, csv);
  g_engine->begin_table();
  g_engine->feed_table(csv.str());
  g_engine->end_table();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kenko::Engine& e = *g_engine;
  e.reset_what_if();
  FuzzedDataProvider in(data, size);
  const kenko::Model& m = e.model();
  const size_t k = m.indicators.size(), D = m.dimensions.size(), S = m.segments.size();
  for (int step = 0; step < 8 && in.remaining_bytes() > 0; ++step) {
    const Snapshot before = snapshot(e.results_without_drivers());
    try {
      switch (in.ConsumeIntegralInRange<int>(0, 6)) {
        case 0:
          e.set_indicator_weight(in.ConsumeIntegralInRange<size_t>(0, k), fuzzed_double(in));
          break;
        case 1:
          e.set_dimension_weight(in.ConsumeIntegralInRange<size_t>(0, D), fuzzed_double(in));
          break;
        case 2: {
          std::optional<double> lo, hi;
          if (in.ConsumeBool()) lo = fuzzed_double(in);
          if (in.ConsumeBool()) hi = fuzzed_double(in);
          e.set_segment_bounds(in.ConsumeIntegralInRange<size_t>(0, S), lo, hi);
          break;
        }
        case 3:
          e.set_rule(in.ConsumeIntegralInRange<size_t>(0, k), fuzzed_rule(in));
          break;
        case 4: {
          const std::string json = in.ConsumeRandomLengthString(400);
          e.set_what_if(kenko::what_if_from_json(m, json));
          break;
        }
        case 5: {
          // evaluate() agrees with the same what-if put in force.
          kenko::WhatIf w;
          w.indicator_weights[in.ConsumeIntegralInRange<size_t>(0, k - 1)] = fuzzed_double(in);
          kenko::Results aside = e.evaluate(w);
          kenko_fuzz::check_results(m, aside);
          e.set_what_if(w);
          const kenko::Results& now = e.results_without_drivers();
          for (size_t r = 0; r < now.rows; ++r) {
            const double a = aside.score[r], b = now.score[r];
            if (!(a == b || (a != a && b != b))) kenko_fuzz::broken("evaluate differs", r, a);
          }
          break;
        }
        default:
          e.reset_what_if();
          break;
      }
    } catch (const std::exception& refused) {  // kenko::Error or ModelError
      if (!(snapshot(e.results_without_drivers()) == before)) {
        std::fprintf(stderr, "a refused what-if changed the results: %s\n", refused.what());
        std::abort();
      }
    }
    kenko_fuzz::check_results(e.model(), e.results());
  }
  return 0;
}
