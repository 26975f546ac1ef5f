// The `kenko` command line: score, validate, summary, fit, learn-bands, explain, check-model,
// sql, generate.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/text.h"
#include "engine/engine.h"
#include "report/history_report.h"
#include "report/init_report.h"
#include "report/model_writer.h"
#include "report/output.h"
#include "report/report_json.h"
#include "report/text_report.h"
#include "synth/synth.h"
#include "terminal.h"

namespace {

constexpr int kExitInput = 1;  // a bad model or table, an unreadable or unwritable file
constexpr int kExitUsage = 2;  // a wrong command line

const char* const kMainHelp =
    "kenko: customer health scores from a model (JSON) and a customer table (CSV)\n"
    "\n"
    "usage: kenko <command> [options]\n"
    "\n"
    "commands:\n"
    "  score        score every customer; writes the scored table (CSV or JSON)\n"
    "  validate     compare the scores with the model's outcome; first line 'auc X'\n"
    "  summary      counts, mean, median, histogram, segments, alerts, indicators\n"
    "  fit          propose weights that separate the outcome best (k-fold held-out AUC)\n"
    "  learn-bands  propose an indicator's thresholds from the healthy customers' values\n"
    "  explain      one customer: why it scored so, and what would lift it to a better segment\n"
    "  history      several dated snapshots: scores over time, segment flows, who keeps falling\n"
    "  init         propose a model from a table's own columns (profiles every column)\n"
    "  check-model  validate a model file\n"
    "  sql          the model as one SQL query for DuckDB, PostgreSQL or SQLite\n"
    "  generate     write a synthetic customer table\n"
    "\n"
    "'kenko <command> --help' tells more. Every command takes --threads N: the threads used\n"
    "(default: the machine's cores; 1: no others). The output is the same for any N. Exit\n"
    "status: 0 done, 1 bad input (model, table or file), 2 wrong command line.\n";

const std::map<std::string, std::string> kHelp = {
    {"score",
     "usage: kenko score --model MODEL.json DATA.csv [-o OUT] [--format csv|json]\n"
     "                   [--encoding auto|utf-8|shift_jis|utf-16le|utf-16be] [--delimiter C]\n"
     "                   [--previous OLD.csv] [--full-precision] [--excel-safe]\n"
     "\n"
     "Writes the scored table: the id column, score, segment, coverage, dim.<id>..., ind.<id>...,\n"
     "drivers, alerts (two decimals; --full-precision writes each number in the shortest text\n"
     "that reads back to the same double, as --format json does). Reports on bad cells and rows\n"
     "go to standard error.\n"
     "\n"
     "--excel-safe: for a spreadsheet (\"CSV injection\"), a text cell that starts with =, +, -,\n"
     "@, tab or CR gets a ' first, so that it is shown as text and never run as a formula; a\n"
     "cell that reads as a number (-3) is left as it is. CSV only.\n"
     "\n"
     "--previous OLD.csv scores an earlier snapshot of the same customers with the same model,\n"
     "joins it by the id column (ids must be unique) and appends score_prev, score_change,\n"
     "segment_prev (empty for a customer OLD.csv lacks) and change_driver (the indicator whose\n"
     "contribution to the score, share × sub-score, moved most in the direction of the\n"
     "change). Ids are compared trimmed; missing ids join nothing. JSON adds\n"
     "'deteriorating': the score fell by at least the model's trend.deteriorating_drop (10).\n"},
    {"validate",
     "usage: kenko validate --model MODEL.json DATA.csv [-o OUT] [--format text|json]\n"
     "                      [--encoding E] [--delimiter C]\n"
     "\n"
     "Needs a model with an \"outcome\". Prints 'auc X' (lower scores predicting the positive\n"
     "outcome; 'auc NA' when one class is empty), then the counts, the outcome rate per\n"
     "segment and per score decile (lowest scores first; ties never split, with the lift over\n"
     "the overall rate), and each indicator's own AUC by its sub-score and its missing rate.\n"
     "--format json adds the ROC curve.\n"},
    {"fit",
     "usage: kenko fit --model MODEL.json DATA.csv [-o FITTED.json] [--folds K]\n"
     "                 [--lock ID]... [--min-share DIM=P]... [--max-share DIM=P]...\n"
     "                 [--min-indicator-share ID=P]... [--constraints FILE.json]\n"
     "                 [--encoding E] [--delimiter C]\n"
     "\n"
     "Needs a model with an \"outcome\". Proposes non-negative indicator (and dimension)\n"
     "weights that best separate the outcome: L2-regularised logistic regression on the\n"
     "sub-scores, a higher sub-score never raising the risk; weights scaled to add up to 100,\n"
     "so an indicator's weight is its share of the score in percent.\n"
     "Prints the held-out AUC before and after (the mean over K folds, default 5, of the AUC on\n"
     "each fold with weights fitted on the others) and the proposed weights; -o writes the\n"
     "model with those weights, everything else as written.\n"
     "\n"
     "Constraints (shares of the score in percent, P from 0 to 100; each option repeatable):\n"
     "  --lock ID                  the indicator keeps the share it has now\n"
     "  --min-share DIM=P          the dimension's indicators together weigh at least P%\n"
     "  --max-share DIM=P          ... and at most P%\n"
     "  --min-indicator-share ID=P the indicator weighs at least P%\n"
     "  --constraints FILE.json    {\"lock\": [ID...], \"indicators\": {ID: {\"min_share\": P}},\n"
     "                             \"dimensions\": {DIM: {\"min_share\": P, \"max_share\": P}}}\n"
     "                             (options given as well add to it)\n"
     "With constraints it also prints heldout_auc_unconstrained (the same folds fitted without\n"
     "them) and each indicator's share before -> after ('locked' for a locked one).\n"},
    {"history",
     "usage: kenko history --model MODEL.json SNAP1.csv SNAP2.csv [SNAP3.csv ...]\n"
     "                     [--streak N] [--min-drop D] [--format text|json] [-o OUT]\n"
     "       kenko history --model MODEL.json DATA.csv --date-column COLUMN [...]\n"
     "                     [--encoding E] [--delimiter C]\n"
     "\n"
     "Scores several snapshots of the same customers with the same model and joins them by\n"
     "the id column (unique in each). A snapshot's date is the first date in its file name\n"
     "(2024-01-31, 2024_01, 20240131, 202401...): when every file has one they are ordered by\n"
     "it, else taken as given (oldest first) and named by their file names. With\n"
     "--date-column one table holds every period: its rows are split by that column's dates\n"
     "(YYYY-MM-DD, YYYY/MM/DD, YYYY-MM; every row needs one). The latest period's customers\n"
     "are followed back.\n"
     "\n"
     "Prints per period its customers, mean score and customers per segment (and value with a\n"
     "value column), the segment flows between consecutive periods ('absent': not in that\n"
     "snapshot), and the customers whose score fell in each of the last N periods in a row\n"
     "(--streak N, default 2; --min-drop D counts only falls of at least D points), most\n"
     "periods first, with their scores oldest first. --format json gives the same as JSON.\n"},
    {"learn-bands",
     "usage: kenko learn-bands --model MODEL.json DATA.csv --indicator ID\n"
     "                         [--healthy COLUMN=TEXT[,TEXT...]] [--encoding E] [--delimiter C]\n"
     "\n"
     "Proposes new bounds for a bands or linear indicator from the values of healthy\n"
     "customers: those that stayed (the model's outcome is negative), or with --healthy those\n"
     "whose COLUMN holds one of the texts (case-insensitive). Bands where more is better start\n"
     "at the healthy median, then the 25th, 10th, 5th... percentiles (less is better: end at\n"
     "the median, then the 75th, 90th...); linear runs from the 5th percentile to the median.\n"
     "Prints the proposed rule as JSON, then per bound the share of healthy and of all\n"
     "customers that reach it.\n"},
    {"explain",
     "usage: kenko explain --model MODEL.json DATA.csv --id ID [--format text|json]\n"
     "                     [--encoding E] [--delimiter C]\n"
     "\n"
     "The customer whose id column holds ID: score, segment, coverage, drivers, alerts, and per\n"
     "indicator the value read, points, sub-score and share of the score; then the smallest\n"
     "improvement that lifts it into the next better segment: which indicators (at most\n"
     "three, fewer preferred), from what value to what value, searched over the rules' own\n"
     "breakpoints (segments rank by their score min; see src/improve.h).\n"},
    {"summary",
     "usage: kenko summary --model MODEL.json DATA.csv [--encoding E] [--delimiter C]\n"
     "\n"
     "Prints customers, mean and median score, a 20-bin histogram, customers per segment and\n"
     "per alert, missing and invalid values per indicator, and with an outcome the AUC.\n"},
    {"check-model",
     "usage: kenko check-model MODEL.json\n"
     "\n"
     "Validates the model; prints every problem with its JSON path, and warnings (among them an\n"
     "indicator whose weight is left to default, its rule's most points, beside small explicit\n"
     "weights in one dimension: it swamps them).\n"},
    {"sql",
     "usage: kenko sql --model MODEL.json --table NAME [--dialect duckdb|postgres|sqlite]\n"
     "                 [--previous-table NAME] [--full-precision] [-o OUT.sql]\n"
     "       kenko sql --model MODEL.json --table NAME --load-script DATA.csv\n"
     "                 [--dialect D] [--encoding E] [--delimiter C] [-o LOAD.sql]\n"
     "\n"
     "Writes one SELECT that reads the customer table NAME (schema.table allowed) and returns\n"
     "what 'kenko score' writes: the id column, score, segment, coverage, dim.<id>...,\n"
     "ind.<id>..., drivers, alerts; the same scores, to the bit (docs/SQL.md). Numbers have two\n"
     "decimals (DECIMAL(18,2); REAL in SQLite), or are the doubles themselves with\n"
     "--full-precision. The table has numbers in numeric columns and texts in text columns; NULL\n"
     "is missing. --dialect defaults to duckdb. --previous-table joins an earlier snapshot's\n"
     "table by the id and adds score_prev, score_change, segment_prev, change_driver and\n"
     "deteriorating, as 'kenko score --previous'.\n"
     "\n"
     "--load-script DATA.csv writes instead a script that creates NAME with the model's columns\n"
     "(numbers as DOUBLE, the rest as text) and loads DATA.csv's rows as kenko reads them:\n"
     "PostgreSQL (run it with psql -f) and SQLite with the rows inside; DuckDB from OUT.csv,\n"
     "written beside -o OUT.sql.\n"},
    {"init",
     "usage: kenko init DATA.csv [-o MODEL.json] [--outcome COLUMN [--positive TEXT]...]\n"
     "                  [--id COLUMN] [--label COLUMN] [--keep COLUMN]... [--drop COLUMN]...\n"
     "                  [--direction COLUMN=higher|lower]... [--no-fit] [--folds K]\n"
     "                  [--name TEXT] [--encoding E] [--delimiter C]\n"
     "\n"
     "Profiles every column of the table (number, percent, yes/no, category, date, id, text;\n"
     "missing rate, distinct values, quantiles) and proposes a model: the id and label columns;\n"
     "numbers as bands at the data's quantiles or a linear rule between two; yes/no as boolean;\n"
     "categories with at most 20 values as category points. The direction of each comes from\n"
     "its own AUC against the outcome, else from the words of its name (English, Japanese),\n"
     "else it is assumed (and said so); the DEAR dimension from the name's words, else 'other'.\n"
     "Free text, dates, constant columns and probable leaks of the outcome (own AUC >= 0.97)\n"
     "are left out, with the reason. Weights: equal shares, or with --outcome those 'kenko fit'\n"
     "fits on the proposed model (at most 10,000 customers sampled; --no-fit: equal).\n"
     "\n"
     "Writes the model to -o MODEL.json (default: standard output) and the report to standard\n"
     "error: one line per column (kind, role, rule, direction, dimension, weight and share,\n"
     "and why), then the held-out AUC of the fit. --positive and --keep/--drop take one text\n"
     "or column each and may repeat (--positive also splits at commas); --keep keeps a column\n"
     "left out (a probable leak you know is not one), --direction sets a column's direction.\n"
     "See docs/INIT.md.\n"},
    {"generate",
     "usage: kenko generate --rows N [--seed S] [-o OUT] [--lang en|ja] [--crlf]\n"
     "                      [--month-earlier]\n"
     "\n"
     "Writes a synthetic customer table (UTF-8 CSV) with usage, support and satisfaction\n"
     "columns and a churn outcome from a hidden process. --lang ja: Japanese headers.\n"
     "--month-earlier: the same customers (same seed) a month earlier, for\n"
     "'kenko score --previous' (customers of a month's tenure or less are left out).\n"},
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Args {
  std::string command;
  std::map<std::string, std::string> options;                // the last value of each
  std::map<std::string, std::vector<std::string>> repeated;  // every value, in order
  std::vector<std::string> positional;
  bool help = false;
  std::optional<unsigned> threads;  // --threads N (every command)
};

// Options that take a value; the rest are flags.
bool takes_value(const std::string& opt) {
  static const char* const kValued[] = {"--model",
                                        "-o",
                                        "--output",
                                        "--format",
                                        "--encoding",
                                        "--delimiter",
                                        "--rows",
                                        "--seed",
                                        "--lang",
                                        "--previous",
                                        "--id",
                                        "--folds",
                                        "--indicator",
                                        "--healthy",
                                        "--threads",
                                        "--table",
                                        "--dialect",
                                        "--previous-table",
                                        "--load-script",
                                        "--lock",
                                        "--min-share",
                                        "--max-share",
                                        "--min-indicator-share",
                                        "--constraints",
                                        "--date-column",
                                        "--streak",
                                        "--min-drop",
                                        "--outcome",
                                        "--positive",
                                        "--label",
                                        "--keep",
                                        "--drop",
                                        "--direction",
                                        "--name"};
  for (const char* v : kValued) {
    if (opt == v) return true;
  }
  return false;
}

// --threads N: 1 to 64.
uint64_t parse_count(const std::string& name, const std::string& text);

unsigned parse_threads(const std::string& v) {
  const uint64_t n = parse_count("--threads", v);
  if (n < 1 || n > 64) throw UsageError("--threads takes a number from 1 to 64, not '" + v + "'");
  return static_cast<unsigned>(n);
}

Args parse_args(int argc, char** argv) {
  Args a;
  if (argc < 2) throw UsageError("no command given");
  a.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--help" || s == "-h") {
      a.help = true;
    } else if (s.size() > 1 && s[0] == '-') {
      std::string value;
      size_t eq = s.find('=');
      if (eq != std::string::npos && s.rfind("--", 0) == 0) {
        value = s.substr(eq + 1);
        s = s.substr(0, eq);
        if (!takes_value(s)) throw UsageError("option " + s + " takes no value");
      } else if (takes_value(s)) {
        if (i + 1 >= argc) throw UsageError("option " + s + " needs a value");
        value = argv[++i];
      } else if (s != "--crlf" && s != "--month-earlier" && s != "--excel-safe" &&
                 s != "--full-precision" && s != "--no-fit") {
        throw UsageError("unknown option " + s);
      }
      if (s == "--output") s = "-o";
      if (s == "--threads") {
        a.threads = parse_threads(value);
        continue;
      }
      a.options[s] = value;
      a.repeated[s].push_back(value);
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

void check_options(const Args& a, std::initializer_list<const char*> allowed) {
  for (const auto& [name, value] : a.options) {
    bool ok = false;
    for (const char* k : allowed) ok = ok || name == k;
    if (!ok) throw UsageError("option " + name + " does not apply to '" + a.command + "'");
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw kenko::Error("cannot open '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw kenko::Error("cannot read '" + path + "'");
  return ss.str();
}

struct Failure {
  std::string where;  // file
  std::string message;
};

void print_problems(const std::string& file, const std::vector<kenko::ModelProblem>& problems,
                    const char* kind) {
  for (const kenko::ModelProblem& p : problems) {
    std::cerr << "kenko: " << kind << file << ": " << p.to_string() << "\n";
  }
}

// Loads the model, printing warnings; errors escape as ModelError.
void load_model(kenko::Engine& engine, const std::string& path) {
  std::string text;
  try {
    text = read_file(path);
  } catch (const kenko::Error& e) {
    throw Failure{"", e.what()};
  }
  try {
    print_problems(path, engine.set_model(text), "warning: ");
  } catch (const kenko::ModelError& e) {
    print_problems(path, e.problems(), "");
    throw Failure{"", ""};
  }
}

kenko::TableOptions table_options(const Args& a) {
  kenko::TableOptions o;
  auto enc = a.options.find("--encoding");
  if (enc != a.options.end()) {
    std::optional<kenko::Encoding> e = kenko::parse_encoding_name(enc->second);
    if (!e)
      throw UsageError("unknown encoding '" + enc->second +
                       "' (auto, utf-8, shift_jis, utf-16le, utf-16be)");
    o.encoding = *e;
  }
  auto del = a.options.find("--delimiter");
  if (del != a.options.end()) {
    const std::string& d = del->second;
    if (d == "\\t" || d == "tab" || d == "\t") {
      o.delimiter = '\t';
    } else if (d.size() == 1 && d[0] != '"' && d[0] != '\n' && d[0] != '\r') {
      o.delimiter = d[0];
    } else {
      throw UsageError("--delimiter takes one character (or 'tab'), not '" + d + "'");
    }
  }
  return o;
}

void load_table(kenko::Engine& engine, const Args& a, const std::string& path,
                kenko::ColumnMapping mapping = {}) {
  kenko::TableOptions options = table_options(a);
  bool tty = isatty(2);
  uint64_t last_mb = 0;
  auto progress = [&](uint64_t bytes, uint64_t rows) {
    if (!tty || bytes < (64u << 20)) return;
    uint64_t mb = bytes >> 20;
    if (mb - last_mb < 16) return;
    last_mb = mb;
    std::fprintf(stderr, "\rkenko: reading %s: %llu MB, %llu rows",
                 kenko_cli::escape_controls(path).c_str(), static_cast<unsigned long long>(mb),
                 static_cast<unsigned long long>(rows));
  };
  try {
    engine.load_table_file(path, options, progress, std::move(mapping));
  } catch (const kenko::Error& e) {
    if (last_mb) std::fprintf(stderr, "\n");
    throw Failure{path, e.what()};
  }
  if (last_mb) std::fprintf(stderr, "\n");
  for (const std::string& w : engine.reading_warnings()) {
    std::cerr << "kenko: warning: " << path << ": " << w << "\n";
  }
}

std::string single_data_file(const Args& a) {
  if (a.positional.size() != 1) {
    throw UsageError(a.positional.empty() ? "no data file given" : "more than one data file given");
  }
  if (!a.options.count("--model")) throw UsageError("--model MODEL.json is required");
  return a.positional[0];
}

// Writes to -o FILE or standard output.
template <typename Fn>
void write_output(const Args& a, Fn&& fn) {
  auto o = a.options.find("-o");
  if (o == a.options.end()) {
    fn(std::cout);
    std::cout.flush();
    if (!std::cout) throw Failure{"", "cannot write to standard output"};
    return;
  }
  std::ofstream out(o->second, std::ios::binary);
  if (!out) throw Failure{o->second, "cannot open for writing"};
  fn(out);
  out.close();
  if (!out) throw Failure{o->second, "cannot write"};
}

int cmd_score(const Args& a) {
  check_options(a, {"--model", "-o", "--format", "--encoding", "--delimiter", "--previous",
                    "--excel-safe", "--full-precision"});
  std::string data = single_data_file(a);
  const bool full_precision = a.options.count("--full-precision") > 0;
  std::string format = a.options.count("--format") ? a.options.at("--format") : "csv";
  if (format != "csv" && format != "json")
    throw UsageError("--format is csv or json, not '" + format + "'");
  if (format == "json" && a.options.count("--excel-safe"))
    throw UsageError("--excel-safe is for --format csv (JSON cells are never formulas)");
  kenko::Engine engine;
  load_model(engine, a.options.at("--model"));
  load_table(engine, a, data);
  std::optional<kenko::Trends> trends;
  if (a.options.count("--previous")) {
    const std::string& old = a.options.at("--previous");
    load_table(engine.previous(), a, old);
    try {
      trends = engine.trends();
    } catch (const kenko::Error& e) {
      throw Failure{"", "joining " + data + " with " + old + ": " + e.what()};
    }
  }
  const kenko::Results& res = engine.results();
  const kenko::Trends* t = trends ? &*trends : nullptr;
  write_output(a, [&](std::ostream& out) {
    if (format == "csv") {
      kenko::ScoredCsvOptions options;
      options.trends = t;
      options.full_precision = full_precision;
      options.excel_safe = a.options.count("--excel-safe") > 0;
      kenko::write_scored_csv(out, engine.model(), engine.table(), engine.subscores(), res,
                              options);
    } else {
      kenko::write_scored_json(out, engine.model(), engine.table(), engine.subscores(), res, t);
    }
  });
  return 0;
}

int cmd_summary(const Args& a, bool validate) {
  if (validate) {
    check_options(a, {"--model", "--encoding", "--delimiter", "-o", "--format"});
  } else {
    check_options(a, {"--model", "--encoding", "--delimiter", "-o"});
  }
  const std::string format = a.options.count("--format") ? a.options.at("--format") : "text";
  if (format != "text" && format != "json")
    throw UsageError("--format is text or json, not '" + format + "'");
  std::string data = single_data_file(a);
  kenko::Engine engine;
  load_model(engine, a.options.at("--model"));
  if (validate && !engine.model().outcome) {
    throw Failure{a.options.at("--model"),
                  "the model has no \"outcome\": nothing to validate against"};
  }
  load_table(engine, a, data);
  write_output(a, [&](std::ostream& out) {
    if (validate && format == "json") {
      out << kenko::validation_json(engine.model(), engine.validation()) << "\n";
    } else if (validate) {
      kenko::write_validation_text(out, engine.model(), engine.validation());
    } else {
      kenko::write_summary_text(out, engine.model(), engine.summary());
    }
  });
  return 0;
}

// A share in percent (0 to 100, a trailing % allowed) from the command line.
double percent_option(const std::string& option, const std::string& text) {
  std::string t = text;
  if (!t.empty() && t.back() == '%') t.pop_back();
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (t.empty() || *end || !(v >= 0 && v <= 100)) {
    throw UsageError(option + " takes a share in percent from 0 to 100, not '" + text + "'");
  }
  return v;
}

// The fit constraints of the command line as the JSON fit_constraints_from_json reads: the
// --constraints file, then the options added to it.
std::string constraints_json(const Args& a) {
  nlohmann::json j = nlohmann::json::object();
  if (a.options.count("--constraints")) {
    const std::string& path = a.options.at("--constraints");
    std::string text;
    try {
      text = read_file(path);
      j = nlohmann::json::parse(text);
    } catch (const kenko::Error& e) {
      throw Failure{"", e.what()};
    } catch (const std::exception& e) {
      throw Failure{path, std::string("not JSON: ") + e.what()};
    }
    if (!j.is_object()) throw Failure{path, "the constraints must be a JSON object"};
  }
  auto pairs = [&](const char* option, const char* group, const char* key) {
    auto it = a.repeated.find(option);
    if (it == a.repeated.end()) return;
    for (const std::string& v : it->second) {
      const size_t eq = v.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw UsageError(std::string(option) + " is ID=PERCENT, not '" + v + "'");
      }
      j[group][v.substr(0, eq)][key] = percent_option(option, v.substr(eq + 1));
    }
  };
  pairs("--min-share", "dimensions", "min_share");
  pairs("--max-share", "dimensions", "max_share");
  pairs("--min-indicator-share", "indicators", "min_share");
  auto locks = a.repeated.find("--lock");
  if (locks != a.repeated.end()) {
    for (const std::string& v : locks->second) {
      for (size_t at = 0; at <= v.size();) {
        size_t comma = v.find(',', at);
        if (comma == std::string::npos) comma = v.size();
        if (comma > at) j["lock"].push_back(v.substr(at, comma - at));
        at = comma + 1;
      }
    }
  }
  return j.dump();
}

// --folds K (2 to 100) into the fit's options.
void read_folds(const Args& a, kenko::FitOptions& options) {
  if (!a.options.count("--folds")) return;
  const std::string& k = a.options.at("--folds");
  char* end = nullptr;
  const unsigned long v = std::strtoul(k.c_str(), &end, 10);
  if (k.empty() || *end || v < 2 || v > 100)
    throw UsageError("--folds is 2 to 100, not '" + k + "'");
  options.folds = v;
}

int cmd_fit(const Args& a) {
  check_options(a, {"--model", "--encoding", "--delimiter", "-o", "--folds", "--lock",
                    "--min-share", "--max-share", "--min-indicator-share", "--constraints"});
  std::string data = single_data_file(a);
  kenko::FitOptions options;
  read_folds(a, options);
  const std::string& model_path = a.options.at("--model");
  kenko::Engine engine;
  load_model(engine, model_path);
  if (!engine.model().outcome) {
    throw Failure{model_path, "the model has no \"outcome\": nothing to fit the weights to"};
  }
  const std::string constraints = constraints_json(a);
  try {
    options.constraints = kenko::fit_constraints_from_json(engine.model(), constraints);
    kenko::check_fit_constraints(engine.model(), engine.weights(), options.constraints);
  } catch (const kenko::Error& e) {
    throw Failure{a.options.count("--constraints") ? a.options.at("--constraints") : "", e.what()};
  }
  load_table(engine, a, data);
  kenko::FitResult fit;
  try {
    fit = engine.fit(options);
  } catch (const kenko::Error& e) {
    throw Failure{data, e.what()};
  }
  kenko::write_fit_text(std::cout, engine.model(), engine.weights(), fit, options.folds);
  auto o = a.options.find("-o");
  if (o != a.options.end()) {
    std::string fitted = kenko::model_json_with_weights(
        read_file(model_path), fit.indicator_weights, fit.dimension_weights);
    std::ofstream out(o->second, std::ios::binary);
    out << fitted;
    out.close();
    if (!out) throw Failure{o->second, "cannot write"};
  }
  return 0;
}

int cmd_learn_bands(const Args& a) {
  check_options(a, {"--model", "--encoding", "--delimiter", "--indicator", "--healthy"});
  std::string data = single_data_file(a);
  if (!a.options.count("--indicator")) throw UsageError("--indicator ID is required");
  kenko::HealthySpec healthy;
  if (a.options.count("--healthy")) {
    const std::string& spec = a.options.at("--healthy");
    const size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      throw UsageError("--healthy is COLUMN=TEXT[,TEXT...], not '" + spec + "'");
    }
    healthy.column = spec.substr(0, eq);
    std::string rest = spec.substr(eq + 1);
    for (size_t at = 0; at <= rest.size();) {
      size_t comma = rest.find(',', at);
      if (comma == std::string::npos) comma = rest.size();
      healthy.values.push_back(rest.substr(at, comma - at));
      at = comma + 1;
    }
  }
  const std::string& model_path = a.options.at("--model");
  kenko::Engine engine;
  load_model(engine, model_path);
  const int i = engine.model().indicator_index(a.options.at("--indicator"));
  if (i < 0) throw Failure{model_path, "no indicator '" + a.options.at("--indicator") + "'"};
  kenko::ColumnMapping mapping;
  if (!healthy.column.empty()) mapping.keep_text.push_back(healthy.column);
  load_table(engine, a, data, mapping);
  kenko::BandsProposal p;
  try {
    p = engine.propose_bands(static_cast<size_t>(i), healthy);
  } catch (const kenko::Error& e) {
    throw Failure{data, e.what()};
  }
  kenko::write_bands_text(std::cout, p);
  for (const std::string& note : p.notes) std::cerr << "kenko: note: " << note << "\n";
  return 0;
}

int cmd_explain(const Args& a) {
  check_options(a, {"--model", "--encoding", "--delimiter", "--id", "--format"});
  std::string data = single_data_file(a);
  if (!a.options.count("--id")) throw UsageError("--id ID is required");
  const std::string format = a.options.count("--format") ? a.options.at("--format") : "text";
  if (format != "text" && format != "json")
    throw UsageError("--format is text or json, not '" + format + "'");
  kenko::Engine engine;
  load_model(engine, a.options.at("--model"));
  load_table(engine, a, data);
  const std::string wanted(kenko::trim(a.options.at("--id")));
  const size_t row = engine.find_customer(wanted);
  if (row == engine.table().rows()) throw Failure{data, "no customer with the id '" + wanted + "'"};
  const kenko::CustomerExplanation e = engine.explain(row);
  const kenko::Improvement imp = engine.improvement(row);
  const kenko::Results& res = engine.results();
  if (format == "json") {
    std::cout << "{\"customer\":" << kenko::explanation_json(engine.model(), engine.table(), res, e)
              << ",\"improvement\":" << kenko::improvement_json(engine.model(), imp) << "}\n";
  } else {
    kenko::write_explanation_text(std::cout, engine.model(), engine.table(), res, e, imp);
  }
  return 0;
}

int cmd_sql(const Args& a) {
  const bool load = a.options.count("--load-script") > 0;
  if (load) {
    check_options(
        a, {"--model", "--table", "--dialect", "--load-script", "-o", "--encoding", "--delimiter"});
  } else {
    check_options(
        a, {"--model", "--table", "--dialect", "--previous-table", "--full-precision", "-o"});
  }
  if (!a.positional.empty()) throw UsageError("sql takes no file argument (use --model, -o)");
  if (!a.options.count("--model")) throw UsageError("--model MODEL.json is required");
  if (!a.options.count("--table")) throw UsageError("--table NAME is required");
  kenko::SqlDialect dialect = kenko::SqlDialect::DuckDB;
  if (a.options.count("--dialect")) {
    const std::string& name = a.options.at("--dialect");
    std::optional<kenko::SqlDialect> d = kenko::parse_sql_dialect(name);
    if (!d) throw UsageError("--dialect is duckdb, postgres or sqlite, not '" + name + "'");
    dialect = *d;
  }
  kenko::Engine engine;
  const std::string& model_path = a.options.at("--model");
  load_model(engine, model_path);
  if (load) {
    load_table(engine, a, a.options.at("--load-script"));
    kenko::SqlLoadOptions options;
    options.dialect = dialect;
    options.table = a.options.at("--table");
    // DuckDB's rows go to a CSV file beside the script: OUT.sql → OUT.csv.
    std::ofstream data;
    if (dialect == kenko::SqlDialect::DuckDB) {
      if (!a.options.count("-o"))
        throw UsageError("--dialect duckdb --load-script needs -o OUT.sql");
      const std::string& script = a.options.at("-o");
      const bool sql_suffix =
          script.size() > 4 && script.compare(script.size() - 4, 4, ".sql") == 0;
      options.data_file = (sql_suffix ? script.substr(0, script.size() - 4) : script) + ".csv";
      data.open(options.data_file, std::ios::binary);
      if (!data) throw Failure{options.data_file, "cannot open for writing"};
    }
    try {
      write_output(a, [&](std::ostream& out) {
        engine.write_sql_load_script(out, options, data.is_open() ? &data : nullptr);
      });
    } catch (const kenko::Error& e) {
      throw Failure{model_path, e.what()};
    }
    if (data.is_open()) {
      data.close();
      if (!data) throw Failure{options.data_file, "cannot write"};
    }
    return 0;
  }
  kenko::SqlOptions options;
  options.dialect = dialect;
  options.table = a.options.at("--table");
  if (a.options.count("--previous-table"))
    options.previous_table = a.options.at("--previous-table");
  options.full_precision = a.options.count("--full-precision") > 0;
  std::string query;
  try {
    query = engine.sql(options);
  } catch (const kenko::Error& e) {
    throw Failure{model_path, e.what()};
  }
  write_output(a, [&](std::ostream& out) { out << query; });
  return 0;
}

int cmd_history(const Args& a) {
  check_options(a, {"--model", "--encoding", "--delimiter", "-o", "--format", "--date-column",
                    "--streak", "--min-drop"});
  if (!a.options.count("--model")) throw UsageError("--model MODEL.json is required");
  const std::string format = a.options.count("--format") ? a.options.at("--format") : "text";
  if (format != "text" && format != "json")
    throw UsageError("--format is text or json, not '" + format + "'");
  kenko::HistoryOptions options;
  if (a.options.count("--streak")) {
    options.streak = parse_count("--streak", a.options.at("--streak"));
    if (options.streak < 1) throw UsageError("--streak is 1 or more");
  }
  if (a.options.count("--min-drop")) {
    const std::string& t = a.options.at("--min-drop");
    char* end = nullptr;
    options.min_drop = std::strtod(t.c_str(), &end);
    if (t.empty() || *end || !(options.min_drop >= 0 && options.min_drop <= 100)) {
      throw UsageError("--min-drop is a number of points from 0 to 100, not '" + t + "'");
    }
  }
  const bool by_date = a.options.count("--date-column") > 0;
  if (by_date && a.positional.size() != 1) {
    throw UsageError("--date-column reads one table holding every period");
  }
  if (!by_date && a.positional.size() < 2) {
    throw UsageError("give at least two snapshots (or one table and --date-column)");
  }
  kenko::Engine engine;
  load_model(engine, a.options.at("--model"));
  if (by_date) {
    const std::string& column = a.options.at("--date-column");
    kenko::ColumnMapping mapping;
    mapping.keep_text.push_back(column);
    load_table(engine, a, a.positional[0], mapping);
    try {
      engine.split_by_date(column);
    } catch (const kenko::Error& e) {
      throw Failure{a.positional[0], e.what()};
    }
  } else {
    // Labels: the dates in the file names (then ordered by them), else the file names.
    struct Snap {
      std::string path, label;
    };
    std::vector<Snap> snaps;
    bool dated = true;
    for (const std::string& p : a.positional) {
      const std::string base = p.substr(p.find_last_of('/') + 1);
      std::optional<std::string> date = kenko::date_in_name(base);
      dated = dated && date.has_value();
      snaps.push_back({p, date ? *date : base});
    }
    if (dated) {
      std::stable_sort(snaps.begin(), snaps.end(),
                       [](const Snap& x, const Snap& y) { return x.label < y.label; });
      for (size_t i = 1; i < snaps.size(); ++i) {
        if (snaps[i].label == snaps[i - 1].label) {
          throw Failure{"", snaps[i - 1].path + " and " + snaps[i].path + " are both dated " +
                                snaps[i].label};
        }
      }
    } else {
      for (Snap& s : snaps) s.label = s.path.substr(s.path.find_last_of('/') + 1);
    }
    load_table(engine, a, snaps.back().path);
    engine.set_table_label(snaps.back().label);
    for (size_t i = 0; i + 1 < snaps.size(); ++i) {
      std::unique_ptr<kenko::Engine> snap = engine.new_snapshot();
      load_table(*snap, a, snaps[i].path);
      engine.add_snapshot(snaps[i].label, std::move(snap));
    }
  }
  kenko::History h;
  try {
    h = engine.history(options);
  } catch (const kenko::Error& e) {
    throw Failure{"", e.what()};
  }
  write_output(a, [&](std::ostream& out) {
    if (format == "json") {
      out << kenko::history_json(engine.model(), engine.table(), h, true) << "\n";
    } else {
      kenko::write_history_text(out, engine.model(), engine.table(), h);
    }
  });
  return 0;
}

int cmd_init(const Args& a) {
  check_options(a, {"-o", "--outcome", "--positive", "--id", "--label", "--keep", "--drop",
                    "--direction", "--no-fit", "--folds", "--name", "--encoding", "--delimiter"});
  if (a.positional.size() != 1) {
    throw UsageError(a.positional.empty() ? "no data file given" : "more than one data file given");
  }
  const std::string& data = a.positional[0];
  kenko::ProposeOptions o;
  auto one = [&a](const char* name) {
    auto it = a.options.find(name);
    return it == a.options.end() ? std::string() : it->second;
  };
  auto all = [&a](const char* name) {
    auto it = a.repeated.find(name);
    return it == a.repeated.end() ? std::vector<std::string>() : it->second;
  };
  o.outcome = one("--outcome");
  o.id_column = one("--id");
  o.label_column = one("--label");
  o.name = one("--name");
  for (const std::string& p : all("--positive")) {
    for (size_t at = 0; at <= p.size();) {
      size_t comma = p.find(',', at);
      if (comma == std::string::npos) comma = p.size();
      if (comma > at) o.positive.push_back(p.substr(at, comma - at));
      at = comma + 1;
    }
  }
  if (!o.positive.empty() && o.outcome.empty()) throw UsageError("--positive needs --outcome");
  o.keep = all("--keep");
  o.drop = all("--drop");
  for (const std::string& d : all("--direction")) {
    const size_t eq = d.rfind('=');
    const std::string way = eq == std::string::npos ? "" : d.substr(eq + 1);
    if (eq == std::string::npos || eq == 0 || (way != "higher" && way != "lower")) {
      throw UsageError("--direction is COLUMN=higher or COLUMN=lower, not '" + d + "'");
    }
    o.higher_is_better[d.substr(0, eq)] = way == "higher";
  }
  o.fit = !a.options.count("--no-fit");
  read_folds(a, o.fit_options);
  kenko::Engine engine;
  const kenko::TableOptions options = table_options(a);
  try {
    engine.load_source_file(data, options);
  } catch (const kenko::Error& e) {
    throw Failure{data, e.what()};
  }
  for (const std::string& w : engine.source_warnings()) {
    std::cerr << "kenko: warning: " << data << ": " << w << "\n";
  }
  kenko::ModelProposal proposal;
  try {
    proposal = engine.propose_model(o);
  } catch (const kenko::Error& e) {
    throw Failure{data, e.what()};
  }
  kenko::write_proposal_text(std::cerr, data, engine.source(), engine.source_profile(), proposal);
  std::cerr.flush();
  if (proposal.model.indicators.empty()) {
    throw Failure{data, "no column can be scored: no model written"};
  }
  write_output(a, [&](std::ostream& out) { out << kenko::model_json(proposal.model); });
  return 0;
}

int cmd_check_model(const Args& a) {
  check_options(a, {});
  if (a.positional.size() != 1) throw UsageError("give one model file");
  kenko::Engine engine;
  load_model(engine, a.positional[0]);
  const kenko::Model& m = engine.model();
  std::cout << a.positional[0] << ": valid: " << m.indicators.size() << " indicators, "
            << m.dimensions.size() << " dimensions, " << m.segments.size() << " segments"
            << (m.default_segments ? " (default)" : "") << ", " << m.alerts.size() << " alerts"
            << (m.outcome ? ", outcome '" + m.outcome->column + "'" : std::string()) << "\n";
  return 0;
}

uint64_t parse_count(const std::string& name, const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
      text.size() > 18) {
    throw UsageError(name + " takes a whole number, not '" + text + "'");
  }
  return std::stoull(text);
}

int cmd_generate(const Args& a) {
  check_options(a, {"--rows", "--seed", "-o", "--lang", "--crlf", "--month-earlier"});
  if (!a.positional.empty()) throw UsageError("generate takes no file argument (use -o)");
  if (!a.options.count("--rows")) throw UsageError("--rows N is required");
  kenko::GenerateOptions g;
  g.rows = parse_count("--rows", a.options.at("--rows"));
  if (a.options.count("--seed")) g.seed = parse_count("--seed", a.options.at("--seed"));
  if (a.options.count("--lang")) {
    const std::string& lang = a.options.at("--lang");
    if (lang != "en" && lang != "ja") throw UsageError("--lang is en or ja, not '" + lang + "'");
    g.japanese_headers = lang == "ja";
  }
  g.crlf = a.options.count("--crlf") > 0;
  g.month_earlier = a.options.count("--month-earlier") > 0;
  write_output(a, [&](std::ostream& out) { kenko::generate_customers(g, out); });
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  kenko_cli::TerminalGuard terminal;  // control bytes from files never reach a terminal raw
  Args args;
  try {
    args = parse_args(argc, argv);
    if (args.command == "--help" || args.command == "-h" || args.command == "help") {
      std::cout << kMainHelp;
      return 0;
    }
    if (args.command == "--version") {
      std::cout << "kenko 0.1.0 (model format 1)\n";
      return 0;
    }
    if (!kHelp.count(args.command)) throw UsageError("unknown command '" + args.command + "'");
    if (args.threads) kenko::Engine::set_threads(*args.threads);
    if (args.help) {
      std::cout << kHelp.at(args.command);
      return 0;
    }
    if (args.command == "score") return cmd_score(args);
    if (args.command == "validate") return cmd_summary(args, true);
    if (args.command == "summary") return cmd_summary(args, false);
    if (args.command == "check-model") return cmd_check_model(args);
    if (args.command == "fit") return cmd_fit(args);
    if (args.command == "learn-bands") return cmd_learn_bands(args);
    if (args.command == "explain") return cmd_explain(args);
    if (args.command == "sql") return cmd_sql(args);
    if (args.command == "history") return cmd_history(args);
    if (args.command == "init") return cmd_init(args);
    return cmd_generate(args);
  } catch (const UsageError& e) {
    std::cerr << "kenko: " << e.what() << "\n";
    if (kHelp.count(args.command)) {
      std::cerr << kHelp.at(args.command);
    } else {
      std::cerr << "run 'kenko --help' for the commands\n";
    }
    return kExitUsage;
  } catch (const Failure& f) {
    if (!f.message.empty()) {
      std::cerr << "kenko: " << (f.where.empty() ? "" : f.where + ": ") << f.message << "\n";
    }
    return kExitInput;
  } catch (const kenko::Error& e) {
    std::cerr << "kenko: " << e.what() << "\n";
    return kExitInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "kenko: out of memory\n";
    return kExitInput;
  } catch (const std::exception& e) {
    std::cerr << "kenko: internal error: " << e.what() << "\n";
    return 3;
  }
}
