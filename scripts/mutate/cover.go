package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// pos is a position in a file, line and column from 1.
type pos struct{ line, col int }

func (p pos) before(q pos) bool { return p.line < q.line || (p.line == q.line && p.col < q.col) }

// span is a stretch of source, both ends included.
type span struct{ from, to pos }

func (s span) holds(p pos) bool { return !p.before(s.from) && !s.to.before(p) }

// block is one coverage block of a file and the tests that ran it.
type block struct {
	span
	tests []string
}

// coverage is what each test of a package ran: blocks per file (module
// relative path), the tests that fail without any mutant (left out of every
// selection) and the names of all tests.
type coverage struct {
	blocks  map[string][]block
	tests   []string
	failing []string
}

// selection says which tests to run against a mutant.
type selection struct {
	tests []string // the tests to run, sorted; empty with all set
	all   bool     // the coverage says nothing of the mutant's place: run every test
}

// uncovered is a selection of no test: no test runs the mutant's code.
func (s selection) uncovered() bool { return !s.all && len(s.tests) == 0 }

// selectTests picks the tests that can notice a mutant at p in a function
// spanning fn (zero span: not in a function). A mutant inside coverage
// blocks gets the tests that ran any of them. Go's coverage leaves some code
// outside every block (a switch's case expressions, code after a function
// literal in the same statement); there the tests that ran any block of the
// enclosing function are picked, and outside a function every test runs.
// Tests matching always (may be nil) are added to every selection: tests
// that run the package's code in another process (a built binary) leave no
// coverage behind.
func selectTests(blocks []block, fn span, p pos, all []string, always *regexp.Regexp) selection {
	picked := map[string]bool{}
	in := false
	for _, b := range blocks {
		if b.holds(p) {
			in = true
			for _, t := range b.tests {
				picked[t] = true
			}
		}
	}
	if !in {
		if fn == (span{}) {
			return selection{all: true}
		}
		for _, b := range blocks {
			if fn.holds(b.from) {
				for _, t := range b.tests {
					picked[t] = true
				}
			}
		}
	}
	if always != nil {
		for _, t := range all {
			if always.MatchString(t) {
				picked[t] = true
			}
		}
	}
	s := selection{tests: make([]string, 0, len(picked))}
	for t := range picked {
		s.tests = append(s.tests, t)
	}
	sort.Strings(s.tests)
	return s
}

// runPattern is the -run pattern for exactly these top-level tests.
func runPattern(tests []string) string {
	q := make([]string, len(tests))
	for i, t := range tests {
		q[i] = regexp.QuoteMeta(t)
	}
	return "^(" + strings.Join(q, "|") + ")$"
}

// parseProfile reads a coverage profile, adding test to the blocks it ran
// (count above zero) and every block it lists to blocks, keyed by the file's
// path relative to the module (import path prefix modPath stripped).
func parseProfile(r io.Reader, modPath, test string, blocks map[string][]block) error {
	sc := bufio.NewScanner(r)
	seen := map[string]map[span]int{} // file -> span -> index in blocks[file]
	for f, bs := range blocks {
		seen[f] = make(map[span]int, len(bs))
		for i, b := range bs {
			seen[f][b.span] = i
		}
	}
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "mode:") || line == "" {
			continue
		}
		// name.go:L.C,L.C stmts count
		colon := strings.LastIndex(line, ":")
		fields := strings.Fields(line[colon+1:])
		if colon < 0 || len(fields) != 3 {
			return fmt.Errorf("coverage profile line %q: want file:L.C,L.C n count", line)
		}
		file := strings.TrimPrefix(strings.TrimPrefix(line[:colon], modPath), "/")
		var s span
		if _, err := fmt.Sscanf(fields[0], "%d.%d,%d.%d", &s.from.line, &s.from.col, &s.to.line, &s.to.col); err != nil {
			return fmt.Errorf("coverage profile line %q: %w", line, err)
		}
		count, err := strconv.Atoi(fields[2])
		if err != nil {
			return fmt.Errorf("coverage profile line %q: %w", line, err)
		}
		if seen[file] == nil {
			seen[file] = map[span]int{}
		}
		i, ok := seen[file][s]
		if !ok {
			i = len(blocks[file])
			seen[file][s] = i
			blocks[file] = append(blocks[file], block{span: s})
		}
		if count > 0 {
			b := &blocks[file][i]
			if n := len(b.tests); n == 0 || b.tests[n-1] != test {
				b.tests = append(b.tests, test)
			}
		}
	}
	return sc.Err()
}

// measure lists the tests of pkg in the working copy and runs each alone
// once, unmutated, with coverage on: one test binary, one process per test.
func measure(ctx context.Context, work, pkg string, timeout time.Duration) (*coverage, error) {
	out, err := goCmd(ctx, work, "list", "-m").Output()
	if err != nil {
		return nil, fmt.Errorf("reading the module path: %w", err)
	}
	modPath := strings.TrimSpace(string(out))
	list, err := goCmd(ctx, work, "test", "-list", ".", "./"+pkg).Output()
	if err != nil {
		return nil, fmt.Errorf("listing the tests of %s: %w", pkg, err)
	}
	cov := &coverage{blocks: map[string][]block{}}
	for _, l := range strings.Split(string(list), "\n") {
		for _, prefix := range []string{"Test", "Example", "Fuzz"} {
			if strings.HasPrefix(l, prefix) && !strings.ContainsAny(l, " \t") {
				cov.tests = append(cov.tests, l)
			}
		}
	}
	bin := filepath.Join(work, ".mutate-cover.test")
	defer os.Remove(bin)
	if b, err := goCmd(ctx, work, "test", "-c", "-vet=off", "-cover", "-covermode=set", "-o", bin, "./"+pkg).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the tests of %s with coverage: %w\n%s", pkg, err, b)
	}
	prof := filepath.Join(work, ".mutate-cover.out")
	defer os.Remove(prof)
	for i, t := range cov.tests {
		start := time.Now()
		tctx, cancel := context.WithTimeout(ctx, timeout)
		cmd := exec.CommandContext(tctx, bin, "-test.run", runPattern([]string{t}), "-test.count=1", "-test.coverprofile="+prof)
		cmd.Dir = filepath.Join(work, filepath.FromSlash(pkg))
		killGroup(cmd)
		var b bytes.Buffer
		cmd.Stdout, cmd.Stderr = &b, &b
		os.Remove(prof)
		err := cmd.Run()
		cancel()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		status := "ok"
		if err != nil {
			status = "FAILS unmutated: left out"
			cov.failing = append(cov.failing, t)
		}
		fmt.Printf("  coverage %d/%d %s %.1fs %s\n", i+1, len(cov.tests), t, time.Since(start).Seconds(), status)
		f, err := os.Open(prof)
		if err != nil {
			continue // a failing test may leave no profile
		}
		err = parseProfile(f, modPath, t, cov.blocks)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	if len(cov.failing) > 0 {
		drop := map[string]bool{}
		for _, t := range cov.failing {
			drop[t] = true
		}
		for f, bs := range cov.blocks {
			for i := range bs {
				kept := bs[i].tests[:0]
				for _, t := range bs[i].tests {
					if !drop[t] {
						kept = append(kept, t)
					}
				}
				cov.blocks[f][i].tests = kept
			}
		}
		kept := cov.tests[:0]
		for _, t := range cov.tests {
			if !drop[t] {
				kept = append(kept, t)
			}
		}
		cov.tests = kept
	}
	return cov, nil
}

func goCmd(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	killGroup(cmd)
	return cmd
}

// killGroup makes cancelling cmd kill its whole process group (go test
// starts the test binary as a child).
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
