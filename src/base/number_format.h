// Numbers as text for the writers: two decimals exactly as printf's "%.2f" (the scored table,
// the summary), and the shortest round-tripping form (JSON, the validation report).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace kenko {

// The longest text write_fixed2 can make, with room to spare: a sign, the 309 integer digits of
// the largest double, the point and two decimals.
constexpr size_t kFixed2MaxChars = 320;

// Writes v as printf's "%.2f" does (the exact binary value correctly rounded, exact ties to
// even, "-0.00" for negative values that round to zero, "inf"/"-inf"), or nothing for NaN, at
// `out`, which must have room for kFixed2MaxChars; returns the end of what was written.
char* write_fixed2(char* out, double v);
// Appends the same text to `out` (no string per number).
void append_fixed2(std::string& out, double v);
// "12.35", or "" for NaN: two decimals, correctly rounded (printf's %.2f).
std::string format_fixed2(double v);

// The shortest text that reads back to the same double (at most 17 significant digits).
std::string format_full(double v);

// A count with a comma between thousands: "7,043".
std::string thousands(uint64_t v);

}  // namespace kenko
