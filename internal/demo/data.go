package demo

import "embed"

// Files holds the demo data set (data/province.json, data/catalog.json).
//
//go:embed data/*.json
var Files embed.FS
