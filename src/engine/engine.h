// kenko's public facade: one object that holds a model, the columns of a table it read, the
// sub-score matrix and the results, and answers what-if changes by re-scoring from the matrix.
// The command line and the WebAssembly bindings both drive this class and nothing below it.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "read/column_match.h"
#include "read/table.h"
#include "review/explain.h"
#include "review/fit.h"
#include "review/history.h"
#include "review/improve.h"
#include "review/learn_bands.h"
#include "review/profile.h"
#include "review/propose.h"
#include "review/stats.h"
#include "review/trends.h"
#include "review/validation.h"
#include "score/scoring.h"
#include "score/subscores.h"
#include "score/whatif.h"
#include "sql/sql.h"

namespace kenko {

class Engine {
 public:
  Engine();
  ~Engine();

  // The threads every engine uses for reading and scoring (base/parallel.h): 0 the machine's
  // cores (the default), 1 none beside the caller. Results are the same for any count.
  static void set_threads(unsigned n);
  static unsigned threads();

  // Parses and validates the model; throws ModelError. Returns the warnings. A table read for
  // an earlier model is dropped (it kept only that model's columns).
  std::vector<ModelProblem> set_model(std::string_view json_text);
  const Model& model() const { return model_; }
  bool has_model() const { return have_model_; }

  // Streaming table input (needs a model: only its columns are kept). The table and results in
  // hand are kept until a new table has been read completely: a bad file loses nothing.
  // `mapping` says which header column holds each model column (default: the spec's exact
  // names).
  void begin_table(TableOptions options = {}, ColumnMapping mapping = {});
  void feed_table(std::string_view bytes);
  void end_table();     // reads the last record, then scores
  void cancel_table();  // abandons the table being read; the previous one stays
  // Frees the table in hand and its results (and the previous snapshot's join), e.g. before
  // reading a table too large for two to fit in memory: the engine then has no table until
  // one is read.
  void drop_table();
  void load_table_file(const std::string& path, TableOptions options = {},
                       const std::function<void(uint64_t bytes, uint64_t rows)>& progress = {},
                       ColumnMapping mapping = {});
  // The header of the last table read or attempted (empty when no header was read): a table
  // that failed for a missing column can be offered a mapping from it.
  const std::vector<std::string>& last_header() const { return *last_header_; }
  const Table& table() const { return table_; }
  // A column kept as text (the id, the label, a text rule's column, one kept on request): its
  // bytes and offsets; throws kenko::Error for any other name.
  const Column& text_column(std::string_view name) const;
  // The rows in the order of that column's texts (byte order, i.e. code-point order; equal
  // texts in row order).
  std::vector<uint32_t> text_order(std::string_view column) const;
  // What the last table read reports: short and long rows, stray quotes, cells a rule does
  // not know, a table without customers.
  // Coded (base/messages.h); reading_warnings() their English lines.
  std::vector<Message> reading_warning_messages() const;
  std::vector<std::string> reading_warnings() const;
  bool has_table() const { return have_table_; }
  uint64_t table_rows_read() const;

  // What-if. set_what_if puts `w` in force (relative to the model as loaded: what it leaves out
  // goes back to the model's value) in one call: only the rules that change are re-applied, then
  // one re-score (or one re-segmentation when only bounds move; nothing when nothing changes).
  // Every value is checked first: on an error nothing changes. The single setters below edit
  // the what-if in force through it.
  void set_what_if(const WhatIf& w);
  WhatIf what_if() const { return what_if_between(baseline_, model_); }
  // The results `w` would give (scores, coverage, dimensions, segments, alerts; no drivers),
  // computed aside: the engine's model, weights and results are left as they are.
  Results evaluate(const WhatIf& w) const;
  // The outcome review of the results `w` would give, computed aside as evaluate() does.
  Validation validation(const WhatIf& w) const;
  void set_indicator_weight(size_t indicator, double weight);
  void set_dimension_weight(size_t dimension, double weight);
  void set_segment_bounds(size_t segment, std::optional<double> min, std::optional<double> max);
  struct SegmentBounds {
    size_t segment = 0;
    std::optional<double> min, max;
  };
  // Several bounds at once (one re-segmentation); none changes when one index is wrong.
  void set_segment_bounds(const std::vector<SegmentBounds>& bounds);
  void set_rule(size_t indicator, std::string_view rule_json);  // re-applies that rule alone
  void reset_what_if();                                         // back to the model's values
  const Weights& weights() const { return weights_; }

  const SubScores& subscores() const { return sub_; }
  // The results; drivers are computed on first request after a change.
  const Results& results();
  // The results without bringing the drivers up to date (their slot may be stale): the
  // what-if hot path, for scores, segments, coverage, dimensions and alerts.
  const Results& results_without_drivers() const;
  Summary summary();
  // The AUC of the scores in force against the outcome — summary().outcome->auc without the
  // rest of the summary (for a live what-if); none without an outcome or with one class only.
  std::optional<double> auc();
  // The same for results computed aside (evaluate()).
  std::optional<double> auc(const Results& results);
  // The outcome review (throws kenko::Error when the model has no outcome).
  Validation validation();

  // The smallest improvement that lifts customer `row` into a better segment (improve.h).
  Improvement improvement(size_t row, const ImproveOptions& options = {});
  // Customer `row` indicator by indicator: value, points, sub-score, share (explain.h).
  CustomerExplanation explain(size_t row);
  // The row of the customer whose trimmed id is `id` (trimmed), or table().rows() when none.
  size_t find_customer(std::string_view id) const;
  // Weights fitted to the outcome with the weights in force as the start (fit.h; throws
  // kenko::Error without an outcome or with too few customers).
  FitResult fit(const FitOptions& options = {});
  // Thresholds for an indicator learnt from the healthy customers (learn_bands.h).
  BandsProposal propose_bands(size_t indicator, const HealthySpec& healthy);

