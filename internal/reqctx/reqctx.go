// Package reqctx carries what a request's context says about the request
// (its id) down to the services, and into every log line written with that
// context, without the services knowing about HTTP.
package reqctx

import (
	"context"
	"log/slog"
)

type idKey struct{}

// WithID returns a context carrying the request id.
func WithID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, idKey{}, id)
}

// ID returns the request id the context carries, or "".
func ID(ctx context.Context) string {
	id, _ := ctx.Value(idKey{}).(string)
	return id
}

// LogHandler wraps a slog handler so that every record logged with a
// request's context (InfoContext, Log…) carries its request_id.
func LogHandler(h slog.Handler) slog.Handler {
	if _, ok := h.(idHandler); ok {
		return h
	}
	return idHandler{h}
}

type idHandler struct{ slog.Handler }

func (h idHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := ID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h idHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return idHandler{h.Handler.WithAttrs(as)}
}

func (h idHandler) WithGroup(name string) slog.Handler {
	return idHandler{h.Handler.WithGroup(name)}
}
