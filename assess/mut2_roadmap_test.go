package assess

import (
	"testing"
	"time"
)

// TestBucketForEachRule: bucketFor's doc, case by case: a confirmed high is
// now (next when the fix takes an environment offline: high disruption), a
// medium is next (now when the fix is low effort and at most low
// disruption), the rest later; an unknown high is now, other unknowns next.
func TestBucketForEachRule(t *testing.T) {
	cases := []struct {
		state      FindingState
		sev        Severity
		effort     Level
		disruption Level
		want       Bucket
	}{
		{FindingFail, SevHigh, LevelLow, LevelNone, BucketNow},
		{FindingFail, SevHigh, LevelHigh, LevelMedium, BucketNow},
		{FindingFail, SevHigh, LevelLow, LevelHigh, BucketNext},
		{FindingWarn, SevMedium, LevelLow, LevelNone, BucketNow},
		{FindingWarn, SevMedium, LevelLow, LevelLow, BucketNow},
		{FindingWarn, SevMedium, LevelLow, LevelMedium, BucketNext},
		{FindingWarn, SevMedium, LevelMedium, LevelNone, BucketNext},
		{FindingWarn, SevLow, LevelLow, LevelNone, BucketLater},
		{FindingWarn, SevInfo, LevelLow, LevelNone, BucketLater},
		{FindingUnsure, SevHigh, LevelHigh, LevelHigh, BucketNow},
		{FindingUnsure, SevMedium, LevelLow, LevelNone, BucketNext},
		{FindingUnsure, SevLow, LevelLow, LevelNone, BucketNext},
		{FindingNotVerified, SevHigh, LevelLow, LevelHigh, BucketNow},
		{FindingNotVerified, SevLow, LevelLow, LevelNone, BucketNext},
	}
	for _, c := range cases {
		if got := bucketFor(Finding{State: c.state, Severity: c.sev}, c.effort, c.disruption); got != c.want {
			t.Errorf("%s %s effort %s disruption %s: %s, want %s", c.state, c.sev, c.effort, c.disruption, got, c.want)
		}
	}
}

// TestBucketWords: horizons of 30, 60 and 90 days, in order.
func TestBucketWords(t *testing.T) {
	want := []struct {
		days  int
		label string
	}{{30, "Now (30 days)"}, {60, "Next (60 days)"}, {90, "Later (90 days)"}}
	for i, b := range Buckets() {
		if b.Days() != want[i].days || b.Label() != want[i].label {
			t.Errorf("%s: %d %q, want %d %q", b, b.Days(), b.Label(), want[i].days, want[i].label)
		}
	}
}

// TestKeyExpirySetsTheDeadline: the soonest expiry among a finding's keys
// (matched by vault ID and name in any case) replaces a later roadmap date;
// one within 30 days moves the action to now; a later expiry changes
// nothing.
func TestKeyExpirySetsTheDeadline(t *testing.T) {
	b := mustBank(t)
	evaluated := time.Date(2026, 1, 10, 15, 0, 0, 0, time.UTC)
	const vid = "/subscriptions/s/resourceGroups/r/providers/Microsoft.KeyVault/vaults/kv"
	at := func(y int, m time.Month, d int) *time.Time { x := time.Date(y, m, d, 6, 0, 0, 0, time.UTC); return &x }
	facts := &Facts{Keys: []Key{
		{VaultID: vid, Name: "late", Expires: at(2026, 12, 1)},
		{VaultID: vid, Name: "soon", Expires: at(2026, 2, 20)},
		{VaultID: vid, Name: "sooner", Expires: at(2026, 2, 5)},
		{VaultID: vid, Name: "edge", Expires: at(2026, 2, 9)},
		{VaultID: vid, Name: "edge2", Expires: at(2026, 2, 10)},
		{VaultID: vid, Name: "never"},
	}}
	key := func(n string) Subject { return Subject{Kind: SubjectKey, ID: vid + "/keys/" + n} }
	low := func(keys ...Subject) Finding {
		return Finding{ID: "KM-99.x", Section: "KM", Severity: SevLow, State: FindingWarn, Affected: keys}
	}
	cases := []struct {
		name   string
		f      Finding
		bucket Bucket
		due    string
		reason string
	}{
		{"no key", low(), BucketLater, "2026-04-10", "roadmap: later (90 days)"},
		{"a later key", low(key("late"), key("never")), BucketLater, "2026-04-10", "roadmap: later (90 days)"},
		{"the soonest of two", low(key("soon"), Subject{Kind: SubjectKey, ID: vid + "/KEYS/SOONER"}, key("late")), BucketNow, "2026-02-05", "key sooner expires"},
		{"within 30 days", low(key("edge")), BucketNow, "2026-02-09", "key edge expires"},
		{"on day 31", low(key("edge2")), BucketLater, "2026-02-10", "key edge2 expires"},
		{"day 41", low(key("soon")), BucketLater, "2026-02-20", "key soon expires"},
		{"not a key subject", low(Subject{Kind: SubjectVault, ID: vid + "/keys/sooner"}), BucketLater, "2026-04-10", "roadmap: later (90 days)"},
	}
	for _, c := range cases {
		acts := PlanActions(b, []Finding{c.f}, facts, evaluated)
		if len(acts) != 1 {
			t.Fatalf("%s: %d actions", c.name, len(acts))
		}
		a := acts[0]
		if a.Bucket != c.bucket || a.Due != c.due || a.DueReason != c.reason || a.Rank != 1 {
			t.Errorf("%s: %s %s %q rank %d, want %s %s %q rank 1", c.name, a.Bucket, a.Due, a.DueReason, a.Rank, c.bucket, c.due, c.reason)
		}
	}
	// without facts nothing expires
	a := PlanActions(b, []Finding{low(key("sooner"))}, nil, evaluated)[0]
	if a.Due != "2026-04-10" {
		t.Errorf("no facts: due %s", a.Due)
	}
}

