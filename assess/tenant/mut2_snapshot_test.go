package tenant

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// A snapshot says what it is (kind "snapshot", ARCHITECTURE: kind.go) and
// its schema version (1 when the facts carry none; a given one is kept),
// and ends with a new line.
func TestMut2SnapshotHeader(t *testing.T) {
	for _, c := range []struct {
		in, want int
		envs     int
	}{{0, 1, 0}, {0, 1, 2}, {1, 1, 1}, {7, 7, 0}, {7, 7, 3}} {
		f := &assess.Facts{SchemaVersion: c.in, TenantID: "t"}
		for i := range c.envs {
			f.Environments = append(f.Environments, assess.Environment{ID: string(rune('a' + i))})
		}
		data, err := MarshalSnapshot(f)
		if err != nil {
			t.Fatal(err)
		}
		var head struct {
			Kind          string `json:"kind"`
			SchemaVersion int    `json:"schemaVersion"`
			Environments  []struct {
				ID string `json:"id"`
			} `json:"environments"`
		}
		if err := json.Unmarshal(data, &head); err != nil {
			t.Fatalf("%+v: %v\n%s", c, err, data)
		}
		if head.Kind != "snapshot" || head.SchemaVersion != c.want || len(head.Environments) != c.envs || !strings.HasSuffix(string(data), "}\n") {
			t.Errorf("schema %d with %d environments: kind %q, version %d, %d environments", c.in, c.envs, head.Kind, head.SchemaVersion, len(head.Environments))
		}
		for i, e := range head.Environments {
			if e.ID != string(rune('a'+i)) {
				t.Errorf("environment %d is %q", i, e.ID)
			}
		}
	}
	if _, err := MarshalSnapshot(nil); err == nil || !strings.Contains(err.Error(), "no facts") {
		t.Errorf("nil facts: %v", err)
	}
}

// WriteSnapshot reports a file it cannot write, and writes what
// MarshalSnapshot gives.
func TestMut2WriteSnapshot(t *testing.T) {
	dir := t.TempDir()
	f := &assess.Facts{TenantID: "t", Environments: []assess.Environment{{ID: "e1"}}}
	if err := WriteSnapshot(filepath.Join(dir, "missing", "folder", "s.json"), f); err == nil {
		t.Error("a snapshot into a missing folder was reported written")
	}
	if err := WriteSnapshot(filepath.Join(dir, "x.json"), nil); err == nil {
		t.Error("nil facts written")
	}
	path := filepath.Join(dir, "s.json")
	if err := WriteSnapshot(path, f); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "\"kind\": \"snapshot\"") || !strings.Contains(string(data), "\n    {") {
		t.Errorf("written snapshot:\n%s", data)
	}
}
