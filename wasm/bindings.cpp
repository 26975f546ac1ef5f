// embind bindings over kenko::Engine: no logic of their own. Large results cross as typed-array
// views of WASM memory (copy them out with .slice() before the next call: memory may grow);
// C++ errors become JS Errors carrying the same message, and a coded one (base/messages.h) its
// code and params ({name: value}).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <limits>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/number_format.h"
#include "engine/engine.h"
#include "report/history_report.h"
#include "report/init_report.h"
#include "report/output.h"
#include "report/report_json.h"
#include "report/text_report.h"

using emscripten::val;

namespace {

[[noreturn]] void throw_js(const std::string& message) {
  val::global("Error").new_(message).throw_();
  __builtin_unreachable();
}

val params_of(const kenko::MessageParams& params) {
  val out = val::object();
  for (const auto& [k, v] : params) out.set(k, v);
  return out;
}

[[noreturn]] void throw_js_coded(const kenko::Error& e) {
  val error = val::global("Error").new_(std::string(e.what()));
  error.set("code", e.code());
  error.set("params", params_of(e.params()));
  error.throw_();
  __builtin_unreachable();
}

// A model error: an Error named KenkoModelError, code 'model.invalid', params {count}, with
// problems [{path, message, code, params}].
[[noreturn]] void throw_js_model_error(const kenko::ModelError& e) {
  val error = val::global("Error").new_(std::string(e.what()));
  error.set("name", "KenkoModelError");
  error.set("code", std::string("model.invalid"));
  error.set("params", params_of({{"count", std::to_string(e.problems().size())}}));
  val problems = val::array();
  for (const kenko::ModelProblem& p : e.problems()) {
    val item = val::object();
    item.set("path", p.path);
    item.set("message", p.message);
    item.set("code", p.code);
    item.set("params", params_of(p.params));
    problems.call<void>("push", item);
  }
  error.set("problems", problems);
  error.throw_();
  __builtin_unreachable();
}

template <typename Fn>
auto guarded(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const kenko::ModelError& e) {
    throw_js_model_error(e);
  } catch (const std::bad_alloc&) {
    // The page says what this means (the table is too large for the browser's memory).
    val error = val::global("Error").new_(std::string("out of memory"));
    error.set("name", "KenkoOutOfMemory");
    error.throw_();
    __builtin_unreachable();
  } catch (const kenko::Error& e) {
    if (e.code().empty()) throw_js(e.what());
    throw_js_coded(e);
  } catch (const std::exception& e) {
    throw_js(e.what());
  }
}

// A whole number in [0, limit) from JS (a row, a count), or a kenko::Error naming `what`.
size_t index_or_throw(double value, double limit, const char* what) {
  if (!(value >= 0 && value < limit) || value != std::floor(value)) {
    throw kenko::Error(std::string("no ") + what + " " +
                       (std::isfinite(value) ? kenko::format_full(value) : std::string("NaN/∞")));
  }
  return static_cast<size_t>(value);
}

std::optional<kenko::Encoding> encoding_or_throw(const std::string& name) {
  std::optional<kenko::Encoding> e = kenko::parse_encoding_name(name.empty() ? "auto" : name);
  if (!e) throw kenko::Error("table.unknown_encoding", {{"encoding", name}});
  return e;
}

