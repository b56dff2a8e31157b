// Package safefile owns how se06 touches the files a user names: outputs are
// written atomically and only ever as regular files (a device, a FIFO or a
// socket is refused, a symlink is written through to its target and kept),
// no output may land on an input or on another output, and inputs are read
// with a size cap and can be interrupted. It depends on the standard library
// only, so the domain package can save through it.
package safefile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// IsStdout reports whether path names standard output: "-", or one of the
// device paths that mean the same on Unix.
func IsStdout(path string) bool {
	switch path {
	case "-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1":
		return true
	}
	return false
}

// NotRegularError refuses an output path that is not a regular file.
type NotRegularError struct {
	Path string // as the user gave it
	Kind string // "a character device", "a FIFO (named pipe)", …
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s; se06 writes only regular files (give a file path, or - for standard output)", e.Path, e.Kind)
}

// kindOf names what a non-regular file is, or "" for a regular file.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m&fs.ModeDir != 0:
		return "a folder"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// maxLinks bounds symlink chains (the kernel's limit is 40).
const maxLinks = 40

// Target is the file a write to path lands on: symlinks in the last element
// are followed (a dangling link names the file it will create). Folders on
// the way are left as they are; the temporary file goes beside the target.
func Target(path string) (string, error) {
	p := path
	for range maxLinks {
		st, err := os.Lstat(p)
		if err != nil {
			if os.IsNotExist(err) {
				return p, nil
			}
			return "", fmt.Errorf("inspect %s: %w", path, err)
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		dest, err := os.Readlink(p)
		if err != nil {
			return "", fmt.Errorf("inspect %s: %w", path, err)
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(p), dest)
		}
		p = dest
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// CheckOutput refuses an output path whose target exists and is not a
// regular file. Standard output ("-", /dev/stdout) is always fine.
func CheckOutput(path string) error {
	if IsStdout(path) {
		return nil
	}
	if strings.TrimSpace(path) == "" {
		return fmt.Errorf("an empty output path")
	}
	target, err := Target(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(target)
	if err != nil {
		if os.IsNotExist(err) {
			return checkDir(path, target)
		}
		return fmt.Errorf("inspect %s: %w", path, err)
	}
	if k := kindOf(st.Mode()); k != "" {
		return &NotRegularError{Path: path, Kind: k}
	}
	return nil
}

// checkDir says clearly when the folder of a new output is missing.
func checkDir(path, target string) error {
	dir := filepath.Dir(target)
	st, err := os.Stat(dir)
	switch {
	case os.IsNotExist(err):
		return fmt.Errorf("%s: the folder %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("inspect %s: %w", path, err)
	case !st.IsDir():
		return fmt.Errorf("%s: %s is not a folder", path, dir)
	}
	return nil
}
