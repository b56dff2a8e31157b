package assess

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// Pieces of Evaluate (evaluate.go) at their edges, each expectation from
// the doc comment of the piece.

// TestFactEvidenceCitesEachSourceOnce: with one source the summary carries
// it; with several, each source is cited once with the first five names of
// its subjects and how many more; without subjects, the observation's own
// sources are read from; unverified subjects are named when they are not
// the finding's own subjects.
func TestFactEvidenceCitesEachSourceOnce(t *testing.T) {
	ev := &evaluator{src: &sourceTable{}}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := ev.src.ref(Provenance{Source: "A", At: at, Status: StatusOK})
	a2 := ev.src.ref(Provenance{Source: "A", At: at.Add(time.Minute), Status: StatusOK}) // the same request read again
	b := ev.src.ref(Provenance{Source: "B", At: at, Status: StatusOK})
	blank := ev.src.ref(Provenance{Status: StatusNotPermitted})
	subj := func(src SourceID, names ...string) []Subject {
		var out []Subject
		for _, n := range names {
			out = append(out, Subject{Kind: SubjectEnvironment, ID: n, Name: n, Source: src})
		}
		return out
	}
	texts := func(es []Evidence) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Text)
		}
		return out
	}
	o := &Observation{Status: StatusOK, Summary: "S", Evidence: []Evidence{{Source: a}, {Source: b}, {Source: 0}, {Source: a2}}}

	got := ev.factEvidence(o, subj(a, "1", "2"))
	if len(got) != 1 || got[0].Text != "S" || got[0].Source != a {
		t.Errorf("one source: %+v", got)
	}
	got = ev.factEvidence(o, append(append(subj(a, "1", "2", "3"), subj(a2, "4", "5", "6", "7")...), subj(b, "x")...))
	want := []string{"S", "1, 2, 3, 4, 5 and 2 more: read from A", "x: read from B"}
	if !slices.Equal(texts(got), want) || got[0].Source != 0 || got[1].Source != a || got[2].Source != b {
		t.Errorf("two sources:\n got %q\nwant %q (%+v)", texts(got), want, got)
	}
	got = ev.factEvidence(o, append(subj(a, "1", "2", "3", "4", "5"), subj(b, "x")...))
	if want := []string{"S", "1, 2, 3, 4, 5: read from A", "x: read from B"}; !slices.Equal(texts(got), want) {
		t.Errorf("five names:\n got %q\nwant %q", texts(got), want)
	}
	got = ev.factEvidence(o, nil)
	if want := []string{"S", "Read from A", "Read from B"}; !slices.Equal(texts(got), want) {
		t.Errorf("no subjects:\n got %q\nwant %q", texts(got), want)
	}
	got = ev.factEvidence(o, append(subj(blank, "q"), subj(b, "x")...))
	if len(got) != 1 || got[0].Text != "S" || got[0].Source != b {
		t.Errorf("a source without a request is not cited: %+v", got)
	}
	o.Unverified = subj(a, "u1", "u2")
	got = ev.factEvidence(o, subj(b, "x"))
	if want := []string{"S", "Not verified: u1, u2"}; !slices.Equal(texts(got), want) {
		t.Errorf("unverified:\n got %q\nwant %q", texts(got), want)
	}
	got = ev.factEvidence(o, o.Unverified)
	if slices.ContainsFunc(got, func(e Evidence) bool { return strings.HasPrefix(e.Text, "Not verified") }) {
		t.Errorf("unverified subjects that are the finding's own are not repeated: %q", texts(got))
	}
	if ev.factEvidence(nil, nil) != nil || ev.factEvidence(&Observation{Status: StatusNotCollected, Summary: "S"}, nil) != nil {
		t.Error("no observation, or nothing collected: want no evidence")
	}
}

