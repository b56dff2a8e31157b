package assess

import (
	"slices"
	"strings"
	"testing"
)

// Tests written for the survivors of a fresh mutation run. Every expectation
// comes from the rule stated in the comment or doc of the code it pins.

// TestFromTenantCounts: Score.FromTenant counts the answered questions that
// only the tenant's facts answered: nobody answered them, or the answer was
// not sure or skipped (result.go). The user's own answer, or not applicable,
// is not the tenant's doing.
func TestFromTenantCounts(t *testing.T) {
	cases := []struct {
		user   AnswerState
		source AnswerSource
		want   int
	}{
		{"", SourceTenant, 1},
		{AnswerUnsure, SourceTenant, 1},
		{AnswerSkipped, SourceTenant, 1},
		{AnswerAnswered, SourceTenant, 0},
		{AnswerNotApplicable, SourceTenant, 0},
		{"", SourceUser, 0},
	}
	for _, c := range cases {
		var sc Score
		addToScore(&sc, QuestionResult{Visible: true, Status: QuestionAnswered,
			Answer: Answer{State: c.user}, Effective: Answer{State: AnswerAnswered, Source: c.source}})
		if sc.FromTenant != c.want || sc.Answered != 1 {
			t.Errorf("user %q, effective source %q: fromTenant %d answered %d, want %d and 1", c.user, c.source, sc.FromTenant, sc.Answered, c.want)
		}
	}
}

// TestKindNotAStringIsNamed: a wrong kind is named rather than half-read
// (kind.go), also when it is a short value that is not a string.
func TestKindNotAStringIsNamed(t *testing.T) {
	doc := `{"kind":7,"schemaVersion":1,"answers":{}}`
	_, _, err := ParseAssessment([]byte(doc), "a.json", miniBank(t))
	if err == nil || !strings.Contains(err.Error(), `kind "7" is not one se06 writes`) {
		t.Errorf("kind 7: %v, want it named as a kind se06 does not write", err)
	}
}

// TestTfNameKeepsEveryLetter: a Terraform identifier keeps the name's
// letters a to z and digits, 'z' included, and joins the rest with one '_'.
func TestTfNameKeepsEveryLetter(t *testing.T) {
	got := tfName(SubjectVault, "Zz Vault-9", "id")
	if !strings.HasPrefix(got, "vault_zz_vault_9_") {
		t.Errorf("tfName: %q, want it to start with vault_zz_vault_9_", got)
	}
}

// TestMergeLinksKeepsEachURLOnce: merged links keep the first list and add
// every link of the second whose URL is not there yet, in order.
func TestMergeLinksKeepsEachURLOnce(t *testing.T) {
	a := Link{Title: "A", URL: "https://learn.microsoft.com/a"}
	b := Link{Title: "B", URL: "https://learn.microsoft.com/b"}
	c := Link{Title: "C", URL: "https://learn.microsoft.com/c"}
	got := mergeLinks([]Link{a}, []Link{b, {Title: "A again", URL: a.URL}, c})
	want := []Link{a, b, c}
	if !slices.Equal(got, want) {
		t.Errorf("merged %+v, want %+v", got, want)
	}
}

// TestPolicyLocationFallsBackToTheLink: the policy's own location when it was
// read, else the link's. A policy read without a location has none to give,
// so the link's location stands.
func TestPolicyLocationFallsBackToTheLink(t *testing.T) {
	const id = "/subscriptions/s1/providers/Microsoft.PowerPlatform/enterprisePolicies/ep"
	f := &Facts{Policies: []EnterprisePolicy{{Provenance: okProv(), ID: id, Kind: "Encryption"}}}
	e := Environment{ID: "env", CMK: &CMKLink{ResourceID: id, Location: "europe", LinkStatus: "Linked"}}
	if got := policyLocation(indexFacts(f), e); got != "europe" {
		t.Errorf("policy without a location: %q, want the link's europe", got)
	}
	f.Policies[0].Location = "unitedstates"
	if got := policyLocation(indexFacts(f), e); got != "unitedstates" {
		t.Errorf("policy with a location: %q, want its own unitedstates", got)
	}
}

// TestUnreadableSaysFoundAnywayOnlyWhenFound: the summary adds what was found
// despite the unread facts only when something was found.
func TestUnreadableSaysFoundAnywayOnlyWhenFound(t *testing.T) {
	var o Observation
	if !o.unreadable("vaults", []problem{{status: StatusNotPermitted, reason: "vault kv1: 403"}}) {
		t.Fatal("a problem was not reported")
	}
	if o.Summary != "Some vaults could not be read: vault kv1: 403" {
		t.Errorf("nothing found: summary %q", o.Summary)
	}
}

// TestVNetSummary: checkVNet lists the in-scope environments without a
// linked virtual network policy; when all have one, the summary says so and
// names none as lacking it.
func TestVNetSummary(t *testing.T) {
	run := func(f *Facts) Observation {
		def, _ := lookupCheck("vnet-injection")
		return runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Now: testNow})
	}
	f := healthyFacts()
	if o := run(f); !strings.HasPrefix(o.Summary, "All ") || strings.Contains(o.Summary, "no virtual network policy") {
		t.Errorf("all linked: summary %q", o.Summary)
	}
	f.Environments[0].VNetPolicy = nil
	if o := run(f); strings.HasPrefix(o.Summary, "All ") || !strings.Contains(o.Summary, "no virtual network policy") || !strings.Contains(o.Summary, "Contoso HR") {
		t.Errorf("none linked: summary %q", o.Summary)
	}
}

// TestMovedNotOnlyByOpenQuestions: OnlyOpenChanged is true only when every
// question whose score moved was open in one of the two results (compare.go);
// a question answered in both whose score moved makes it false, even when
// another question was answered since.
func TestMovedNotOnlyByOpenQuestions(t *testing.T) {
	one, half := 1.0, 0.5
	old := &Result{Questions: []QuestionResult{
		{QuestionID: "q1", Section: "s", Visible: true, Status: QuestionAnswered, Score: &one},
		{QuestionID: "q2", Section: "s", Visible: true, Status: QuestionOpen},
	}}
	cur := &Result{Questions: []QuestionResult{
		{QuestionID: "q1", Section: "s", Visible: true, Status: QuestionAnswered, Score: &half},
		{QuestionID: "q2", Section: "s", Visible: true, Status: QuestionAnswered, Score: &one},
	}}
	for _, curQ2 := range []QuestionStatus{QuestionAnswered, QuestionOpen} {
		cur.Questions[1].Status = curQ2
		scores := []ScoreDelta{{ID: "overall"}}
		explainMoves(scores, old, cur)
		if scores[0].OnlyOpenChanged || scores[0].Note != "" {
			t.Errorf("q2 now %s: an answered question moved, yet onlyOpenChanged=%v note %q", curQ2, scores[0].OnlyOpenChanged, scores[0].Note)
		}
	}
}
