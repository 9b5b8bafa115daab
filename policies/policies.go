// Package policies embeds the Casbin model and policy: the reviewed list of
// which role may do what. Changing who may do what is a code change.
package policies

import _ "embed"

// Model is the Casbin model (RBAC with role inheritance).
//
//go:embed model.conf
var Model string

// Policy is the permission and inheritance rules, in Casbin's CSV format.
//
//go:embed policy.csv
var Policy string
