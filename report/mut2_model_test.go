package report

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// The model's helpers, pinned with hand-written expectations: the priority
// order ARCHITECTURE.md and the comment give (severity, then fail before
// warn before not sure before not verified, then tenant-confirmed, then ID),
// the fallbacks of newModel, and every wording helper.

func TestMut2NewModelFallbacks(t *testing.T) {
	if _, err := newModel(Input{}); !errors.Is(err, ErrNoResult) {
		t.Errorf("newModel without a result: err = %v, want ErrNoResult", err)
	}
	evaluated := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("X", 3600))
	facts := &assess.Facts{TenantID: "from-assessment"}
	for _, c := range []struct {
		name      string
		in        Input
		title     string
		version   string
		now       time.Time
		factsFrom *assess.Facts
	}{
		{"nothing set", Input{Result: &assess.Result{}},
			"SE:06 data encryption assessment", "dev", time.Unix(0, 0).UTC(), nil},
		{"result's title and clock", Input{Result: &assess.Result{Metadata: assess.Metadata{Title: "R", ToolVersion: "v-res"}, EvaluatedAt: evaluated}},
			"R", "v-res", evaluated.UTC(), nil},
		{"assessment's metadata and facts when the result has none", Input{Result: &assess.Result{},
			Assessment: &assess.Assessment{Metadata: assess.Metadata{Title: "A", ToolVersion: "v-asm"}, Facts: facts}},
			"A", "v-asm", time.Unix(0, 0).UTC(), facts},
		{"result's title wins over the assessment's", Input{Result: &assess.Result{Metadata: assess.Metadata{Title: "R"}},
			Assessment: &assess.Assessment{Metadata: assess.Metadata{Title: "A", ToolVersion: "v-asm"}}},
			"R", "dev", time.Unix(0, 0).UTC(), nil},
		{"input's version and clock win", Input{Result: &assess.Result{Metadata: assess.Metadata{ToolVersion: "v-res"}, EvaluatedAt: evaluated}, ToolVersion: "v-in", Now: testNow},
			"SE:06 data encryption assessment", "v-in", testNow, nil},
	} {
		m, err := newModel(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if m.meta.Title != c.title || m.version != c.version || !m.now.Equal(c.now) || m.now.Location() != time.UTC || m.facts != c.factsFrom {
			t.Errorf("%s: title %q version %q now %v facts %p; want %q %q %v %p", c.name, m.meta.Title, m.version, m.now, m.facts, c.title, c.version, c.now, c.factsFrom)
		}
	}
	resFacts := &assess.Facts{TenantID: "from-result"}
	m, _ := newModel(Input{Result: &assess.Result{Facts: resFacts}, Assessment: &assess.Assessment{Facts: facts}})
	if m.facts != resFacts {
		t.Errorf("the result's facts should win over the assessment's")
	}
	if m.hasFacts() != true {
		t.Errorf("hasFacts = false with facts")
	}
	m, _ = newModel(Input{Result: &assess.Result{}})
	if m.hasFacts() {
		t.Errorf("hasFacts = true without facts")
	}
}

