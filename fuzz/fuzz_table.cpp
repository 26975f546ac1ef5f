// Fuzz target: the table reader. The input is a table's bytes; its last bytes choose the
// encoding (auto or one forced), the separator (detected or one given) and the chunk size it is
// fed in. Checks: no crash, leak or undefined behaviour; every error is one line; the records
// read do not depend on the chunking (read whole, then in chunks, the same records or the same
// failure).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/error.h"
#include "read/record_stream.h"

namespace {

struct Collect : kenko::RecordSink {
  std::vector<std::vector<std::string>> records;
  std::vector<uint64_t> rows;
  void on_record(const kenko::FieldView* fields, size_t count, uint64_t row) override {
    std::vector<std::string> r;
    for (size_t i = 0; i < count; ++i) r.emplace_back(fields[i].text);
    records.push_back(std::move(r));
    rows.push_back(row);
  }
};

struct Outcome {
  bool ok = false;
  std::string error;
  Collect c;
};

void read(const std::string& bytes, kenko::TableOptions o, size_t chunk, Outcome& out) {
  try {
    kenko::RecordStream stream(o, out.c);
    for (size_t i = 0; i < bytes.size(); i += chunk)
      stream.feed(std::string_view(bytes).substr(i, chunk));
    stream.finish();
    out.ok = true;
  } catch (const kenko::Error& e) {
    out.error = e.what();
    if (out.error.find('\n') != std::string::npos) {
      std::fprintf(stderr, "an error of more than one line: %s\n", e.what());
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  static const kenko::Encoding kEncodings[] = {kenko::Encoding::Auto,    kenko::Encoding::Auto,
                                               kenko::Encoding::Utf8,    kenko::Encoding::ShiftJis,
                                               kenko::Encoding::Utf16LE, kenko::Encoding::Utf16BE};
  static const char kDelimiters[] = {0, 0, ',', '\t', ';', '|'};
  kenko::TableOptions o;
  o.encoding = kEncodings[in.ConsumeIntegralInRange<size_t>(0, 5)];
  o.delimiter = kDelimiters[in.ConsumeIntegralInRange<size_t>(0, 5)];
  const size_t chunk = in.ConsumeIntegralInRange<size_t>(1, 64);
  const std::string bytes = in.ConsumeRemainingBytesAsString();
  Outcome whole, chunked;
  read(bytes, o, bytes.size() + 1, whole);
  read(bytes, o, chunk, chunked);
  if (whole.ok != chunked.ok || whole.c.records != chunked.c.records ||
      whole.c.rows != chunked.c.rows) {
    std::fprintf(stderr, "chunking changed the result: %s / %s\n", whole.error.c_str(),
                 chunked.error.c_str());
    std::abort();
  }
  return 0;
}
