package main

// The fast mode (-schemata): every picked mutant of a package is compiled
// into one test binary ("mutant schemata"), each behind a switch on the
// mutant's number, which the binary reads from a file at start-up. Each
// mutant then costs one run of its selected tests instead of a compile and
// link of the package's tests. The switched code is the same text the
// one-at-a-time mode writes: a site (a bool expression, or a return
// statement) becomes
//
//	(func() bool { switch mutantID { case 7: return <mutant 7>; ... }; return <original> }())
//	if mutantID == 9 { <mutant 9> } else { <original> }
//
// with nested sites switched inside both. A mutant whose text does not
// compile is not viable, as in the other mode; a site whose switch does not
// compile (a bool expression of a named type, a constant moved out of its
// type's range) falls back to the one-at-a-time mode for its mutants, which
// also tells a mutant that does not compile (not viable) apart.

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// switchVar is the name of the variable holding the running mutant's number
// in a mutated package; unlikely to clash with a name of the package.
const switchVar = "se06MutateActiveMutant"

// site is one switched place in a file: its byte range, the mutants it
// switches (indexes into the package's mutant list) and the sites nested in
// it.
type site struct {
	byteRange
	stmt     bool
	mutants  []int
	children []*site
}

// schemataFiles builds the switched text of each file holding one of the
// picked mutants (indexes into muts), leaving out the sites in fallback
// (keyed by file and range). It returns the new text per file
// (module-relative path).
func schemataFiles(root string, muts []mutant, picked []int, fallback map[siteKey]bool) (map[string][]byte, error) {
	byFile := map[string]map[byteRange]*site{}
	for _, i := range picked {
		m := muts[i]
		if fallback[siteKey{m.file, m.site}] {
			continue
		}
		if byFile[m.file] == nil {
			byFile[m.file] = map[byteRange]*site{}
		}
		s := byFile[m.file][m.site]
		if s == nil {
			s = &site{byteRange: m.site, stmt: m.stmt}
			byFile[m.file][m.site] = s
		}
		s.mutants = append(s.mutants, i)
	}
	out := map[string][]byte{}
	for file, sites := range byFile {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", file, err)
		}
		list := make([]*site, 0, len(sites))
		for _, s := range sites {
			list = append(list, s)
		}
		top := nest(list)
		var b strings.Builder
		r := renderer{src: src, muts: muts}
		r.span(&b, byteRange{0, len(src)}, top, nil)
		out[file] = []byte(b.String())
	}
	return out, nil
}

type siteKey struct {
	file string
	span byteRange
}

// nest arranges sites into a forest by containment, ordered by position.
// Sites of one file never overlap partly: they are AST nodes.
func nest(list []*site) []*site {
	sort.Slice(list, func(i, j int) bool {
		if list[i].start != list[j].start {
			return list[i].start < list[j].start
		}
		return list[i].end > list[j].end
	})
	var top, stack []*site
	for _, s := range list {
		for len(stack) > 0 && stack[len(stack)-1].end <= s.start {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			top = append(top, s)
		} else {
			p := stack[len(stack)-1]
			p.children = append(p.children, s)
		}
		stack = append(stack, s)
	}
	return top
}

type renderer struct {
	src  []byte
	muts []mutant
}

// span writes the text of sp with the sites in kids switched and, when m is
// set, m's bytes replaced by its text (m lies in sp outside every kid).
func (r renderer) span(b *strings.Builder, sp byteRange, kids []*site, m *mutant) {
	at := sp.start
	for _, k := range kids {
		if m != nil && m.end <= k.start {
			b.Write(r.src[at:m.start])
			b.WriteString(m.repl)
			at, m = m.end, nil
		}
		b.Write(r.src[at:k.start])
		r.site(b, k)
		at = k.end
	}
	if m != nil {
		b.Write(r.src[at:m.start])
		b.WriteString(m.repl)
		at = m.end
	}
	b.Write(r.src[at:sp.end])
}

