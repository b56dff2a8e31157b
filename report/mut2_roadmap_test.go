package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// The roadmap and the control mappings (Appendix B), by hand from
// docs/report.md and the pinned bank's mappings.yaml.

func TestMut2SortedControls(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"A.5.12", "A.5.9"}, []string{"A.5.9", "A.5.12"}},
		{[]string{"A.10", "A.9", "A.1"}, []string{"A.1", "A.9", "A.10"}},
		{[]string{"SC-28", "SC-12", "SC-8"}, []string{"SC-8", "SC-12", "SC-28"}},
		{[]string{"DP-5", "AC-3"}, []string{"AC-3", "DP-5"}},
		{[]string{"Art. 44", "Art. 32"}, []string{"Art. 32", "Art. 44"}},
		{[]string{"X"}, []string{"X"}},
		{nil, nil},
	} {
		in := slices.Clone(c.in)
		if got := sortedControls(c.in); !slices.Equal(got, c.want) {
			t.Errorf("sortedControls(%q) = %q, want %q", c.in, got, c.want)
		}
		if !slices.Equal(c.in, in) {
			t.Errorf("sortedControls changed its input %q", in)
		}
	}
	if !contains([]string{"a", "b"}, "b") || contains([]string{"a"}, "b") || contains(nil, "") {
		t.Errorf("contains")
	}
}

func TestMut2ShortDue(t *testing.T) {
	for _, c := range []struct {
		a    assess.Action
		want string
	}{
		{assess.Action{Due: "2026-12-27"}, "27 Dec 2026"},
		{assess.Action{Due: "2026-12-27", DueReason: "key pp-cmk expires 2027-01-26"}, "27 Dec 2026\nkey expires"},
		{assess.Action{Due: "2026-12-27", DueReason: "keys"}, "27 Dec 2026"},
		{assess.Action{Due: "soon"}, "soon"},
	} {
		if got := shortDue(c.a); got != c.want {
			t.Errorf("shortDue(%+v) = %q, want %q", c.a, got, c.want)
		}
	}
}

func TestMut2RoadmapDrawn(t *testing.T) {
	m := &model{res: &assess.Result{}}
	if text := m2Drawn(t, func(d *doc) { roadmap(d, m) }); !strings.Contains(text, "Nothing is open, so there is nothing to schedule.") {
		t.Errorf("nothing open:\n%s", text)
	}
	m.open = []assess.Finding{
		{ID: "F-1", Title: "ONE TITLE", Severity: assess.SevHigh},
		{ID: "F-2", Title: "TWO TITLE", Severity: assess.SevMedium},
		{ID: "F-3", Title: "THREE TITLE", Severity: assess.SevMedium},
	}
	m.actions = []assess.Action{
		{Rank: 1, Bucket: assess.BucketNow, Due: "2026-12-27", Effort: "low", Disruption: "none", OwnerRole: "OWNER-ONE", Commands: []assess.Command{{Text: "x"}}},
		{Rank: 2, Bucket: assess.BucketNow, Due: "2026-12-28", Effort: "high", Disruption: "high", OwnerRole: "OWNER-TWO"},
		{Rank: 3, Bucket: "later", Due: "2027-02-25", OwnerRole: "OWNER-THREE"},
	}
	text := m2Drawn(t, func(d *doc) { roadmap(d, m) })
	for _, want := range []string{
		"Now (30 days): 2 actions", "Next (60 days): 0 actions", "Nothing in this horizon.", "Later (90 days): 1 action",
		"ONE TITLE", "F-1", "27 Dec 2026", "OWNER-ONE", "yes", "TWO TITLE", "OWNER-TWO", "THREE TITLE", "25 Feb 2027",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the roadmap lacks %q\n%s", want, text)
		}
	}
	if n := strings.Count(text, "Nothing in this horizon."); n != 1 {
		t.Errorf("%d empty horizons, want 1 (Next)", n)
	}
	if i, j := strings.Index(text, "THREE TITLE"), strings.Index(text, "Later (90 days)"); i < j {
		t.Errorf("F-3 is not under Later")
	}
}

func TestMut2ControlMappingsDrawn(t *testing.T) {
	m := &model{res: &assess.Result{}}
	if text := m2Drawn(t, func(d *doc) { controlMappings(d, m) }); !strings.Contains(text, "The question bank carries no control mappings.") {
		t.Errorf("no bank:\n%s", text)
	}
	m.bank = loadBank(t)
	m.res.Questions = []assess.QuestionResult{
		{QuestionID: "AR-01", Visible: true, State: assess.FindingFail},
		{QuestionID: "AR-03", Visible: false, State: assess.FindingFail},
		{QuestionID: "SC-01", Visible: true, State: assess.FindingUnsure, Answer: assess.Answer{State: assess.AnswerSkipped}},
	}
	text := m2Drawn(t, func(d *doc) { controlMappings(d, m) })
	for _, want := range []string{
		"ISO/IEC 27001:2022 Annex A; NIST SP 800-53 Rev. 5; Microsoft cloud security benchmark v1; General Data Protection Regulation (EU) 2016/679.",
		"AR-01", "A.8.24", "SC-12, SC-28", "Art. 32", "Fail",
		"SC-04", "A.5.9, A.5.12", "CM-8, RA-2", "A.5.12, A.5.36", "CA-5, PM-9",
		"Skipped", "Not asked",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the mappings lack %q", want)
		}
	}
	if strings.Contains(text, "The question bank carries no control mappings") {
		t.Errorf("a bank with mappings says it has none")
	}
	// AR-03 is hidden: not asked, never Fail; only AR-01 fails.
	if n := strings.Count(text, "Fail"); n != 1 {
		t.Errorf("%d questions read Fail, want 1", n)
	}
}
