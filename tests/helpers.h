// Shared helpers for the Catch2 tests.
#pragma once
#include <fstream>
#include <sstream>
#include <string>

#include "engine/engine.h"
#include "report/output.h"
#include "synth/synth.h"

namespace kenko_test {

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A file of the vendored public corpora (tests/corpora, see its README.md).
inline std::string corpus_path(const std::string& rel) {
  return std::string(KENKO_CORPORA_DIR) + "/" + rel;
}
inline std::string source_path(const std::string& rel) {
  return std::string(KENKO_SOURCE_DIR) + "/" + rel;
}

// Scores `csv` with `model_json`, feeding the table in chunks of `chunk` bytes.
inline void load(kenko::Engine& engine, const std::string& model_json, const std::string& csv,
                 size_t chunk = 1 << 20, kenko::TableOptions options = {}) {
  engine.set_model(model_json);
  engine.begin_table(options);
  for (size_t i = 0; i < csv.size(); i += chunk)
    engine.feed_table(std::string_view(csv).substr(i, chunk));
  engine.end_table();
}

// The scored table as CSV text.
inline std::string scored_csv(kenko::Engine& engine) {
  std::ostringstream out;
  const kenko::Results& res = engine.results();
  kenko::write_scored_csv(out, engine.model(), engine.table(), engine.subscores(), res);
  return out.str();
}

// A generated customer table (kenko generate --rows ROWS --seed SEED).
inline std::string generated(uint64_t rows, uint64_t seed) {
  kenko::GenerateOptions g;
  g.rows = rows;
  g.seed = seed;
  std::ostringstream out;
  kenko::generate_customers(g, out);
  return out.str();
}

}  // namespace kenko_test
