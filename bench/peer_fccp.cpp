// A fast C++ CSV reader as a native peer (Ben Strasser's fast-cpp-csv-parser, Debian's
// libfccp-dev): the bench/browser/peers.mjs file (an id and K numeric columns) read into typed
// columns and scored with the same linear model as kenko (sub-score 100 × clamp(v / 100, 0, 1),
// equal weights, in kenko's order of operations); prints the time and the checksum (the sum of
// the scores). Usage: peer_fccp DATA.csv   (K = 20)
#include <libfccp/csv.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr int K = 20;

template <size_t... I>
bool read_row(io::CSVReader<K + 1, io::trim_chars<>, io::no_quote_escape<','>>& in, std::string& id,
              std::string (&cells)[K], std::index_sequence<I...>) {
  return in.read_row(id, cells[I]...);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: peer_fccp DATA.csv\n");
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  io::CSVReader<K + 1, io::trim_chars<>, io::no_quote_escape<','>> in(argv[1]);
  in.read_header(io::ignore_extra_column, "id", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8",
                 "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20");
  std::vector<std::vector<double>> cols(K);
  std::string id, cells[K];
  while (read_row(in, id, cells, std::make_index_sequence<K>{})) {
    for (int k = 0; k < K; ++k) {
      cols[k].push_back(cells[k].empty() ? NAN : std::strtod(cells[k].c_str(), nullptr));
    }
  }
  double sum = 0;
  const size_t n = cols[0].size();
  for (size_t r = 0; r < n; ++r) {
    double num = 0, den = 0;
    for (int k = 0; k < K; ++k) {
      const double v = cols[k][r];
      if (v != v) continue;
      double t = (v - 0) / (100 - 0);
      t = std::fmin(1.0, std::fmax(0.0, t));
      num += 100 * ((100 * (100 * t)) / 100);
      den += 100;
    }
    if (den > 0) sum += num / den;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("fccp_seconds %.4f\nfccp_rows %zu\nfccp_checksum %.17g\n", s, n, sum);
  return 0;
}
