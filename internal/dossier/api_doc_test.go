package dossier_test

import (
	"bytes"
	"testing"

	"github.com/motcua/motcua/api"
)

// Every route of the dossier API is described in api/openapi.yaml.
func TestOpenAPIDescribesRoutes(t *testing.T) {
	for _, p := range []string{"/api/v1/files", "/api/v1/files/{sha}", "/api/v1/dossiers", "/api/v1/dossiers/{code}",
		"/api/v1/dossiers/{code}/history", "/api/v1/dossiers/{code}/actions", "/api/v1/dossiers/{code}/forms/{form}",
		"/api/v1/dossiers/{code}/messages", "/api/v1/inbox", "/api/v1/tracking-book", "/api/v1/online/{ref}/accept",
		"/api/v1/online/{ref}/request-changes", "/api/v1/online/{ref}/refuse", "/api/v1/processes/{code}", "/api/v1/dossier-settings"} {
		if !bytes.Contains(api.OpenAPI, []byte("\n  "+p+":\n")) {
			t.Errorf("api/openapi.yaml does not describe %s", p)
		}
	}
}