// TestSeverityToStateAndScore: high and medium rules fail, low and info
// warn; the default not-sure severity is one below the worst rule, at
// least low; a finding keeps 0, 0.4, 0.75 or 1 of the question's credit.
func TestSeverityToStateAndScore(t *testing.T) {
	for s, want := range map[Severity]FindingState{SevHigh: FindingFail, SevMedium: FindingFail, SevLow: FindingWarn, SevInfo: FindingWarn} {
		if got := stateFor(s); got != want {
			t.Errorf("stateFor(%s) = %s", s, got)
		}
	}
	rules := func(ss ...Severity) *Question {
		q := &Question{}
		for _, s := range ss {
			q.Rules = append(q.Rules, Rule{Severity: s})
		}
		return q
	}
	for _, c := range []struct {
		q    *Question
		want Severity
	}{
		{rules(SevLow, SevHigh, SevMedium), SevMedium},
		{rules(SevMedium), SevLow},
		{rules(SevLow), SevLow},
		{rules(SevInfo), SevLow},
		{rules(), SevLow},
	} {
		if got := defaultUnsureSeverity(c.q); got != c.want {
			t.Errorf("defaultUnsureSeverity(%v) = %s, want %s", c.q.Rules, got, c.want)
		}
	}
	for s, want := range map[Severity]float64{SevHigh: 0, SevMedium: 0.4, SevLow: 0.75, SevInfo: 1} {
		if got := severityScore(s); got != want {
			t.Errorf("severityScore(%s) = %v", s, got)
		}
	}
	if SevHigh.Lower() != SevMedium || SevMedium.Lower() != SevLow || SevLow.Lower() != SevInfo || SevInfo.Lower() != SevInfo {
		t.Error("Lower")
	}
}

// TestSetQuestionOutcome: the question's state is its most pressing
// finding; the score follows the worst failing or warning severity; a not
// sure or not verified question scores half unless it is still open;
// accepted and not applicable are not scored.
func TestSetQuestionOutcome(t *testing.T) {
	f := func(state FindingState, sev Severity) Finding {
		return Finding{QuestionID: "Q", State: state, Severity: sev}
	}
	cases := []struct {
		name   string
		status QuestionStatus
		fs     []Finding
		state  FindingState
		score  *float64
	}{
		{"pass", QuestionAnswered, []Finding{f(FindingPass, SevInfo)}, FindingPass, fptr(1)},
		{"fail high and warn low", QuestionAnswered, []Finding{f(FindingWarn, SevLow), f(FindingFail, SevHigh)}, FindingFail, fptr(0)},
		{"warn medium only", QuestionAnswered, []Finding{f(FindingWarn, SevMedium)}, FindingWarn, fptr(0.4)},
		{"warn low", QuestionAnswered, []Finding{f(FindingWarn, SevLow)}, FindingWarn, fptr(0.75)},
		{"warn info", QuestionAnswered, []Finding{f(FindingWarn, SevInfo)}, FindingWarn, fptr(1)},
		{"unsure high does not lower the score", QuestionUnsure, []Finding{f(FindingUnsure, SevHigh)}, FindingUnsure, fptr(0.5)},
		{"fail beside a high unsure", QuestionAnswered, []Finding{f(FindingUnsure, SevHigh), f(FindingWarn, SevLow)}, FindingWarn, fptr(0.75)},
		{"not verified", QuestionAnswered, []Finding{f(FindingNotVerified, SevInfo)}, FindingNotVerified, fptr(0.5)},
		{"open", QuestionOpen, []Finding{f(FindingUnsure, SevLow)}, FindingUnsure, nil},
		{"accepted", QuestionAnswered, []Finding{f(FindingAccepted, SevHigh)}, FindingAccepted, nil},
		{"accepted beside a pass", QuestionAnswered, []Finding{f(FindingPass, SevInfo), f(FindingAccepted, SevHigh)}, FindingAccepted, nil},
		{"other question's finding", QuestionAnswered, []Finding{{QuestionID: "R", State: FindingFail, Severity: SevHigh}, f(FindingPass, SevInfo)}, FindingPass, fptr(1)},
	}
	for _, c := range cases {
		qr := QuestionResult{QuestionID: "Q", Visible: true, Status: c.status}
		setQuestionOutcome(&qr, c.fs)
		if qr.State != c.state || (qr.Score == nil) != (c.score == nil) || qr.Score != nil && *qr.Score != *c.score {
			t.Errorf("%s: state %s score %v, want %s %v", c.name, qr.State, qr.Score, c.state, c.score)
		}
	}
	hidden := QuestionResult{QuestionID: "Q"}
	setQuestionOutcome(&hidden, []Finding{f(FindingFail, SevHigh)})
	if hidden.State != FindingNotApplicable || hidden.Score != nil {
		t.Errorf("hidden question: %s %v", hidden.State, hidden.Score)
	}
}

