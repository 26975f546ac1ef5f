// The columnar customer table: only the columns a model uses, each typed (numbers as doubles
// with a cell kind, texts as one byte buffer with offsets), read from bytes fed in chunks.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "base/messages.h"
#include "read/cell.h"
#include "read/csv_reader.h"
#include "read/encoding.h"
#include "read/record_stream.h"

namespace kenko {

// Row numbers of a kind of problem: how many, and the first few.
struct RowList {
  static constexpr size_t kKept = 5;
  uint64_t count = 0;
  std::vector<uint64_t> first;
  void add(uint64_t row) {
    ++count;
    if (first.size() < kKept) first.push_back(row);
  }
  // Adds rows[index], read only when it is one of the first few (a scattered read of a large
  // array misses the cache).
  void add_at(const std::vector<uint64_t>& rows, size_t index) {
    ++count;
    if (first.size() < kKept) first.push_back(rows[index]);
  }
  // "3 (rows 4, 9, 12)"
  std::string describe() const;
};

struct ColumnNeeds {
  bool number = false;
  bool text = false;
  std::string header_name;  // the header column holding it; empty: the model's name itself
};

// Bytes appended cell after cell: append() is inline (std::string::append is an out-of-line
// call in every standard library, and it runs for every text cell of a table).
class TextBytes {
 public:
  TextBytes() = default;
  TextBytes(const TextBytes& o) { *this = o; }
  TextBytes& operator=(const TextBytes& o) {
    if (this != &o) {
      TextBytes copy;
      copy.reserve(o.size_);
      copy.append(std::string_view(o.data(), o.size_));
      *this = std::move(copy);
    }
    return *this;
  }
  TextBytes(TextBytes&& o) noexcept { *this = std::move(o); }
  TextBytes& operator=(TextBytes&& o) noexcept {
    if (this != &o) {
      bytes_ = std::move(o.bytes_);
      size_ = o.size_;
      capacity_ = o.capacity_;
      o.size_ = o.capacity_ = 0;
    }
    return *this;
  }

  void append(std::string_view s) {
    if (s.size() > capacity_ - size_) grow(s.size());
    if (!s.empty()) std::memcpy(bytes_.get() + size_, s.data(), s.size());
    size_ += s.size();
  }
  void reserve(size_t capacity) {
    if (capacity > capacity_) reallocate(capacity);
  }
  const char* data() const { return bytes_ ? bytes_.get() : ""; }  // never null
  size_t size() const { return size_; }
  void clear() { size_ = 0; }  // keeps the capacity

 private:
  void grow(size_t more) {
    const size_t most = std::numeric_limits<size_t>::max();
    if (more > most - size_) throw std::bad_alloc();  // (a 32-bit size_t in WebAssembly)
    const size_t doubled = capacity_ > (most - 64) / 2 ? most : capacity_ * 2 + 64;
    reallocate(std::max(size_ + more, doubled));
  }
  void reallocate(size_t capacity) {
    std::unique_ptr<char[]> bigger(new char[capacity]);
    if (size_) std::memcpy(bigger.get(), bytes_.get(), size_);
    bytes_ = std::move(bigger);
    capacity_ = capacity;
  }
  std::unique_ptr<char[]> bytes_;
  size_t size_ = 0, capacity_ = 0;
};

class Column {
 public:
  std::string name;
  size_t header_index = 0;
  ColumnNeeds needs;
  // Numbers (when needs.number): per row, the value, or a NaN telling a missing cell from an
  // invalid one (stored_cell / stored_kind in cell.h).
  std::vector<double> numbers;
  RowList missing, invalid;  // numeric cells missing / not a number
  // Texts (when needs.text): raw cell text, row i is [text_end[i-1], text_end[i]). A column
  // holds at most 4 GiB of text (the reader says so beyond).
  TextBytes text_bytes;
  std::vector<uint32_t> text_end;

  std::string_view text(size_t row) const {
    uint32_t b = row == 0 ? 0 : text_end[row - 1];
    return std::string_view(text_bytes.data() + b, text_end[row] - b);
  }
  bool has_number(size_t row) const { return numbers[row] == numbers[row]; }
  CellKind kind(size_t row) const { return stored_kind(numbers[row]); }
};

struct TableReport {
  RowList short_rows;    // fewer fields than the header
  RowList long_rows;     // more fields than the header
  RowList stray_quotes;  // quotes inside unquoted fields
  uint64_t blank_lines = 0;
};

class Table {
 public:
  std::vector<std::string> header;  // trimmed names, as in the file
  std::vector<Column> columns;      // the columns kept
  std::vector<uint64_t> file_rows;  // file row number of each customer (header is row 1)
  Encoding encoding = Encoding::Utf8;
  char delimiter = ',';
  uint64_t bytes = 0;
  TableReport report;

  size_t rows() const { return file_rows.size(); }
  // The kept column of that name, or nullptr.
  const Column* column(std::string_view name) const;
  // Ragged rows, stray quotes and non-numeric cells: coded messages (base/messages.h), and
  // their English lines.
  std::vector<Message> warning_messages() const;
  std::vector<std::string> warnings() const;
};

// The rows 0..rows-1 in the order of a text column's texts: byte order (for UTF-8, code-point
// order), equal texts in row order. Sorts by an 8-byte prefix key, then by whole texts only
// where prefixes tie.
std::vector<uint32_t> order_by_text(const Column& column, size_t rows);

// Decides, once the header is read, which columns to keep and how; throws kenko::Error (for
// example for a column the model needs that the header lacks).
using ColumnSelector =
    std::function<std::map<std::string, ColumnNeeds>(const std::vector<std::string>& header)>;

class TableReader {
 public:
  TableReader(TableOptions options, ColumnSelector selector);
  ~TableReader();
  TableReader(const TableReader&) = delete;
  TableReader& operator=(const TableReader&) = delete;

  // Feeds the next bytes of the file. Throws kenko::Error with the row (and column) at fault.
  void feed(std::string_view bytes);
  // End of the file: returns the table. Throws for an empty file or a broken last record.
  Table finish();

  uint64_t bytes_fed() const;
  uint64_t rows_read() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads a whole file (in chunks).
Table read_table_file(const std::string& path, TableOptions options, ColumnSelector selector,
                      const std::function<void(uint64_t bytes, uint64_t rows)>& progress = {});

// The rows `rows` of `table` (in that order) as a table of their own: every column as kept;
// header, encoding, delimiter and size as in `table`; missing and invalid cells reported again
// for these rows only (the rest of the reading report left empty).
Table take_rows(const Table& table, const std::vector<size_t>& rows);
Table take_rows(const Table& table, const std::vector<uint32_t>& rows);

}  // namespace kenko
