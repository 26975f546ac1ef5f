// Fuzz target: the model checker and everything a model drives. The input is a model's JSON,
// then optionally a NUL byte and a table (without one, a small built-in table is scored). A
// valid model is scored and put through the whole pipeline: the scored CSV (plain and
// spreadsheet-safe) and JSON, the summary, the outcome review, explain and the improvement
// search for a few customers, the front ends' JSON. Checks: no crash, hang, leak or undefined
// behaviour; scores, dimension sub-scores and coverage within range (common.h).
#include <sstream>
#include <string>

#include "base/error.h"
#include "common.h"
#include "engine/engine.h"
#include "report/output.h"
#include "report/report_json.h"
#include "report/text_report.h"

namespace {

const char kDefaultTable[] =
    "id,name,logins,nps,plan,tickets,churned,v,x,a,b\n"
    "c1,Acme,12,9,Enterprise,0,0,5,1,3,2\n"
    "c2,=Bad,0,2,Starter,7,1,-3,,NA,0\n"
    "c3,Beta,3.5,,Pro,1,0,1e300,yes,1,1\n"
    "c4,Gamma,-,10,,3,1,,no,0,-2\n"
    "c5,Delta,100,5,Pro,0,0,7.5,1,2,4\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string model = input.substr(0, nul);
  const std::string table = nul == std::string::npos ? kDefaultTable : input.substr(nul + 1);
  kenko::Engine engine;
  try {
    engine.set_model(model);
  } catch (const kenko::ModelError&) {
    return 0;
  }
  try {
    engine.begin_table();
    engine.feed_table(table);
    engine.end_table();
  } catch (const kenko::Error&) {
    return 0;
  }
  const kenko::Model& m = engine.model();
  const kenko::Results& res = engine.results();
  kenko_fuzz::check_results(m, res);
  std::ostringstream out;
  kenko::ScoredCsvOptions o;
  kenko::write_scored_csv(out, m, engine.table(), engine.subscores(), res, o);
  o.excel_safe = o.bom = o.label = true;
  kenko::write_scored_csv(out, m, engine.table(), engine.subscores(), res, o);
  kenko::write_scored_json(out, m, engine.table(), engine.subscores(), res);
  kenko::Summary summary = engine.summary();
  kenko::write_summary_text(out, m, summary);
  out << kenko::summary_json(m, summary) << kenko::model_info_json(m, engine.weights())
      << kenko::table_info_json(engine.table(), engine.reading_warnings());
  if (m.outcome) {
    kenko::Validation v = engine.validation();
    kenko::write_validation_text(out, m, v);
    out << kenko::validation_json(m, v);
  }
  const size_t rows = engine.table().rows();
  for (size_t r = 0; r < rows && r < 3; ++r) {
    kenko::CustomerExplanation e = engine.explain(r);
    out << kenko::explanation_json(m, engine.table(), engine.results(), e);
    kenko::ImproveOptions io;
    io.max_evaluations = 20000;
    kenko::Improvement imp = engine.improvement(r, io);
    out << kenko::improvement_json(m, imp) << kenko::improvement_text(m, imp);
  }
  return 0;
}