// TestSortFindingsOrder: fail, warn, not sure, not verified, accepted,
// pass; then severity, high first; then bank order; rule order kept.
func TestSortFindingsOrder(t *testing.T) {
	fs := []Finding{
		{ID: "pass", State: FindingPass, QuestionID: "A"},
		{ID: "acc", State: FindingAccepted, QuestionID: "A"},
		{ID: "nv", State: FindingNotVerified, QuestionID: "A"},
		{ID: "unsure", State: FindingUnsure, QuestionID: "A"},
		{ID: "warn-low", State: FindingWarn, Severity: SevLow, QuestionID: "A"},
		{ID: "fail-med-B", State: FindingFail, Severity: SevMedium, QuestionID: "B"},
		{ID: "fail-med-A2", State: FindingFail, Severity: SevMedium, QuestionID: "A"},
		{ID: "fail-med-A1", State: FindingFail, Severity: SevMedium, QuestionID: "A"},
		{ID: "fail-high-B", State: FindingFail, Severity: SevHigh, QuestionID: "B"},
		{ID: "na", State: FindingNotApplicable, QuestionID: "A"},
	}
	sortFindings(fs, map[string]int{"A": 0, "B": 1})
	var got []string
	for _, f := range fs {
		got = append(got, f.ID)
	}
	want := []string{"fail-high-B", "fail-med-A2", "fail-med-A1", "fail-med-B", "warn-low", "unsure", "nv", "acc", "pass", "na"}
	if !slices.Equal(got, want) {
		t.Errorf("order\n got %v\nwant %v", got, want)
	}
}

// TestAppendSubjectsOnce: subjects already there (same kind and ID) are not
// added again, across and within the groups, order kept.
func TestAppendSubjectsOnce(t *testing.T) {
	dst := []Subject{envS("1")}
	got := appendSubjects(dst, []Subject{envS("1"), vaultS("1"), envS("2")}, []Subject{envS("2"), envS("3")})
	var ids []string
	for _, s := range got {
		ids = append(ids, string(s.Kind)+":"+s.ID)
	}
	if want := []string{"environment:1", "vault:1", "environment:2", "environment:3"}; !slices.Equal(ids, want) {
		t.Errorf("appendSubjects = %v, want %v", ids, want)
	}
	if got := appendSubjects(dst); len(got) != 1 {
		t.Errorf("nothing to add: %v", got)
	}
	if got := appendSubjects(nil, nil, []Subject{}); got != nil {
		t.Errorf("nothing at all: %v", got)
	}
}

// TestAnswerEvidenceWords: the user's answer with its note, then what the
// tenant shows when it differs from the user's answer.
func TestAnswerEvidenceWords(t *testing.T) {
	ar1, _, _ := miniQuestions(t)
	ev := &evaluator{}
	tenant := Answer{State: AnswerAnswered, Values: []string{"cmk"}, Source: SourceTenant}
	cases := []struct {
		user, eff Answer
		want      []string
	}{
		{Answer{}, tenant, []string{"Tenant shows: Customer-managed"}},
		{answered("cmk"), tenant, []string{"Answered: Customer-managed"}},
		{Answer{State: AnswerAnswered, Values: []string{"mmk"}, Note: "HR only"}, tenant, []string{"Answered: Microsoft-managed (note: HR only)", "Tenant shows: Customer-managed"}},
		{Answer{State: AnswerUnsure}, tenant, []string{"Answered: Not sure", "Tenant shows: Customer-managed"}},
		{answered("mmk"), answered("mmk"), []string{"Answered: Microsoft-managed"}},
		{Answer{State: AnswerUnsure}, Answer{State: AnswerUnsure, Source: SourceTenant}, []string{"Answered: Not sure"}},
	}
	for i, c := range cases {
		var got []string
		for _, e := range ev.answerEvidence(ar1, c.user, c.eff) {
			got = append(got, e.Text)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("case %d: %q, want %q", i, got, c.want)
		}
	}
	if reasonSuffix("") != "" || reasonSuffix("x") != ": x" {
		t.Error("reasonSuffix")
	}
}

