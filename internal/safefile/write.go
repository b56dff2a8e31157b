package safefile

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// staleAge is how old a temporary file of a live (or unknown) process must
// be before a later write of the same output removes it. A write takes
// milliseconds: an hour-old temporary file belongs to nothing.
const staleAge = time.Hour

// WriteOptions tune Write.
type WriteOptions struct {
	// Backup keeps the previous content of the file as TARGET.bak.
	Backup bool
}

// Write writes data to path atomically: a temporary file beside the target,
// fsync, then a rename over it, so a reader or a crash sees the old file or
// the new one, never a mix. A symlink is written through to its target and
// kept; a device, FIFO, socket or folder at the path is refused. A failure
// leaves the existing file byte for byte as it was. After a successful write,
// temporary files a killed earlier run left for the same output are removed.
func Write(ctx context.Context, path string, data []byte, opt WriteOptions) error {
	return WriteStream(ctx, path, bytesWriter(data), opt)
}

// WriteStream is Write for content that write produces as it goes: it is
// streamed through a buffer into the temporary file, so a large document
// is never held in memory whole. An error from write (or a cancelled ctx
// when it returns) leaves the existing file byte for byte as it was.
// Standard output's names are refused: a caller that offers "-" writes
// there itself, and written as a file, /dev/stdout would replace whatever
// it points to (a device, for root).
func WriteStream(ctx context.Context, path string, write func(io.Writer) error, opt WriteOptions) error {
	if IsStdout(path) {
		return fmt.Errorf("save %s: that is standard output, not a file", path)
	}
	if err := CheckOutput(path); err != nil {
		return err
	}
	target, err := Target(path)
	if err != nil {
		return err
	}
	var perm os.FileMode = 0o600
	existing, err := os.Stat(target)
	switch {
	case err == nil:
		perm = existing.Mode().Perm()
	case !os.IsNotExist(err):
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	if opt.Backup && existing != nil {
		old, err := os.ReadFile(target)
		if err != nil {
			return fmt.Errorf("save %s: keep backup: %w", path, err)
		}
		if err := replace(ctx, target+".bak", bytesWriter(old), perm); err != nil {
			return fmt.Errorf("save %s: keep backup: %w", path, err)
		}
	}
	if err := replace(ctx, target, write, perm); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	removeStale(target)
	if opt.Backup {
		removeStale(target + ".bak")
	}
	return nil
}

// tempPrefix is the start of every temporary file of target; the process ID
// follows, so a later run can tell a dead writer's leftovers from a live one.
func tempPrefix(target string) string { return "." + filepath.Base(target) + "." }

// bytesWriter writes data as it is.
func bytesWriter(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// replace writes what write produces to a new temporary file beside target
// and renames it over target.
func replace(ctx context.Context, target string, write func(io.Writer) error, perm os.FileMode) error {
	dir := filepath.Dir(target)
	tmp, err := os.CreateTemp(dir, tempPrefix(target)+strconv.Itoa(os.Getpid())+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	fail := func(err error) error {
		tmp.Close()
		_ = os.Remove(name)
		return err
	}
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		return fail(fmt.Errorf("write: %w", err))
	}
	if err := bw.Flush(); err != nil {
		return fail(fmt.Errorf("write: %w", err))
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fail(fmt.Errorf("set permissions: %w", err))
	}
	if err := tmp.Sync(); err != nil {
		return fail(fmt.Errorf("sync: %w", err))
	}
	if err := tmp.Close(); err != nil {
		_ = os.Remove(name)
		return fmt.Errorf("close: %w", err)
	}
	if err := os.Rename(name, target); err != nil {
		_ = os.Remove(name)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// removeStale removes temporary files of target left by a writer that is
// gone: one whose process no longer runs, or any older than staleAge. Files
// of a writer still at work are left alone.
func removeStale(target string) {
	dir := filepath.Dir(target)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := tempPrefix(target)
	for _, e := range entries {
		name := e.Name()
		middle, ok := strings.CutPrefix(name, prefix)
		if !ok || !strings.HasSuffix(middle, ".tmp") || !e.Type().IsRegular() {
			continue
		}
		middle = strings.TrimSuffix(middle, ".tmp")
		if !stale(middle, e) {
			continue
		}
		_ = os.Remove(filepath.Join(dir, name))
	}
}

// stale decides for one temporary file; middle is "PID.RANDOM" (this
// version) or "RANDOM" (earlier versions, digits only).
func stale(middle string, e os.DirEntry) bool {
	pidText, random, hasPID := strings.Cut(middle, ".")
	if !hasPID {
		random, pidText = middle, ""
	}
	if !allDigits(random) || (hasPID && !allDigits(pidText)) {
		return false // another file's temporary (e.g. NAME.bak's), or not ours
	}
	if hasPID {
		pid, err := strconv.Atoi(pidText)
		if err == nil && pid != os.Getpid() && !processAlive(pid) {
			return true
		}
	}
	info, err := e.Info()
	return err == nil && time.Since(info.ModTime()) > staleAge
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
