#include "review/trends.h"

#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "base/error.h"
#include "base/text.h"
#include "read/cell.h"
#include "review/explain.h"

namespace kenko {

namespace {

// Row of each non-empty id; throws on a duplicate.
std::unordered_map<std::string_view, uint32_t> index_ids(const Table& table, const Column& ids,
                                                         const char* which) {
  std::unordered_map<std::string_view, uint32_t> index;
  index.reserve(table.rows());
  for (size_t r = 0; r < table.rows(); ++r) {
    std::string_view id = trim(ids.text(r));
    if (is_missing_cell(id)) continue;  // an empty or NA id joins nothing
    auto [it, fresh] = index.emplace(id, static_cast<uint32_t>(r));
    if (!fresh) {
      throw Error(std::string("the ") + which + " table has the id '" + std::string(id) +
                  "' twice (rows " + std::to_string(table.file_rows[it->second]) + " and " +
                  std::to_string(table.file_rows[r]) +
                  "): ids must be unique to join two snapshots");
    }
  }
  return index;
}

}  // namespace

std::vector<int32_t> join_by_id(const Model& model, const Table& now, const Table& previous) {
  const Column* a = now.column(model.id_column);
  const Column* b = previous.column(model.id_column);
  if (!a || !b) throw Error("no id column '" + model.id_column + "' to join the snapshots by");
  index_ids(now, *a, "current");
  std::unordered_map<std::string_view, uint32_t> then = index_ids(previous, *b, "previous");
  std::vector<int32_t> out(now.rows(), kNotInPrevious);
  for (size_t r = 0; r < now.rows(); ++r) {
    auto it = then.find(trim(a->text(r)));
    if (it != then.end()) out[r] = static_cast<int32_t>(it->second);
  }
  return out;
}

Trends compute_trends(const Model& model, const Weights& weights, const Table& now,
                      const SubScores& now_sub, const Results& now_res, const Table& previous,
                      const SubScores& previous_sub, const Results& previous_res,
                      std::vector<int32_t> previous_row) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  Trends t;
  const size_t n = now.rows(), k = model.indicators.size();
  t.previous_row = std::move(previous_row);
  t.score_prev.assign(n, kNaN);
  t.score_change.assign(n, kNaN);
  t.segment_prev.assign(n, kSegmentAbsent);
  t.change_driver.assign(n, -1);
  t.deteriorating.assign(n, 0);
  std::vector<double> share_now, share_then, scratch;
  for (size_t r = 0; r < n; ++r) {
    const int32_t p = t.previous_row[r];
    if (p == kNotInPrevious) {
      t.only_now++;
      continue;
    }
    t.matched++;
    const size_t q = static_cast<size_t>(p);
    t.score_prev[r] = previous_res.score[q];
    t.segment_prev[r] = previous_res.segment[q];
    const double change = now_res.score[r] - previous_res.score[q];
    t.score_change[r] = change;
    if (std::isnan(change) || change == 0) continue;
    if (change <= -model.deteriorating_drop) {
      t.deteriorating[r] = 1;
      t.deteriorating_count++;
    }
    indicator_shares(model, weights, now_sub, r, share_now, scratch);
    indicator_shares(model, weights, previous_sub, q, share_then, scratch);
    double best = 0;
    for (size_t i = 0; i < k; ++i) {
      const double s_now = now_sub.column(i)[r], s_then = previous_sub.column(i)[q];
      const double c_now = std::isnan(s_now) ? 0 : share_now[i] * s_now;
      const double c_then = std::isnan(s_then) ? 0 : share_then[i] * s_then;
      const double moved = (c_now - c_then) * (change < 0 ? -1 : 1);
      if (moved > best) {
        best = moved;
        t.change_driver[r] = static_cast<int32_t>(i);
      }
    }
  }
  t.only_previous = previous.rows() - t.matched;
  return t;
}

}  // namespace kenko
