// Spec, "The customer table": missing cells and numbers.
#include <catch2/catch.hpp>
#include <cmath>

#include "read/cell.h"

using kenko::CellKind;
using kenko::parse_number_cell;

namespace {
double num(const char* s) {
  kenko::CellNumber n = parse_number_cell(s);
  REQUIRE(n.kind == CellKind::Number);
  return n.value;
}
CellKind kind(const char* s) {
  return parse_number_cell(s).kind;
}
}  // namespace

TEST_CASE("missing cells are empty or one of the listed tokens, case as written", "[cell]") {
  for (const char* s :
       {"", "  ", "NA", "N/A", "#N/A", "null", "NULL", "-", " NA ", "\t-\t", "\xE3\x80\x80"}) {
    INFO(s);
    CHECK(kind(s) == CellKind::Missing);
  }
  for (const char* s : {"na", "Null", "n/a", "#n/a", "--", "None", "nan"}) {
    INFO(s);
    CHECK(kind(s) == CellKind::Invalid);
  }
}

TEST_CASE("numbers: sign, digits, decimal part, exponent", "[cell]") {
  CHECK(num("0") == 0.0);
  CHECK(num("42") == 42.0);
  CHECK(num("-3.5") == -3.5);
  CHECK(num("+7") == 7.0);
  CHECK(num(" 12.25 ") == 12.25);
  CHECK(num("1e3") == 1000.0);
  CHECK(num("2.5E-2") == 0.025);
  CHECK(num("-1e+2") == -100.0);
  CHECK(num("0.1") == 0.1);
  CHECK(num("007") == 7.0);
  for (const char* s : {".5", "5.", "1e", "1e+", "--1", "+-1", "1.2.3", "abc", "12abc", "0x10",
                        "1 2", "NaN", "nan", "Inf", "inf", "-Infinity", "∞", "1_000"}) {
    INFO(s);
    CHECK(kind(s) == CellKind::Invalid);
  }
}

TEST_CASE("numbers: thousands separators only in correct groups", "[cell]") {
  CHECK(num("1,234") == 1234.0);
  CHECK(num("1,234,567.5") == 1234567.5);
  CHECK(num("-12,345") == -12345.0);
  CHECK(num("999,999") == 999999.0);
  for (const char* s :
       {"1,23", "1,2345", "1234,567", ",123", "1,,234", "1,234,", "1.234,5", "1,234.5,6"}) {
    INFO(s);
    CHECK(kind(s) == CellKind::Invalid);
  }
}

TEST_CASE("numbers: full-width digits and a trailing percent", "[cell]") {
  CHECK(num("１２３") == 123.0);
  CHECK(num("－１２．５") == -12.5);
  CHECK(num("１，２３４") == 1234.0);
  CHECK(num("85%") == 85.0);
  CHECK(num("85 %") == 85.0);
  CHECK(num("12.5％") == 12.5);
  CHECK(num("１００％") == 100.0);
  CHECK(kind("85%%") == CellKind::Invalid);
  CHECK(kind("%") == CellKind::Invalid);
  CHECK(kind("８５円") == CellKind::Invalid);
}

TEST_CASE("numbers out of double range are not numbers", "[cell]") {
  CHECK(kind("1e400") == CellKind::Invalid);
  CHECK(kind("-1e400") == CellKind::Invalid);
  std::string huge = "1" + std::string(400, '0');  // 10^400
  CHECK(kind(huge.c_str()) == CellKind::Invalid);
  std::string big = "1" + std::string(300, '0');  // 10^300 is fine
  CHECK(num(big.c_str()) == 1e300);
  CHECK(num("1e-400") == 0.0);  // underflows to zero, as strtod does
}
