// The scored table (docs/MODEL.md, "The scored table") as CSV or JSON, optionally with the
// trend columns. The readable reports are in text_report.h, the front ends' JSON in
// report_json.h.
#pragma once
#include <ostream>
#include <string>

#include "base/number_format.h"
#include "model/model.h"
#include "read/table.h"
#include "review/stats.h"
#include "review/trends.h"
#include "review/validation.h"
#include "score/scoring.h"

namespace kenko {

// The scored table's header, in the spec's order.
std::vector<std::string> scored_columns(const Model& model);

struct ScoredCsvOptions {
  bool bom = false;    // a UTF-8 byte-order mark first (Excel then reads UTF-8)
  bool label = false;  // the model's label column after the id column (when it has one)
  // Spreadsheet-safe (OWASP "CSV injection"): a text cell that starts with =, +, -, @, tab or CR
  // is written with a ' first, so that a spreadsheet shows it as text instead of running it as
  // a formula; a cell that reads as a number (-3, +1.5) is left as it is, and so is every
  // number kenko writes (scores, sub-scores, score_change).
  bool excel_safe = false;
  // Appends score_prev, score_change, segment_prev and change_driver (kenko score --previous).
  const Trends* trends = nullptr;
  // Numbers in the shortest text that reads back to the same double (as the JSON writer),
  // instead of two decimals (kenko score --full-precision).
  bool full_precision = false;
};

// Whether `cell` needs the ' of ScoredCsvOptions::excel_safe.
bool formula_like(std::string_view cell);

// Writes the scored table; `res` must have its drivers computed. The default options give the
// spec's table exactly.
void write_scored_csv(std::ostream& out, const Model& model, const Table& table,
                      const SubScores& sub, const Results& res, ScoredCsvOptions options = {});
// With `trends`: also score_prev, score_change, segment_prev, change_driver, deteriorating.
void write_scored_json(std::ostream& out, const Model& model, const Table& table,
                       const SubScores& sub, const Results& res, const Trends* trends = nullptr);

}  // namespace kenko
