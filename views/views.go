// Package views embeds the server-rendered HTML templates and the static
// assets (CSS), so the binary serves everything itself: no CDN, no files to
// deploy beside it.
//
// Templates are named by their path without extension ("home/index") and
// rendered inside layouts/base. Each receives a view model that embeds the
// web package's page (language, viewer, navigation, CSRF token, flash); every
// string goes through {{.T "key"}}.
package views

import "embed"

// Templates holds layouts/, partials/ and one folder per area.
//
//go:embed */*.html
var Templates embed.FS

// Static holds the assets served under /static/.
//
//go:embed static
var Static embed.FS
