package tui

import (
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/ppwaf/se06/assess"
)

// assessmentExt is the suffix of assessment files the wizard writes and lists.
const assessmentExt = ".se06.json"

// recentFile is an assessment found in the working folder.
type recentFile struct {
	path     string
	title    string
	updated  time.Time
	done     int
	total    int
	finished bool
	problem  string
	backup   *backupInfo // a readable backup of a file that cannot be read
}

// recentFiles lists the assessments in dir, newest first, at most n.
func recentFiles(dir string, b *assess.Bank, now time.Time, n int) []recentFile {
	matches, err := filepath.Glob(filepath.Join(dir, "*"+assessmentExt))
	if err != nil {
		return nil
	}
	type stat struct {
		path string
		mod  time.Time
	}
	var files []stat
	for _, p := range matches {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			files = append(files, stat{p, fi.ModTime()})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].mod.After(files[j].mod) })
	if len(files) > n {
		files = files[:n]
	}
	out := make([]recentFile, 0, len(files))
	for _, f := range files {
		rf := recentFile{path: f.path, updated: f.mod}
		asm, _, err := assess.LoadAssessment(f.path, b)
		if err != nil {
			rf.problem = "cannot be read"
			rf.backup = findBackup(f.path, b, func() time.Time { return now })
			out = append(out, rf)
			continue
		}
		rf.title = asm.Metadata.Title
		rf.finished = asm.Progress.Finished
		if !asm.Metadata.Updated.IsZero() {
			rf.updated = asm.Metadata.Updated
		}
		if s, err := newSession(b, asm, f.path, func() time.Time { return now }); err == nil {
			rf.done, rf.total = s.progress()
		}
		out = append(out, rf)
	}
	return out
}
