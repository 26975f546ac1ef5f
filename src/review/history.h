// History over several dated snapshots of the same customers (joined by the id column as for
// trends), all scored with the same model and weights, oldest first, the last the latest: per
// customer of the latest its score and segment in every period, the segment flow between
// consecutive periods, each period's counts, mean and value, and the customers whose score fell
// in each of the last N periods in a row.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "read/table.h"
#include "score/scoring.h"

namespace kenko {

struct HistorySnapshot {
  std::string label;
  const Table* table = nullptr;
  const Results* results = nullptr;
};

struct HistoryOptions {
  // Deteriorating: the score fell in each of the last `streak` periods (≥ 1).
  size_t streak = 2;
  // A fall: the score went down, and by at least this much (0: any fall).
  double min_drop = 0;
};

struct PeriodStats {
  std::string label;
  uint64_t customers = 0, scored = 0;
  std::optional<double> mean;  // over scored customers, summed in row order
  // Slots as Summary::per_segment: model segments, then none, then unscored.
  std::vector<uint64_t> per_segment;
  std::vector<double> value;  // per slot, with a value column (else empty)
};

// Customers between two consecutive periods: counts[from * width + to], slots as
// Summary::per_segment plus one more, `absent` (width − 1): not in that period.
struct SegmentFlow {
  size_t width = 0;
  std::vector<uint64_t> counts;
};

struct History {
  std::vector<PeriodStats> periods;  // oldest first; the last is the latest
  size_t rows = 0;                   // customers of the latest period
  // periods × rows, period-major (period p of customer r at p * rows + r): the score (NaN:
  // absent or unscored) and segment (as Results::segment, kSegmentAbsent when absent).
  std::vector<double> score;
  std::vector<int32_t> segment;
  std::vector<uint32_t> streak;    // per customer: falls in a row ending in the latest period
  uint64_t deteriorating = 0;      // customers with streak ≥ options.streak
  std::vector<SegmentFlow> flows;  // periods − 1: flows[p − 1] is period p − 1 → p
  HistoryOptions options;
};

// Throws kenko::Error for fewer than 2 snapshots, a bad option, or a duplicate id (naming the
// snapshot and rows).
History compute_history(const Model& model, const std::vector<HistorySnapshot>& snapshots,
                        const HistoryOptions& options = {});

// A date written YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY年M月D日 (the day optional, a time
// after a space or 'T' ignored) as YYYY-MM-DD or YYYY-MM; none when the text is not one.
std::optional<std::string> normalize_date(std::string_view text);
// The first date in a file name (YYYY-MM-DD, YYYY_MM, YYYYMMDD, YYYYMM, ...; years 1900–2099,
// months 01–12) as YYYY-MM-DD or YYYY-MM; none when it has none.
std::optional<std::string> date_in_name(std::string_view name);

// The rows of each date of a text column, dates ascending (normalize_date); throws
// kenko::Error naming the first row whose cell is not a date.
std::vector<std::pair<std::string, std::vector<uint32_t>>> rows_by_date(const Table& table,
                                                                        std::string_view column);

}  // namespace kenko
