// A model proposed from a table's own columns (kenko init, docs/INIT.md): from the column
// profiles (profile.h) it picks the id and label columns, turns every usable column into an
// indicator (numbers → bands at the data's quantiles or a linear rule between two quantiles,
// yes/no → boolean, a category with few values → category points), chooses each one's
// direction (from its own AUC against the outcome, else from the words of its name in English
// and Japanese, else assumed and marked so), suggests a DEAR dimension from the name's words,
// leaves out what cannot or should not be scored (ids, free text, dates, constant columns,
// probable leaks of the outcome) and gives weights: equal shares, or with an outcome the
// weights fit.h fits on the proposed model. Every choice is explained in one line.
//
// The header-word lexicons live here and only here.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"
#include "read/table.h"
#include "review/fit.h"
#include "review/profile.h"

namespace kenko {

struct ProposeOptions {
  std::string outcome;  // the outcome column; empty: none
  std::vector<std::string>
      positive;  // its positive texts; empty: its true-like texts, or 1/yes/true
  std::string id_column, label_column;  // empty: found from the profile
  std::vector<std::string> keep;        // columns kept though left out (a probable leak, ...)
  std::vector<std::string> drop;        // columns left out
  // The user's direction per column: true when higher values (yes/no: yes) are better.
  std::map<std::string, bool> higher_is_better;
  std::string name;  // the model's name (default: "Proposed by kenko init")
  bool fit = true;   // with an outcome, fit the weights (fit.h)
  FitOptions fit_options;
  // The fit reads at most this many customers: beyond, a fixed sample of the table's rows.
  size_t fit_sample = 10000;
};

enum class ColumnRole { Id, Label, Outcome, Indicator, Left };
const char* column_role_name(ColumnRole role);  // "id", "label", "outcome", "indicator", "left out"

// Where a direction came from.
enum class DirectionFrom { None, Outcome, Header, User, Assumed };
const char* direction_from_name(DirectionFrom from);  // "", "outcome", "header", "you", "assumed"

// A DEAR dimension id; "other" when the name says none.
constexpr const char* kDearDimensions[] = {"deployment", "engagement", "adoption", "roi", "other"};

struct ColumnProposal {
  std::string name;
  ColumnKind kind = ColumnKind::Empty;
  ColumnRole role = ColumnRole::Left;
  bool leak = false;   // a probable leak of the outcome (left out unless kept)
  int indicator = -1;  // its index in the model's indicators
  // Higher values (yes/no: yes) are better; none when it does not apply or is unknown.
  std::optional<bool> higher_is_better;
  DirectionFrom direction_from = DirectionFrom::None;
  std::string dimension;                 // a kDearDimensions id, for an indicator
  std::string dimension_words;           // the words of the name that chose it (empty: "other")
  std::optional<ColumnOutcome> outcome;  // with an outcome column
  std::string rule;              // the rule in words ("bands at the quantiles 2 / 10 / 29 / 56")
  std::string reason;            // why the role (and, kept, the rule): one line
  std::string direction;         // why the direction: one line (empty when none)
  std::string dimension_reason;  // why the dimension: one line (empty when none)
};

struct ModelProposal {
  Model model;
  std::vector<ColumnProposal> columns;  // one per header column, in header order
  std::optional<FitResult> fit;         // with an outcome and options.fit
  uint64_t fit_rows = 0;                // the rows the fit read (a sample when fewer than all)
  uint64_t rows = 0;
  uint64_t positive = 0, negative = 0;  // outcome counts (known outcomes)
  std::vector<std::string> notes;       // about the whole proposal
};

// Throws kenko::Error naming the option at fault (a column the table lacks, an outcome column
// that is not yes/no or a category, positive texts it does not hold).
ModelProposal propose_model(const Table& table, const TableProfile& profile,
                            const ProposeOptions& options);

// The header-word rules on their own (for tests and the page). The direction a column's name
// suggests: true when higher values are better, none when it says nothing or both ways; with
// the words that decided it.
struct DirectionHint {
  std::optional<bool> higher_is_better;
  std::string words;
};
DirectionHint direction_from_name_words(std::string_view column_name);
// The DEAR dimension a column's name suggests (kDearDimensions; "other" when no word does), with
// the words that decided it.
struct DimensionHint {
  std::string dimension = "other";
  std::string words;
};
DimensionHint dimension_from_name_words(std::string_view column_name);

// Options from JSON (what the JS API sends): {"outcome", "positive": [..], "id", "label",
// "keep": [..], "drop": [..], "directions": {COLUMN: "higher"|"lower"}, "name", "fit": bool,
// "folds": K, "fitSample": N}; every key optional. Throws kenko::Error naming the key at fault.
ProposeOptions propose_options_from_json(std::string_view json_text);

}  // namespace kenko
