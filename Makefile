# Majlis — the front door. `make help` lists the targets.
GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X github.com/omsn/majlis/internal/app.Version=$(VERSION)
BIN      := bin/majlis
# Packages whose benchmarks `make bench` runs.
BENCH_PKGS ?= ./...

.DEFAULT_GOAL := help
.PHONY: help run build stripe-mock axe test test-short lint fmt generate migration check-generated bench fuzz clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: build ## build and start on http://localhost:8080 with the demo association (SQLite in ./data)
	./$(BIN) serve --demo

build: ## build bin/majlis (pure Go, no cgo)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/majlis

# axe-core checks the pages the browser journeys visit; the tests read it
# from node_modules and inject it into the page, the application never
# serves it.
AXE_DIR := internal/e2e/testdata/axe

axe: $(AXE_DIR)/node_modules/axe-core/axe.min.js ## install axe-core (npm ci), the accessibility checker of the browser journeys

# Without npm the journeys run unchecked (and fail where the browser is
# required, as in CI).
$(AXE_DIR)/node_modules/axe-core/axe.min.js: $(AXE_DIR)/package.json $(AXE_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd $(AXE_DIR) && npm ci --no-audit --no-fund && touch node_modules/axe-core/axe.min.js; \
	else echo "npm not found: the browser journeys will not check accessibility (apt-get install nodejs npm)"; fi

test: axe ## run every test on SQLite, and on PostgreSQL when one is reachable
	$(GO) test -race -count=1 -timeout 45m ./...

test-short: ## run the tests without the race detector (faster)
	$(GO) test -count=1 ./...

lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "not gofmt-formatted:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

generate: ## regenerate the Ent code from ent/schema
	$(GO) generate ./ent

migration: ## write the next migration for both dialects: make migration name=add_members
	@test -n "$(name)" || { echo "usage: make migration name=what_it_does"; exit 2; }
	$(GO) run ./internal/devtools/migrationgen -name $(name)

stripe-mock: ## install stripe-mock (the Stripe API the payment tests use) and print its path
	@./scripts/stripe-mock.sh

check-generated: ## fail if the Ent code or the migrations disagree with ent/schema
	$(GO) generate ./ent
	@if [ -n "$$(git status --porcelain -- ent)" ]; then \
	  echo "ent/ is out of date with ent/schema: run 'make generate' and commit"; git status --short -- ent; exit 1; fi
	$(GO) run ./internal/devtools/migrationgen -check

bench: ## run the Go benchmarks and measure the server (start time, memory, requests/s)
	$(GO) test -run '^$$' -bench . -benchmem $(BENCH_PKGS)
	./scripts/bench-server.sh

fuzz: ## fuzz the input readers briefly (FUZZTIME=10s each)
	./scripts/fuzz.sh $(or $(FUZZTIME),10s)

clean: ## remove build output and the local demo database
	rm -rf bin data
