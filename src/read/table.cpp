#include "read/table.h"

#include <cstdio>
#include <fstream>

#include "base/error.h"
#include "base/text.h"

namespace kenko {

namespace {
constexpr size_t kFileChunk = 4 << 20;
constexpr size_t kSizeAfterRows = 2048;  // rows read before the columns are sized

std::string join_rows(const std::vector<uint64_t>& rows) {
  std::string out;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(rows[i]);
  }
  return out;
}
}  // namespace

std::string RowList::describe() const {
  std::string out = std::to_string(count);
  if (!first.empty()) {
    out += first.size() == 1 ? " (row " : " (rows ";
    out += join_rows(first);
    if (count > first.size()) out += ", ...";
    out += ")";
  }
  return out;
}

const Column* Table::column(std::string_view name) const {
  for (const Column& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::vector<uint32_t> order_by_text(const Column& column, size_t rows) {
  // (first 8 bytes big-endian, zero-padded: a shorter text sorts first; row) pairs.
  std::vector<std::pair<uint64_t, uint32_t>> keyed(rows);
  for (size_t r = 0; r < rows; ++r) {
    const std::string_view t = column.text(r);
    uint64_t key = 0;
    for (size_t b = 0; b < 8; ++b)
      key = key << 8 | (b < t.size() ? static_cast<unsigned char>(t[b]) : 0u);
    keyed[r] = {key, static_cast<uint32_t>(r)};
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<uint32_t> order(rows);
  for (size_t r = 0; r < rows; ++r) order[r] = keyed[r].second;
  // Texts longer than 8 bytes that tie on the prefix: by the whole text, then the row.
  for (size_t a = 0; a < rows;) {
    size_t b = a + 1;
    while (b < rows && keyed[b].first == keyed[a].first) ++b;
    if (b - a > 1) {
      std::sort(order.begin() + a, order.begin() + b, [&](uint32_t x, uint32_t y) {
        const int c = column.text(x).compare(column.text(y));
        return c < 0 || (c == 0 && x < y);
      });
    }
    a = b;
  }
  return order;
}

std::vector<std::string> Table::warnings() const {
  std::vector<std::string> out;
  if (report.short_rows.count) {
    out.push_back("rows with fewer fields than the header (absent fields are missing): " +
                  report.short_rows.describe());
  }
  if (report.long_rows.count) {
    out.push_back("rows with more fields than the header (extra fields ignored): " +
                  report.long_rows.describe());
  }
  if (report.stray_quotes.count) {
    out.push_back("quote characters inside unquoted fields (kept as text): " +
                  report.stray_quotes.describe());
  }
  for (const Column& c : columns) {
    if (c.needs.number && c.invalid.count) {
      out.push_back("column '" + c.name +
                    "': cells that are not numbers (treated as missing): " + c.invalid.describe());
    }
  }
  return out;
}

struct TableReader::Impl : RecordSink {
  ColumnSelector selector;
  Table table;
  RecordStream stream;
  bool have_header = false;
  struct Slot {
    size_t field;
    Column* column;
  };
  std::vector<Slot> number_slots, text_slots;  // a column that needs both is in both

  uint64_t options_expected;

  Impl(TableOptions o, ColumnSelector s)
      : selector(std::move(s)), stream(o, *this), options_expected(o.expected_bytes) {}

  void on_record(const FieldView* fields, size_t count, uint64_t row) override {
    bool blank = count == 1 && !fields[0].quoted && trim(fields[0].text).empty();
    if (blank) {
      if (have_header) ++table.report.blank_lines;
      return;
    }
    if (!have_header) {
      read_header(fields, count, row);
      return;
    }
    if (count != table.header.size()) {
      if (count < table.header.size()) table.report.short_rows.add(row);
      if (count > table.header.size()) table.report.long_rows.add(row);
    }
    if (table.file_rows.size() == kSizeAfterRows) size_columns();
    table.file_rows.push_back(row);
    auto cell_of = [fields, count](size_t field) {
      return field < count ? fields[field].text : std::string_view();
    };
    for (const Slot& slot : number_slots) {
      Column& c = *slot.column;
      const CellNumber n = parse_number_cell(cell_of(slot.field));
      c.numbers.push_back(stored_cell(n.kind, n.value));
      if (n.kind != CellKind::Number) {
        if (n.kind == CellKind::Invalid) c.invalid.add(row);
        if (n.kind == CellKind::Missing) c.missing.add(row);
      }
    }
    for (const Slot& slot : text_slots) {
      Column& c = *slot.column;
      c.text_bytes.append(cell_of(slot.field));
      if (c.text_bytes.size() > UINT32_MAX) {
        throw Error("row " + std::to_string(row) + ": column '" + c.name +
                    "' holds more than 4 GiB of text, more than kenko keeps");
      }
      c.text_end.push_back(static_cast<uint32_t>(c.text_bytes.size()));
    }
  }

  // Reserves every column once for the rows the file probably holds (from its size and the
  // first rows), so that growing vectors never copy or double the memory.
  void size_columns() {
    double per_record = stream.file_bytes_per_record();
    if (!options_expected || per_record <= 0) return;
    double rows_so_far = static_cast<double>(table.file_rows.size());
    double estimate = static_cast<double>(options_expected) / per_record * 1.02 + 64;
    if (estimate > 4e9) return;
    size_t n = static_cast<size_t>(estimate);
    table.file_rows.reserve(n);
    for (Column& c : table.columns) {
      if (c.needs.number) {
        c.numbers.reserve(n);
      }
      if (c.needs.text) {
        c.text_end.reserve(n);
        c.text_bytes.reserve(
            static_cast<size_t>(static_cast<double>(c.text_bytes.size()) / rows_so_far * estimate));
      }
    }
  }

  void read_header(const FieldView* fields, size_t count, uint64_t row) {
    have_header = true;
    table.header.reserve(count);
    for (size_t i = 0; i < count; ++i) table.header.emplace_back(trim(fields[i].text));
    std::map<std::string, ColumnNeeds> wanted = selector(table.header);
    table.columns.reserve(wanted.size());
    for (const auto& [name, needs] : wanted) {
      const std::string& sought = needs.header_name.empty() ? name : needs.header_name;
      size_t found = count;
      for (size_t i = 0; i < count; ++i) {
        if (table.header[i] != sought) continue;
        if (found != count) {
          throw Error("row " + std::to_string(row) + ": the column name '" + sought +
                      "' that the model uses appears twice in the header (columns " +
                      std::to_string(found + 1) + " and " + std::to_string(i + 1) + ")");
        }
        found = i;
      }
      if (found == count) {
        std::vector<std::string> hints = closest_names(name, table.header);
        std::string msg = "no column '" + sought + "' in the header";
        if (!hints.empty()) {
          msg += " (closest: ";
          for (size_t i = 0; i < hints.size(); ++i) msg += (i ? ", '" : "'") + hints[i] + "'";
          msg += ")";
        }
        throw Error(msg);
      }
      Column c;
      c.name = name;
      c.header_index = found;
      c.needs = needs;
      table.columns.push_back(std::move(c));
    }
    for (Column& c : table.columns) {
      if (c.needs.number) number_slots.push_back({c.header_index, &c});
      if (c.needs.text) text_slots.push_back({c.header_index, &c});
    }
  }

  Table finish() {
    stream.finish();
    if (!have_header) throw Error("the table is empty: no header row");
    table.bytes = stream.bytes();
    table.encoding = stream.encoding();
    table.delimiter = stream.delimiter();
    table.report.stray_quotes.count = stream.tokenizer()->stray_quotes();
    table.report.stray_quotes.first = stream.tokenizer()->stray_quote_rows();
    return std::move(table);
  }
};

TableReader::TableReader(TableOptions options, ColumnSelector selector)
    : impl_(std::make_unique<Impl>(options, std::move(selector))) {}
TableReader::~TableReader() = default;
void TableReader::feed(std::string_view bytes) {
  impl_->stream.feed(bytes);
}
Table TableReader::finish() {
  return impl_->finish();
}
uint64_t TableReader::bytes_fed() const {
  return impl_->stream.bytes();
}
uint64_t TableReader::rows_read() const {
  return impl_->stream.rows();
}

Table read_table_file(const std::string& path, TableOptions options, ColumnSelector selector,
                      const std::function<void(uint64_t, uint64_t)>& progress) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open '" + path + "'");
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0 && !options.expected_bytes) options.expected_bytes = static_cast<uint64_t>(size);
  TableReader reader(options, std::move(selector));
  std::string chunk(kFileChunk, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    std::streamsize got = in.gcount();
    if (got <= 0) break;
    reader.feed(std::string_view(chunk.data(), static_cast<size_t>(got)));
    if (progress) progress(reader.bytes_fed(), reader.rows_read());
  }
  if (in.bad()) throw Error("cannot read '" + path + "'");
  return reader.finish();
}

Table take_rows(const Table& table, const std::vector<size_t>& rows) {
  Table out;
  out.header = table.header;
  out.encoding = table.encoding;
  out.delimiter = table.delimiter;
  out.file_rows.reserve(rows.size());
  for (size_t r : rows) out.file_rows.push_back(table.file_rows[r]);
  out.columns.reserve(table.columns.size());
  for (const Column& c : table.columns) {
    Column k;
    k.name = c.name;
    k.header_index = c.header_index;
    k.needs = c.needs;
    if (c.needs.number) {
      k.numbers.reserve(rows.size());
      for (size_t r : rows) k.numbers.push_back(c.numbers[r]);
    }
    if (c.needs.text) {
      k.text_end.reserve(rows.size());
      for (size_t r : rows) {
        k.text_bytes.append(c.text(r));
        k.text_end.push_back(static_cast<uint32_t>(k.text_bytes.size()));
      }
    }
    out.columns.push_back(std::move(k));
  }
  return out;
}

}  // namespace kenko
