package tenant

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// How a run counts and summarises each check (ARCHITECTURE: every fact
// carries its provenance; a check that could not read a subject says how
// many and gives the worst reason): worst is error, then not permitted,
// then not found, then not collected.

func TestMut2StatusRankAndState(t *testing.T) {
	order := []assess.FactStatus{assess.StatusNotCollected, assess.StatusNotFound, assess.StatusNotPermitted, assess.StatusError}
	for i, s := range order {
		if statusRank(s) != i+1 {
			t.Errorf("rank(%s) = %d, want %d", s, statusRank(s), i+1)
		}
	}
	for _, s := range []assess.FactStatus{assess.StatusOK, assess.StatusNotApplicable, ""} {
		if statusRank(s) != 0 {
			t.Errorf("rank(%q) = %d, want 0", s, statusRank(s))
		}
	}
	if statusRank("something-new") != 4 {
		t.Error("an unknown status does not rank as an error")
	}
	for s, want := range map[assess.FactStatus]string{
		assess.StatusOK: StateDone, assess.StatusNotApplicable: StateDone, assess.StatusNotFound: StateDone,
		assess.StatusNotPermitted: StateNotPermitted, assess.StatusNotCollected: StateSkipped, assess.StatusError: StateError, "": StateError,
	} {
		if got := progressState(s); got != want {
			t.Errorf("progressState(%q) = %q, want %q", s, got, want)
		}
	}
}

// clockRun is a run over a session with a clock the test moves.
func clockRun(progress func(Progress)) (*run, *time.Time) {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	r := newRun(&session{opts: Options{Now: func() time.Time { return now }}}, progress)
	return r, &now
}

func TestMut2BeginFinishSummary(t *testing.T) {
	var mu sync.Mutex
	var seen []Progress
	r, now := clockRun(func(p Progress) { mu.Lock(); seen = append(seen, p); mu.Unlock() })
	start := *now
	r.begin(CheckVaults, "ARM GET vaults", "kv-1")
	r.begin(CheckVaults, "ignored: the first source stays", "kv-2")
	r.begin(CheckVaults, "", "kv-3")
	r.begin(CheckVaults, "", "kv-4")
	*now = now.Add(1500 * time.Microsecond)
	r.finish(CheckVaults, "kv-1", pOK)
	r.finish(CheckVaults, "kv-2", assess.Provenance{Status: assess.StatusNotFound, Reason: "gone"})
	r.finish(CheckVaults, "kv-3", assess.Provenance{Status: assess.StatusNotPermitted, Reason: "needs Reader"})
	r.finish(CheckVaults, "kv-4", assess.Provenance{Status: assess.StatusNotFound, Reason: "gone too"})
	wantSeen := []Progress{
		{Check: CheckVaults, Subject: "kv-1", State: StateRunning, Done: 0, Total: 1},
		{Check: CheckVaults, Subject: "kv-2", State: StateRunning, Done: 0, Total: 2},
		{Check: CheckVaults, Subject: "kv-3", State: StateRunning, Done: 0, Total: 3},
		{Check: CheckVaults, Subject: "kv-4", State: StateRunning, Done: 0, Total: 4},
		{Check: CheckVaults, Subject: "kv-1", State: StateDone, Done: 1, Total: 4},
		{Check: CheckVaults, Subject: "kv-2", State: StateDone, Detail: "gone", Done: 2, Total: 4},
		{Check: CheckVaults, Subject: "kv-3", State: StateNotPermitted, Detail: "needs Reader", Done: 3, Total: 4},
		{Check: CheckVaults, Subject: "kv-4", State: StateDone, Detail: "gone too", Done: 4, Total: 4},
	}
	if !reflect.DeepEqual(seen, wantSeen) {
		t.Errorf("progress\n got  %+v\n want %+v", seen, wantSeen)
	}
	got := r.checks[CheckVaults].run()
	want := assess.CheckRun{Name: CheckVaults, Duration: 2 * time.Millisecond, Provenance: assess.Provenance{
		Source: "ARM GET vaults", At: start.Add(1500 * time.Microsecond), Status: assess.StatusNotPermitted,
		Reason: "3 of 4 not read; e.g. kv-3: needs Reader"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("summary\n got  %+v\n want %+v", got, want)
	}

	// an error outranks what came before; a lesser failure after it does not replace it
	for _, k := range []string{"a", "b", "c"} {
		r.begin(CheckKeys, "KV GET keys", k)
	}
	r.finish(CheckKeys, "a", assess.Provenance{Status: assess.StatusError, Reason: "boom"})
	r.finish(CheckKeys, "b", assess.Provenance{Status: assess.StatusNotPermitted, Reason: "no"})
	r.finish(CheckKeys, "c", pNA)
	if got := r.checks[CheckKeys].run().Provenance; got.Status != assess.StatusError || got.Reason != "2 of 3 not read; e.g. a: boom" {
		t.Errorf("keys %+v", got)
	}
}

func TestMut2CheckRunSummaries(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		c    checkState
		want assess.CheckRun
	}{
		{"one read", checkState{name: "x", source: "S", start: t0, end: t0.Add(time.Second), total: 1, done: 1},
			assess.CheckRun{Name: "x", Duration: time.Second, Provenance: assess.Provenance{Source: "S", At: t0.Add(time.Second), Status: assess.StatusOK}}},
		{"three read", checkState{name: "x", source: "S", start: t0, end: t0, total: 3, done: 3},
			assess.CheckRun{Name: "x", Provenance: assess.Provenance{Source: "S", At: t0, Status: assess.StatusOK, Reason: "3 read"}}},
		{"never finished: the start time", checkState{name: "x", source: "S", start: t0, total: 1},
			assess.CheckRun{Name: "x", Provenance: assess.Provenance{Source: "S", At: t0, Status: assess.StatusOK}}},
		{"the only subject failed: its own reason", checkState{name: "x", start: t0, end: t0.Add(-time.Second), total: 1, done: 1, failures: 1,
			worst: assess.Provenance{Status: assess.StatusNotFound, Reason: "HTTP 404"}, worstSubject: "s"},
			assess.CheckRun{Name: "x", Provenance: assess.Provenance{At: t0.Add(-time.Second), Status: assess.StatusNotFound, Reason: "HTTP 404"}}},
		{"two subjects, one failed: counted", checkState{name: "x", start: t0, end: t0, total: 2, done: 2, failures: 1,
			worst: assess.Provenance{Status: assess.StatusNotPermitted, Reason: "needs R"}, worstSubject: "s"},
			assess.CheckRun{Name: "x", Provenance: assess.Provenance{At: t0, Status: assess.StatusNotPermitted, Reason: "1 of 2 not read; e.g. s: needs R"}}},
		{"an explicit ok worst is ok", checkState{name: "x", start: t0, end: t0, total: 2, worst: pOK},
			assess.CheckRun{Name: "x", Provenance: assess.Provenance{At: t0, Status: assess.StatusOK, Reason: "2 read"}}},
		{"skipped: not collected with why", checkState{name: "x", start: t0, end: t0, worst: assess.Provenance{Status: assess.StatusNotCollected, Reason: "why"}},
			assess.CheckRun{Name: "x", Provenance: assess.Provenance{At: t0, Status: assess.StatusNotCollected, Reason: "why"}}},
	} {
		if got := c.c.run(); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got  %+v\n want %+v", c.name, got, c.want)
		}
	}
}

