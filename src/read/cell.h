// What a table cell means (spec, "The customer table"): missing, a number, or neither.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>

namespace kenko {

enum class CellKind : uint8_t { Number = 0, Missing = 1, Invalid = 2 };

struct CellNumber {
  CellKind kind;
  double value;  // set when kind == Number
};

// A numeric column stores each cell as one double: the number, or, for a cell without one, a
// NaN whose bits say why (a number read from a cell is never NaN: "NaN" is an invalid cell).
// The bits are only ever copied, never computed with, so they survive natively and in
// WebAssembly alike.
inline constexpr uint64_t kMissingBits = 0x7FF8000000000001ULL;
inline constexpr uint64_t kInvalidBits = 0x7FF8000000000002ULL;

inline double stored_cell(CellKind kind, double value) {
  if (kind == CellKind::Number) return value;
  const uint64_t bits = kind == CellKind::Missing ? kMissingBits : kInvalidBits;
  double out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}
inline CellKind stored_kind(double v) {
  if (v == v) return CellKind::Number;
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return bits == kInvalidBits ? CellKind::Invalid : CellKind::Missing;
}

// True when the trimmed cell is empty or exactly NA, N/A, #N/A, null, NULL or - (case as written).
bool is_missing_cell(std::string_view trimmed);
// The same texts as a list (for the SQL compiler, which tests them in the warehouse):
// is_missing_cell(t) is true exactly for these.
inline constexpr std::string_view kMissingCellTexts[] = {"",     "-",    "NA",  "N/A",
                                                         "#N/A", "null", "NULL"};

namespace cell_detail {

// 10^0 .. 10^22: exactly representable doubles.
inline constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

inline bool is_digit(char c) {
  return static_cast<unsigned char>(c - '0') < 10;
}

// The common cell: [-]digits[.digits], at most 15 digits in all. Then the digits make an exact
// integer m < 2^53 and the value is m / 10^f, one correctly rounded division: the same double
// as strtod and fast_float (Clinger's fast path). Anything else returns false. Inline: it runs
// for nearly every numeric cell of a table.
inline bool parse_simple_decimal(std::string_view s, double& out) {
  const char* p = s.data();
  const char* const end = p + s.size();
  const bool negative = p < end && *p == '-';
  p += negative;
  const char* const int_start = p;
  uint64_t m = 0;
  while (p < end && is_digit(*p)) m = m * 10 + static_cast<uint64_t>(*p++ - '0');
  size_t digits = static_cast<size_t>(p - int_start), frac = 0;
  if (digits == 0) return false;
  if (p < end && *p == '.') {
    const char* const frac_start = ++p;
    while (p < end && is_digit(*p)) m = m * 10 + static_cast<uint64_t>(*p++ - '0');
    frac = static_cast<size_t>(p - frac_start);
    if (frac == 0) return false;
    digits += frac;
  }
  if (p != end || digits > 15) return false;
  double v = static_cast<double>(m);
  if (frac) v /= kPow10[frac];
  out = negative ? -v : v;
  return true;
}

}  // namespace cell_detail

// Every cell parse_number_cell does not read by the fast path (see below).
CellNumber parse_number_cell_general(std::string_view raw);

// A number: optional sign, digits (`,` thousands separators in correct groups allowed) with an
// optional `.` decimal part and optional exponent; full-width digits, signs, point, comma and
// percent are read as their ASCII forms; one trailing `%` is dropped (85% is 85). A value out of
// double range is Invalid. Surrounding white space is trimmed first.
inline CellNumber parse_number_cell(std::string_view raw) {
  if (raw.empty()) return {CellKind::Missing, 0.0};
  double fast;
  if (raw.size() <= 16 && cell_detail::parse_simple_decimal(raw, fast)) {
    return {CellKind::Number, fast};
  }
  return parse_number_cell_general(raw);
}

}  // namespace kenko
