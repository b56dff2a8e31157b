// Command mutate is se06's mutation-testing run: it applies one small,
// plausible bug at a time to the non-test files of a package (a flipped or
// shifted comparison, a constant moved by one, a negated condition, a
// dropped error, && swapped for ||), runs that package's tests and reports
// which mutants the tests killed and which survived.
//
// It first runs each test of the package alone, unmutated, with coverage on,
// and then runs against each mutant only the tests that ran its line; a
// mutant on code no test runs is reported as surviving (uncovered) without
// running anything. -select=false runs the whole package for every mutant.
//
// It works on a copy of the module in a temporary folder, never on the tree
// it is started from, restores each file after its mutant, and removes the
// copy on exit, Ctrl+C included. It is run by hand (see CONTRIBUTING.md), not
// in CI:
//
//	go run ./scripts/mutate ./assess ./report
//	go run ./scripts/mutate -files 'score|evaluate' -sample 3 ./assess
//	go run ./scripts/mutate -sample 10 -offset 5 ./report
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// mutant is one textual change to one file: bytes [start, end) become repl.
type mutant struct {
	file       string // path relative to the module root
	line, col  int
	fn         span // the enclosing function; zero outside one
	start, end int
	repl       string
	desc       string
	// The node the fast mode (-schemata) switches: an expression of type
	// bool (a comparison, && or ||, an if condition) or a return
	// statement. negate: the mutant is the whole site negated.
	site   byteRange
	stmt   bool
	negate bool
}

// byteRange is a byte range [start, end) of a file.
type byteRange struct{ start, end int }

// outcome of running a package's tests against one mutant.
type outcome string

const (
	killed    outcome = "KILLED"
	survived  outcome = "SURVIVED"
	timedOut  outcome = "TIMEOUT" // counted as killed: the tests did not pass
	notViable outcome = "NOT-VIABLE"
)

