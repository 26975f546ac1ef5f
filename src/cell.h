// What a table cell means (spec, "The customer table"): missing, a number, or neither.
#pragma once
#include <cstdint>
#include <string_view>

namespace kenko {

enum class CellKind : uint8_t { Number = 0, Missing = 1, Invalid = 2 };

struct CellNumber {
  CellKind kind;
  double value;  // set when kind == Number
};

// True when the trimmed cell is empty or exactly NA, N/A, #N/A, null, NULL or - (case as written).
bool is_missing_cell(std::string_view trimmed);

// A number: optional sign, digits (`,` thousands separators in correct groups allowed) with an
// optional `.` decimal part and optional exponent; full-width digits, signs, point, comma and
// percent are read as their ASCII forms; one trailing `%` is dropped (85% is 85). A value out of
// double range is Invalid. Surrounding white space is trimmed first.
CellNumber parse_number_cell(std::string_view raw);

}  // namespace kenko
