#!/usr/bin/env bash
# Makes sure stripe-mock (Stripe's fake API server, used by the payment tests)
# is installed at the pinned version, and prints the path of its binary on
# stdout; progress goes to stderr. Typical use:
#
#   export MAJLIS_STRIPE_MOCK=$(scripts/stripe-mock.sh)
#
# The tests (internal/payments/stripetest.StartMock) use $MAJLIS_STRIPE_MOCK
# first, then look in PATH and the Go bin directories; pointing them at this
# path avoids picking up another version that happens to be in PATH.
# Keep the version in step with stripetest.MockVersion.
set -euo pipefail

version=v0.203.0
module=github.com/stripe/stripe-mock

# Where `go install` puts binaries: GOBIN, else the first GOPATH entry's bin.
gobin=$(go env GOBIN)
if [ -z "$gobin" ]; then
  gopath=$(go env GOPATH)
  gobin=${gopath%%:*}/bin
fi

# has_version BIN: BIN was built by the Go toolchain from the pinned module
# version. stripe-mock's own -version says "master" when built by go install,
# so read the build information instead.
has_version() {
  go version -m "$1" 2>/dev/null | awk -v m="$module" -v v="$version" '$1 == "mod" && $2 == m && $3 == v { ok = 1 } END { exit !ok }'
}

for candidate in "$(command -v stripe-mock || true)" "$gobin/stripe-mock"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && has_version "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done

echo "installing $module@$version into $gobin (about 35 s)" >&2
GOBIN=$gobin go install "$module@$version" >&2
has_version "$gobin/stripe-mock" || { echo "stripe-mock at $gobin is not $version after install" >&2; exit 1; }
echo "$gobin/stripe-mock"
