package web

import (
	"context"
	"testing"
	"time"

	"github.com/omsn/majlis/internal/members"
)

func TestAnInstanceRunsAtMostTwoImportsAtOnceAndEachForItsOwner(t *testing.T) {
	var rs importRuns
	release := make(chan struct{})
	block := func(context.Context, func(members.ImportProgress)) (*members.ImportReport, error) {
		<-release
		return &members.ImportReport{}, nil
	}
	var ids []string
	for i := range maxRunningImports {
		id, ok := rs.start(context.Background(), 7, importForm{Chosen: map[string]string{}}, block)
		if !ok {
			t.Fatalf("import %d refused", i+1)
		}
		ids = append(ids, id)
	}
	if _, ok := rs.start(context.Background(), 7, importForm{}, block); ok {
		t.Fatal("a third import started while two run")
	}
	if _, ok := rs.get(ids[0], 8); ok {
		t.Fatal("someone else's import is readable")
	}
	close(release)
	for _, id := range ids {
		run, ok := rs.get(id, 7)
		if !ok {
			t.Fatal("own import not found")
		}
		for !run.finished() {
			time.Sleep(time.Millisecond)
		}
	}
	if _, ok := rs.start(context.Background(), 7, importForm{}, block); !ok {
		t.Fatal("an import is refused once the others finished")
	}
}
