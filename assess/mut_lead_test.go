package assess

import (
	"errors"
	"strings"
	"testing"
)

// An empty or blank snapshot is named as empty, not as broken JSON.
func TestParseFactsFileEmpty(t *testing.T) {
	for _, data := range []string{"", " ", "\n\t \r\n"} {
		_, _, err := ParseFactsFile([]byte(data), "snap.json")
		var le *LoadError
		if !errors.As(err, &le) || le.File != "snap.json" || !strings.Contains(err.Error(), "the file is empty") {
			t.Errorf("ParseFactsFile(%q): %v, want a LoadError for snap.json saying the file is empty", data, err)
		}
	}
}
