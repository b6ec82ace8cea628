// Package api holds the OpenAPI 3.0 description of the JSON API
// (openapi.yaml), served at GET /api/openapi.yaml. Each module documents its
// paths there; docs/api.md is the prose overview.
package api

import _ "embed"

// OpenAPI is the content of openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte
