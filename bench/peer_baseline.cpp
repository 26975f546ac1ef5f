// Peers for kenko_bench, run on the same file in the same run: the ceiling of reading the bytes
// (memchr line count) and a naive CSV split with strtod on every field (no quoting, no checks).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: peer_baseline DATA.csv\n");
    return 2;
  }
  using clock = std::chrono::steady_clock;
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<char> chunk(4 << 20);
  std::string carry;
  auto t0 = clock::now();
  size_t bytes = 0, lines = 0;
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    size_t n = static_cast<size_t>(in.gcount());
    bytes += n;
    for (const char* p = chunk.data(); (p = static_cast<const char*>(std::memchr(
                                            p, '\n', static_cast<size_t>(chunk.data() + n - p))));
         ++p)
      ++lines;
  }
  auto t1 = clock::now();
  in.clear();
  in.seekg(0);
  std::string line;
  double sum = 0;
  size_t fields = 0;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const char* p = line.c_str();
    for (;;) {
      char* end;
      double v = std::strtod(p, &end);
      if (end != p) sum += v;
      ++fields;
      const char* comma = std::strchr(end, ',');
      if (!comma) break;
      p = comma + 1;
    }
  }
  auto t2 = clock::now();
  double mb = static_cast<double>(bytes) / 1e6;
  double s1 = std::chrono::duration<double>(t1 - t0).count();
  double s2 = std::chrono::duration<double>(t2 - t1).count();
  std::printf("peer_memchr_lines_mb_per_s %.1f\n", mb / s1);
  std::printf("peer_split_strtod_mb_per_s %.1f\n", mb / s2);
  std::fprintf(stderr, "(%zu lines, %zu fields, checksum %g)\n", lines, fields, sum);
  return 0;
}