// TestFindingTenantFlagAndSubjects: in the mini bank, a rule a signal
// fires is the tenant's, about that signal's subjects; a rule fired by an
// answer the tenant gave is the tenant's, about the check's affected
// subjects; a rule fired by the user's own answer, with no facts, is not
// the tenant's and names no subject. Without facts the question carries
// no observation.
func TestFindingTenantFlagAndSubjects(t *testing.T) {
	b := miniBank(t)
	ids := func(ss []Subject) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return strings.Join(out, ",")
	}
	// user's own answer, no facts
	r := eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": answered("some-cmk")}, nil)
	f, ok := r.Finding("AR-02.cmk-missing")
	if !ok || f.Tenant || len(f.Affected) != 0 {
		t.Errorf("user answer, no facts: %+v", f)
	}
	for _, q := range r.Questions {
		if q.QuestionID == "AR-02" && q.Observation != nil {
			t.Errorf("no facts: AR-02 has an observation %+v", q.Observation)
		}
	}
	// the tenant implies some-cmk: its affected environments are the finding's
	r = eval(t, b, Answers{"AR-01": answered("cmk")}, twoEnvFacts())
	f, ok = r.Finding("AR-02.cmk-missing")
	if !ok || !f.Tenant || ids(f.Affected) != "e2" {
		t.Errorf("tenant answer: tenant %v affected %q, want true and e2 (%+v)", f.Tenant, ids(f.Affected), f)
	}
	var obs *Observation
	for _, q := range r.Questions {
		if q.QuestionID == "AR-02" {
			obs = q.Observation
		}
	}
	if obs == nil || obs.Check != "cmk-linkage" {
		t.Errorf("with facts: AR-02 observation %+v", obs)
	}
	// a signal fires the mismatch rule: its subjects are the signal's
	facts := twoEnvFacts()
	facts.Environments[1].CMK = &PolicyLink{ResourceID: "/p/1", LinkStatus: "Linked"}
	r = eval(t, b, Answers{"AR-01": answered("cmk")}, facts)
	f, ok = r.Finding("AR-02.mismatch")
	if !ok || !f.Tenant || ids(f.Affected) != "e2" {
		t.Errorf("signal rule: %v tenant %v affected %q, want e2", ok, f.Tenant, ids(f.Affected))
	}
}

// TestUnreadableFactTurnsPassIntoNotVerified: an answer that would pass is
// "not verified" when its check could not read the facts (not permitted,
// error, not found), naming what could not be verified and why; a fact not
// collected or not applicable leaves the pass.
func TestUnreadableFactTurnsPassIntoNotVerified(t *testing.T) {
	b := miniBank(t)
	a := Answers{"AR-01": answered("cmk"), "AR-02": answered("all-cmk")}
	for _, c := range []struct {
		status FactStatus
		want   FindingState
		reason string
	}{
		{StatusNotPermitted, FindingNotVerified, "the tenant fact could not be read (not permitted: HR (europe): not permitted: needs Reader)"},
		{StatusError, FindingNotVerified, "the tenant fact could not be read (error: HR (europe): error: needs Reader)"},
		{StatusNotFound, FindingNotVerified, "the tenant fact could not be read (not found: HR (europe): not found: needs Reader)"},
	} {
		f := twoEnvFacts()
		f.Environments = f.Environments[:1]
		f.Environments[0].Provenance = Provenance{Source: "BAP", Status: c.status, Reason: "needs Reader"}
		r := eval(t, b, a, f)
		got, ok := r.Finding("AR-02")
		if !ok || got.State != c.want || got.Reason != c.reason {
			t.Errorf("%s: %s %q, want %s %q", c.status, got.State, got.Reason, c.want, c.reason)
		}
		if len(got.Affected) != 1 || got.Affected[0].ID != "e1" {
			t.Errorf("%s: affected %+v, want e1", c.status, got.Affected)
		}
	}
	for _, o := range []*Observation{nil, {Status: StatusNotCollected}, {Status: StatusNotApplicable}, {Status: StatusOK}} {
		if o.Unreadable() {
			t.Errorf("%+v is unreadable", o)
		}
	}
	for _, c := range []struct {
		o    *Observation
		want bool
	}{
		{nil, false},
		{&Observation{Status: StatusOK, Implies: []string{"x"}}, true},
		{&Observation{Status: StatusOK}, false},
		{&Observation{Status: StatusNotPermitted, Implies: []string{"x"}}, false},
		{&Observation{Status: StatusNotPermitted, Implies: []string{"x"}, Conclusive: true}, true},
	} {
		if got := c.o.Decides(); got != c.want {
			t.Errorf("Decides(%+v) = %v", c.o, got)
		}
	}
}

