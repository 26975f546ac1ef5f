#include "read/table.h"

#include <cstdio>
#include <fstream>

#include "base/error.h"
#include "base/parallel.h"
#include "base/text.h"

namespace kenko {

namespace {
constexpr size_t kFileChunk = 4 << 20;
constexpr size_t kSizeAfterRows = 2048;  // rows read before the columns are sized
constexpr size_t kMinPiece = 256 << 10;  // the least text a thread parses on its own

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

std::vector<Message> Table::warning_messages() const {
  std::vector<Message> out;
  auto rows = [](const RowList& r) { return row_list_params(r.count, r.first); };
  if (report.short_rows.count) out.emplace_back("table.short_rows", rows(report.short_rows));
  if (report.long_rows.count) out.emplace_back("table.long_rows", rows(report.long_rows));
  if (report.stray_quotes.count) out.emplace_back("table.stray_quotes", rows(report.stray_quotes));
  for (const Column& c : columns) {
    if (c.needs.number && c.invalid.count) {
      MessageParams p = {{"column", c.name}};
      for (auto& kv : rows(c.invalid)) p.push_back(std::move(kv));
      out.emplace_back("table.not_numbers", std::move(p));
    }
  }
  return out;
}

std::vector<std::string> Table::warnings() const {
  std::vector<std::string> out;
  for (const Message& m : warning_messages()) out.push_back(m.text());
  return out;
}

namespace {

// Where the kept cells of records go: the table's own columns, or a piece's (records typed on
// another thread, appended to the table later in file order).
struct CellOut {
  struct Number {
    size_t field;
    std::vector<double>* numbers;
    RowList *missing, *invalid;
  };
  struct Text {
    size_t field;
    TextBytes* bytes;
    std::vector<uint32_t>* ends;
    const std::string* name;
  };
  std::vector<Number> numbers;
  std::vector<Text> texts;
  std::vector<uint64_t>* file_rows = nullptr;
  RowList *short_rows = nullptr, *long_rows = nullptr;
  uint64_t* blank_lines = nullptr;
};

// Types one record after the header: a blank line (nothing between two line ends) is counted
// and skipped — a line of only spaces or tabs is a record (RFC 4180: spaces are part of a
// field; Papa Parse and libvroom agree): in a one-column table a missing value, in a wider one
// a short row; ragged rows are noted; each kept column gets its cell (a number, or missing /
// invalid; a text).
inline void type_record(const CellOut& out, size_t header_size, const FieldView* fields,
                        size_t count, uint64_t row) {
  if (is_blank_line(fields, count)) {
    ++*out.blank_lines;
    return;
  }
  if (count != header_size) {
    if (count < header_size) out.short_rows->add(row);
    if (count > header_size) out.long_rows->add(row);
  }
  out.file_rows->push_back(row);
  auto cell_of = [fields, count](size_t field) {
    return field < count ? fields[field].text : std::string_view();
  };
  for (const CellOut::Number& c : out.numbers) {
    const CellNumber n = parse_number_cell(cell_of(c.field));
    c.numbers->push_back(stored_cell(n.kind, n.value));
    if (n.kind != CellKind::Number) {
      if (n.kind == CellKind::Invalid) c.invalid->add(row);
      if (n.kind == CellKind::Missing) c.missing->add(row);
    }
  }
  for (const CellOut::Text& c : out.texts) {
    c.bytes->append(cell_of(c.field));
    if (c.bytes->size() > UINT32_MAX) {
      throw Error("table.text_too_large", {{"row", std::to_string(row)}, {"column", *c.name}});
    }
    c.ends->push_back(static_cast<uint32_t>(c.bytes->size()));
  }
}

// `from`'s rows, counted from `offset` + 1, added to `into`.
void merge_rows(RowList& into, const RowList& from, uint64_t offset) {
  into.count += from.count;
  for (uint64_t r : from.first) {
    if (into.first.size() < RowList::kKept) into.first.push_back(offset + r);
  }
}

// The records of one piece of text, typed on a thread of their own: the same cells as the
// table's columns, rows counted within the piece.
struct Piece : RecordSink {
  CsvTokenizer tokenizer{','};
  size_t header_size = 0;
  std::vector<uint64_t> file_rows;
  RowList short_rows, long_rows;
  uint64_t blank_lines = 0;
  std::vector<std::vector<double>> numbers;
  std::vector<RowList> missing, invalid;
  std::vector<TextBytes> texts;
  std::vector<std::vector<uint32_t>> ends;
  CellOut out;
  bool failed = false;
  const char* end = nullptr;  // where its last record ends

