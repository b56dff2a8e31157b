//go:build linux

package assess

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFailedSaveKeepsOldBytes makes a save fail the way a full disk does,
// in a way that works as root too: a file-size limit (RLIMIT_FSIZE) smaller
// than the new document makes the write fail with EFBIG (Go ignores
// SIGXFSZ). An in-place write would already have truncated the file; the
// atomic save leaves the old bytes, the old backup and no temporary file.
func TestFailedSaveKeepsOldBytes(t *testing.T) {
	b := miniBank(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "a.se06.json")
	a := sampleAssessment(b)
	if err := a.Save(path, testNow); err != nil {
		t.Fatal(err)
	}
	if err := a.Save(path, testNow); err != nil { // now there is a .bak too
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	bakBefore, _ := os.ReadFile(path + ".bak")
	a.Metadata.Title = strings.Repeat("a much longer title ", 4000) // well over the limit below

	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skipf("cannot read the file-size limit (%v); the failed-save case is not exercised", err)
	}
	limit := uint64(len(before)) + 1024
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: old.Max}); err != nil {
		t.Skipf("cannot lower the file-size limit (%v); the failed-save case is not exercised", err)
	}
	err := a.Save(path, testNow)
	if rerr := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); rerr != nil {
		t.Fatalf("restore the file-size limit: %v", rerr)
	}
	if err == nil {
		t.Fatal("a save over the file-size limit succeeded")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Errorf("a failed save changed the file (%d bytes → %d)", len(before), len(after))
	}
	if bak, _ := os.ReadFile(path + ".bak"); !bytes.Equal(bak, bakBefore) && !bytes.Equal(bak, before) {
		t.Error("a failed save damaged the backup")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("a failed save left %s", e.Name())
		}
	}
}
