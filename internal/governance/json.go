package governance

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/omsn/majlis/internal/apperr"
)

// ParseJSON decodes rules stored or typed as JSON. Unknown keys are
// refused, since a misspelt key would otherwise drop a rule silently. A
// decoding problem is an *apperr.ValidationError on the field "rules"
// (the decoder's message is wrapped around it for the logs). The result
// is not validated: call Validate.
func ParseJSON(raw []byte) (Rules, error) {
	var r Rules
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Rules{}, fmt.Errorf("%v: %w", err, apperr.Invalid("rules", "statutes.error.rules_json", nil))
	}
	if dec.More() {
		return Rules{}, fmt.Errorf("trailing data after the rules: %w", apperr.Invalid("rules", "statutes.error.rules_json", nil))
	}
	return r, nil
}
