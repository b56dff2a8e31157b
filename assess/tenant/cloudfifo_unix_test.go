//go:build unix

package tenant

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestCloudConfigReadIsInterruptible: a FIFO nobody writes to does not hold
// the run once the context ends.
func TestCloudConfigReadIsInterruptible(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "cloud.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("cannot create a FIFO here: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := LoadCloudConfig(ctx, fifo, Cloud{}); done <- err }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("reading an empty FIFO succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the read of a FIFO did not end with its context")
	}
}