class WasmEngine {
 public:
  // The model's warnings as JSON [{path, code, params, message, text}].
  std::string setModel(const std::string& json) {
    return guarded([&] { return kenko::problems_json(engine_.set_model(json)); });
  }
  // matching: "exact" or "loose"; chosen: JSON {modelColumn: headerName}; previous: read the
  // previous snapshot (trends) instead of the current table.
  void beginTable(const std::string& encoding, const std::string& delimiter,
                  const std::string& matching, const std::string& chosen_json,
                  const std::string& keep_columns, bool previous) {
    guarded([&] {
      previous_target_ = previous;
      if (!arming_) pending_.reset();  // a snapshot read left unfinished goes nowhere
      arming_ = false;
      kenko::TableOptions o;
      o.encoding = *encoding_or_throw(encoding);
      o.delimiter = delimiter.empty() ? 0 : delimiter[0];
      kenko::ColumnMapping mapping;
      mapping.matching =
          matching == "loose" ? kenko::ColumnMatching::Loose : kenko::ColumnMatching::Exact;
      mapping.chosen = kenko::parse_column_choices(chosen_json);
      for (size_t at = 0; at < keep_columns.size();) {  // names joined by U+001F
        size_t end = keep_columns.find('\x1f', at);
        if (end == std::string::npos) end = keep_columns.size();
        mapping.keep_text.push_back(keep_columns.substr(at, end - at));
        at = end + 1;
      }
      target().begin_table(o, std::move(mapping));
    });
  }
  void cancelTable() {
    guarded([&] {
      target().cancel_table();
      pending_.reset();
    });
  }
  // A snapshot for the history (labelled, kept at position `at` once read): the same reading
  // options as beginTable; feedInput/endTable then read into it.
  void beginSnapshot(const std::string& label, double at, const std::string& encoding,
                     const std::string& delimiter, const std::string& matching,
                     const std::string& chosen_json, const std::string& keep_columns) {
    guarded([&] {
      pending_ = engine_.new_snapshot();
      pending_label_ = label;
      pending_at_ = at >= 0 && at < 1e9 ? static_cast<size_t>(at) : SIZE_MAX;
    });
    arming_ = true;  // beginTable reads into pending_
    beginTable(encoding, delimiter, matching, chosen_json, keep_columns, false);
  }
  // The snapshots kept, oldest first: their labels (joined by U+001F) and each one's table
  // report.
  std::string snapshotLabels() {
    std::string out;
    for (size_t i = 0; i < engine_.snapshot_count(); ++i) {
      out += (i ? "\x1f" : "") + engine_.snapshot_label(i);
    }
    return out;
  }
  double snapshotCount() const { return static_cast<double>(engine_.snapshot_count()); }
  std::string snapshotInfo(double i) {
    return guarded([&] {
      const kenko::Engine& e = engine_.snapshot(
          index_or_throw(i, static_cast<double>(engine_.snapshot_count()), "snapshot"));
      return kenko::table_info_json(e.table(), e.reading_warning_messages());
    });
  }
  void removeSnapshot(double i) {
    guarded([&] {
      engine_.remove_snapshot(
          index_or_throw(i, static_cast<double>(engine_.snapshot_count()), "snapshot"));
    });
  }
  void clearSnapshots() { engine_.clear_snapshots(); }
  void setTableLabel(const std::string& label) { engine_.set_table_label(label); }
  std::string tableLabel() const { return engine_.table_label(); }
  // The table in hand split by a date column (labels joined by U+001F).
  std::string splitByDate(const std::string& column) {
    return guarded([&] {
      std::string out;
      for (const std::string& l : engine_.split_by_date(column))
        out += (out.empty() ? "" : "\x1f") + l;
      return out;
    });
  }
  // The history as JSON (periods, flows, counts); the per-customer columns as views below.
  std::string historyJson(double streak, double min_drop) {
    return guarded([&] {
      kenko::HistoryOptions o;
      if (!(streak >= 1 && streak <= 1000) || streak != std::floor(streak)) {
        throw kenko::Error("streak: a whole number of periods from 1");
      }
      o.streak = static_cast<size_t>(streak);
      o.min_drop = min_drop;
      history_ = engine_.history(o);
      return kenko::history_json(engine_.model(), engine_.table(), history_, false);
    });
  }
  val historyScores() { return view(history_.score); }
  val historySegments() { return view(history_.segment); }
  val historyStreak() { return view(history_.streak); }
  // Each customer's value (NaN: none), empty without a value column (a view).
  val values() {
    return guarded([&] {
      values_ = engine_.values();
      return view(values_);
    });
  }
  void dropTable(bool previous) {
    guarded([&] { (previous ? engine_.previous() : engine_).drop_table(); });
  }
  // A buffer in WASM memory for the next chunk: JS writes n bytes at this address.
  uintptr_t inputBuffer(size_t n) {
    input_.resize(n);
    return reinterpret_cast<uintptr_t>(input_.data());
  }
  void feedInput(size_t n) {
    guarded(
        [&] { target().feed_table(std::string_view(input_.data(), std::min(n, input_.size()))); });
  }
  void endTable() {
    guarded([&] {
      if (!pending_) return target().end_table();
      std::unique_ptr<kenko::Engine> snap = std::move(pending_);
      snap->end_table();
      engine_.add_snapshot(pending_label_, std::move(snap), pending_at_);
    });
  }
  double rowsRead() {
    return guarded([&] { return static_cast<double>(target().table_rows_read()); });
  }
  double rows() const {
    return engine_.has_table() ? static_cast<double>(engine_.table().rows()) : 0;
  }
  // The current table, or the previous snapshot's.
  std::string tableInfo(bool previous) {
    return guarded([&] {
      kenko::Engine& e = previous ? engine_.previous() : engine_;
      return kenko::table_info_json(e.table(), e.reading_warning_messages());
    });
  }
  // The header of the last table read or attempted, names joined by U+001F.
  std::string lastHeader() {
    return guarded([&] {
      std::string out;
      for (const std::string& h : target().last_header()) out += (out.empty() ? "" : "\x1f") + h;
      return out;
    });
  }
  std::string modelInfo() const {
    return guarded([&] { return kenko::model_info_json(engine_.model(), engine_.weights()); });
  }

