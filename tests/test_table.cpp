// The columnar table: bad files get one clear message naming row and column; ragged rows,
// stray quotes and non-numbers are reported; only the model's columns are kept.
#include <catch2/catch.hpp>

#include <string>

#include "base/error.h"
#include "read/table.h"

namespace {

kenko::ColumnSelector wants(std::map<std::string, kenko::ColumnNeeds> columns) {
  return [columns](const std::vector<std::string>&) { return columns; };
}

kenko::Table read(const std::string& bytes, std::map<std::string, kenko::ColumnNeeds> columns,
                  size_t chunk = 1 << 20) {
  kenko::TableReader reader({}, wants(std::move(columns)));
  for (size_t i = 0; i < bytes.size(); i += chunk)
    reader.feed(std::string_view(bytes).substr(i, chunk));
  return reader.finish();
}

const kenko::ColumnNeeds kNumber{true, false, ""}, kText{false, true, ""};

}  // namespace

TEST_CASE("an empty file is an error", "[table]") {
  CHECK_THROWS_WITH(read("", {{"id", kText}}), "the table is empty: no header row");
  CHECK_THROWS_WITH(read("\n\n  \n", {{"id", kText}}), "the table is empty: no header row");
}

TEST_CASE("a header only gives a table of no customers", "[table]") {
  kenko::Table t = read("id,x\n", {{"id", kText}, {"x", kNumber}});
  CHECK(t.rows() == 0);
  CHECK(t.header == std::vector<std::string>{"id", "x"});
}

TEST_CASE("only the model's columns are kept, typed as asked", "[table]") {
  kenko::Table t = read(" id , x ,unused,y\nA,1.5,zzz,yes\nB,,zzz,no\n",
                        {{"id", kText}, {"x", kNumber}, {"y", kText}});
  REQUIRE(t.columns.size() == 3);
  const kenko::Column* x = t.column("x");
  REQUIRE(x);
  CHECK(x->numbers.size() == 2);
  CHECK(x->numbers[0] == 1.5);
  CHECK(x->kind(1) == kenko::CellKind::Missing);
  CHECK(x->text_end.empty());  // numbers only: no text kept
  CHECK(t.column("id")->text(1) == "B");
  CHECK(t.column("unused") == nullptr);
}

TEST_CASE("a duplicate header name the model uses is an error naming both columns", "[table]") {
  CHECK_THROWS_WITH(read("id,x,x\n1,2,3\n", {{"id", kText}, {"x", kNumber}}),
                    "row 1: the column name 'x' that the model uses appears twice in the header "
                    "(columns 2 and 3)");
  // Not used by the model: fine.
  CHECK(read("id,z,z\n1,2,3\n", {{"id", kText}}).rows() == 1);
}

TEST_CASE("a column the header lacks names the closest names", "[table]") {
  CHECK_THROWS_WITH(read("account_id,logins_per_day\n1,2\n",
                         {{"account_id", kText}, {"logins_per_dya", kNumber}}),
                    "no column 'logins_per_dya' in the header (closest: 'logins_per_day')");
}

TEST_CASE("ragged rows: absent fields are missing, extra fields ignored, both reported",
          "[table]") {
  kenko::Table t =
      read("id,x,y\n1,5\n2,6,7,8\n3,7,8\n4\n", {{"id", kText}, {"x", kNumber}, {"y", kNumber}});
  REQUIRE(t.rows() == 4);
  CHECK(t.column("y")->kind(0) == kenko::CellKind::Missing);
  CHECK(t.column("y")->numbers[1] == 7);
  CHECK(t.report.short_rows.count == 2);
  CHECK(t.report.short_rows.first == std::vector<uint64_t>{2, 5});
  CHECK(t.report.long_rows.first == std::vector<uint64_t>{3});
  std::vector<std::string> w = t.warnings();
  REQUIRE(w.size() == 2);
  CHECK(w[0] ==
        "rows with fewer fields than the header (absent fields are missing): 2 (rows 2, 5)");
  CHECK(w[1] == "rows with more fields than the header (extra fields ignored): 1 (row 3)");
}

