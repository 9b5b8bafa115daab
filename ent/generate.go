// Package ent holds the generated data-access code for Majlis. The schema
// lives in ./schema; run `make generate` after changing it.
package ent

//go:generate go run -mod=mod entgo.io/ent/cmd/ent generate --feature sql/versioned-migration,sql/upsert,sql/lock,intercept ./schema