// site writes one switched site: its mutants, each in markers that name it
// (to map a compile error back to the mutant), then the original.
func (r renderer) site(b *strings.Builder, s *site) {
	var orig strings.Builder
	r.span(&orig, s.byteRange, s.children, nil)
	variant := func(i int) string {
		var v strings.Builder
		fmt.Fprintf(&v, "/*mut:%d{*/", i)
		m := r.muts[i]
		if m.negate {
			v.WriteString("!(" + orig.String() + ")")
		} else {
			r.span(&v, s.byteRange, s.children, &m)
		}
		v.WriteString("/*}mut*/")
		return v.String()
	}
	fmt.Fprintf(b, "/*site:%d{*/", s.start)
	if s.stmt {
		for _, i := range s.mutants {
			fmt.Fprintf(b, "if %s == %d { %s } else ", switchVar, i, variant(i))
		}
		b.WriteString("{ " + orig.String() + " }")
	} else {
		fmt.Fprintf(b, "(func() bool { switch %s {", switchVar)
		for _, i := range s.mutants {
			fmt.Fprintf(b, " case %d: return %s;", i, variant(i))
		}
		b.WriteString(" }; return " + orig.String() + " }())")
	}
	b.WriteString("/*}site*/")
}

// switchFile is the file added to the mutated package: the running
// mutant's number, read once from the file the run writes before each
// mutant (a file, not an environment variable, so that processes a test
// starts with an environment of its own still see it).
func switchFile(pkgName, idFile string) []byte {
	return []byte(fmt.Sprintf(`package %s

import (
	"os"
	"strconv"
	"strings"
)

var %s = func() int {
	b, err := os.ReadFile(%q)
	if err != nil {
		return -1
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return -1
	}
	return n
}()
`, pkgName, switchVar, idFile))
}

var (
	compileErr = regexp.MustCompile(`(?m)^(?:\./)?([^\s:]+\.go):(\d+):(\d+): `)
	// marker opens or closes a mutant's or a site's text in switched code.
	marker = regexp.MustCompile(`/\*(mut|site):(\d+)\{\*/|/\*\}(mut|site)\*/`)
)