func main() {
	filesRe := flag.String("files", "", "only mutate files whose base name matches this regexp")
	sample := flag.Int("sample", 1, "run every n-th mutant of each package (deterministic)")
	offset := flag.Int("offset", 0, "index of the first mutant of the sample (0 to sample-1 draw disjoint samples)")
	sel := flag.Bool("select", true, "run only the tests that cover the mutant's line (coverage measured once per package)")
	always := flag.String("always", "", "with -select: tests (regexp on top-level names) run for every mutant, e.g. tests that run the package in a built binary, whose coverage is not seen")
	max := flag.Int("max", 0, "at most this many mutants per package (0: all)")
	timeout := flag.Duration("timeout", 3*time.Minute, "limit for one run of a package's tests")
	list := flag.Bool("list", false, "list the mutants without running tests")
	runRe := flag.String("run", "", "run only the top-level tests matching this regexp against every mutant, without measuring coverage (to check that new tests kill known survivors)")
	workers := flag.Int("workers", 1, "mutants run at once, each in its own working copy (2 on an idle 2-core machine)")
	schem := flag.Bool("schemata", false, "fast mode: compile every picked mutant into one test binary, switched at run time, instead of one build per mutant")
	uncov := flag.Bool("uncovered", false, "with -select: measure coverage and list only the mutants no test runs, without running any test (a cheap first list of certain survivors)")
	only := flag.String("mutants", "", "only mutants whose \"file:line:col description\" matches this regexp (before sampling), e.g. to re-run a list of survivors")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./scripts/mutate [flags] ./pkg...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 || *sample < 1 || *offset < 0 || *workers < 1 {
		flag.Usage()
		os.Exit(2)
	}
	var re *regexp.Regexp
	if *filesRe != "" {
		var err error
		if re, err = regexp.Compile(*filesRe); err != nil {
			fmt.Fprintf(os.Stderr, "mutate: -files: %v\n", err)
			os.Exit(2)
		}
	}
	var alwaysRe *regexp.Regexp
	if *always != "" {
		var err error
		if alwaysRe, err = regexp.Compile(*always); err != nil {
			fmt.Fprintf(os.Stderr, "mutate: -always: %v\n", err)
			os.Exit(2)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var onlyRe *regexp.Regexp
	if *only != "" {
		var err error
		if onlyRe, err = regexp.Compile(*only); err != nil {
			fmt.Fprintf(os.Stderr, "mutate: -mutants: %v\n", err)
			os.Exit(2)
		}
	}
	if *runRe != "" {
		if _, err := regexp.Compile(*runRe); err != nil {
			fmt.Fprintf(os.Stderr, "mutate: -run: %v\n", err)
			os.Exit(2)
		}
	}
	o := options{files: re, only: onlyRe, run: *runRe, sample: *sample, offset: *offset, max: *max, timeout: *timeout, list: *list, sel: *sel, always: alwaysRe, uncovered: *uncov, schemata: *schem, workers: *workers}
	if o.uncovered && (!o.sel || o.run != "" || o.list) {
		fmt.Fprintln(os.Stderr, "mutate: -uncovered needs -select and goes with neither -run nor -list")
		os.Exit(2)
	}
	if err := run(ctx, flag.Args(), o); err != nil {
		fmt.Fprintf(os.Stderr, "mutate: %v\n", err)
		os.Exit(1)
	}
}

type options struct {
	files, only    *regexp.Regexp
	sample, offset int
	max            int
	timeout        time.Duration
	list, sel      bool
	always         *regexp.Regexp
	run            string
	uncovered      bool // list the uncovered mutants only
	schemata       bool // fast mode: one switched test binary per package
	workers        int  // mutants run at once
}

// picks is the deterministic sample: every sample-th of n mutants from
// offset on, at most max (0: no limit).
func picks(n, sample, offset, max int) []int {
	var out []int
	for i := offset; i < n && (max == 0 || len(out) < max); i += sample {
		out = append(out, i)
	}
	return out
}

func run(ctx context.Context, pkgs []string, o options) error {
	list, timeout := o.list, o.timeout
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	// The working copies: mutants are never written to the tree the run was
	// started from. -list needs none; each worker has its own.
	var works []string
	if !list {
		for w := 0; w < o.workers; w++ {
			work, err := os.MkdirTemp("", "se06-mutate-")
			if err != nil {
				return fmt.Errorf("making a working copy: %w", err)
			}
			defer os.RemoveAll(work)
			if err := copyTree(root, work); err != nil {
				return fmt.Errorf("copying %s to %s: %w", root, work, err)
			}
			works = append(works, work)
		}
	}
	type tally struct {
		killed, survived, uncovered, timedOut, notViable int
		secs                                             float64
	}
	totals := map[string]*tally{}
	var survivors []string
	for _, pkg := range pkgs {
		if ctx.Err() != nil {
			break
		}
		pkg = filepath.ToSlash(filepath.Clean(pkg))
		muts, err := findMutants(root, pkg, o.files)
		if err != nil {
			return err
		}
		if o.only != nil {
			kept := muts[:0]
			for _, m := range muts {
				if o.only.MatchString(fmt.Sprintf("%s:%d:%d %s", m.file, m.line, m.col, m.desc)) {
					kept = append(kept, m)
				}
			}
			muts = kept
		}
		pickedIdx := picks(len(muts), o.sample, o.offset, o.max)
		t := &tally{}
		totals[pkg] = t
		fmt.Printf("%s: %d mutants, running %d\n", pkg, len(muts), len(pickedIdx))
		if list {
			for _, mi := range pickedIdx {
				m := muts[mi]
				fmt.Printf("  %s:%d:%d %s\n", m.file, m.line, m.col, m.desc)
			}
			continue
		}
		start := time.Now()
		var cov *coverage
		if o.sel && o.run == "" && len(pickedIdx) > 0 {
			if cov, err = measure(ctx, works[0], pkg, timeout); err != nil {
				return err
			}
			fmt.Printf("  coverage of %d tests measured in %.0fs\n", len(cov.tests), time.Since(start).Seconds())
		}
		// The tests each mutant runs; uncovered mutants are counted here.
		type job struct {
			mi   int
			run  []string // nil: every test
			note string
		}
		var jobs []job
		for _, mi := range pickedIdx {
			m := muts[mi]
			j := job{mi: mi}
			if cov != nil {
				s := selectTests(cov.blocks[m.file], m.fn, pos{m.line, m.col}, cov.tests, o.always)
				switch {
				case s.uncovered():
					t.survived++
					t.uncovered++
					desc := fmt.Sprintf("%s:%d:%d %s", m.file, m.line, m.col, m.desc)
					survivors = append(survivors, desc+" (uncovered)")
					fmt.Printf("  %-10s %s (uncovered: no test runs this line)\n", survived, desc)
					continue
				case s.all:
					j.run = cov.tests
					j.note = " (all tests: no coverage block here)"
				default:
					j.run = s.tests
				}
				j.note = fmt.Sprintf(" [%d tests]%s", len(j.run), j.note)
			}
			if o.run != "" {
				j.note = " [-run " + o.run + "]"
			}
			jobs = append(jobs, j)
		}
		if o.uncovered {
			continue
		}
		// One switched binary per working copy.
		scs := make([]*schemata, len(works))
		if o.schemata && len(jobs) > 0 {
			switched := make([]int, len(jobs))
			for k, j := range jobs {
				switched[k] = j.mi
			}
			for w, work := range works {
				b := time.Now()
				// On an error the run ends and its working copies go with it:
				// only between packages do the original files need putting back.
				sc, err := buildSchemata(ctx, root, work, pkg, muts, switched)
				if err != nil {
					return err
				}
				scs[w] = sc
				fmt.Printf("  %d mutants switched in one test binary, built in %.0fs (%d sites run one at a time)\n",
					len(switched), time.Since(b).Seconds(), len(sc.fallback))
			}
		}
		one := func(w int, j job) (outcome, error) {
			m, sc, work := muts[j.mi], scs[w], works[w]
			switch {
			case sc != nil && !sc.fallback[siteKey{m.file, m.site}]:
				return sc.try(ctx, work, pkg, j.mi, timeout, j.run, o.run)
			case sc != nil:
				return sc.textual(ctx, root, work, pkg, m, timeout, j.run, o.run)
			default:
				return try(ctx, work, pkg, m, timeout, j.run, o.run)
			}
		}
		var (
			mu       sync.Mutex
			next     int
			firstErr error
			wg       sync.WaitGroup
		)
		for w := range works {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for {
					mu.Lock()
					if next >= len(jobs) || ctx.Err() != nil || firstErr != nil {
						mu.Unlock()
						return
					}
					j := jobs[next]
					next++
					mu.Unlock()
					res, err := one(w, j)
					mu.Lock()
					switch {
					case ctx.Err() != nil: // interrupted: the summary of what ran is still printed
					case err != nil:
						if firstErr == nil {
							firstErr = err
						}
					default:
						m := muts[j.mi]
						switch res {
						case killed:
							t.killed++
						case survived:
							t.survived++
							survivors = append(survivors, fmt.Sprintf("%s:%d:%d %s", m.file, m.line, m.col, m.desc))
						case timedOut:
							t.timedOut++
						case notViable:
							t.notViable++
						}
						fmt.Printf("  %-10s %s:%d:%d %s%s\n", res, m.file, m.line, m.col, m.desc, j.note)
					}
					mu.Unlock()
				}
			}(w)
		}
		wg.Wait()
		if firstErr != nil {
			return firstErr
		}
		for _, sc := range scs {
			if sc != nil {
				sc.restore()
			}
		}
		t.secs = time.Since(start).Seconds()
	}
	if list {
		return nil
	}
	if ctx.Err() != nil {
		fmt.Println("\ninterrupted: the summary counts the mutants that ran")
	}
	if o.uncovered {
		fmt.Println("\nuncovered (no test runs these lines; covered mutants were not run):")
		for _, n := range slices.Sorted(maps.Keys(totals)) {
			fmt.Printf("  %-16s %d uncovered\n", n, totals[n].uncovered)
		}
		return nil
	}
	fmt.Println("\nsummary (timeouts count as killed; mutants that do not compile are left out)")
	for _, n := range slices.Sorted(maps.Keys(totals)) {
		t := totals[n]
		ran := t.killed + t.timedOut + t.survived
		rate := 0.0
		if ran > 0 {
			rate = 100 * float64(t.killed+t.timedOut) / float64(ran)
		}
		fmt.Printf("  %-16s killed %d, timed out %d, survived %d (%d uncovered), not viable %d: kill rate %.1f%% of %d\n",
			n, t.killed, t.timedOut, t.survived, t.uncovered, t.notViable, rate, ran)
		if all := ran + t.notViable; all > 0 {
			fmt.Printf("  %-16s %.0fs in all, %.1fs per mutant\n", "", t.secs, t.secs/float64(all))
		}
	}
	if len(survivors) > 0 {
		fmt.Println("\nsurvivors:")
		for _, s := range survivors {
			fmt.Println("  " + s)
		}
	}
	return nil
}

// try applies one mutant in the working copy, runs the package's tests and
// puts the file back, whatever happens.
// tests nil runs every test of the package.
// runRe, when set, is the -run pattern instead.
func try(ctx context.Context, work, pkg string, m mutant, timeout time.Duration, tests []string, runRe string) (outcome, error) {
	path := filepath.Join(work, filepath.FromSlash(m.file))
	orig, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", path, err)
	}
	mutated := append(append(append([]byte{}, orig[:m.start]...), m.repl...), orig[m.end:]...)
	if err := os.WriteFile(path, mutated, 0o644); err != nil {
		return "", fmt.Errorf("writing mutant of %s: %w", m.file, err)
	}
	defer func() {
		if err := os.WriteFile(path, orig, 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "mutate: restoring %s in the working copy: %v\n", m.file, err)
		}
	}()
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	args := []string{"test", "-count=1", "-vet=off", "-failfast"}
	if f := runFilter(tests, runRe); f != "" {
		args = append(args, "-run", f)
	}
	cmd := goCmd(tctx, work, append(args, "./"+pkg)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	if err != nil && tctx.Err() == nil && (bytes.Contains(out.Bytes(), []byte("[build failed]")) || bytes.Contains(out.Bytes(), []byte("[setup failed]"))) {
		return notViable, nil
	}
	res, err := outcomeOf(ctx, tctx, err)
	if err != nil {
		return "", fmt.Errorf("running the tests of %s: %w", pkg, err)
	}
	return res, nil
}

