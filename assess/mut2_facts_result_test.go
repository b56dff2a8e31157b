package assess

import (
	"slices"
	"strings"
	"testing"
)

// Small accessors of facts.go, facts_access.go, result.go and status.go,
// each against its doc comment.

func TestProvenanceAndLabels(t *testing.T) {
	if got := (Provenance{Status: StatusNotPermitted, Reason: "needs Key Vault Reader"}).Describe(); got != "not permitted: needs Key Vault Reader" {
		t.Errorf("Describe with reason: %q", got)
	}
	if got := (Provenance{Status: StatusNotFound}).Describe(); got != "not found" {
		t.Errorf("Describe without reason: %q", got)
	}
	for _, c := range []struct {
		e    Environment
		want string
	}{
		{Environment{ID: "e1", Name: "HR", Geo: "europe"}, "HR (europe)"},
		{Environment{ID: "e1", Geo: "europe"}, "e1 (europe)"},
		{Environment{ID: "e1", Name: "HR"}, "HR"},
		{Environment{ID: "e1"}, "e1"},
	} {
		if got := c.e.Label(); got != c.want {
			t.Errorf("Label %+v: %q, want %q", c.e, got, c.want)
		}
	}
	if (Principal{ID: "id-1", Name: " "}).Label() != "id-1" || (Principal{ID: "id-1", Name: "Ada"}).Label() != "Ada" {
		t.Error("Principal.Label")
	}
	for _, c := range []struct {
		r    *RotationPolicy
		want bool
	}{{nil, false}, {&RotationPolicy{}, false}, {&RotationPolicy{RotateAfterCreate: "P90D"}, true}, {&RotationPolicy{RotateBeforeExpiry: "P30D"}, true}, {&RotationPolicy{NotifyBeforeExpiry: "P30D"}, false}} {
		if got := c.r.Rotates(); got != c.want {
			t.Errorf("Rotates %+v: %v", c.r, got)
		}
	}
}

// TestPolicyLinked: a link with an ID whose status is not a failure or a
// transition counts as linked, unknown values included.
func TestPolicyLinked(t *testing.T) {
	var none *PolicyLink
	if none.Linked() {
		t.Error("nil link is linked")
	}
	for _, l := range []PolicyLink{{}, {LinkStatus: "Linked"}} {
		if l.Linked() {
			t.Errorf("%+v without any ID is linked", l)
		}
	}
	for _, id := range []PolicyLink{{ResourceID: "r"}, {SystemID: "s"}, {PolicyID: "p"}} {
		for status, want := range map[string]bool{"Linked": true, "": true, "SomethingNew": true, "Failed": false, "unlinking": false, "Unlinked": false, "UnlinkingOnline": false, "Linking": false, "LINKINGONLINE": false} {
			l := id
			l.LinkStatus = status
			if got := l.Linked(); got != want {
				t.Errorf("%+v: linked %v, want %v", l, got, want)
			}
		}
	}
}

func TestFactsCheckRunAndLogging(t *testing.T) {
	f := &Facts{Checks: []CheckRun{{Name: "a"}, {Name: CheckRunEnvironments, Provenance: deniedProv()}},
		KeyAccess: &KeyAccess{Logging: []VaultLogging{{VaultID: "/V/One", Settings: 1}, {VaultID: "/v/two", Settings: 2}}}}
	if c, ok := f.CheckRun(CheckRunEnvironments); !ok || c.Provenance.Status != StatusNotPermitted {
		t.Errorf("CheckRun environments: %+v %v", c, ok)
	}
	if _, ok := f.CheckRun("b"); ok {
		t.Error("CheckRun found a step that is not there")
	}
	var none *Facts
	if _, ok := none.CheckRun("a"); ok {
		t.Error("nil facts have a check run")
	}
	if l, ok := f.VaultLogging("/v/one"); !ok || l.Settings != 1 {
		t.Errorf("VaultLogging any case: %+v %v", l, ok)
	}
	if l, ok := f.VaultLogging("/v/two"); !ok || l.Settings != 2 {
		t.Errorf("VaultLogging second: %+v %v", l, ok)
	}
	if _, ok := f.VaultLogging("/v/three"); ok {
		t.Error("VaultLogging found a vault that is not there")
	}
	if _, ok := (&Facts{}).VaultLogging("/v/one"); ok {
		t.Error("no key access facts, logging found")
	}
	if _, ok := none.VaultLogging("/v/one"); ok {
		t.Error("nil facts, logging found")
	}
	if e, ok := healthyFacts().Environment("env-hr"); !ok || e.Name != "Contoso HR" {
		t.Errorf("Environment: %+v %v", e, ok)
	}
	if _, ok := healthyFacts().Environment("env-x"); ok {
		t.Error("Environment found one that is not there")
	}
	if _, ok := none.Environment("env-hr"); ok {
		t.Error("nil facts, environment found")
	}
}

// TestBothDutiesMerges: principals in both lists (IDs without case), in
// key-admin order, with both sets of roles and a name from either list.
func TestBothDutiesMerges(t *testing.T) {
	d := &Duties{
		KeyAdmins: []Principal{
			{ID: "B", Roles: []string{"Key Vault Administrator"}},
			{ID: "a", Name: "Ada", Roles: []string{"Owner"}},
			{ID: "c", Name: "Cy", Roles: []string{"Owner"}},
		},
		PlatformAdmins: []Principal{
			{ID: "A", Name: "Ada L.", Roles: []string{"Global Administrator"}},
			{ID: "b", Name: "Bob", Roles: []string{"Power Platform Administrator"}},
		},
	}
	got := d.BothDuties()
	var s []string
	for _, p := range got {
		s = append(s, p.ID+"/"+p.Name+"/"+strings.Join(p.Roles, "+"))
	}
	want := []string{"B/Bob/Key Vault Administrator+Power Platform Administrator", "a/Ada/Owner+Global Administrator"}
	if !slices.Equal(s, want) {
		t.Errorf("BothDuties = %q, want %q", s, want)
	}
	if d.KeyAdmins[1].Roles[0] != "Owner" || len(d.KeyAdmins[1].Roles) != 1 {
		t.Errorf("the key admin's own roles changed: %v", d.KeyAdmins[1].Roles)
	}
	var none *Duties
	if none.BothDuties() != nil {
		t.Error("nil duties")
	}
}

