// Column profiles of a table read without a model (kenko init, docs/INIT.md): each column's kind
// (number, percent, yes/no, category, date-like, id-like, free text, empty), missing cells,
// distinct values, quantiles and values; and, against an outcome column, each column's own
// AUC, the AUC of merely having a value, and the outcome counts per value.
//
// TableProfiler reads the table's bytes as the table reader does (read/record_stream.h) and
// looks at every cell of every row once: missing or not, a number or not, the distinct texts
// (exactly, ignoring ASCII case, as the category rule compares them), the distinct numbers of
// a column with few of them. It keeps a fixed sample of at most kProfileSample rows (all rows
// of a smaller table: then everything is exact) as a table with every column, typed: min,
// max, mean and quantiles, the distinct numbers of a column with many, the outcome statistics
// and the model proposed (propose.h) come from that sample.
//
// Cells are read as the model reads them: trimmed (base/text.h), missing by is_missing_cell,
// numbers by parse_number_cell (read/cell.h), yes/no by the boolean rule's words
// (score/rules.h). A q-quantile is the value at rank ⌊q·(n−1)⌋ in ascending order (as
// learn_bands.h): always a value the table holds.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "read/record_stream.h"
#include "read/table.h"

namespace kenko {

enum class ColumnKind { Empty, Number, Percent, YesNo, Category, Date, Id, Text };
const char* column_kind_name(ColumnKind kind);  // "number", "yes/no", "id", ...

// The rows kept for the statistics of values (a fixed sample beyond).
constexpr size_t kProfileSample = 50000;
// A category has at most this many distinct values; values are listed up to this many.
constexpr size_t kMaxCategoryValues = 20;
// A numeric column keeps its texts (for a category rule or an outcome) up to this many distinct
// values; beyond, only its numbers are kept.
constexpr size_t kMaxTextKeptNumbers = 20;

// The words of a column's name: runs of ASCII letters and digits, split at camelCase, lower-cased
// ("daysSinceLastLogin", "days_since_last_login" and "Days since last login" give the same).
std::vector<std::string> name_words(std::string_view name);
// Whether the name says it identifies (id, code, key, no, number, uuid; 番号, コード, ID ...).
bool name_says_id(std::string_view name);

struct ValueCount {
  std::string text;    // trimmed, as first seen
  double number = 0;   // its number (NaN for a text that is none)
  uint64_t count = 0;  // cells holding it (texts ignoring ASCII case, numbers by value)
};

struct NumberStats {
  uint64_t count = 0;  // cells holding a number (every row)
  // In the sample: the smallest, largest and mean number, every number whole, and the values
  // at kQuantileLevels.
  double min = 0, max = 0, mean = 0;
  bool integers = true;
  std::vector<double> quantiles;
  static constexpr double kQuantileLevels[] = {0.05, 0.1,  0.2, 0.25, 0.4, 0.5,
                                               0.6,  0.75, 0.8, 0.9,  0.95};
  static constexpr size_t kLevels = sizeof(kQuantileLevels) / sizeof(kQuantileLevels[0]);
  // The value at level `q` (one of kQuantileLevels; NaN for another).
  double quantile(double q) const;
};

struct ColumnProfile {
  std::string name;
  size_t header_index = 0;
  // Why the column was not read (a second column of the same name, no name): then nothing else
  // is set.
  std::string unread;
  ColumnKind kind = ColumnKind::Empty;
  bool id_name = false;  // name_says_id
  uint64_t rows = 0, missing = 0, present = 0;
  uint64_t numbers = 0;   // present cells that are numbers
  uint64_t distinct = 0;  // distinct present values (numbers by value)
  // The numbers of a column with more than kTrackedNumbers distinct ones are counted in the
  // sample only: `distinct` is then a lower bound.
  bool distinct_in_sample = false;
  bool constant() const { return present > 0 && distinct == 1; }
  bool unique() const { return present > 1 && distinct == present && !distinct_in_sample; }
  double missing_rate() const {
    return rows ? static_cast<double>(missing) / static_cast<double>(rows) : 0;
  }
  std::optional<NumberStats> number_stats;  // numeric kinds
  // Every value, most frequent first, when there are at most kMaxCategoryValues; else none.
  std::vector<ValueCount> values;
  // Yes/no: the texts read as true and as false (as first seen).
  std::vector<std::string> true_texts, false_texts;
  double spaced_share = 0;     // of present cells, the share with a space inside
  double mean_length = 0;      // of present cells that are not plain numbers, in bytes
  uint64_t percent_signs = 0;  // numeric cells written with a % sign
  RowList not_numbers;         // present cells that are not numbers (numeric kinds: invalid)
};

struct TableProfile {
  uint64_t rows = 0;         // every row
  uint64_t sample_rows = 0;  // rows in the sample (rows when the table has at most the sample)
  std::vector<ColumnProfile> columns;  // one per header column, in header order
  // The profile of the column named `name` (read), or nullptr.
  const ColumnProfile* column(std::string_view name) const;
};

struct ProfiledTable {
  // The sample: every column that was read, as text; numeric columns typed (numbers, and no
  // texts beyond kMaxTextKeptNumbers distinct values). Header, encoding, delimiter, bytes and
  // the reading report (ragged rows, stray quotes, cells of numeric columns that are not
  // numbers) are those of the whole table.
  Table sample;
  TableProfile profile;
};

class TableProfiler {
 public:
  explicit TableProfiler(TableOptions options, size_t sample_rows = kProfileSample);
  ~TableProfiler();
  TableProfiler(const TableProfiler&) = delete;
  TableProfiler& operator=(const TableProfiler&) = delete;
  // Throws kenko::Error with the row (and column) at fault, as the table reader does.
  void feed(std::string_view bytes);
  ProfiledTable finish();  // throws for an empty file or a broken last record
  uint64_t bytes_fed() const;
  uint64_t rows_read() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads and profiles a whole file (in chunks).
ProfiledTable profile_table_file(
    const std::string& path, TableOptions options,
    const std::function<void(uint64_t bytes, uint64_t rows)>& progress = {});

// One column against the outcome.
struct ValueOutcome {
  double number = 0;  // numeric levels: the value
  uint64_t positive = 0, negative = 0;
};
struct ColumnOutcome {
  // The chance that a positive customer's value is below a negative one's (ties half), over the
  // customers with a value and a known outcome: above 0.5, higher values go with the negative
  // outcome. For yes/no, false < true. For a category, by its values' outcome rates (in-sample:
  // optimistic). None without both outcomes.
  std::optional<double> auc;
  // The same for having a value at all (missing below present).
  std::optional<double> presence_auc;
  uint64_t positive = 0, negative = 0;  // with a value and a known outcome
  // Numeric: per distinct value in ascending order. Yes/no: false, true. Category: per value of
  // ColumnProfile::values.
  std::vector<ValueOutcome> levels;
  // The AUC taken either way: max(auc, 1 − auc).
  std::optional<double> strength() const {
    if (!auc) return std::nullopt;
    return *auc >= 0.5 ? *auc : 1 - *auc;
  }
};

// Over the rows of `table` (the profile's sample); `labels`: per row 1 positive, 0 negative,
// -1 unknown (stats.h outcome_labels).
ColumnOutcome column_outcome(const Table& table, const ColumnProfile& profile,
                             const std::vector<int8_t>& labels);

}  // namespace kenko