TEST_CASE("non-numbers in a numeric column are missing and reported with their rows", "[table]") {
  kenko::Table t =
      read("id,x\n1,NaN\n2,Inf\n3,1e400\n4,10^400\n5,7\n6,-\n", {{"id", kText}, {"x", kNumber}});
  const kenko::Column* x = t.column("x");
  CHECK(x->invalid.count == 4);
  CHECK(x->invalid.first == std::vector<uint64_t>{2, 3, 4, 5});
  CHECK(x->missing.count == 1);
  CHECK(x->numbers[4] == 7);
  CHECK(t.warnings().back() ==
        "column 'x': cells that are not numbers (treated as missing): 4 (rows 2, 3, 4, 5)");
}

TEST_CASE("a 1-column file", "[table]") {
  kenko::Table t = read("id\nA\nB\n\nC", {{"id", kText}});
  CHECK(t.rows() == 3);
  CHECK(t.column("id")->text(2) == "C");
  CHECK(t.file_rows == std::vector<uint64_t>{2, 3, 5});  // the blank line still counts
}

TEST_CASE("an unterminated quote and text after a closing quote name row and column", "[table]") {
  CHECK_THROWS_WITH(read("id,x\n1,2\n2,\"3\n", {{"id", kText}}),
                    "row 3, column 2: the quote that opens this field is never closed");
  CHECK_THROWS_WITH(read("id,x\n1,\"2\"x\n", {{"id", kText}}),
                    Catch::StartsWith("row 2, column 2: unexpected text after the closing quote"));
}

TEST_CASE("a quote in an unquoted field is text and reported", "[table]") {
  kenko::Table t = read("id,name\n1,5\" disk\n", {{"id", kText}, {"name", kText}});
  CHECK(t.column("name")->text(0) == "5\" disk");
  CHECK(t.report.stray_quotes.count == 1);
  CHECK(t.warnings()[0] == "quote characters inside unquoted fields (kept as text): 1 (row 2)");
}

TEST_CASE("binary garbage is rejected with a clear message", "[table]") {
  std::string garbage;
  uint32_t s = 7;
  for (int i = 0; i < 4000; ++i) {
    s = s * 1103515245u + 12345u;
    garbage.push_back(static_cast<char>(s >> 24));
  }
  try {
    read(garbage, {{"id", kText}});
    FAIL("no error");
  } catch (const kenko::Error& e) {
    std::string msg = e.what();
    CHECK(msg.find('\n') == std::string::npos);
    CHECK((msg.find("cannot read the table as text") != std::string::npos ||
           msg.find("NUL") != std::string::npos));
  }
  CHECK_THROWS_WITH(read(std::string("id,x\n1,\0\0\0\0\n", 12), {{"id", kText}}),
                    Catch::Contains("NUL"));
}

TEST_CASE("invalid UTF-8 that is not Shift_JIS either is rejected naming the bytes", "[table]") {
  CHECK_THROWS_WITH(read("id,x\n1,caf\xE9,\xFF\n", {{"id", kText}}),
                    Catch::Contains("not valid UTF-8") && Catch::Contains("nor Shift_JIS"));
}

TEST_CASE("Shift_JIS with CRLF and Japanese headers reads the same as UTF-8", "[table]") {
  // 顧客ID,スコア / あ,1 in CP932.
  std::string sjis = "\x8C\xDA\x8B\x71ID,\x83X\x83R\x83\x41\r\n\x82\xA0,1\r\n";
  kenko::Table t = read(sjis, {{"顧客ID", kText}, {"スコア", kNumber}}, 3);
  CHECK(t.encoding == kenko::Encoding::ShiftJis);
  CHECK(t.column("顧客ID")->text(0) == "あ");
  CHECK(t.column("スコア")->numbers[0] == 1);
}

