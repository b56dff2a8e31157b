package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const schemataSrc = `package p

func f(a int, err error) (bool, error) {
	if a == 1 {
		return true, err
	}
	return false, nil
}
`

// The switched text is written out by hand: the if condition is one site
// with its four mutants (negated, flipped, constant up, constant down), the
// return its own site; the original comes last in each.
func TestSchemataText(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "p"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "p", "p.go"), []byte(schemataSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	muts, err := findMutants(root, "p", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(muts) != 5 {
		t.Fatalf("%d mutants, want 5: negate, !=, 1->2, 1->0, drop err", len(muts))
	}
	files, err := schemataFiles(root, muts, []int{0, 1, 2, 3, 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := string(files["p/p.go"])
	cond := strings.Index(schemataSrc, "a == 1")
	ret := strings.Index(schemataSrc, "return true")
	v := switchVar
	want := strings.Replace(schemataSrc, "a == 1", fmt.Sprintf("/*site:%d{*/(func() bool { switch %s {"+
		" case 0: return /*mut:0{*/!(a == 1)/*}mut*/;"+
		" case 1: return /*mut:1{*/a != 1/*}mut*/;"+
		" case 2: return /*mut:2{*/a == 2/*}mut*/;"+
		" case 3: return /*mut:3{*/a == 0/*}mut*/;"+
		" }; return a == 1 }())/*}site*/", cond, v), 1)
	want = strings.Replace(want, "return true, err", fmt.Sprintf("/*site:%d{*/if %s == 4 { /*mut:4{*/return true, nil/*}mut*/ } else { return true, err }/*}site*/", ret, v), 1)
	if got != want {
		t.Fatalf("switched text:\n%s\nwant:\n%s", got, want)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "p.go", got, 0); err != nil {
		t.Fatalf("switched text does not parse: %v", err)
	}
	// A compile error inside mutant 2's text is blamed on mutant 2; one in
	// the original text of the site on the site.
	line := 4
	lineText := strings.Split(got, "\n")[line-1]
	if n, isMut, ok := blame([]byte(got), line, strings.Index(lineText, "a == 2")+1); !ok || !isMut || n != 2 {
		t.Errorf("blame in mutant 2's text = %d, %v, %v", n, isMut, ok)
	}
	if n, isMut, ok := blame([]byte(got), line, strings.LastIndex(lineText, "a == 1")+1); !ok || isMut || n != cond {
		t.Errorf("blame in the original = %d, %v, %v; want site %d", n, isMut, ok, cond)
	}
	if _, _, ok := blame([]byte(got), 3, 1); ok {
		t.Error("blame outside every site found one")
	}
}

// Nested sites: the inner comparison is switched inside both the && site's
// mutant and its original.
func TestSchemataNested(t *testing.T) {
	src := "package p\n\nfunc g(a, b int) bool {\n\treturn a < 1 && b > 2\n}\n"
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "p"), 0o755)
	if err := os.WriteFile(filepath.Join(root, "p", "p.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	muts, err := findMutants(root, "p", nil)
	if err != nil {
		t.Fatal(err)
	}
	var and, lt int = -1, -1
	for i, m := range muts {
		switch m.desc {
		case "&& -> ||":
			and = i
		case "< -> >=":
			lt = i
		}
	}
	files, err := schemataFiles(root, muts, []int{and, lt}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := string(files["p/p.go"])
	inner := fmt.Sprintf("/*site:%d{*/(func() bool { switch %s { case %d: return /*mut:%d{*/a >= 1/*}mut*/; }; return a < 1 }())/*}site*/", strings.Index(src, "a < 1"), switchVar, lt, lt)
	if c := strings.Count(got, inner); c != 2 {
		t.Fatalf("inner site appears %d times, want 2 (in the && mutant and in the original):\n%s", c, got)
	}
	if !strings.Contains(got, inner+" || b > 2/*}mut*/") || !strings.Contains(got, "return "+inner+" && b > 2 }())") {
		t.Fatalf("outer site:\n%s", got)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "p.go", got, 0); err != nil {
		t.Fatalf("switched text does not parse: %v", err)
	}
}