  // The what-if (src/score/whatif.h) as JSON keyed by ids: put in force in one call and one
  // re-score relative to the model as loaded; read back; scored aside (nothing in force
  // changes; read with evaluated*() below); the outcome review of one scored aside.
  void setWhatIf(const std::string& json) {
    guarded([&] { engine_.set_what_if(kenko::what_if_from_json(engine_.model(), json)); });
  }
  std::string whatIfJson() {
    return guarded([&] { return kenko::what_if_json(engine_.model(), engine_.what_if()); });
  }
  void evaluateWhatIf(const std::string& json) {
    guarded([&] {
      evaluated_ = engine_.evaluate(kenko::what_if_from_json(engine_.model(), json));
      evaluated_auc_ = engine_.auc(evaluated_);
    });
  }
  std::string validationAtJson(const std::string& json) {
    return guarded([&] {
      return kenko::validation_json(
          engine_.model(), engine_.validation(kenko::what_if_from_json(engine_.model(), json)));
    });
  }
  val evaluatedScores() { return view(evaluated_.score); }
  val evaluatedSegments() { return view(evaluated_.segment); }
  double evaluatedAuc() {
    return evaluated_auc_ ? *evaluated_auc_ : std::numeric_limits<double>::quiet_NaN();
  }

  val scores() {
    return guarded([&] { return view(engine_.results_without_drivers().score); });
  }
  val coverage() {
    return guarded([&] { return view(engine_.results_without_drivers().coverage); });
  }
  val segments() {
    return guarded([&] { return view(engine_.results_without_drivers().segment); });
  }
  val dimensionScores() {
    return guarded([&] { return view(engine_.results_without_drivers().dimension); });
  }
  val drivers() {
    return guarded([&] { return view(engine_.results().drivers); });
  }
  // Alert flags, alertWords() 32-bit words per customer.
  val alerts() {
    return guarded([&] { return view(engine_.results_without_drivers().alerts); });
  }
  double alertWords() {
    return guarded(
        [&] { return static_cast<double>(engine_.results_without_drivers().alert_words); });
  }
  // Sub-scores as shown (NaN where the value is missing), column-major rows × indicators.
  val subscores() {
    return guarded([&] {
      const kenko::SubScores& sub = engine_.subscores();
      shown_.resize(sub.rows * sub.indicators);
      for (size_t i = 0; i < sub.indicators; ++i) {
        for (size_t r = 0; r < sub.rows; ++r)
          shown_[i * sub.rows + r] = kenko::shown_subscore(sub, i, r);
      }
      return view(shown_);
    });
  }
  // A column kept as text: its UTF-8 bytes and the end offset of each row's text (views).
  val textBytes(const std::string& name) {
    return guarded([&] {
      const kenko::Column& c = engine_.text_column(name);
      return val(
          emscripten::typed_memory_view(c.text_end.empty() ? 0 : c.text_end.back(),
                                        reinterpret_cast<const uint8_t*>(c.text_bytes.data())));
    });
  }
  val textEnds(const std::string& name) {
    return guarded([&] { return view(engine_.text_column(name).text_end); });
  }
  // The rows in the order of a text column (a view).
  val textOrder(const std::string& name) {
    return guarded([&] {
      text_order_ = engine_.text_order(name);
      return view(text_order_);
    });
  }
  // The scored CSV's bytes (a view: copy it out before the next call).
  val scoredCsv(bool bom, bool label, bool excel_safe) {
    return guarded([&] {
      std::ostringstream out;
      const kenko::Results& res = engine_.results();
      kenko::write_scored_csv(out, engine_.model(), engine_.table(), engine_.subscores(), res,
                              kenko::ScoredCsvOptions{bom, label, excel_safe});
      output_ = std::move(out).str();
      return val(emscripten::typed_memory_view(output_.size(),
                                               reinterpret_cast<const uint8_t*>(output_.data())));
    });
  }
  std::string scoredJson() {
    return guarded([&] {
      std::ostringstream out;
      const kenko::Results& res = engine_.results();
      kenko::write_scored_json(out, engine_.model(), engine_.table(), engine_.subscores(), res);
      return out.str();
    });
  }
  // The model in force (what-if included) as one SQL query (docs/SQL.md).
  std::string sql(const std::string& dialect, const std::string& table, bool full_precision,
                  const std::string& previous_table) {
    return guarded([&] {
      const std::optional<kenko::SqlDialect> d = kenko::parse_sql_dialect(dialect);
      if (!d) throw kenko::Error("no SQL dialect '" + dialect + "' (duckdb, postgres, sqlite)");
      kenko::SqlOptions options;
      options.dialect = *d;
      options.table = table;
      options.full_precision = full_precision;
      options.previous_table = previous_table;
      return engine_.sql(options);
    });
  }
  std::string summaryJson() {
    return guarded([&] { return kenko::summary_json(engine_.model(), engine_.summary()); });
  }
  std::string validationText() {
    return guarded([&] {
      std::ostringstream out;
      kenko::write_validation_text(out, engine_.model(), engine_.validation());
      return out.str();
    });
  }
  // The AUC in force (NaN when undefined): cheap enough for a live what-if.
  double auc() {
    return guarded([&] {
      std::optional<double> a = engine_.auc();
      return a ? *a : std::numeric_limits<double>::quiet_NaN();
    });
  }
  std::string validationJson() {
    return guarded([&] { return kenko::validation_json(engine_.model(), engine_.validation()); });
  }
  // Trends against the previous snapshot: the counts as JSON; the columns as views below.
  std::string computeTrends() {
    return guarded([&] {
      trends_ = engine_.trends();
      return kenko::trends_counts_json(trends_);
    });
  }
  bool hasPrevious() const { return engine_.has_previous(); }
  void clearPrevious() {
    engine_.clear_previous();
    trends_ = kenko::Trends();
  }
  val trendScorePrev() { return view(trends_.score_prev); }
  val trendScoreChange() { return view(trends_.score_change); }
  val trendSegmentPrev() { return view(trends_.segment_prev); }
  val trendChangeDriver() { return view(trends_.change_driver); }
  val trendDeteriorating() { return view(trends_.deteriorating); }
  val trendPreviousRow() { return view(trends_.previous_row); }

