// The history over several snapshots (review/history.h) as JSON for front ends and as the
// command line's text: periods (customers, mean, customers and value per segment), the segment
// flows between consecutive periods, and the customers deteriorating for N periods in a row.
#pragma once
#include <ostream>
#include <string>

#include "model/model.h"
#include "read/table.h"
#include "review/history.h"

namespace kenko {

// {periods: [{label, customers, scored, mean, segments: [{id, count, value?}]}],
//  flows: [{from, to, width, ids: [...], counts: [[...]]}], rows, streak, minDrop,
//  deteriorating, customers?: [{row, id, streak, scores: [...]}]} — `customers` (the
// deteriorating ones, most periods first, then the largest fall) when `with_customers`.
std::string history_json(const Model& model, const Table& latest, const History& h,
                         bool with_customers);
// "periods A B C", then per period its counts, mean and value, per flow its non-zero moves,
// then "deteriorating N (streak K)" and one line per such customer with its scores.
void write_history_text(std::ostream& out, const Model& model, const Table& latest,
                        const History& h);
// The deteriorating customers' rows: streak ≥ h.options.streak, most periods first, then the
// largest fall over those periods, then row order.
std::vector<size_t> deteriorating_rows(const History& h);

}  // namespace kenko
