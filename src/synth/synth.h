// Synthetic customer tables: realistic usage, support and satisfaction columns with plausible
// distributions and correlations, and a churn outcome drawn from a hidden process (so that
// validating a model against it means something). Deterministic for a given seed on every
// platform (own PRNG, no std:: distributions).
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace kenko {

// The columns are listed in examples/README.md. With japanese_headers the customers are the
// same as in English for the same seed; only the presentation changes: Japanese column names and
// texts (スターター/プロ/エンタープライズ, はい/いいえ, 済/未, ○/×, Japanese company names), ARR in
// yen written with thousands separators ("1,234,000"), goal attainment written with a % sign.
// Every character is in CP932, so the output converts to Shift_JIS. The output for given
// options is fixed: examples/customers-*.csv and tests/test_synth.cpp depend on it.
struct GenerateOptions {
  uint64_t rows = 1000;
  uint64_t seed = 1;
  bool japanese_headers = false;  // Japanese column names (ログイン回数 ...) and Japanese texts
  bool crlf = false;              // end lines with \r\n (as Excel does) instead of \n
  // The same customers a month earlier (for trends): usage, survey and support values moved
  // back along each customer's recent course (a customer whose usage fell this month was
  // healthier then), customers of at most a month's tenure left out, the same ids and names.
  bool month_earlier = false;
};

// The header names the generator writes, in order (English or Japanese).
std::vector<std::string> generated_columns(bool japanese_headers);

// Writes the table as UTF-8 CSV (header first) to `out`.
void generate_customers(const GenerateOptions& options, std::ostream& out);

}  // namespace kenko
