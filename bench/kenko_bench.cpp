// kenko_bench MODEL.json DATA.csv: read+score throughput, what-if latency and peak memory of the
// core, natively or (built with Emscripten) under Node. Prints one "key value" line per figure.
// kenko_bench --init DATA.csv [OUTCOME]: kenko init's profiling and proposing (bench_init).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#endif

namespace {

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

double peak_mb() {
#ifdef __EMSCRIPTEN__
  return static_cast<double>(emscripten_get_heap_size()) / (1 << 20);
#else
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024;
#endif
}

template <typename T>
size_t bytes_of(const std::vector<T>& v) {
  return v.size() * sizeof(T);
}

double kept_columns_mb(const kenko::Table& t) {
  size_t b = bytes_of(t.file_rows);
  for (const kenko::Column& c : t.columns) {
    b += bytes_of(c.numbers) + c.text_bytes.size() + bytes_of(c.text_end);
  }
  return static_cast<double>(b) / (1 << 20);
}

double subscores_mb(const kenko::SubScores& sub) {
  size_t b = 0;
  for (const kenko::SubScoreColumn& c : sub.columns) {
    b += bytes_of(c.values) + bytes_of(c.codes) + bytes_of(c.wide_codes) + bytes_of(c.table);
  }
  return static_cast<double>(b) / (1 << 20);
}

double results_mb(const kenko::Results& r) {
  size_t b = bytes_of(r.score) + bytes_of(r.coverage) + bytes_of(r.dimension) +
             bytes_of(r.segment) + bytes_of(r.alerts) + bytes_of(r.drivers) +
             bytes_of(r.conditions.alert_bits) + bytes_of(r.patterns.of_row) +
             bytes_of(r.patterns.patterns);
  for (const std::vector<uint8_t>& s : r.conditions.segment_static) b += bytes_of(s);
  return static_cast<double>(b) / (1 << 20);
}

}  // namespace