  // The weight proposal and its k-fold held-out AUC before and after, as JSON; constraints as
  // JSON keyed by ids (fit.h), "" for none.
  std::string fitWeights(double folds, const std::string& constraints) {
    return guarded([&] {
      kenko::FitOptions options;
      if (!constraints.empty()) {
        options.constraints = kenko::fit_constraints_from_json(engine_.model(), constraints);
      }
      if (!engine_.has_table()) throw kenko::Error("no table has been read");
      if (!(folds >= 2 && folds <= 100) || folds != std::floor(folds)) {
        throw kenko::Error("folds: a whole number from 2 to 100");
      }
      options.folds = static_cast<size_t>(folds);
      return kenko::fit_json(engine_.model(), engine_.fit(options));
    });
  }
  // Proposed bounds for indicator i from the healthy customers (column "" : those that
  // stayed; else the cells holding one of `values`, joined by U+001F), as JSON.
  std::string proposeBands(double i, const std::string& column, const std::string& values) {
    return guarded([&] {
      if (!engine_.has_table()) throw kenko::Error("no table has been read");
      const size_t index =
          index_or_throw(i, static_cast<double>(engine_.model().indicators.size()), "indicator");
      kenko::HealthySpec healthy;
      healthy.column = column;
      for (size_t at = 0; at < values.size();) {
        size_t end = values.find('\x1f', at);
        if (end == std::string::npos) end = values.size();
        healthy.values.push_back(values.substr(at, end - at));
        at = end + 1;
      }
      return kenko::bands_proposal_json(engine_.propose_bands(index, healthy));
    });
  }
  // The smallest improvement into a better segment for customer `row`, as JSON.
  std::string improvement(double row) {
    return guarded([&] {
      const size_t r = index_or_throw(row, rows(), "customer");
      return kenko::improvement_json(engine_.model(), engine_.improvement(r));
    });
  }
  std::string explain(double row) {
    return guarded([&] {
      const kenko::Results& res = engine_.results();
      const size_t r = index_or_throw(row, rows(), "customer");
      kenko::CustomerExplanation e = engine_.explain(r);
      return kenko::explanation_json(engine_.model(), engine_.table(), res, e);
    });
  }
  std::string summaryText() {
    return guarded([&] {
      std::ostringstream out;
      kenko::write_summary_text(out, engine_.model(), engine_.summary());
      return out.str();
    });
  }

