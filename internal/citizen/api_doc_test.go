package citizen_test

import (
	"bytes"
	"testing"

	"github.com/motcua/motcua/api"
)

// Every route of the citizen module's JSON API is described in api/openapi.yaml.
func TestOpenAPIDescribesRoutes(t *testing.T) {
	for _, p := range []string{"/api/v1/tracking/{code}", "/api/v1/online-intake", "/api/v1/online-intake/{code}/supplement-received"} {
		if !bytes.Contains(api.OpenAPI, []byte("\n  "+p+":\n")) {
			t.Errorf("api/openapi.yaml does not describe %s", p)
		}
	}
}