// TestEvaluatorFlagsRemembered: a flag is worked out once and gives the
// same value when asked again; a flag that refers to itself is false, and
// so is one the bank does not declare.
func TestEvaluatorFlagsRemembered(t *testing.T) {
	ev := &evaluator{
		in: Input{Bank: &Bank{Flags: []Flag{
			{Name: "on", When: Cond{Signal: "seen"}},
			{Name: "off", When: Cond{Signal: "unseen"}},
			{Name: "loop", When: Cond{Flag: "loop"}},
			{Name: "via", When: Cond{Flag: "on"}},
		}}},
		flags:   map[string]int{},
		signals: map[string][]Subject{"seen": {{ID: "x"}}},
	}
	for round := range 2 {
		for name, want := range map[string]bool{"on": true, "off": false, "loop": false, "via": true, "undeclared": false} {
			if got := ev.flag(name); got != want {
				t.Errorf("round %d: flag %s = %v, want %v", round, name, got, want)
			}
		}
	}
	if !ev.signal("seen") || ev.signal("unseen") {
		t.Error("signal")
	}
}

// TestConflictFieldsNeverNull: a conflict lists what was answered and what
// the tenant shows as lists, empty rather than null: "not applicable"
// answered against facts that show the question applies has no answered
// choice; the tenant's implied answer is in its words.
func TestConflictFieldsNeverNull(t *testing.T) {
	b := miniBank(t)
	r := eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": {State: AnswerNotApplicable}}, twoEnvFacts())
	c := conflictFor(r, "AR-02")
	if c == nil {
		t.Fatal("no AR-02 conflict")
	}
	if c.Answered == nil || len(c.Answered) != 0 || c.AnswerText != "Not applicable" {
		t.Errorf("answered %#v %q, want an empty list and Not applicable", c.Answered, c.AnswerText)
	}
	if !slices.Equal(c.Tenant, []string{"some-cmk"}) || c.TenantText != "Some" {
		t.Errorf("tenant %v %q, want some-cmk and Some", c.Tenant, c.TenantText)
	}
	if !strings.HasPrefix(c.Summary, "“Not applicable” is ruled out: An environment uses a customer-managed key (HR (europe) (customer-managed key)). 1 of 2 in-scope environments use Microsoft-managed keys: Payroll (uk)") {
		t.Errorf("summary %q", c.Summary)
	}
	if len(c.Sources) == 0 {
		t.Error("a conflict cites no source")
	}
	// the user's answer agrees: no conflict
	r = eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": answered("some-cmk")}, twoEnvFacts())
	if c := conflictFor(r, "AR-02"); c != nil {
		t.Errorf("agreeing answer: conflict %+v", c)
	}
	// a not-sure answer is filled in by the tenant without a conflict
	r = eval(t, b, Answers{"AR-01": answered("cmk"), "AR-02": {State: AnswerUnsure}}, twoEnvFacts())
	if c := conflictFor(r, "AR-02"); c != nil {
		t.Errorf("not-sure answer: conflict %+v", c)
	}
}

// TestConflictCitesObservationSources: a conflict with an implied answer
// cites its subjects' sources, then each other request of the check's
// evidence once (by request text); evidence without a source adds nothing.
func TestConflictCitesObservationSources(t *testing.T) {
	src := &sourceTable{}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := src.ref(Provenance{Source: "A", At: at, Status: StatusOK})
	a2 := src.ref(Provenance{Source: "A", At: at.Add(time.Hour), Status: StatusOK})
	b := src.ref(Provenance{Source: "B", At: at, Status: StatusOK})
	c := src.ref(Provenance{Source: "C", At: at, Status: StatusOK})
	q := &Question{ID: "Q-01", Live: &LiveCheck{Check: "chk"}, Choices: []Choice{{ID: "x", Label: "X"}, {ID: "y", Label: "Y"}}}
	ev := &evaluator{src: src, obs: map[string]*Observation{"chk": {Evidence: []Evidence{{Source: 0}, {Source: a2}, {Source: b}, {Source: a}, {Source: b}, {Source: c}}}}}
	ev.conflict(q, answered("y"), []string{"x"}, "S", nil, []Subject{{Kind: SubjectVault, ID: "v", Source: a}})
	got := ev.conflicts[0]
	if !slices.Equal(got.Sources, []SourceID{a, b, c}) {
		t.Errorf("sources %v, want [%d %d %d]", got.Sources, a, b, c)
	}
	if got.TenantText != "X" || got.AnswerText != "Y" || got.Prompt != q.Prompt {
		t.Errorf("conflict words: %+v", got)
	}
	// without an implied answer only the subjects' sources are cited
	ev.conflict(q, answered("y"), nil, "S", []Exclusion{{Label: "Y"}}, []Subject{{Kind: SubjectVault, ID: "v", Source: a}})
	if got := ev.conflicts[1]; !slices.Equal(got.Sources, []SourceID{a}) || got.TenantText != "rules out “Y”" || got.Tenant == nil {
		t.Errorf("ruled out: %+v", got)
	}
}

