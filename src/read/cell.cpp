#include "read/cell.h"

#include <fast_float/fast_float.h>
#include <cmath>
#include <string>

#include "base/text.h"

namespace kenko {

bool is_missing_cell(std::string_view t) {
  switch (t.size()) {
    case 0:
      return true;
    case 1:
      return t[0] == '-';
    case 2:
      return t == "NA";
    case 3:
      return t == "N/A";
    case 4:
      return t == "#N/A" || t == "null" || t == "NULL";
    default:
      return false;
  }
}

namespace {

using cell_detail::is_digit;

// Maps the full-width forms of the characters a number may hold (and U+2212 MINUS SIGN) to
// ASCII. Returns false for any other non-ASCII text or when the result does not fit `out`.
bool fold_full_width(std::string_view in, char* out, size_t cap, size_t& len) {
  len = 0;
  for (size_t i = 0; i < in.size();) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    char ascii;
    if (c < 0x80) {
      ascii = static_cast<char>(c);
      i += 1;
    } else if (c == 0xEF && i + 2 < in.size()) {
      unsigned char b1 = static_cast<unsigned char>(in[i + 1]);
      unsigned char b2 = static_cast<unsigned char>(in[i + 2]);
      // U+FF01..U+FF5E are EF BC 81..EF BD 9E: full-width forms of ASCII 0x21..0x7E.
      unsigned cp;
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) {
        cp = 0xFF00 + (b2 - 0x80);
      } else if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) {
        cp = 0xFF40 + (b2 - 0x80);
      } else {
        return false;
      }
      ascii = static_cast<char>(cp - 0xFF00 + 0x20);
      if (!(is_digit(ascii) || ascii == '+' || ascii == '-' || ascii == '.' || ascii == ',' ||
            ascii == '%' || ascii == 'e' || ascii == 'E')) {
        return false;
      }
      i += 3;
    } else if (c == 0xE2 && i + 2 < in.size() && in[i + 1] == '\x88' && in[i + 2] == '\x92') {
      ascii = '-';  // U+2212 MINUS SIGN
      i += 3;
    } else {
      return false;
    }
    if (len == cap) return false;
    out[len++] = ascii;
  }
  return true;
}

// Parses ASCII text per the grammar; `text` is already trimmed with any `%` removed.
CellNumber parse_ascii_number(std::string_view s) {
  constexpr CellNumber kInvalid{CellKind::Invalid, 0.0};
  char small[128];
  std::string big;
  char* canon = small;
  if (s.size() + 2 > sizeof small) {
    big.resize(s.size() + 2);
    canon = big.data();
  }
  size_t n = 0;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    if (s[i] == '-') canon[n++] = '-';
    ++i;
  }
  // Integer part: plain digits, or groups of three after a first group of one to three.
  size_t int_start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  size_t first_group = i - int_start;
  if (first_group == 0) return kInvalid;
  bool grouped = i < s.size() && s[i] == ',';
  if (grouped && first_group > 3) return kInvalid;
  for (size_t k = int_start; k < i; ++k) canon[n++] = s[k];
  while (grouped && i < s.size() && s[i] == ',') {
    ++i;
    for (int k = 0; k < 3; ++k, ++i) {
      if (i >= s.size() || !is_digit(s[i])) return kInvalid;
      canon[n++] = s[i];
    }
    if (i < s.size() && is_digit(s[i])) return kInvalid;
  }
  if (i < s.size() && s[i] == '.') {
    canon[n++] = s[i++];
    size_t frac_start = i;
    while (i < s.size() && is_digit(s[i])) canon[n++] = s[i++];
    if (i == frac_start) return kInvalid;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    canon[n++] = 'e';
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) canon[n++] = s[i++];
    size_t exp_start = i;
    while (i < s.size() && is_digit(s[i])) canon[n++] = s[i++];
    if (i == exp_start) return kInvalid;
  }
  if (i != s.size()) return kInvalid;
  double value = 0;
  auto result = fast_float::from_chars(canon, canon + n, value);
  if (result.ptr != canon + n || !std::isfinite(value)) return kInvalid;
  return {CellKind::Number, value};
}

}  // namespace

CellNumber parse_number_cell_general(std::string_view raw) {
  std::string_view t = trim(raw);
  if (is_missing_cell(t)) return {CellKind::Missing, 0.0};
  char folded[128];
  bool ascii = true;
  for (char c : t) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (!ascii) {
    size_t len = 0;
    if (!fold_full_width(t, folded, sizeof folded, len)) return {CellKind::Invalid, 0.0};
    t = trim(std::string_view(folded, len));
  }
  if (!t.empty() && t.back() == '%') t = trim(t.substr(0, t.size() - 1));
  return parse_ascii_number(t);
}

}  // namespace kenko