  // Empty, with the columns of `like` (the table's) and `tokenizer`'s dialect.
  void reset(const CellOut& like, size_t header, const CsvTokenizer& main) {
    tokenizer = main.piece();
    header_size = header;
    file_rows.clear();
    short_rows = long_rows = RowList();
    blank_lines = 0;
    numbers.resize(like.numbers.size());
    missing.assign(like.numbers.size(), RowList());
    invalid.assign(like.numbers.size(), RowList());
    texts.resize(like.texts.size());
    ends.resize(like.texts.size());
    out = like;
    out.file_rows = &file_rows;
    out.short_rows = &short_rows;
    out.long_rows = &long_rows;
    out.blank_lines = &blank_lines;
    for (size_t i = 0; i < numbers.size(); ++i) {
      numbers[i].clear();
      out.numbers[i] = {like.numbers[i].field, &numbers[i], &missing[i], &invalid[i]};
    }
    for (size_t i = 0; i < texts.size(); ++i) {
      texts[i].clear();
      ends[i].clear();
      out.texts[i] = {like.texts[i].field, &texts[i], &ends[i], like.texts[i].name};
    }
    failed = false;
    end = nullptr;
  }

  void on_record(const FieldView* fields, size_t count, uint64_t row) override {
    type_record(out, header_size, fields, count, row);
  }
};

}  // namespace

struct TableReader::Impl : RecordSink {
  ColumnSelector selector;
  Table table;
  RecordStream stream;
  bool have_header = false;
  bool sized = false;         // size_columns() done
  CellOut cells;              // into table.columns (set once the header is read)
  std::vector<Piece> pieces;  // the records of a chunk typed on other threads (reused)

  uint64_t options_expected;

  Impl(TableOptions o, ColumnSelector s)
      : selector(std::move(s)), stream(o, *this), options_expected(o.expected_bytes) {
    stream.set_bulk_parser([this](CsvTokenizer& main, const char* begin, const char* end) {
      return parse_in_pieces(main, begin, end);
    });
  }

  void on_record(const FieldView* fields, size_t count, uint64_t row) override {
    if (!have_header) {
      // Before the header a line of only spaces or tabs could only be an unnamed header: it is
      // skipped like a blank line (type_record: after it, such a line is a record).
      if (blank_before_header(fields, count)) return;
      read_header(fields, count, row);
      return;
    }
    type_record(cells, table.header.size(), fields, count, row);
    if (!sized && table.file_rows.size() >= kSizeAfterRows) size_columns();
  }

  // Text that starts at a record boundary, split over threads: the first part is parsed by the
  // stream's own tokenizer into the table, each other part — from the line end after an even
  // split point, a guess that a record starts there — by a tokenizer of its own into a Piece.
  // A part's guess is right when the part before it ends exactly there; the parts are appended
  // in file order, and a part whose guess was wrong (or that failed) is parsed again by the
  // stream's tokenizer, so rows, errors and results are those of one thread.
  size_t parse_in_pieces(CsvTokenizer& main, const char* const text, const char* end) {
    // The header first (records one at a time until it is read): it decides the columns.
    const char* begin = text;
    while (!have_header && begin < end) {
      const char* next = main.parse_piece(begin, begin + 1, end, *this);
      if (next == begin) return static_cast<size_t>(begin - text);  // incomplete
      begin = next;
    }
    const size_t n = static_cast<size_t>(end - begin);
    const size_t parts = std::min<size_t>(threads(), n / kMinPiece);
    if (parts < 2) return static_cast<size_t>(begin - text) + main.parse_here(begin, end, *this);
    const char line_end = main.lone_cr_line_ends() ? '\r' : '\n';
    std::vector<const char*> starts(parts + 1);
    starts[0] = begin;
    starts[parts] = end;
    for (size_t k = 1; k < parts; ++k) {
      const char* p = std::max(begin + n / parts * k, starts[k - 1]);
      const void* q = std::memchr(p, line_end, static_cast<size_t>(end - p));
      starts[k] = q ? static_cast<const char*>(q) + 1 : end;
    }
    if (pieces.size() < parts) pieces.resize(parts);
    for (size_t k = 1; k < parts; ++k) pieces[k].reset(cells, table.header.size(), main);
    const char* first_end = begin;
    parallel_for(parts, [&](size_t k) {
      if (k == 0) {
        first_end = main.parse_piece(begin, starts[1], end, *this);
        return;
      }
      Piece& piece = pieces[k];
      try {
        piece.end = piece.tokenizer.parse_piece(starts[k], starts[k + 1], end, piece);
      } catch (const std::exception&) {
        piece.failed = true;  // a wrong guess, or a real error: the rest is read on one thread
      }
    });
    const char* at = first_end;
    for (size_t k = 1; k < parts; ++k) {
      if (!pieces[k].failed && starts[k] == at) {
        append_piece(main, pieces[k]);
        at = pieces[k].end;
      } else {
        // A wrong guess (or a failed part): its records are read here, up to the next part.
        at = main.parse_piece(at, k + 1 < parts ? starts[k + 1] : end, end, *this);
      }
    }
    return static_cast<size_t>(at - text);
  }

