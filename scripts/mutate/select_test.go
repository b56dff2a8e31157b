package main

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// A small profile written by hand: func f spans lines 10-30; its entry block
// (lines 10-12) ran under TestA and TestB, the if body (13-15) only under
// TestA, the else body (16-18) under no test; a switch's case expressions
// (line 20) lie outside every block, its case body (21-22) ran under TestB.
// A second function g (lines 40-45) ran under TestC only.
const profile = `mode: set
example.com/m/p/x.go:10.20,12.10 2 0
example.com/m/p/x.go:13.5,15.3 1 0
example.com/m/p/x.go:16.5,18.3 1 0
example.com/m/p/x.go:20.30,20.31 0 0
example.com/m/p/x.go:21.4,22.5 1 0
example.com/m/p/x.go:40.10,45.2 3 0
`

// ran is which test ran which of the profile's lines (by line prefix).
var ran = map[string][]string{
	"TestA": {"10.20", "13.5"},
	"TestB": {"10.20", "21.4"},
	"TestC": {"40.10"},
	"TestD": {},
}

func measured(t *testing.T) map[string][]block {
	t.Helper()
	blocks := map[string][]block{}
	for _, test := range []string{"TestA", "TestB", "TestC", "TestD"} {
		var b strings.Builder
		for _, line := range strings.Split(profile, "\n") {
			for _, start := range ran[test] {
				if strings.HasPrefix(line, "example.com/m/p/x.go:"+start+",") {
					line = strings.TrimSuffix(line, " 0") + " 1"
				}
			}
			b.WriteString(line + "\n")
		}
		if err := parseProfile(strings.NewReader(b.String()), "example.com/m", test, blocks); err != nil {
			t.Fatal(err)
		}
	}
	return blocks
}

func TestSelectTests(t *testing.T) {
	blocks := measured(t)["p/x.go"]
	if len(blocks) != 6 {
		t.Fatalf("parsed %d blocks of p/x.go, want 6: %+v", len(blocks), blocks)
	}
	all := []string{"TestA", "TestB", "TestC", "TestD", "TestE2EBinary"}
	f := span{pos{10, 1}, pos{30, 2}}
	g := span{pos{40, 1}, pos{45, 2}}
	cases := []struct {
		name   string
		fn     span
		at     pos
		always string
		want   []string
		every  bool
	}{
		{"entry block, both tests", f, pos{11, 3}, "", []string{"TestA", "TestB"}, false},
		{"block start is inside", f, pos{10, 20}, "", []string{"TestA", "TestB"}, false},
		{"block end is inside", f, pos{12, 10}, "", []string{"TestA", "TestB"}, false},
		{"if body, one test", f, pos{14, 2}, "", []string{"TestA"}, false},
		{"else body ran by none: uncovered", f, pos{17, 8}, "", []string{}, false},
		{"case expression outside blocks: the function's tests", f, pos{20, 7}, "", []string{"TestA", "TestB"}, false},
		{"case body", f, pos{21, 9}, "", []string{"TestB"}, false},
		{"other function", g, pos{42, 1}, "", []string{"TestC"}, false},
		{"outside blocks and functions: every test", span{}, pos{5, 1}, "", nil, true},
		{"always adds binary tests", f, pos{14, 2}, "Binary", []string{"TestA", "TestE2EBinary"}, false},
		{"always makes uncovered code run", f, pos{17, 8}, "Binary", []string{"TestE2EBinary"}, false},
	}
	for _, c := range cases {
		var re *regexp.Regexp
		if c.always != "" {
			re = regexp.MustCompile(c.always)
		}
		got := selectTests(blocks, c.fn, c.at, all, re)
		if got.all != c.every || (!c.every && !reflect.DeepEqual(got.tests, c.want)) {
			t.Errorf("%s: got %+v, want tests %v (all %v)", c.name, got, c.want, c.every)
		}
		if want := !c.every && len(c.want) == 0; got.uncovered() != want {
			t.Errorf("%s: uncovered() = %v, want %v", c.name, got.uncovered(), want)
		}
	}
}

func TestRunPattern(t *testing.T) {
	re := regexp.MustCompile(runPattern([]string{"TestA", "TestA2", "Example_x"}))
	for name, want := range map[string]bool{"TestA": true, "TestA2": true, "Example_x": true, "TestAB": false, "XTestA": false, "TestA/sub": false} {
		if re.MatchString(name) != want {
			t.Errorf("%s matches %q: %v, want %v", re, name, !want, want)
		}
	}
}

func TestPicks(t *testing.T) {
	cases := []struct {
		n, sample, offset, max int
		want                   []int
	}{
		{5, 1, 0, 0, []int{0, 1, 2, 3, 4}},
		{10, 3, 0, 0, []int{0, 3, 6, 9}},
		{10, 3, 1, 0, []int{1, 4, 7}},
		{10, 3, 2, 2, []int{2, 5}},
		{3, 5, 4, 0, nil},
	}
	for _, c := range cases {
		if got := picks(c.n, c.sample, c.offset, c.max); !reflect.DeepEqual(got, c.want) {
			t.Errorf("picks(%d, %d, %d, %d) = %v, want %v", c.n, c.sample, c.offset, c.max, got, c.want)
		}
	}
}