// runFilter is the -run pattern of a mutant's run: runRe when set, else
// exactly tests; "" (every test) when tests is nil.
func runFilter(tests []string, runRe string) string {
	switch {
	case runRe != "":
		return runRe
	case tests != nil:
		return runPattern(tests)
	}
	return ""
}

// outcomeOf reads a finished test run: a failure killed the mutant, a pass
// let it survive, the run's own deadline (tctx) is a timeout. An error of
// the whole run (ctx) or one that is no test failure is returned as such.
func outcomeOf(ctx, tctx context.Context, err error) (outcome, error) {
	switch {
	case ctx.Err() != nil:
		return "", ctx.Err()
	case tctx.Err() != nil:
		return timedOut, nil
	case err == nil:
		return survived, nil
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return killed, nil
	}
	return "", err
}

var flips = map[token.Token][]token.Token{
	token.EQL:  {token.NEQ},
	token.NEQ:  {token.EQL},
	token.LSS:  {token.GEQ, token.LEQ},
	token.LEQ:  {token.GTR, token.LSS},
	token.GTR:  {token.LEQ, token.GEQ},
	token.GEQ:  {token.LSS, token.GTR},
	token.LAND: {token.LOR},
	token.LOR:  {token.LAND},
}

// findMutants lists the mutants of the non-test files of one package, in
// file and position order.
func findMutants(root, pkg string, re *regexp.Regexp) ([]mutant, error) {
	dir := filepath.Join(root, filepath.FromSlash(pkg))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading package %s: %w", pkg, err)
	}
	var out []mutant
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || (re != nil && !re.MatchString(name)) {
			continue
		}
		rel := pkg + "/" + name
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parsing %s: %w", rel, err)
		}
		var fn span
		at := func(p token.Pos) pos { q := fset.Position(p); return pos{q.Line, q.Column} }
		var site byteRange
		var stmt, negate bool
		setSite := func(n ast.Node, isStmt, neg bool) {
			site = byteRange{fset.Position(n.Pos()).Offset, fset.Position(n.End()).Offset}
			stmt, negate = isStmt, neg
		}
		add := func(p token.Pos, end token.Pos, repl, desc string) {
			pos := fset.Position(p)
			out = append(out, mutant{file: rel, line: pos.Line, col: pos.Column, fn: fn,
				start: pos.Offset, end: fset.Position(end).Offset, repl: repl, desc: desc,
				site: site, stmt: stmt, negate: negate})
		}
		for _, d := range f.Decls {
			fn = span{}
			if fd, ok := d.(*ast.FuncDecl); ok {
				fn = span{at(fd.Pos()), at(fd.End())}
			}
			ast.Inspect(d, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.GenDecl:
					// Constants and variables at file level are data (tables,
					// messages); mutating them is the bank tests' job.
					return n.Tok != token.CONST && n.Tok != token.VAR && n.Tok != token.IMPORT
				case *ast.BinaryExpr:
					setSite(n, false, false)
					for _, to := range flips[n.Op] {
						add(n.OpPos, n.OpPos+token.Pos(len(n.Op.String())), to.String(), fmt.Sprintf("%s -> %s", n.Op, to))
					}
					if isComparison(n.Op) {
						for _, side := range []ast.Expr{n.X, n.Y} {
							if lit, ok := side.(*ast.BasicLit); ok && lit.Kind == token.INT {
								if v, err := strconv.ParseInt(lit.Value, 0, 64); err == nil {
									add(lit.Pos(), lit.End(), strconv.FormatInt(v+1, 10), fmt.Sprintf("constant %s -> %d", lit.Value, v+1))
									add(lit.Pos(), lit.End(), strconv.FormatInt(v-1, 10), fmt.Sprintf("constant %s -> %d", lit.Value, v-1))
								}
							}
						}
					}
				case *ast.IfStmt:
					setSite(n.Cond, false, true)
					add(n.Cond.Pos(), n.Cond.End(), "!("+src(fset, f, n.Cond)+")", "negate if condition")
				case *ast.ReturnStmt:
					if k := len(n.Results); k > 0 {
						if id, ok := n.Results[k-1].(*ast.Ident); ok && id.Name == "err" {
							setSite(n, true, false)
							add(id.Pos(), id.End(), "nil", "drop returned error")
						}
					}
				}
				return true
			})
		}
	}
	return out, nil
}

func isComparison(op token.Token) bool {
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return true
	}
	return false
}

// src is the source text of a node, read back from the file being parsed.
func src(fset *token.FileSet, f *ast.File, n ast.Node) string {
	data, err := os.ReadFile(fset.Position(f.Pos()).Filename)
	if err != nil {
		return "false"
	}
	return string(data[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset])
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("finding the module root: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside a Go module")
	}
	return filepath.Dir(mod), nil
}

// copyTree copies the module (without .git and build outputs) to dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if rel == ".git" || rel == "dist" || rel == "out" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		info, err := in.Stat()
		if err != nil {
			return err
		}
		out, err := os.OpenFile(filepath.Join(dst, rel), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode().Perm())
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}