// kenko_bench --init DATA.csv [OUTCOME]: kenko init's work, best of 3: the table read and
// profiled (every cell once, a 50,000-row sample kept), a model proposed without an outcome,
// and with OUTCOME (directions from it, weights fitted on a sample of 10,000).
int bench_init(int argc, char** argv) {
  const std::string data = argv[2];
  const std::string outcome = argc > 3 ? argv[3] : "";
  double best_read = 1e30, best_plain = 1e30, best_outcome = 1e30;
  size_t columns = 0, rows = 0, indicators = 0;
  std::optional<double> auc;
  for (int run = 0; run < 3; ++run) {
    kenko::Engine engine;
    const double t0 = now_ms();
    engine.load_source_file(data);
    const double t1 = now_ms();
    kenko::ModelProposal plain = engine.propose_model();
    const double t2 = now_ms();
    best_read = std::min(best_read, t1 - t0);
    best_plain = std::min(best_plain, t2 - t1);
    columns = engine.source_profile().columns.size();
    rows = engine.source_profile().rows;
    indicators = plain.model.indicators.size();
    if (!outcome.empty()) {
      kenko::ProposeOptions o;
      o.outcome = outcome;
      const double t3 = now_ms();
      kenko::ModelProposal fitted = engine.propose_model(o);
      best_outcome = std::min(best_outcome, now_ms() - t3);
      if (fitted.fit) auc = fitted.fit->heldout_auc_after;
    }
  }
  std::printf("init_rows %zu\ninit_columns %zu\ninit_indicators %zu\n", rows, columns, indicators);
  std::printf("init_read_profile_ms %.1f\n", best_read);
  std::printf("init_propose_ms %.1f\n", best_plain);
  std::printf("init_total_ms %.1f\n", best_read + best_plain);
  if (!outcome.empty()) {
    std::printf("init_propose_outcome_ms %.1f\n", best_outcome);
    std::printf("init_total_outcome_ms %.1f\n", best_read + best_outcome);
    if (auc) std::printf("init_heldout_auc %.4f\n", *auc);
  }
  std::printf("init_peak_mb %.1f\n", peak_mb());
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "--init") {
    try {
      return bench_init(argc, argv);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "kenko_bench: %s\n", e.what());
      return 1;
    }
  }
  const bool stages_only = argc == 4 && std::string(argv[3]) == "--stages-only";
  if (argc != 3 && !stages_only) {
    std::fprintf(stderr, "usage: kenko_bench MODEL.json DATA.csv [--stages-only]\n");
    return 2;
  }
  try {
    std::ifstream m(argv[1]);
    std::stringstream model;
    model << m.rdbuf();
    kenko::Engine engine;
    engine.set_model(model.str());
    {
      // The stages apart: reading the kept columns, applying the rules, scoring.
      const kenko::Model& mo = engine.model();
      auto selector = [&mo](const std::vector<std::string>&) {
        std::map<std::string, kenko::ColumnNeeds> wanted;
        for (const kenko::Model::ColumnUse& u : mo.columns())
          wanted[u.name] = {u.number, u.text, u.name};
        return wanted;
      };
      double a = now_ms();
      kenko::Table t = kenko::read_table_file(argv[2], {}, selector);
      double b = now_ms();
      kenko::SubScores sub = kenko::compute_subscores(mo, t);
      double c = now_ms();
      kenko::Results res;
      kenko::compute_scores(mo, kenko::Weights::of(mo), t, sub, res);
      double d = now_ms();
      std::printf("stage_read_ms %.1f\nstage_rules_ms %.1f\nstage_scores_ms %.1f\n", b - a, c - b,
                  d - c);
    }
    if (stages_only) return 0;  // for profiling the read path
    double t0 = now_ms();
    engine.load_table_file(argv[2]);
    double t1 = now_ms();
    const kenko::Table& table = engine.table();
    double mb = static_cast<double>(table.bytes) / 1e6;
    std::printf("rows %zu\n", table.rows());
    std::printf("indicators %zu\n", engine.model().indicators.size());
    std::printf("file_mb %.1f\n", mb);
    std::printf("read_score_ms %.1f\n", t1 - t0);
    std::printf("read_score_mb_per_s %.1f\n", mb / ((t1 - t0) / 1000));
    std::printf("read_score_rows_per_s %.0f\n",
                static_cast<double>(table.rows()) / ((t1 - t0) / 1000));
    double t2 = now_ms();
    engine.results();  // drivers for every customer
    double t3 = now_ms();
    std::printf("drivers_ms %.1f\n", t3 - t2);
    // What-if: alternate the first indicator's weight; report the median of the runs.
    std::vector<double> times, with_drivers;
    const double w0 = engine.weights().indicator[0];
    for (int i = 0; i < 21; ++i) {
      double a = now_ms();
      engine.set_indicator_weight(0, i % 2 ? w0 * 2 : w0);
      double b = now_ms();
      engine.results();
      double c = now_ms();
      times.push_back(b - a);
      with_drivers.push_back(c - a);
    }
    std::sort(times.begin(), times.end());
    std::sort(with_drivers.begin(), with_drivers.end());
    std::printf("whatif_weight_ms %.2f\n", times[times.size() / 2]);
    std::printf("whatif_weight_with_drivers_ms %.2f\n", with_drivers[with_drivers.size() / 2]);
    std::vector<double> seg;
    for (int i = 0; i < 21; ++i) {
      double a = now_ms();
      engine.set_segment_bounds(0, i % 2 ? 65.0 : 70.0, std::nullopt);
      seg.push_back(now_ms() - a);
    }
    std::sort(seg.begin(), seg.end());
    std::printf("whatif_threshold_ms %.2f\n", seg[seg.size() / 2]);
    double a = now_ms();
    engine.set_rule(0, R"({"type":"linear","from":0,"to":1})");
    std::printf("whatif_rule_ms %.2f\n", now_ms() - a);
    std::printf("columns_kept_mb %.1f\n", kept_columns_mb(table));
    std::printf("subscores_mb %.1f\n", subscores_mb(engine.subscores()));
    std::printf("results_mb %.1f\n", results_mb(engine.results()));
    std::printf("peak_mb %.1f\n", peak_mb());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kenko_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
