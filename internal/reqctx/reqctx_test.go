package reqctx_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/omsn/majlis/internal/reqctx"
)

func TestLinesLoggedWithARequestsContextCarryItsID(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(reqctx.LogHandler(slog.NewTextHandler(&buf, nil))).With("service", "dues")
	ctx := reqctx.WithID(context.Background(), "req-42")
	log.InfoContext(ctx, "payment recorded")
	log.Info("no request")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "request_id=req-42") || !strings.Contains(lines[0], "service=dues") {
		t.Fatalf("the request's line lacks its id: %q", lines)
	}
	if strings.Contains(lines[1], "request_id") {
		t.Errorf("a line without a request has a request id: %q", lines[1])
	}
	if reqctx.ID(context.Background()) != "" {
		t.Error("a bare context has a request id")
	}
}
