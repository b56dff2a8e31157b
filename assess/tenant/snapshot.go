package tenant

import (
	"encoding/json"
	"fmt"

	"github.com/ppwaf/se06/assess"
)

// MarshalSnapshot encodes facts as the indented JSON of a snapshot file.
// Facts hold no token or secret by construction: credentials never leave
// the session, and error texts are stripped of bearer tokens.
func MarshalSnapshot(f *assess.Facts) ([]byte, error) {
	if f == nil {
		return nil, fmt.Errorf("encode snapshot: no facts")
	}
	if f.SchemaVersion == 0 {
		f.SchemaVersion = assess.FactsSchemaVersion
	}
	f.Kind = assess.KindSnapshot
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode snapshot: %w", err)
	}
	return append(data, '\n'), nil
}

// WriteSnapshot writes facts to path atomically (a previous file is
// replaced, not kept); 'se06 assess --facts' reads it back.
func WriteSnapshot(path string, f *assess.Facts) error {
	data, err := MarshalSnapshot(f)
	if err != nil {
		return err
	}
	return assess.WriteFileAtomic(path, data, false)
}