  // A piece's records after the table's, its rows counted on from the tokenizer's.
  void append_piece(CsvTokenizer& main, const Piece& piece) {
    const uint64_t offset = main.rows();
    for (size_t i = 0; i < piece.texts.size(); ++i) {
      const CellOut::Text& c = cells.texts[i];
      const uint64_t base = c.bytes->size();
      if (base + piece.texts[i].size() > UINT32_MAX) {
        size_t r = 0;
        while (base + piece.ends[i][r] <= UINT32_MAX) ++r;
        throw Error("table.text_too_large",
                    {{"row", std::to_string(offset + piece.file_rows[r])}, {"column", *c.name}});
      }
    }
    for (uint64_t r : piece.file_rows) table.file_rows.push_back(offset + r);
    merge_rows(table.report.short_rows, piece.short_rows, offset);
    merge_rows(table.report.long_rows, piece.long_rows, offset);
    table.report.blank_lines += piece.blank_lines;
    for (size_t i = 0; i < piece.numbers.size(); ++i) {
      const CellOut::Number& c = cells.numbers[i];
      c.numbers->insert(c.numbers->end(), piece.numbers[i].begin(), piece.numbers[i].end());
      merge_rows(*c.missing, piece.missing[i], offset);
      merge_rows(*c.invalid, piece.invalid[i], offset);
    }
    for (size_t i = 0; i < piece.texts.size(); ++i) {
      const CellOut::Text& c = cells.texts[i];
      const uint32_t base = static_cast<uint32_t>(c.bytes->size());
      c.bytes->append(std::string_view(piece.texts[i].data(), piece.texts[i].size()));
      for (uint32_t e : piece.ends[i]) c.ends->push_back(base + e);
    }
    main.absorb(piece.tokenizer);
    if (!sized && table.file_rows.size() >= kSizeAfterRows) size_columns();
  }

  // Reserves every column once for the rows the file probably holds (from its size and the
  // first rows), so that growing vectors never copy or double the memory.
  void size_columns() {
    sized = true;
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
          throw Error("table.duplicate_column", {{"row", std::to_string(row)},
                                                 {"column", sought},
                                                 {"first", std::to_string(found + 1)},
                                                 {"second", std::to_string(i + 1)}});
        }
        found = i;
      }
      if (found == count) {
        std::vector<std::string> hints = closest_names(name, table.header);
        std::string closest;
        for (size_t i = 0; i < hints.size(); ++i) closest += (i ? ", '" : "'") + hints[i] + "'";
        throw Error("table.no_column", {{"column", sought}, {"closest", closest}});
      }
      Column c;
      c.name = name;
      c.header_index = found;
      c.needs = needs;
      table.columns.push_back(std::move(c));
    }
    cells.file_rows = &table.file_rows;
    cells.short_rows = &table.report.short_rows;
    cells.long_rows = &table.report.long_rows;
    cells.blank_lines = &table.report.blank_lines;
    for (Column& c : table.columns) {
      if (c.needs.number)
        cells.numbers.push_back({c.header_index, &c.numbers, &c.missing, &c.invalid});
      if (c.needs.text)
        cells.texts.push_back({c.header_index, &c.text_bytes, &c.text_end, &c.name});
    }
  }

  Table finish() {
    stream.finish();
    if (!have_header) throw Error("table.no_header", {});
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
  if (!in) throw Error("table.cannot_open", {{"path", path}});
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
  if (in.bad()) throw Error("table.cannot_read", {{"path", path}});
  return reader.finish();
}

namespace {
template <class Index>
Table rows_of(const Table& table, const std::vector<Index>& rows) {
  Table out;
  out.header = table.header;
  out.encoding = table.encoding;
  out.delimiter = table.delimiter;
  out.bytes = table.bytes;
  out.file_rows.reserve(rows.size());
  for (Index r : rows) out.file_rows.push_back(table.file_rows[r]);
  out.columns.reserve(table.columns.size());
  for (const Column& c : table.columns) {
    Column k;
    k.name = c.name;
    k.header_index = c.header_index;
    k.needs = c.needs;
    if (c.needs.number) {
      k.numbers.reserve(rows.size());
      for (Index r : rows) {
        k.numbers.push_back(c.numbers[r]);
        const CellKind kind = c.kind(r);
        if (kind == CellKind::Missing) k.missing.add(table.file_rows[r]);
        if (kind == CellKind::Invalid) k.invalid.add(table.file_rows[r]);
      }
    }
    if (c.needs.text) {
      k.text_end.reserve(rows.size());
      for (Index r : rows) {
        k.text_bytes.append(c.text(r));
        k.text_end.push_back(static_cast<uint32_t>(k.text_bytes.size()));
      }
    }
    out.columns.push_back(std::move(k));
  }
  return out;
}
}  // namespace

Table take_rows(const Table& table, const std::vector<size_t>& rows) {
  return rows_of(table, rows);
}
Table take_rows(const Table& table, const std::vector<uint32_t>& rows) {
  return rows_of(table, rows);
}

}  // namespace kenko
