// Package governance holds the machine-readable governance rules that a
// statutes version carries next to its text: membership categories and
// their dues, voting eligibility, the board's positions, notice, quorum and
// majorities per kind of general assembly, proxies and tie-breaks.
//
// It also holds what can be decided from those rules alone: their
// validation (each problem named by a dotted field path with a translation
// key, as an *apperr.ValidationError), the quorum and majority arithmetic
// the assemblies apply, the comparison of two versions (rules and text),
// and the demo statutes of an OMSN-like association.
//
// The package is pure: no database, no HTTP, no clock, no randomness. The
// statutes service stores Rules as JSON (the struct tags are the storage
// format, in snake_case) and the assemblies and dues services read them;
// keeping the arithmetic here lets it be read and checked alone, with
// exact integers — fractions are never floats, so "exactly a quarter" or
// "exactly two thirds" is decided without rounding.
package governance