  // The model in force (what-if included) compiled to one SQL query (sql/sql.h, docs/SQL.md);
  // throws kenko::Error naming the part of the model a dialect cannot take.
  std::string sql(const SqlOptions& options) const;
  // A script that creates a typed table and fills it with the table read (sql/sql.h; DuckDB's
  // rows go to `data`).
  void write_sql_load_script(std::ostream& out, const SqlLoadOptions& options,
                             std::ostream* data = nullptr) const;
  // A model proposed from a table's own columns (kenko init; review/profile.h, propose.h). The
  // source table is read without a model and profiled as it is read (every cell once); a
  // fixed sample of its rows (all of a table of at most kProfileSample) is kept, with every
  // column, for the proposals. It is apart from the table scored (which stays, as the model
  // does). Read it with begin_source() then feed_table()/end_table() (cancel_table() abandons
  // it), or load_source_file(). A source that fails to read leaves the previous one in place.
  void begin_source(TableOptions options = {});
  void load_source_file(const std::string& path, TableOptions options = {},
                        const std::function<void(uint64_t bytes, uint64_t rows)>& progress = {});
  bool has_source() const { return have_source_; }
  const Table& source() const { return source_; }  // the sample
  const TableProfile& source_profile() const { return source_profile_; }
  // What reading the source reports (ragged rows, stray quotes, cells of a numeric column that
  // are not numbers, a table without rows).
  std::vector<Message> source_warning_messages() const;
  std::vector<std::string> source_warnings() const;
  // A model proposed from the source (throws kenko::Error without one, or for a bad option):
  // cheap to repeat with other choices, except for the weight fit with an outcome.
  ModelProposal propose_model(const ProposeOptions& options = {}) const;
  void clear_source();

  // The previous snapshot, for trends: an engine of its own that always has this one's model
  // and what-if values. Read its table with begin_table/feed_table/end_table or
  // load_table_file; a new model drops it.
  Engine& previous();
  bool has_previous() const { return previous_ && previous_->has_table(); }
  void clear_previous() { previous_.reset(); }
  // Trends between the previous snapshot and this one (throws kenko::Error without both
  // tables, or for a duplicate id).
  Trends trends();

  // History: earlier dated snapshots of the same customers, oldest first, each an engine with
  // this one's model and what-if values; the table in hand is the latest period, labelled
  // table_label(). Read a snapshot's table into new_snapshot(), then keep it with
  // add_snapshot (after the ones kept: the front end orders them). A new model drops them.
  std::unique_ptr<Engine> new_snapshot() const;
  // Kept at position `at` (default: after the others).
  void add_snapshot(std::string label, std::unique_ptr<Engine> snapshot, size_t at = SIZE_MAX);
  void remove_snapshot(size_t i);
  size_t snapshot_count() const { return snapshots_.size(); }
  const std::string& snapshot_label(size_t i) const { return snapshots_.at(i).label; }
  const Engine& snapshot(size_t i) const { return *snapshots_.at(i).engine; }
  void clear_snapshots() { snapshots_.clear(); }
  void set_table_label(std::string label) { table_label_ = std::move(label); }
  const std::string& table_label() const { return table_label_; }
  // The table in hand split by a date column kept as text (rows_by_date): the latest date's
  // customers stay in hand, labelled by it; each earlier date becomes a snapshot, oldest first
  // (replacing those kept). Returns every label, oldest first. Throws kenko::Error naming a
  // row without a date, or for a single date.
  std::vector<std::string> split_by_date(std::string_view column);
  // The snapshots and the table in hand as one history (history.h; throws kenko::Error
  // without a snapshot, or for a duplicate id).
  History history(const HistoryOptions& options = {});
  // Each customer's value (value column; NaN: none usable), empty without a value column.
  std::vector<double> values() const;

 private:
  void require_scored() const;
  // The model `w` gives, the sub-score matrix when a rule changes, and the results: aside.
  void score_aside(const WhatIf& w, Model& next, std::optional<SubScores>& changed,
                   Results& out) const;
  void adopt_table(Table table);
  void adopt_source(ProfiledTable profiled);
  void rescore();

  Model model_;
  Model baseline_;  // the model as loaded (what-if changes edit model_)
  bool have_model_ = false;
  std::unique_ptr<TableReader> reader_;
  std::shared_ptr<std::vector<std::string>> last_header_ =
      std::make_shared<std::vector<std::string>>();
  Table table_;
  bool have_table_ = false;
  SubScores sub_;
  Weights weights_;  // always Weights::of(model_): the weights in force
  Results results_;
  std::unique_ptr<Engine> previous_;
  struct Snapshot {
    std::string label;
    std::unique_ptr<Engine> engine;
  };
  std::vector<Snapshot> snapshots_;
  std::string table_label_;
  std::unique_ptr<TableProfiler> profiler_;  // reads a source (begin_source)
  Table source_;
  TableProfile source_profile_;
  bool have_source_ = false;
  std::unique_ptr<Improver> improver_;  // made on first need; dropped by every change
  std::vector<int8_t> outcome_labels_;  // per customer: 1, 0, or -1 (missing), for auc()
  uint64_t labels_stamp_ = 0;           // the table (sub-score stamp) they were read from
  // The join of the two tables, and the sub-score stamps of the tables it was made for.
  std::vector<int32_t> previous_row_;
  uint64_t joined_now_ = 0, joined_previous_ = 0;
};

}  // namespace kenko