func TestMut2FinishWithoutBeginAndCancelled(t *testing.T) {
	var seen []Progress
	r, _ := clockRun(func(p Progress) { seen = append(seen, p) })
	var table [][]PreflightItem
	r.first = newFirstCalls(func(it []PreflightItem) { table = append(table, it) }, 0, false)
	r.finish(CheckTenant, "tenant", pOK)
	if c := r.checks[CheckTenant]; c == nil || c.total != 1 || c.done != 1 {
		t.Fatalf("finish without begin: %+v", c)
	}
	if len(seen) != 1 || seen[0] != (Progress{Check: CheckTenant, Subject: "tenant", State: StateDone, Done: 1, Total: 1}) {
		t.Errorf("progress %+v", seen)
	}
	if _, ok := r.first.items[CheckTenant]; !ok {
		t.Error("the preflight did not hear of the tenant")
	}
	// a read stopped by Ctrl+C is counted, but neither reported nor given to the preflight
	r.begin(CheckTenantSettings, "S", "settings")
	seen = nil
	r.finish(CheckTenantSettings, "settings", assess.Provenance{Status: assess.StatusError, Reason: reasonCancelled})
	if len(seen) != 0 {
		t.Errorf("a cancelled read was reported: %+v", seen)
	}
	if _, ok := r.first.items[CheckTenantSettings]; ok {
		t.Error("a cancelled read reached the preflight")
	}
	if c := r.checks[CheckTenantSettings]; c.failures != 1 || c.worst.Reason != reasonCancelled {
		t.Errorf("cancelled read not counted: %+v", c)
	}
	// another error with the same words in another status is reported
	r.finish(CheckTenantSettings, "settings", assess.Provenance{Status: assess.StatusNotPermitted, Reason: reasonCancelled})
	if len(seen) != 1 {
		t.Errorf("a not-permitted read was not reported: %+v", seen)
	}
	// skip records a not-collected check and says so
	seen = nil
	r.skip(CheckTLS, "TLS", "skipped (--no-tls-probe)")
	if c := r.checks[CheckTLS]; c == nil || c.worst.Status != assess.StatusNotCollected || c.worst.Reason != "skipped (--no-tls-probe)" || c.source != "TLS" {
		t.Errorf("skip: %+v", c)
	}
	if len(seen) != 1 || seen[0] != (Progress{Check: CheckTLS, State: StateSkipped, Detail: "skipped (--no-tls-probe)"}) {
		t.Errorf("skip progress %+v", seen)
	}
	// no progress callback: nothing to call
	quiet, _ := clockRun(nil)
	quiet.begin(CheckKeys, "S", "k")
	quiet.finish(CheckKeys, "k", pOK)
}
