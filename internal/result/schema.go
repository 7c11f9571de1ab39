package result

import _ "embed"

// SchemaJSON is the JSON Schema (draft 2020-12) of a result file.
//
//go:embed schema.json
var SchemaJSON []byte
