package safefile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Named is a path given on the command line and the flag (or argument) that
// gave it, e.g. {"--pdf", "report.pdf"}.
type Named struct {
	Flag string
	Path string
}

// CollisionError refuses an output that would overwrite an input or another
// output.
type CollisionError struct {
	Output Named
	Other  Named
	Input  bool // Other is an input
}

func (e *CollisionError) Error() string {
	if e.Input {
		return fmt.Sprintf("%s %s is the same file as %s %s: writing it would destroy the input; choose another output path",
			e.Output.Flag, e.Output.Path, e.Other.Flag, e.Other.Path)
	}
	return fmt.Sprintf("%s %s and %s %s are the same file; give each output its own path",
		e.Other.Flag, e.Other.Path, e.Output.Flag, e.Output.Path)
}

// identity is what makes two paths the same file: the file itself when it
// exists (hard links and symlinks included), otherwise the absolute path it
// would be created at, with the folders' symlinks resolved.
type identity struct {
	info os.FileInfo
	path string
}

func (a identity) same(b identity) bool {
	if a.info != nil && b.info != nil {
		return os.SameFile(a.info, b.info)
	}
	return a.info == nil && b.info == nil && a.path != "" && a.path == b.path
}

func identify(path string) identity {
	target, err := Target(path)
	if err != nil {
		target = path
	}
	if st, err := os.Stat(target); err == nil {
		return identity{info: st}
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return identity{path: filepath.Clean(target)}
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(dir, filepath.Base(abs))
	}
	return identity{path: abs}
}

// CheckCollisions refuses any output that resolves to an input or to another
// output, before anything is written. Empty paths and standard output are
// skipped (a second "-" is the caller's rule to make).
func CheckCollisions(inputs, outputs []Named) error {
	type known struct {
		n  Named
		id identity
	}
	var ins, outs []known
	for _, in := range inputs {
		if in.Path == "" || in.Path == "-" {
			continue
		}
		if id := identify(in.Path); id.info != nil {
			ins = append(ins, known{in, id})
		}
	}
	for _, out := range outputs {
		if out.Path == "" || IsStdout(out.Path) {
			continue
		}
		id := identify(out.Path)
		for _, in := range ins {
			if id.same(in.id) {
				return &CollisionError{Output: out, Other: in.n, Input: true}
			}
		}
		for _, o := range outs {
			if id.same(o.id) {
				return &CollisionError{Output: out, Other: o.n}
			}
		}
		outs = append(outs, known{out, id})
	}
	return nil
}
