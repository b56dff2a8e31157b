package report

import (
	"strings"
	"testing"
)

// TestFixScriptsCiteTheDocs: each finding's step in the scripts cites its
// Microsoft Learn page ("# Docs: URL") when its action has one.
func TestFixScriptsCiteTheDocs(t *testing.T) {
	in := demoInput(t)
	m, err := newModel(in)
	if err != nil {
		t.Fatal(err)
	}
	files, err := FixFiles(in)
	if err != nil {
		t.Fatal(err)
	}
	cited := 0
	for _, a := range m.actions {
		if a.Link == nil || len(a.Commands) == 0 {
			continue
		}
		cited++
		scripts := string(files[0].Data) + string(files[1].Data) // PowerShell and shell
		if line := "# Docs: " + a.Link.URL + "\n"; !strings.Contains(scripts, line) {
			t.Errorf("the scripts have no %q for %s", strings.TrimSpace(line), a.FindingID)
		}
	}
	if cited == 0 {
		t.Fatal("no action with commands and a link: nothing checked")
	}
}