// TestFollowUpOverdueDays: the follow-up date itself is on time; the day
// after is one day overdue, in UTC; empty or malformed is never overdue.
func TestFollowUpOverdueDays(t *testing.T) {
	now := time.Date(2026, 3, 10, 23, 30, 0, 0, time.FixedZone("W", -2*3600)) // 11 March, 01:30 UTC
	cases := []struct {
		date string
		days int
	}{
		{"2026-03-11", 0}, {"2026-03-12", 0}, {"2026-03-10", 1}, {"2026-03-01", 10}, {"", 0}, {"soon", 0},
	}
	for _, c := range cases {
		if got := daysOverdue(c.date, now); got != c.days {
			t.Errorf("%q: %d days, want %d", c.date, got, c.days)
		}
		if got := FollowUpOverdue(c.date, now); got != (c.days > 0) {
			t.Errorf("%q: overdue %v", c.date, got)
		}
	}
}

// TestMarkOverdueOnlyOpenUnsure: only a visible not-sure answer with a past
// date whose question-level finding is still open is overdue.
func TestMarkOverdueOnlyOpenUnsure(t *testing.T) {
	now := time.Date(2026, 3, 11, 12, 0, 0, 0, time.UTC)
	past := Answer{State: AnswerUnsure, FollowUp: "2026-03-01", Owner: "Ann"}
	res := &Result{
		Questions: []QuestionResult{
			{QuestionID: "A-01", Section: "A", Visible: true, Answer: past},
			{QuestionID: "A-02", Visible: false, Answer: past},
			{QuestionID: "A-03", Visible: true, Answer: Answer{State: AnswerUnsure, FollowUp: "2026-03-11"}},
			{QuestionID: "A-04", Visible: true, Answer: Answer{State: AnswerSkipped, FollowUp: "2026-03-01"}},
			{QuestionID: "A-05", Visible: true, Answer: past},
		},
		Findings: []Finding{
			{ID: "A-01", State: FindingUnsure}, {ID: "A-01.rule", State: FindingUnsure},
			{ID: "A-02", State: FindingUnsure}, {ID: "A-03", State: FindingUnsure}, {ID: "A-04", State: FindingUnsure},
			{ID: "A-05", State: FindingAccepted},
		},
	}
	out := markOverdue(res, now)
	if len(out) != 1 || out[0] != (OverdueFollowUp{QuestionID: "A-01", Section: "A", Owner: "Ann", FollowUp: "2026-03-01", DaysOverdue: 10}) {
		t.Fatalf("overdue %+v, want only A-01, 10 days", out)
	}
	for i, want := range []bool{true, false, false, false, false} {
		if res.Questions[i].Overdue != want {
			t.Errorf("question %s overdue %v", res.Questions[i].QuestionID, res.Questions[i].Overdue)
		}
	}
	for i, want := range []bool{true, false, false, false, false, false} {
		if res.Findings[i].Overdue != want {
			t.Errorf("finding %s overdue %v", res.Findings[i].ID, res.Findings[i].Overdue)
		}
	}
}
