package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/sequence"
	"github.com/omsn/majlis/internal/apperr"
)

// MaxSequenceValue is the highest number a sequence hands out (10¹⁵). It
// is far below the 64-bit limit, so no increment can overflow, and the
// database enforces it too (the sequence_bounded CHECK constraint).
const MaxSequenceValue int64 = 1_000_000_000_000_000

// ErrSequenceExhausted says a sequence has reached MaxSequenceValue (or a
// raise or reservation asked to go beyond it). It is a conflict: the
// request is refused, nothing is written, and the sequence stays usable
// for the numbers below its end.
var ErrSequenceExhausted = fmt.Errorf("sequence exhausted: %w", apperr.ErrConflict)

// NextInSequence takes the next number of a named sequence inside the
// transaction ctx carries (ErrNoTx if none). The increment locks the row
// until the transaction ends (a row lock on PostgreSQL, the write lock on
// SQLite), so concurrent transactions get distinct numbers, and a
// rolled-back transaction gives its number back.
func NextInSequence(ctx context.Context, name string) (int64, error) {
	return take(ctx, name, 1)
}

// RaiseSequence makes sure the sequence will never hand out a number at or
// below floor (after importing legacy numbers). A floor beyond
// MaxSequenceValue is refused with ErrSequenceExhausted. It runs in the
// transaction ctx carries (ErrNoTx if none).
func RaiseSequence(ctx context.Context, name string, floor int64) error {
	if floor > MaxSequenceValue {
		return fmt.Errorf("raise %s to %d: %w", name, floor, ErrSequenceExhausted)
	}
	tx, err := txClient(ctx)
	if err != nil {
		return err
	}
	err = tx.Sequence.Create().SetName(name).SetLastValue(floor).
		OnConflictColumns(sequence.FieldName).DoNothing().Exec(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return tx.Sequence.Update().Where(sequence.Name(name), sequence.LastValueLT(floor)).SetLastValue(floor).Exec(ctx)
}

// ReserveInSequence takes n consecutive numbers of a named sequence inside
// the transaction ctx carries and returns the first: for bulk work (the
// demo seed) that would otherwise take them one by one.
func ReserveInSequence(ctx context.Context, name string, n int64) (int64, error) {
	if n < 1 || n > MaxSequenceValue {
		return 0, fmt.Errorf("reserve %d numbers of %s: out of range", n, name)
	}
	last, err := take(ctx, name, n)
	if err != nil {
		return 0, err
	}
	return last - n + 1, nil
}

// take adds n to the sequence and returns its new last value. One
// statement creates the sequence or adds to it: the fewer round trips while
// the row is locked, the more numbers per second. Going past
// MaxSequenceValue breaks the CHECK constraint, reported as
// ErrSequenceExhausted; the values are small enough that the addition
// itself never overflows.
func take(ctx context.Context, name string, n int64) (int64, error) {
	tx, err := txClient(ctx)
	if err != nil {
		return 0, err
	}
	id, err := tx.Sequence.Create().SetName(name).SetLastValue(n).
		OnConflictColumns(sequence.FieldName).Update(func(u *ent.SequenceUpsert) { u.AddLastValue(n) }).ID(ctx)
	if ent.IsConstraintError(err) {
		return 0, fmt.Errorf("take %d numbers of %s: %w", n, name, ErrSequenceExhausted)
	}
	if err != nil {
		return 0, err
	}
	s, err := tx.Sequence.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	if s.LastValue > MaxSequenceValue {
		// Only a database without the constraint gets here.
		return 0, fmt.Errorf("take %d numbers of %s: %w", n, name, ErrSequenceExhausted)
	}
	return s.LastValue, nil
}
