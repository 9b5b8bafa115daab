package database

import (
	"context"
	"database/sql"
	"errors"

	"github.com/omsn/majlis/ent"
	"github.com/omsn/majlis/ent/sequence"
)

// NextInSequence takes the next number of a named sequence inside tx. The
// increment locks the row until tx ends (a row lock on PostgreSQL, the write
// lock on SQLite), so concurrent transactions get distinct numbers, and a
// rolled-back transaction gives its number back.
func NextInSequence(ctx context.Context, tx *ent.Tx, name string) (int64, error) {
	// One statement creates the sequence at 1 or adds 1 to it: the fewer
	// round trips while the row is locked, the more numbers per second.
	id, err := tx.Sequence.Create().SetName(name).SetLastValue(1).
		OnConflictColumns(sequence.FieldName).Update(func(u *ent.SequenceUpsert) { u.AddLastValue(1) }).ID(ctx)
	if err != nil {
		return 0, err
	}
	s, err := tx.Sequence.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	return s.LastValue, nil
}

// RaiseSequence makes sure the sequence will never hand out a number at or
// below floor (after importing legacy numbers).
func RaiseSequence(ctx context.Context, tx *ent.Tx, name string, floor int64) error {
	err := tx.Sequence.Create().SetName(name).SetLastValue(floor).
		OnConflictColumns(sequence.FieldName).DoNothing().Exec(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return tx.Sequence.Update().Where(sequence.Name(name), sequence.LastValueLT(floor)).SetLastValue(floor).Exec(ctx)
}

// ReserveInSequence takes n consecutive numbers of a named sequence inside
// tx and returns the first: for bulk work (the demo seed) that would
// otherwise take them one by one.
func ReserveInSequence(ctx context.Context, tx *ent.Tx, name string, n int64) (int64, error) {
	id, err := tx.Sequence.Create().SetName(name).SetLastValue(n).
		OnConflictColumns(sequence.FieldName).Update(func(u *ent.SequenceUpsert) { u.AddLastValue(n) }).ID(ctx)
	if err != nil {
		return 0, err
	}
	s, err := tx.Sequence.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	return s.LastValue - n + 1, nil
}