// TestUnsureFindingReasons: a not-sure answer's finding says whose it is
// when an owner is named; one unverified subject is still named.
func TestUnsureFindingReasons(t *testing.T) {
	b := miniBank(t)
	r := eval(t, b, Answers{"AR-01": {State: AnswerUnsure, Owner: "Ann"}, "AR-03": {State: AnswerUnsure}}, nil)
	for id, want := range map[string]string{"AR-01": "not sure; owner Ann", "AR-03": "not sure"} {
		if f, ok := r.Finding(id); !ok || f.Reason != want || f.Owner != map[string]string{"AR-01": "Ann", "AR-03": ""}[id] {
			t.Errorf("%s: reason %q owner %q, want %q", id, f.Reason, f.Owner, want)
		}
	}
	ev := &evaluator{src: &sourceTable{}}
	o := &Observation{Status: StatusOK, Summary: "S", Unverified: []Subject{{ID: "u", Name: "u1"}}}
	var texts []string
	for _, e := range ev.factEvidence(o, nil) {
		texts = append(texts, e.Text)
	}
	if !slices.Equal(texts, []string{"S", "Not verified: u1"}) {
		t.Errorf("one unverified subject: %q", texts)
	}
}

// TestSignalRuleOnAUserAnswerIsTheTenants: a rule a signal fires is the
// tenant's finding about the signal's subjects even where the user's own
// answer decides the question (AR-01 has no check of its own).
func TestSignalRuleOnAUserAnswerIsTheTenants(t *testing.T) {
	fsys := miniBankFS(t)
	src := string(fsys["ar.yaml"].Data)
	src = strings.Replace(src, "      - id: mmk-for-sensitive\n", `      - id: mismatch-seen
        when: {signal: cmk-link-mismatch}
        severity: low
        severityReason: "Test bank rule."
        title: Mismatch seen
        do: Look.
        why: Because.
        links: [{title: Doc, url: "https://learn.microsoft.com/y"}]
      - id: mmk-for-sensitive
`, 1)
	fsys["ar.yaml"] = &fstest.MapFile{Data: []byte(src)}
	b, err := LoadBankFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	facts := twoEnvFacts()
	facts.Environments[1].CMK = &PolicyLink{ResourceID: "/p/1", LinkStatus: "Linked"}
	r := eval(t, b, Answers{"AR-01": answered("mmk")}, facts)
	f, ok := r.Finding("AR-01.mismatch-seen")
	if !ok || !f.Tenant || len(f.Affected) != 1 || f.Affected[0].ID != "e2" {
		t.Errorf("signal rule on a user answer: %v %+v", ok, f)
	}
}

// TestSignalRuleNamesOnlyItsSignalsSubjects: a rule fired by a signal is
// about that signal's subjects, not about everything the check found.
func TestSignalRuleNamesOnlyItsSignalsSubjects(t *testing.T) {
	b := miniBank(t)
	facts := twoEnvFacts()
	facts.Environments[1].CMK = &PolicyLink{ResourceID: "/p/1", LinkStatus: "Linked"} // e2: linked, but keyManagedBy Microsoft
	facts.Environments = append(facts.Environments, Environment{Provenance: ok("BAP"), ID: "e4", Name: "Ops", Type: EnvProduction, Geo: "uk", KeyManagedBy: "Microsoft"})
	r := eval(t, b, Answers{"AR-01": answered("cmk")}, facts)
	f, found := r.Finding("AR-02.mismatch")
	var ids []string
	for _, s := range f.Affected {
		ids = append(ids, s.ID)
	}
	if !found || !slices.Equal(ids, []string{"e2"}) {
		t.Errorf("AR-02.mismatch affected %v, want only e2 (e4 is on Microsoft's key without a mismatch)", ids)
	}
	if g, ok := r.Finding("AR-02.cmk-missing"); !ok || len(g.Affected) != 2 {
		t.Errorf("AR-02.cmk-missing (the tenant's answer) affected %+v, want e2 and e4", g.Affected)
	}
}