TEST_CASE("the separator is detected: tab and semicolon", "[table]") {
  CHECK(read("id\tx\n1\t2,5\n", {{"x", kText}}).column("x")->text(0) == "2,5");
  kenko::Table t = read("id;x\n1;\"1,5\"\n", {{"x", kNumber}});
  CHECK(t.delimiter == ';');
  CHECK(t.column("x")->invalid.count == 1);  // 1,5 is not a number (no European decimals)
}

TEST_CASE("text bytes: appends grow the buffer; copies and moves keep the bytes", "[table]") {
  kenko::TextBytes a;
  CHECK(a.size() == 0);
  CHECK(a.data() != nullptr);  // never null, even empty
  std::string expect;
  for (int i = 0; i < 5000; ++i) {
    const std::string cell = i % 7 ? "顧客" + std::to_string(i) : "";
    a.append(cell);
    expect += cell;
  }
  REQUIRE(std::string_view(a.data(), a.size()) == expect);
  kenko::TextBytes b = a;  // copy
  CHECK(std::string_view(b.data(), b.size()) == expect);
  kenko::TextBytes c = std::move(a);
  CHECK(std::string_view(c.data(), c.size()) == expect);
  CHECK(a.size() == 0);
  kenko::TextBytes& same = c;
  c = std::move(same);  // a self-move keeps the bytes
  CHECK(std::string_view(c.data(), c.size()) == expect);
  const kenko::TextBytes& alias = c;
  c = alias;  // and a self-copy
  CHECK(std::string_view(c.data(), c.size()) == expect);
}

TEST_CASE("order_by_text: byte (code-point) order, equal texts in row order", "[table]") {
  // Prefixes that tie on 8 bytes, a prefix of another, empty texts, UTF-8 beyond ASCII (the
  // byte order of UTF-8 is the code-point order), bytes ≥ 0x80 after ASCII ones.
  const std::vector<std::string> texts = {
      "ACC-00000012", "ACC-00000002",  "", "ACC-0000001", "ACC-00000012", "b", "é",
      "健康",         "ACC-00000002x", "", "Z",           "ACC-0000"};
  std::string csv = "id\n";
  for (const std::string& t : texts) csv += "\"" + t + "\"\n";
  const kenko::Table table = read(csv, {{"id", kText}});
  const kenko::Column& c = *table.column("id");
  REQUIRE(table.rows() == texts.size());
  const std::vector<uint32_t> order = kenko::order_by_text(c, table.rows());
  std::vector<uint32_t> want(texts.size());
  for (uint32_t i = 0; i < want.size(); ++i) want[i] = i;
  std::stable_sort(want.begin(), want.end(), [&](uint32_t a, uint32_t b) {
    return std::lexicographical_compare(
        texts[a].begin(), texts[a].end(), texts[b].begin(), texts[b].end(), [](char x, char y) {
          return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
        });
  });
  CHECK(order == want);
  CHECK(c.text(order.front()).empty());
  CHECK(c.text(order.back()) == "健康");
}

TEST_CASE("order_by_text at scale equals a stable sort of the texts", "[table]") {
  std::string csv = "id\n";
  std::vector<std::string> texts;
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    std::string t = "CUST-" + std::to_string(x % 5000);  // many ties, many shared prefixes
    if (x % 7 == 0) t += "-" + std::to_string(x % 3);
    texts.push_back(t);
    csv += t + "\n";
  }
  const kenko::Table table = read(csv, {{"id", kText}});
  const std::vector<uint32_t> order = kenko::order_by_text(*table.column("id"), table.rows());
  std::vector<uint32_t> want(texts.size());
  for (uint32_t i = 0; i < want.size(); ++i) want[i] = i;
  std::stable_sort(want.begin(), want.end(),
                   [&](uint32_t a, uint32_t b) { return texts[a] < texts[b]; });
  CHECK(order == want);
}