  // kenko init: a table read without a model (then feedInput/endTable/cancelTable as for a
  // table), profiled; models proposed from it (src/review/profile.h, propose.h).
  void beginSource(const std::string& encoding, const std::string& delimiter) {
    guarded([&] {
      previous_target_ = false;
      pending_.reset();  // as beginTable: a snapshot read left unfinished goes nowhere
      arming_ = false;
      kenko::TableOptions o;
      o.encoding = *encoding_or_throw(encoding);
      o.delimiter = delimiter.empty() ? 0 : delimiter[0];
      engine_.begin_source(o);
    });
  }
  std::string sourceProfile() {
    return guarded([&] {
      if (!engine_.has_source()) throw kenko::Error("no table has been read to profile");
      return kenko::profile_json(engine_.source_profile(), engine_.source(),
                                 engine_.source_warning_messages());
    });
  }
  // options: JSON (src/review/propose.h propose_options_from_json).
  std::string proposeModel(const std::string& options_json) {
    return guarded([&] {
      const kenko::ModelProposal p =
          engine_.propose_model(kenko::propose_options_from_json(options_json));
      return kenko::proposal_json(p, engine_.source_profile());
    });
  }
  void clearSource() {
    guarded([&] { engine_.clear_source(); });
  }

 private:
  template <typename T>
  static val view(const std::vector<T>& v) {
    return val(emscripten::typed_memory_view(v.size(), v.data()));
  }
  kenko::Engine engine_;
  std::vector<char> input_;
  std::vector<double> shown_;
  std::string output_;
  bool previous_target_ = false;  // table input goes to the previous snapshot
  kenko::Engine& target() {
    if (pending_) return *pending_;
    return previous_target_ ? engine_.previous() : engine_;
  }
  std::unique_ptr<kenko::Engine> pending_;  // a history snapshot being read
  std::string pending_label_;
  size_t pending_at_ = SIZE_MAX;
  bool arming_ = false;
  kenko::History history_;
  std::vector<double> values_;
  kenko::Trends trends_;
  std::vector<uint32_t> text_order_;
  kenko::Results evaluated_;  // evaluateWhatIf()
  std::optional<double> evaluated_auc_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(kenko) {
  emscripten::class_<WasmEngine>("Engine")
      .constructor<>()
      .class_function("setThreads", &kenko::Engine::set_threads)
      .class_function("threads", &kenko::Engine::threads)
      .function("setModel", &WasmEngine::setModel)
      .function("beginTable", &WasmEngine::beginTable)
      .function("inputBuffer", &WasmEngine::inputBuffer)
      .function("feedInput", &WasmEngine::feedInput)
      .function("endTable", &WasmEngine::endTable)
      .function("rowsRead", &WasmEngine::rowsRead)
      .function("rows", &WasmEngine::rows)
      .function("cancelTable", &WasmEngine::cancelTable)
      .function("dropTable", &WasmEngine::dropTable)
      .function("tableInfo", &WasmEngine::tableInfo)
      .function("lastHeader", &WasmEngine::lastHeader)
      .function("modelInfo", &WasmEngine::modelInfo)
      .function("setWhatIf", &WasmEngine::setWhatIf)
      .function("whatIfJson", &WasmEngine::whatIfJson)
      .function("validationAtJson", &WasmEngine::validationAtJson)
      .function("textBytes", &WasmEngine::textBytes)
      .function("textEnds", &WasmEngine::textEnds)
      .function("textOrder", &WasmEngine::textOrder)
      .function("evaluateWhatIf", &WasmEngine::evaluateWhatIf)
      .function("evaluatedScores", &WasmEngine::evaluatedScores)
      .function("evaluatedSegments", &WasmEngine::evaluatedSegments)
      .function("evaluatedAuc", &WasmEngine::evaluatedAuc)
      .function("scores", &WasmEngine::scores)
      .function("coverage", &WasmEngine::coverage)
      .function("segments", &WasmEngine::segments)
      .function("dimensionScores", &WasmEngine::dimensionScores)
      .function("drivers", &WasmEngine::drivers)
      .function("alerts", &WasmEngine::alerts)
      .function("alertWords", &WasmEngine::alertWords)
      .function("subscores", &WasmEngine::subscores)
      .function("scoredCsv", &WasmEngine::scoredCsv)
      .function("scoredJson", &WasmEngine::scoredJson)
      .function("sql", &WasmEngine::sql)
      .function("summaryJson", &WasmEngine::summaryJson)
      .function("validationText", &WasmEngine::validationText)
      .function("validationJson", &WasmEngine::validationJson)
      .function("auc", &WasmEngine::auc)
      .function("explain", &WasmEngine::explain)
      .function("improvement", &WasmEngine::improvement)
      .function("fitWeights", &WasmEngine::fitWeights)
      .function("proposeBands", &WasmEngine::proposeBands)
      .function("computeTrends", &WasmEngine::computeTrends)
      .function("hasPrevious", &WasmEngine::hasPrevious)
      .function("clearPrevious", &WasmEngine::clearPrevious)
      .function("trendScorePrev", &WasmEngine::trendScorePrev)
      .function("trendScoreChange", &WasmEngine::trendScoreChange)
      .function("trendSegmentPrev", &WasmEngine::trendSegmentPrev)
      .function("trendChangeDriver", &WasmEngine::trendChangeDriver)
      .function("trendDeteriorating", &WasmEngine::trendDeteriorating)
      .function("trendPreviousRow", &WasmEngine::trendPreviousRow)
      .function("summaryText", &WasmEngine::summaryText)
      .function("beginSnapshot", &WasmEngine::beginSnapshot)
      .function("snapshotLabels", &WasmEngine::snapshotLabels)
      .function("snapshotInfo", &WasmEngine::snapshotInfo)
      .function("snapshotCount", &WasmEngine::snapshotCount)
      .function("removeSnapshot", &WasmEngine::removeSnapshot)
      .function("clearSnapshots", &WasmEngine::clearSnapshots)
      .function("setTableLabel", &WasmEngine::setTableLabel)
      .function("tableLabel", &WasmEngine::tableLabel)
      .function("splitByDate", &WasmEngine::splitByDate)
      .function("historyJson", &WasmEngine::historyJson)
      .function("historyScores", &WasmEngine::historyScores)
      .function("historySegments", &WasmEngine::historySegments)
      .function("historyStreak", &WasmEngine::historyStreak)
      .function("values", &WasmEngine::values)
      .function("beginSource", &WasmEngine::beginSource)
      .function("sourceProfile", &WasmEngine::sourceProfile)
      .function("proposeModel", &WasmEngine::proposeModel)
      .function("clearSource", &WasmEngine::clearSource);
}
