package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
)

// backupExt is the suffix of the copy assess.Save keeps of the previous file.
const backupExt = ".bak"

// fileProblem says in words what went wrong with a file: "does not exist"
// rather than Go's "open x: no such file or directory".
func fileProblem(path string, err error) string {
	var le *assess.LoadError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path + " does not exist"
	case errors.Is(err, fs.ErrPermission):
		return path + " cannot be opened: permission denied"
	case errors.Is(err, assess.ErrNewerSchema):
		return path + " was written by a newer version of se06; update se06 to open it"
	case errors.As(err, &le):
		if len(le.Problems) > 0 {
			p := le.Problems[0].String()
			if n := len(le.Problems) - 1; n > 0 {
				p += fmt.Sprintf(" (and %d more %s)", n, plural(n, "problem", "problems"))
			}
			return path + " is damaged: " + p
		}
	}
	return err.Error()
}

// answerCount counts the recorded answers of an assessment (of any state).
// It only compares two versions of a file, so nothing is overwritten by a
// version with less work in it; screens show session.progress.
func answerCount(asm *assess.Assessment) int {
	n := 0
	for _, a := range asm.Answers {
		if a.State != "" {
			n++
		}
	}
	return n
}

// overwriteProblem reports why writing an assessment with n answers to path
// would lose work: the file there cannot be read, or holds more answers. It
// returns "" when path does not exist or holds no more than n.
func overwriteProblem(path string, b *assess.Bank, n int) string {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	asm, _, err := assess.LoadAssessment(path, b)
	if err != nil {
		return fmt.Sprintf("%s already exists and cannot be read; it was left as it is", path)
	}
	if have := answerCount(asm); have > n {
		return fmt.Sprintf("%s already holds %d %s; it was left as it is", path, have, plural(have, "answer", "answers"))
	}
	return ""
}

// backupInfo describes the backup beside a file that cannot be read.
type backupInfo struct {
	path   string // the .bak
	target string // the file it restores
	done   int
	total  int
	saved  time.Time
	title  string
}

// findBackup looks for a readable backup of path (path itself may be the
// backup). It returns nil when there is none.
func findBackup(path string, b *assess.Bank, now func() time.Time) *backupInfo {
	bak, target := path+backupExt, path
	if strings.HasSuffix(path, backupExt) {
		bak, target = path, strings.TrimSuffix(path, backupExt)
	}
	asm, _, err := assess.LoadAssessment(bak, b)
	if err != nil {
		return nil
	}
	info := &backupInfo{path: bak, target: target, title: asm.Metadata.Title, saved: asm.Metadata.Updated}
	if fi, err := os.Stat(bak); err == nil && info.saved.IsZero() {
		info.saved = fi.ModTime()
	}
	if s, err := newSession(b, asm, target, now); err == nil {
		info.done, info.total = s.progress()
	}
	return info
}

// restoreBackup puts a backup back under its original name. The file it
// replaces is kept beside it (NAME.damaged when it cannot be read, else
// NAME.replaced), so a restore never destroys anything.
func restoreBackup(info *backupInfo, b *assess.Bank) error {
	data, err := os.ReadFile(info.path)
	if err != nil {
		return fmt.Errorf("read the backup %s: %w", info.path, err)
	}
	if _, err := os.Stat(info.target); err == nil {
		suffix := ".replaced"
		if _, _, lerr := assess.LoadAssessment(info.target, b); lerr != nil {
			suffix = ".damaged"
		}
		if err := os.Rename(info.target, freeName(info.target+suffix)); err != nil {
			return fmt.Errorf("keep %s aside before restoring: %w", info.target, err)
		}
	}
	if err := assess.WriteFileAtomic(info.target, data, false); err != nil {
		return fmt.Errorf("restore %s: %w", info.target, err)
	}
	return nil
}

// freeName returns path, or path-2, path-3… : the first name not taken.
func freeName(path string) string {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return path
	}
	for i := 2; ; i++ {
		p := fmt.Sprintf("%s-%d", path, i)
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
	}
}

// demoPlan is what demo mode will do in a folder: resume the unfinished demo,
// or start a new one under a name that is free.
type demoPlan struct {
	path   string
	resume bool
	done   int
	total  int
}

// planDemo resumes the latest unfinished demo file, or picks the first free
// name (se06-demo.se06.json, se06-demo-2.se06.json, …). A finished demo, a
// file that cannot be read, and any file at all, are never replaced.
func planDemo(dir string, b *assess.Bank, now func() time.Time) demoPlan {
	base := strings.TrimSuffix(demoFile, assessmentExt)
	var last *assess.Assessment
	var lastPath string
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		path := filepath.Join(dir, name+assessmentExt)
		if !fileExists(path) {
			if last == nil {
				return demoPlan{path: path}
			}
			p := demoPlan{path: lastPath, resume: true}
			if s, err := newSession(b, last, lastPath, now); err == nil {
				p.done, p.total = s.progress()
			}
			return p
		}
		asm, _, err := assess.LoadAssessment(path, b)
		if err != nil || asm.Progress.Finished {
			last = nil
			continue
		}
		last, lastPath = asm, path
	}
}

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
