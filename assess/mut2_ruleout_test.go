package assess

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// The ruleOut helpers (ruleout.go), each expectation from its doc comment.

func subjects(kind SubjectKind, names ...string) []Subject {
	var out []Subject
	for _, n := range names {
		out = append(out, Subject{Kind: kind, ID: n, Name: n})
	}
	return out
}

func TestCapExclusionsKeepsFive(t *testing.T) {
	ex := []Exclusion{
		{Choice: "a", Subjects: subjects(SubjectEnvironment, "1", "2", "3", "4", "5")},
		{Choice: "b", Subjects: subjects(SubjectEnvironment, "1", "2", "3", "4", "5", "6", "7")},
	}
	got := capExclusions(ex)
	if len(got[0].Subjects) != 5 || got[0].More != 0 {
		t.Errorf("five subjects: %d listed, %d more", len(got[0].Subjects), got[0].More)
	}
	if len(got[1].Subjects) != 5 || got[1].More != 2 || got[1].Subjects[4].ID != "5" {
		t.Errorf("seven subjects: %d listed, %d more", len(got[1].Subjects), got[1].More)
	}
	if len(ex[1].Subjects) != 7 {
		t.Error("capExclusions changed its input")
	}
}

func TestExclusionWords(t *testing.T) {
	ex := []Exclusion{
		{Choice: "none", Label: "None", Signal: "s1", Why: "An environment uses a customer key.", Subjects: subjects(SubjectEnvironment, "e1", "e2", "e3", "e4")},
		{Choice: "none", Label: "None", Signal: "s2", Why: "A policy links one", Subjects: subjects(SubjectPolicy, "p1")},
		{Choice: "not-applicable", Label: "Not applicable", Signal: "s1", Why: "An environment uses a customer key.", Subjects: subjects(SubjectEnvironment, "e1", "e5")},
	}
	if got, want := exclusionSummary(ex), "“None” is ruled out: An environment uses a customer key (e1, e2, e3 and 1 more); A policy links one (p1). “Not applicable” is ruled out: An environment uses a customer key (e1, e5)."; got != want {
		t.Errorf("exclusionSummary\n got %q\nwant %q", got, want)
	}
	if got, want := ruledOutText(ex), "rules out “None” and “Not applicable”"; got != want {
		t.Errorf("ruledOutText %q", got)
	}
	if got, want := quotedLabels(ex), "“None”, “Not applicable”"; got != want {
		t.Errorf("quotedLabels %q", got)
	}
	if got, want := exclusionFacts(ex), []string{"An environment uses a customer key (e1, e2, e3 and 2 more)", "A policy links one (p1)"}; !slices.Equal(got, want) {
		t.Errorf("exclusionFacts\n got %q\nwant %q", got, want)
	}
	if got, want := ruledOutSummary(ex), "An environment uses a customer key (e1, e2, e3 and 2 more). A policy links one (p1)."; got != want {
		t.Errorf("ruledOutSummary %q", got)
	}
	ids := func(ss []Subject) string {
		var s []string
		for _, x := range ss {
			s = append(s, x.ID)
		}
		return strings.Join(s, ",")
	}
	if got := ids(exclusionSubjects(ex)); got != "e1,e2,e3,e4,p1,e5" {
		t.Errorf("exclusionSubjects %s", got)
	}
	// counted-out subjects count toward "more"
	if got := exclusionFacts([]Exclusion{{Why: "W.", Subjects: subjects(SubjectVault, "v1"), More: 4}}); !slices.Equal(got, []string{"W (v1 and 4 more)"}) {
		t.Errorf("exclusionFacts with More: %q", got)
	}
	if got := exclusionFacts([]Exclusion{{Why: " W. "}}); !slices.Equal(got, []string{"W"}) {
		t.Errorf("exclusionFacts without subjects: %q", got)
	}
	for words, want := range map[string]string{"": "", "a": "a", "a|b": "a and b", "a|b|c": "a, b and c"} {
		var ws []string
		if words != "" {
			ws = strings.Split(words, "|")
		}
		if got := joinAnd(ws); got != want {
			t.Errorf("joinAnd(%q) = %q", words, got)
		}
	}
	if got := describeSubjectsMore(subjects(SubjectVault, "a", "b", "c", "d"), 0); got != "a, b, c and 1 more" {
		t.Errorf("describeSubjectsMore four: %q", got)
	}
	if got := describeSubjectsMore(subjects(SubjectVault, "a", "b", "c"), 0); got != "a, b, c" {
		t.Errorf("describeSubjectsMore three: %q", got)
	}
	if got := dedupeExclusions([]Exclusion{{Choice: "a", Signal: "s"}, {Choice: "a", Signal: "s", Why: "again"}, {Choice: "a", Signal: "t"}, {Choice: "b", Signal: "s"}}); len(got) != 3 || got[0].Why != "" {
		t.Errorf("dedupeExclusions: %+v", got)
	}
}

