// Work over threads (base/parallel.h): every task runs once, the lowest failing task's error
// is the one rethrown, parts cover the rows, and scoring gives the same bytes for any number of
// threads (1, 2, 3, 8).
#include <catch2/catch.hpp>

#include <atomic>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/parallel.h"
#include "helpers.h"
#include "read/table.h"
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

namespace {

// A table that makes a parallel read guess wrong and meet every rule of the reader: quoted
// fields holding line ends (so a line end after a split point may lie inside a field), doubled
// quotes, stray quotes, blank lines, short and long rows, missing and invalid numbers, texts
// beyond ASCII.
std::string hostile_table(size_t rows, bool crlf) {
  const std::string nl = crlf ? "\r\n" : "\n";
  std::string s = "id,name,v,w,note" + nl;
  uint64_t x = 42;
  for (size_t r = 0; r < rows; ++r) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    s += "C" + std::to_string(r) + ",";
    switch (x % 9) {
      case 0:
        s += "\"multi" + nl + "line " + std::to_string(r) + nl + "name\"";
        break;
      case 1:
        s += "\"say \"\"hi\"\"\"";
        break;
      case 2:
        s += "stray\"quote";
        break;
      case 3:
        s += "健康 " + std::to_string(x % 100);
        break;
      default:
        s += "name" + std::to_string(r);
    }
    s += "," + std::to_string(x % 1000) + "." + std::to_string(x % 7);
    s += x % 11 == 0 ? ",," : x % 13 == 0 ? ",n/a," : "," + std::to_string(x % 50) + ",";
    s += x % 5 == 0 ? "\"a,b" + nl + "c\"" : "plain";
    if (x % 17 == 0) s += ",extra";
    if (x % 19 == 0) s += nl;  // a blank line after this record
    s += nl;
    if (x % 23 == 0) s += "C" + std::to_string(r) + "short" + nl;
  }
  return s;
}

kenko::Table read_with(const std::string& csv, unsigned threads, size_t chunk) {
  Threads t(threads);
  const kenko::ColumnSelector keep = [](const std::vector<std::string>&) {
    std::map<std::string, kenko::ColumnNeeds> m;
    m["id"] = {false, true, ""};
    m["name"] = {false, true, ""};
    m["v"] = {true, false, ""};
    m["w"] = {true, true, ""};
    m["note"] = {false, true, ""};
    return m;
  };
  kenko::TableReader reader({}, keep);
  for (size_t i = 0; i < csv.size(); i += chunk)
    reader.feed(std::string_view(csv).substr(i, chunk));
  return reader.finish();
}

void same_tables(const kenko::Table& a, const kenko::Table& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.file_rows == b.file_rows);
  REQUIRE(a.warnings() == b.warnings());
  CHECK(a.report.blank_lines == b.report.blank_lines);
  REQUIRE(a.columns.size() == b.columns.size());
  for (size_t c = 0; c < a.columns.size(); ++c) {
    const kenko::Column &x = a.columns[c], &y = b.columns[c];
    INFO("column " << x.name);
    REQUIRE(x.numbers.size() == y.numbers.size());
    for (size_t r = 0; r < x.numbers.size(); ++r) {
      REQUIRE(std::memcmp(&x.numbers[r], &y.numbers[r], sizeof(double)) == 0);
    }
    CHECK(x.missing.describe() == y.missing.describe());
    CHECK(x.invalid.describe() == y.invalid.describe());
    REQUIRE(x.text_end == y.text_end);
    REQUIRE(std::string_view(x.text_bytes.data(), x.text_bytes.size()) ==
            std::string_view(y.text_bytes.data(), y.text_bytes.size()));
  }
}

}  // namespace

TEST_CASE("a table read on 2, 3 and 8 threads equals the one-thread read, in chunks of any size",
          "[parallel][table]") {
  for (bool crlf : {false, true}) {
    const std::string csv = hostile_table(60000, crlf);  // ≈ 2.5 MB: several pieces a chunk
    const kenko::Table one = read_with(csv, 1, 1 << 20);
    REQUIRE(one.rows() > 60000);
    for (unsigned t : {2u, 3u, 8u}) {
      for (size_t chunk : {size_t{600} << 10, size_t{1} << 20, csv.size()}) {
        INFO(t << " threads, chunks of " << chunk << (crlf ? ", CRLF" : ""));
        same_tables(read_with(csv, t, chunk), one);
      }
    }
  }
}

TEST_CASE("a broken table read on threads gives the one-thread error, row and column",
          "[parallel][table]") {
  std::string csv = hostile_table(40000, false);
  const size_t at = csv.size() * 2 / 3;
  const size_t line = csv.find('\n', at) + 1;
  csv.insert(line, "C9,\"never closed,1,2,x\nC10,a,1,2,b\n");
  std::string want;
  try {
    read_with(csv, 1, 1 << 20);
  } catch (const std::exception& e) {
    want = e.what();
  }
  REQUIRE(want.find("row ") != std::string::npos);
  for (unsigned t : {2u, 8u}) {
    for (size_t chunk : {size_t{600} << 10, csv.size()}) {
      INFO(t << " threads, chunks of " << chunk);
      CHECK_THROWS_WITH(read_with(csv, t, chunk), want);
    }
  }
}