// blame finds, in the switched text, the innermost mutant or site around
// line:col: a mutant's number (mutant true), or a site's start offset.
func blame(text []byte, line, col int) (n int, mutant bool, ok bool) {
	off, l := 0, 1
	for off < len(text) && l < line {
		if text[off] == '\n' {
			l++
		}
		off++
	}
	off += col - 1
	if off > len(text) {
		off = len(text)
	}
	type open struct {
		n      int
		mutant bool
	}
	var stack []open
	for _, loc := range marker.FindAllSubmatchIndex(text[:off], -1) {
		if loc[2] >= 0 {
			v, _ := strconv.Atoi(string(text[loc[4]:loc[5]]))
			stack = append(stack, open{v, string(text[loc[2]:loc[3]]) == "mut"})
		} else if len(stack) > 0 {
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) == 0 {
		return 0, false, false
	}
	top := stack[len(stack)-1]
	return top.n, top.mutant, true
}

// schemata is a package's switched test binary.
type schemata struct {
	bin      string
	idFile   string
	fallback map[siteKey]bool  // sites run one mutant at a time
	files    map[string][]byte // the switched text per file
	restore  func()            // the original files back in the working copy
}

// buildSchemata writes the switched files of pkg into the working copy and
// builds its test binary, sending the sites the compiler rejects to the
// one-at-a-time mode until it builds. sc.restore puts the original files
// back.
func buildSchemata(ctx context.Context, root, work, pkg string, muts []mutant, picked []int) (*schemata, error) {
	sc := &schemata{
		bin:      filepath.Join(work, ".mutate-schemata.test"),
		idFile:   filepath.Join(work, ".mutate-active-mutant"),
		fallback: map[siteKey]bool{},
	}
	written := map[string]bool{}
	switchPath := filepath.Join(work, filepath.FromSlash(pkg), "zz_mutate_switch.go")
	sc.restore = func() {
		for f := range written {
			if err := restoreFile(root, work, f); err != nil {
				fmt.Fprintf(os.Stderr, "mutate: %v\n", err)
			}
		}
		os.Remove(switchPath)
		os.Remove(sc.bin)
		os.Remove(sc.idFile)
	}
	if len(picked) == 0 {
		return sc, nil
	}
	name, err := packageName(root, muts[picked[0]].file)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(switchPath, switchFile(name, sc.idFile), 0o644); err != nil {
		return nil, fmt.Errorf("writing the mutant switch of %s: %w", pkg, err)
	}
	for round := 0; ; round++ {
		files, err := schemataFiles(root, muts, picked, sc.fallback)
		if err != nil {
			return nil, err
		}
		for f := range written {
			if _, ok := files[f]; !ok { // every site of f dropped: the original again
				if err := restoreFile(root, work, f); err != nil {
					return nil, err
				}
			}
		}
		for f, text := range files {
			if err := os.WriteFile(filepath.Join(work, filepath.FromSlash(f)), text, 0o644); err != nil {
				return nil, fmt.Errorf("writing the switched %s: %w", f, err)
			}
			written[f] = true
		}
		out, err := goCmd(ctx, work, "test", "-c", "-vet=off", "-o", sc.bin, "./"+pkg).CombinedOutput()
		if err == nil {
			sc.files = files
			return sc, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		blamed := 0
		for _, e := range compileErr.FindAllSubmatch(out, -1) {
			file := pkg + "/" + filepath.Base(string(e[1]))
			text, ok := files[file]
			if !ok {
				continue
			}
			line, _ := strconv.Atoi(string(e[2]))
			col, _ := strconv.Atoi(string(e[3]))
			n, isMutant, ok := blame(text, line, col)
			if !ok {
				continue
			}
			// A mutant's own text may not compile (not viable), or only its
			// switch (a named bool type): the one-at-a-time mode tells them
			// apart. Either way its site goes there.
			start := n
			if isMutant {
				start = muts[n].site.start
			}
			for _, i := range picked {
				if k := (siteKey{file, muts[i].site}); muts[i].file == file && muts[i].site.start == start && !sc.fallback[k] {
					sc.fallback[k] = true
					blamed++
				}
			}
		}
		if blamed == 0 || round > 50 {
			return nil, fmt.Errorf("building the switched tests of %s (no mutant to blame): %w\n%s", pkg, err, out)
		}
	}
}

// restoreFile puts file (module-relative) back in the working copy as it is
// in the tree the run started from.
func restoreFile(root, work, file string) error {
	orig, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err == nil {
		err = os.WriteFile(filepath.Join(work, filepath.FromSlash(file)), orig, 0o644)
	}
	if err != nil {
		return fmt.Errorf("restoring %s in the working copy: %w", file, err)
	}
	return nil
}

// packageName reads the package clause of file (module-relative).
func packageName(root, file string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(root, filepath.FromSlash(file)), nil, parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("reading the package of %s: %w", file, err)
	}
	return f.Name.Name, nil
}

// try runs the selected tests (nil: all) of the switched binary with
// mutant i switched on; runRe, when set, is the -run pattern instead.
func (sc *schemata) try(ctx context.Context, work, pkg string, i int, timeout time.Duration, tests []string, runRe string) (outcome, error) {
	if err := os.WriteFile(sc.idFile, []byte(strconv.Itoa(i)), 0o644); err != nil {
		return "", fmt.Errorf("switching on mutant %d: %w", i, err)
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	args := []string{"-test.count=1", "-test.failfast"}
	if f := runFilter(tests, runRe); f != "" {
		args = append(args, "-test.run", f)
	}
	cmd := exec.CommandContext(tctx, sc.bin, args...)
	cmd.Dir = filepath.Join(work, filepath.FromSlash(pkg))
	killGroup(cmd)
	res, err := outcomeOf(ctx, tctx, cmd.Run()) // output unread: pass or fail is all
	if err != nil {
		return "", fmt.Errorf("running the switched tests of %s: %w", pkg, err)
	}
	return res, nil
}

// textual runs a mutant of a site that could not be switched the slow way:
// every switch off, its file back to the original with the mutant written
// in, then the switched text again.
func (sc *schemata) textual(ctx context.Context, root, work, pkg string, m mutant, timeout time.Duration, tests []string, runRe string) (outcome, error) {
	if err := os.WriteFile(sc.idFile, []byte("-1"), 0o644); err != nil {
		return "", fmt.Errorf("switching mutants off: %w", err)
	}
	if err := restoreFile(root, work, m.file); err != nil {
		return "", err
	}
	res, err := try(ctx, work, pkg, m, timeout, tests, runRe)
	path := filepath.Join(work, filepath.FromSlash(m.file))
	if text, ok := sc.files[m.file]; ok {
		if werr := os.WriteFile(path, text, 0o644); werr != nil && err == nil {
			err = fmt.Errorf("writing the switched %s back: %w", m.file, werr)
		}
	}
	return res, err
}