// TestTenantSaysEachForm: the tenant's answer when it names one, else what
// its facts rule out, with the facts.
func TestTenantSaysEachForm(t *testing.T) {
	ex := []Exclusion{{Label: "Yes", Why: "Purge protection is off on a vault.", Subjects: subjects(SubjectVault, "kv-eu")}}
	cases := []struct {
		c    Conflict
		want string
	}{
		{Conflict{Tenant: []string{"some"}, TenantText: "Some of them", RuledOut: ex}, "the tenant shows Some of them"},
		{Conflict{TenantText: "Some of them"}, "the tenant shows Some of them"},
		{Conflict{TenantText: "rules out “Yes”", RuledOut: ex}, "the tenant rules out “Yes”: Purge protection is off on a vault (kv-eu)"},
	}
	for _, c := range cases {
		if got := c.c.TenantSays(); got != c.want {
			t.Errorf("%+v:\n got %q\nwant %q", c.c, got, c.want)
		}
	}
}

// TestSubjectSourcesOncePerRequest: each distinct request once, the first
// time it is cited; subjects without a source are skipped.
func TestSubjectSourcesOncePerRequest(t *testing.T) {
	src := &sourceTable{}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := src.ref(Provenance{Source: "A", At: at, Status: StatusOK})
	a2 := src.ref(Provenance{Source: "A", At: at.Add(time.Hour), Status: StatusOK})
	b := src.ref(Provenance{Source: "B", At: at, Status: StatusOK})
	ss := []Subject{{Source: 0}, {Source: a2}, {Source: b}, {Source: a}, {Source: b}}
	if got := subjectSources(src, ss); !slices.Equal(got, []SourceID{a2, b}) {
		t.Errorf("subjectSources = %v, want [%d %d]", got, a2, b)
	}
	if got := firstSource([]Subject{{}, {Source: b}, {Source: a}}); got != b {
		t.Errorf("firstSource = %d", got)
	}
	if firstSource(nil) != 0 {
		t.Error("firstSource of nothing")
	}
}

// TestExclusionsOnlyForClaims: an answered value or "not applicable" can be
// ruled out; not sure and skipped claim nothing; a line whose signal did
// not fire excludes nothing.
func TestExclusionsOnlyForClaims(t *testing.T) {
	q := &Question{ID: "Q-01", Choices: []Choice{{ID: "yes", Label: "Yes"}, {ID: "no", Label: "No"}},
		RuleOut: []RuleOut{{Check: "c", Signal: "fired", Choices: []string{"yes", "not-applicable"}, Why: "W"}, {Check: "c", Signal: "quiet", Choices: []string{"no"}, Why: "X"}}}
	signals := map[string][]Subject{"fired": subjects(SubjectVault, "v")}
	for _, c := range []struct {
		a    Answer
		want string
	}{
		{answered("yes"), "yes/Yes"},
		{answered("yes", "no"), "yes/Yes"},
		{answered("no"), ""},
		{Answer{State: AnswerNotApplicable}, "not-applicable/Not applicable"},
		{Answer{State: AnswerUnsure, Values: []string{"yes"}}, ""},
		{Answer{State: AnswerSkipped}, ""},
	} {
		var got []string
		for _, e := range exclusions(q, c.a, signals) {
			got = append(got, e.Choice+"/"+e.Label)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%+v: %q, want %q", c.a, got, c.want)
		}
	}
	var got []string
	for _, e := range ruledOutChoices(q, signals) {
		got = append(got, e.Choice)
	}
	if !slices.Equal(got, []string{"yes", "not-applicable"}) {
		t.Errorf("ruledOutChoices = %v", got)
	}
	if c := claim("not-applicable"); c.State != AnswerNotApplicable || c.Values != nil {
		t.Errorf("claim(not-applicable) = %+v", c)
	}
}