// TestFindingAndQuestionLabels: an info warning reads "Advice"; an unsure
// finding that was skipped or never answered says so. Open states are the
// ones the action plan lists: fail, warn, not sure and not verified.
func TestFindingAndQuestionLabels(t *testing.T) {
	for _, c := range []struct {
		f    Finding
		want string
	}{
		{Finding{State: FindingWarn, Severity: SevInfo}, "Advice"},
		{Finding{State: FindingWarn, Severity: SevLow}, "Warning"},
		{Finding{State: FindingFail, Severity: SevInfo}, "Fail"},
		{Finding{State: FindingUnsure, Reason: "skipped"}, "Skipped"},
		{Finding{State: FindingUnsure, Reason: "not answered"}, "Not answered"},
		{Finding{State: FindingUnsure}, "Not sure"},
		{Finding{State: FindingPass, Reason: "skipped"}, "Pass"},
		{Finding{State: FindingNotVerified}, "Not verified"},
		{Finding{State: FindingNotApplicable}, "Not applicable"},
		{Finding{State: FindingAccepted}, "Accepted"},
		{Finding{State: "odd"}, "odd"},
	} {
		if got := c.f.StatusLabel(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.f, got, c.want)
		}
	}
	for s, want := range map[QuestionStatus]string{QuestionAnswered: "Answered", QuestionUnsure: "Not sure", QuestionSkipped: "Skipped", QuestionNotApplicable: "Not applicable", QuestionOpen: "Open", "odd": "odd"} {
		if got := s.Label(); got != want {
			t.Errorf("%s: %q", s, got)
		}
	}
	for s, want := range map[QuestionStatus]bool{QuestionAnswered: true, QuestionNotApplicable: true, QuestionUnsure: false, QuestionSkipped: false, QuestionOpen: false} {
		if s.Settled() != want {
			t.Errorf("%s settled %v", s, !want)
		}
	}
	for s, want := range map[FindingState]bool{FindingFail: true, FindingWarn: true, FindingUnsure: true, FindingPass: false, FindingAccepted: false, FindingNotVerified: true, FindingNotApplicable: false} {
		if s.Open() != want {
			t.Errorf("%s open %v", s, !want)
		}
	}
}

// TestSeverityCountsAndLists: counts per severity and their total; the
// question lists keep bank order and skip hidden questions.
func TestSeverityCountsAndLists(t *testing.T) {
	var c SeverityCounts
	for _, s := range []Severity{SevHigh, SevMedium, SevMedium, SevLow, SevLow, SevLow, SevInfo, SevInfo, SevInfo, SevInfo} {
		c.add(s)
	}
	if c != (SeverityCounts{High: 1, Medium: 2, Low: 3, Info: 4}) || c.Total() != 10 {
		t.Errorf("counts %+v total %d", c, c.Total())
	}
	for s, want := range map[Severity]int{SevHigh: 1, SevMedium: 2, SevLow: 3, SevInfo: 4, "odd": 0} {
		if c.Of(s) != want {
			t.Errorf("Of(%s) = %d", s, c.Of(s))
		}
	}
	r := &Result{Counts: Counts{ToFix: SeverityCounts{High: 1, Medium: 2, Low: 3, Info: 4}}}
	if got := r.CountOpen(); got[SevHigh] != 1 || got[SevMedium] != 2 || got[SevLow] != 3 || got[SevInfo] != 4 {
		t.Errorf("CountOpen %v", got)
	}
	r.Questions = []QuestionResult{
		{QuestionID: "Q-1", Visible: true, Status: QuestionOpen},
		{QuestionID: "Q-2", Visible: true, Status: QuestionUnsure},
		{QuestionID: "Q-3", Visible: false, Status: QuestionOpen},
		{QuestionID: "Q-4", Visible: true, Status: QuestionSkipped},
		{QuestionID: "Q-5", Visible: true, Status: QuestionAnswered},
		{QuestionID: "Q-6", Visible: true, Status: QuestionOpen},
	}
	if got := r.OpenQuestions(); !slices.Equal(got, []string{"Q-1", "Q-6"}) {
		t.Errorf("OpenQuestions %v", got)
	}
	if got := r.ToFollowUp(); !slices.Equal(got, []string{"Q-1", "Q-2", "Q-4", "Q-6"}) {
		t.Errorf("ToFollowUp %v", got)
	}
	if r.StatusOf("Q-5") != QuestionAnswered || r.StatusOf("Q-9") != "" {
		t.Errorf("StatusOf: %q %q", r.StatusOf("Q-5"), r.StatusOf("Q-9"))
	}
	r.Findings = []Finding{{ID: "A"}, {ID: "B", Title: "b"}}
	if f, ok := r.Finding("B"); !ok || f.Title != "b" {
		t.Errorf("Finding B: %+v %v", f, ok)
	}
	if _, ok := r.Finding("C"); ok {
		t.Error("found finding C")
	}
}
