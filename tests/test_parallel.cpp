// Work over threads (base/parallel.h): every task runs once, the lowest failing task's error
// is the one rethrown, parts cover the rows, and scoring gives the same bytes for any number of
// threads (1, 2, 3, 8).
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/parallel.h"
#include "helpers.h"
#include "report/output.h"
#include "report/report_json.h"

using kenko_test::generated;
using kenko_test::load;
using kenko_test::scored_csv;
using kenko_test::slurp;
using kenko_test::source_path;

namespace {

// Sets the thread count for a scope.
struct Threads {
  explicit Threads(unsigned n) { kenko::set_threads(n); }
  ~Threads() { kenko::set_threads(0); }
};

}  // namespace

TEST_CASE("parallel_for runs every task once, on any number of threads", "[parallel]") {
  for (unsigned t : {1u, 2u, 3u, 8u}) {
    Threads threads(t);
    for (size_t tasks : {size_t{0}, size_t{1}, size_t{5}, size_t{1000}}) {
      std::vector<std::atomic<int>> ran(tasks);
      kenko::parallel_for(tasks, [&](size_t i) { ran[i].fetch_add(1); });
      for (size_t i = 0; i < tasks; ++i) REQUIRE(ran[i].load() == 1);
    }
  }
}

TEST_CASE("parallel_for rethrows the lowest failing task's error after all tasks", "[parallel]") {
  for (unsigned t : {1u, 2u, 8u}) {
    Threads threads(t);
    std::atomic<int> done{0};
    CHECK_THROWS_WITH(kenko::parallel_for(64,
                                          [&](size_t i) {
                                            done.fetch_add(1);
                                            if (i == 17 || i == 40)
                                              throw std::runtime_error("task " + std::to_string(i));
                                          }),
                      "task 17");
    if (kenko::threads() == 1) {
      CHECK(done.load() == 18);  // in order on the caller (or no threads): stops at the first
    } else {
      CHECK(done.load() == 64);  // every task ran
    }
  }
}

TEST_CASE("parallel_for inside a task runs in order on that thread", "[parallel]") {
  Threads threads(4);
  std::vector<std::atomic<int>> ran(8 * 8);
  kenko::parallel_for(
      8, [&](size_t a) { kenko::parallel_for(8, [&](size_t b) { ran[a * 8 + b].fetch_add(1); }); });
  for (auto& r : ran) CHECK(r.load() == 1);
}

TEST_CASE("part_of splits rows into parts of whole units that cover them", "[parallel]") {
  for (size_t n : {size_t{0}, size_t{1}, size_t{2047}, size_t{2048}, size_t{100001}}) {
    for (size_t parts : {size_t{1}, size_t{2}, size_t{3}, size_t{8}}) {
      size_t at = 0;
      for (size_t t = 0; t < parts; ++t) {
        const kenko::Range r = kenko::part_of(n, parts, t, 2048);
        REQUIRE(r.begin == at);
        REQUIRE(r.end >= r.begin);
        if (r.end < n) REQUIRE(r.end % 2048 == 0);
        at = r.end;
      }
      REQUIRE(at == n);
    }
  }
}

TEST_CASE("scores, drivers, summary and validation are the same bytes on 1, 2, 3 and 8 threads",
          "[parallel][engine]") {
  const std::string csv = generated(120000, 5);  // enough rows for several parts
  const std::string model = slurp(source_path("examples/dear.json"));
  std::string want_csv, want_summary, want_validation;
  for (unsigned t : {1u, 2u, 3u, 8u}) {
    Threads threads(t);
    kenko::Engine e;
    load(e, model, csv);
    e.set_indicator_weight(1, 7.25);  // a what-if re-score too
    const std::string got_csv = scored_csv(e);
    const std::string got_summary = kenko::summary_json(e.model(), e.summary());
    const std::string got_validation = kenko::validation_json(e.model(), e.validation());
    if (t == 1) {
      want_csv = got_csv;
      want_summary = got_summary;
      want_validation = got_validation;
      continue;
    }
    INFO(t << " threads");
    CHECK(got_csv == want_csv);
    CHECK(got_summary == want_summary);
    CHECK(got_validation == want_validation);
  }
}