func TestMut2OpenFindingsInPriorityOrder(t *testing.T) {
	fs := []assess.Finding{
		{ID: "P", State: assess.FindingPass, Severity: assess.SevHigh},
		{ID: "Z-low", State: assess.FindingFail, Severity: assess.SevLow},
		{ID: "B-high-unsure", State: assess.FindingUnsure, Severity: assess.SevHigh},
		{ID: "C-high-warn", State: assess.FindingWarn, Severity: assess.SevHigh},
		{ID: "A-high-nv", State: assess.FindingNotVerified, Severity: assess.SevHigh},
		{ID: "D-high-fail", State: assess.FindingFail, Severity: assess.SevHigh},
		{ID: "C-high-fail-tenant", State: assess.FindingFail, Severity: assess.SevHigh, Tenant: true},
		{ID: "A-high-fail", State: assess.FindingFail, Severity: assess.SevHigh},
		{ID: "M-med", State: assess.FindingFail, Severity: assess.SevMedium},
		{ID: "I-info", State: assess.FindingWarn, Severity: assess.SevInfo},
		{ID: "NA", State: assess.FindingNotApplicable, Severity: assess.SevHigh},
		{ID: "ACC", State: assess.FindingAccepted, Severity: assess.SevHigh},
	}
	m, err := newModel(Input{Result: &assess.Result{Findings: fs}, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range m.open {
		got = append(got, f.ID)
	}
	want := []string{"C-high-fail-tenant", "A-high-fail", "D-high-fail", "C-high-warn", "B-high-unsure", "A-high-nv", "M-med", "Z-low", "I-info"}
	if !slices.Equal(got, want) {
		t.Errorf("open order = %v\nwant         %v", got, want)
	}
	for n, w := range map[int]int{0: 0, 1: 1, 9: 9, 20: 9} {
		if got := len(m.topActions(n)); got != w {
			t.Errorf("topActions(%d) has %d, want %d", n, got, w)
		}
	}
	if len(m.actions) != len(want) {
		t.Errorf("one action per open finding: %d actions for %d", len(m.actions), len(want))
	}
}

func TestMut2StateRankAndCompare(t *testing.T) {
	for s, want := range map[assess.FindingState]int{
		assess.FindingFail: 0, assess.FindingWarn: 1, assess.FindingUnsure: 2, assess.FindingNotVerified: 3, assess.FindingPass: 4, "": 4,
	} {
		if got := stateRank(s); got != want {
			t.Errorf("stateRank(%q) = %d, want %d", s, got, want)
		}
	}
	a := assess.Finding{ID: "A", Severity: assess.SevMedium, State: assess.FindingFail}
	for _, c := range []struct {
		name string
		b    assess.Finding
		want int
	}{
		{"same", a, 0},
		{"higher severity first", assess.Finding{ID: "A", Severity: assess.SevHigh, State: assess.FindingFail}, 1},
		{"lower severity after", assess.Finding{ID: "A", Severity: assess.SevLow, State: assess.FindingFail}, -1},
		{"warn after fail", assess.Finding{ID: "A", Severity: assess.SevMedium, State: assess.FindingWarn}, -1},
		{"tenant-confirmed first", assess.Finding{ID: "A", Severity: assess.SevMedium, State: assess.FindingFail, Tenant: true}, 1},
		{"ID order", assess.Finding{ID: "B", Severity: assess.SevMedium, State: assess.FindingFail}, -1},
	} {
		if got := comparePriority(a, c.b); got != c.want {
			t.Errorf("%s: comparePriority = %d, want %d", c.name, got, c.want)
		}
		if got := comparePriority(c.b, a); got != -c.want {
			t.Errorf("%s (swapped): comparePriority = %d, want %d", c.name, got, -c.want)
		}
	}
}

func TestMut2SectionsPromptsAndAnswers(t *testing.T) {
	b := loadBank(t)
	m := &model{bank: b, res: &assess.Result{}}
	secs := m.sections()
	if len(secs) != 8 || secs[0] != [2]string{"SC", "Scope and classification"} || secs[7] != [2]string{"MG", "Monitoring and governance"} {
		t.Errorf("sections from the pinned bank = %v", secs)
	}
	if got := m.sectionTitle("AR"); got != "Data at rest and key strategy" {
		t.Errorf("sectionTitle(AR) = %q", got)
	}
	if got := m.sectionTitle("ZZ"); got != "ZZ" {
		t.Errorf("sectionTitle of an unknown section = %q, want its ID", got)
	}
	if got := m.sectionIntro("AR"); got != "Everything Power Platform stores is encrypted. The question is who holds the key: Microsoft (the default) or you, in your own Azure Key Vault." {
		t.Errorf("sectionIntro(AR) = %q", got)
	}
	if got := m.sectionIntro("ZZ"); got != "" {
		t.Errorf("sectionIntro of an unknown section = %q", got)
	}
	const dp02 = "Which controls limit who and what sees sensitive values while they are processed? (select all that apply)"
	if got := m.prompt("DP-02"); got != dp02 {
		t.Errorf("prompt(DP-02) = %q", got)
	}
	if got := m.prompt("XX-99"); got != "XX-99" {
		t.Errorf("prompt of an unknown question = %q, want its ID", got)
	}
	for _, c := range []struct {
		name string
		qid  string
		a    assess.Answer
		want string
	}{
		{"two choices, one a line", "DP-02", assess.Answer{State: assess.AnswerAnswered, Values: []string{"masking", "dlp"}},
			"• Masking in reports and non-production copies\n• Data policies restrict connectors"},
		{"one choice", "DP-02", assess.Answer{State: assess.AnswerAnswered, Values: []string{"dlp"}}, "Data policies restrict connectors"},
		{"skipped", "DP-02", assess.Answer{State: assess.AnswerSkipped, Values: []string{"masking", "dlp"}}, "Skipped"},
		{"unknown question", "XX-99", assess.Answer{State: assess.AnswerAnswered, Values: []string{"a", "b"}}, "a, b"},
	} {
		if got := m.answerText(c.qid, c.a); got != c.want {
			t.Errorf("%s: answerText = %q, want %q", c.name, got, c.want)
		}
	}

	// Without a bank: the result's sections, no intro, IDs for prompts.
	nb := &model{res: &assess.Result{Sections: []assess.Score{{ID: "S1", Title: "First"}, {ID: "S2", Title: "Second"}}}}
	if got := nb.sections(); !slices.Equal(got, [][2]string{{"S1", "First"}, {"S2", "Second"}}) {
		t.Errorf("sections without a bank = %v", got)
	}
	if nb.sectionTitle("S2") != "Second" || nb.sectionIntro("S1") != "" || nb.prompt("DP-02") != "DP-02" || nb.question("DP-02") != nil {
		t.Errorf("bankless lookups: %q %q %q", nb.sectionTitle("S2"), nb.sectionIntro("S1"), nb.prompt("DP-02"))
	}
}

func TestMut2CountOpen(t *testing.T) {
	m := &model{res: &assess.Result{Counts: assess.Counts{ToFix: assess.SeverityCounts{High: 4, Medium: 3, Low: 2, Info: 1}}}}
	want := []sevCount{{assess.SevHigh, 4}, {assess.SevMedium, 3}, {assess.SevLow, 2}, {assess.SevInfo, 1}}
	if got := m.countOpen(); !slices.Equal(got, want) {
		t.Errorf("countOpen = %v, want %v", got, want)
	}
}

func TestMut2GradeTitle(t *testing.T) {
	for _, c := range []struct {
		g    assess.Grade
		want string
	}{
		{assess.Grade{Letter: "D", Label: assess.GradeAtRisk}, "Grade D: At risk"},
		{assess.Grade{Letter: "B", Label: assess.GradeNeedsWork, Provisional: true}, "Grade B: Needs work (provisional)"},
		{assess.Grade{Letter: "-", Label: assess.GradeIncomplete}, "No grade yet: Incomplete"},
		{assess.Grade{Letter: "C", Label: assess.GradeIncomplete}, "No grade yet: Incomplete"},
		{assess.Grade{Letter: "", Label: assess.GradeAligned}, "No grade yet: Incomplete"},
		{assess.Grade{Letter: "-", Label: assess.GradeAligned}, "No grade yet: Incomplete"},
	} {
		if got := gradeTitle(c.g); got != c.want {
			t.Errorf("gradeTitle(%+v) = %q, want %q", c.g, got, c.want)
		}
	}
}

func TestMut2SubjectsAndWhere(t *testing.T) {
	env := func(id, name string, acc bool) assess.Subject {
		return assess.Subject{Kind: assess.SubjectEnvironment, ID: id, Name: name, Accepted: acc}
	}
	vault := assess.Subject{Kind: assess.SubjectVault, ID: "/v/kv-1", Name: "kv-1"}
	bare := assess.Subject{ID: "thing"}
	for _, c := range []struct {
		name     string
		ss       []assess.Subject
		envs     []string
		accepted int
		names    []string
		where2   string
	}{
		{"none", nil, nil, 0, nil, ""},
		{"vault and kindless", []assess.Subject{vault, bare}, nil, 0, []string{"vault kv-1", "thing"}, "vault kv-1, thing"},
		{"environments win over other subjects", []assess.Subject{vault, env("e1", "Prod", false), env("e2", " \t", false)},
			[]string{"Prod", "e2"}, 0, []string{"vault kv-1", "Prod", "e2"}, "Prod, e2"},
		{"accepted left out and counted", []assess.Subject{env("e1", "Prod", true), env("e2", "Dev", false)},
			[]string{"Dev"}, 1, []string{"Dev"}, "Dev (1 more accepted)"},
		{"all accepted", []assess.Subject{env("e1", "Prod", true), env("e2", "Dev", true)},
			nil, 2, nil, "(2 more accepted)"},
		{"three environments, two shown", []assess.Subject{env("a", "A", false), env("b", "B", false), env("c", "C", false)},
			[]string{"A", "B", "C"}, 0, []string{"A", "B", "C"}, "A, B and 1 more"},
	} {
		f := assess.Finding{Affected: c.ss}
		if got := envNames(f); !slices.Equal(got, c.envs) {
			t.Errorf("%s: envNames = %q, want %q", c.name, got, c.envs)
		}
		if got := acceptedEnvs(f); got != c.accepted {
			t.Errorf("%s: acceptedEnvs = %d, want %d", c.name, got, c.accepted)
		}
		if got := subjectNames(c.ss); !slices.Equal(got, c.names) {
			t.Errorf("%s: subjectNames = %q, want %q", c.name, got, c.names)
		}
		if got := where(f, 2); got != c.where2 {
			t.Errorf("%s: where(2) = %q, want %q", c.name, got, c.where2)
		}
	}
	if got := subjectList([]assess.Subject{vault, bare}, 1); got != "vault kv-1 and 1 more" {
		t.Errorf("subjectList(1) = %q", got)
	}
}

func TestMut2JoinMax(t *testing.T) {
	abc := []string{"a", "b", "c"}
	for _, c := range []struct {
		names []string
		max   int
		want  string
	}{
		{abc, 0, "a, b, c"},
		{abc, -1, "a, b, c"},
		{abc, 1, "a and 2 more"},
		{abc, 2, "a, b and 1 more"},
		{abc, 3, "a, b, c"},
		{abc, 4, "a, b, c"},
		{nil, 2, ""},
	} {
		if got := joinMax(c.names, c.max); got != c.want {
			t.Errorf("joinMax(%q, %d) = %q, want %q", c.names, c.max, got, c.want)
		}
	}
}

func TestMut2SmallWords(t *testing.T) {
	for s, want := range map[assess.Severity]string{
		assess.SevHigh: "High", assess.SevMedium: "Medium", assess.SevLow: "Low", assess.SevInfo: "Info", "critical": "critical", "": "-",
	} {
		if got := severityLabel(s); got != want {
			t.Errorf("severityLabel(%q) = %q, want %q", s, got, want)
		}
	}
	if outOf100(nil) != "not scored yet" || outOf100(ptr(79.4)) != "79/100" || outOf100(ptr(0.0)) != "0/100" {
		t.Errorf("outOf100: %q %q", outOf100(nil), outOf100(ptr(79.4)))
	}
	if scoreText(nil) != "n/a" || scoreText(ptr(85.6)) != "86" {
		t.Errorf("scoreText: %q %q", scoreText(nil), scoreText(ptr(85.6)))
	}
	cet := time.FixedZone("CET", 3600)
	at := time.Date(2026, 3, 1, 0, 30, 0, 0, cet) // 28 February 23:30 UTC
	if dateText(time.Time{}) != "-" || dateText(at) != "28 February 2026" {
		t.Errorf("dateText: %q %q", dateText(time.Time{}), dateText(at))
	}
	if timeText(time.Time{}) != "-" || timeText(at) != "2026-02-28 23:30 UTC" {
		t.Errorf("timeText: %q %q", timeText(time.Time{}), timeText(at))
	}
	l1, l2 := assess.Link{Title: "one", URL: "https://a"}, assess.Link{Title: "two", URL: "https://b"}
	if firstLink(assess.Finding{}) != (assess.Link{}) || firstLink(assess.Finding{Links: []assess.Link{l1, l2}}) != l1 {
		t.Errorf("firstLink")
	}
	for _, c := range []struct{ name, id, want string }{
		{"Prod", "e1", "Prod"}, {"", "e1", "e1"}, {" \t\n", "e1", "e1"}, {"\x1b\x07", "e1", "e1"}, {" x ", "e1", " x "},
	} {
		if got := nameOr(c.name, c.id); got != c.want {
			t.Errorf("nameOr(%q, %q) = %q, want %q", c.name, c.id, got, c.want)
		}
	}
}

func TestMut2ResultAndFindingLabels(t *testing.T) {
	for _, c := range []struct {
		s    assess.FindingState
		a    assess.AnswerState
		want string
	}{
		{assess.FindingUnsure, assess.AnswerSkipped, "Skipped"},
		{assess.FindingUnsure, "", "Not answered"},
		{assess.FindingUnsure, assess.AnswerUnsure, "Not sure"},
		{assess.FindingFail, assess.AnswerSkipped, "Fail"},
		{assess.FindingFail, "", "Fail"},
		{assess.FindingNotVerified, "", "Not verified"},
	} {
		if got := resultLabel(c.s, assess.Answer{State: c.a}); got != c.want {
			t.Errorf("resultLabel(%q, %q) = %q, want %q", c.s, c.a, got, c.want)
		}
	}
	m := &model{res: &assess.Result{Questions: []assess.QuestionResult{
		{QuestionID: "Q-1", Answer: assess.Answer{State: assess.AnswerSkipped}},
		{QuestionID: "Q-2", Answer: assess.Answer{State: assess.AnswerUnsure}},
	}}}
	for _, c := range []struct {
		f    assess.Finding
		want string
	}{
		{assess.Finding{QuestionID: "Q-1", State: assess.FindingUnsure}, "Skipped"},
		{assess.Finding{QuestionID: "Q-2", State: assess.FindingUnsure}, "Not sure"},
		{assess.Finding{QuestionID: "Q-9", State: assess.FindingUnsure}, "Not sure"},
		{assess.Finding{QuestionID: "Q-1", State: assess.FindingWarn, Severity: assess.SevInfo}, "Advice"},
		{assess.Finding{QuestionID: "Q-1", State: assess.FindingWarn, Severity: assess.SevLow}, "Warning"},
		{assess.Finding{QuestionID: "Q-1", State: assess.FindingFail}, "Fail"},
	} {
		if got := m.findingLabel(c.f); got != c.want {
			t.Errorf("findingLabel(%s %s) = %q, want %q", c.f.QuestionID, c.f.State, got, c.want)
		}
	}
}
