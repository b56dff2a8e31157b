package assess

import (
	"slices"
	"testing"
)

// The sentence helpers of checks_text.go and plural.go.
func TestTextHelpers(t *testing.T) {
	for id, want := range map[string]string{"/x": "x", "a/b/": "b", "a/b//": "b", "": "-", "noslash": "noslash", "/": "-"} {
		if got := lastSegment(id); got != want {
			t.Errorf("lastSegment(%q) = %q, want %q", id, got, want)
		}
	}
	ss := subjects(SubjectVault, "a", "b", "c")
	ss[1].Detail = "why"
	for _, c := range []struct {
		max  int
		want string
	}{{3, "a, b (why), c"}, {4, "a, b (why), c"}, {2, "a, b (why) and 1 more"}, {1, "a and 2 more"}} {
		if got := describeSubjects(ss, c.max); got != c.want {
			t.Errorf("describeSubjects(max %d) = %q, want %q", c.max, got, c.want)
		}
	}
	if got := subjectDetails(ss); !slices.Equal(got, []string{"", "why", ""}) {
		t.Errorf("subjectDetails = %q", got)
	}
	names := []string{"a", "b", "c"}
	for _, c := range []struct {
		max  int
		want string
	}{{3, "a, b, c"}, {4, "a, b, c"}, {2, "a, b and 1 more"}} {
		if got := listNames(names, c.max); got != c.want {
			t.Errorf("listNames(max %d) = %q", c.max, got)
		}
	}
	if got := concat("a", "b", "c", "", "d"); got != "abcd" {
		t.Errorf("concat = %q", got)
	}
	if got := orReason(Provenance{Status: StatusNotPermitted, Reason: "needs Reader"}, "x"); got != "not permitted: needs Reader" {
		t.Errorf("orReason with reason: %q", got)
	}
	if got := orReason(Provenance{Status: StatusNotFound}, "needs Reader"); got != "not found: needs Reader" {
		t.Errorf("orReason fallback: %q", got)
	}
	if firstNonEmpty("", "", "c", "d") != "c" || firstNonEmpty("", "") != "" || firstNonEmpty("a", "b") != "a" {
		t.Error("firstNonEmpty")
	}
	if orDash("") != "-" || orDash("x") != "x" {
		t.Error("orDash")
	}
	for _, c := range []struct {
		n         int
		nof, all  string
		verbOf    string
		pluralOut string
	}{
		{0, "0 keys", "All 0 keys", "have", "keys"},
		{1, "1 key", "The key", "has", "key"},
		{2, "2 keys", "All 2 keys", "have", "keys"},
	} {
		if got := nOf(c.n, "key", "keys"); got != c.nof {
			t.Errorf("nOf(%d) = %q", c.n, got)
		}
		if got := allOf(c.n, "key", "keys"); got != c.all {
			t.Errorf("allOf(%d) = %q", c.n, got)
		}
		if got := verb(c.n, "has", "have"); got != c.verbOf {
			t.Errorf("verb(%d) = %q", c.n, got)
		}
		if got := plural(c.n, "key", "keys"); got != c.pluralOut {
			t.Errorf("plural(%d) = %q", c.n, got)
		}
	}
}
