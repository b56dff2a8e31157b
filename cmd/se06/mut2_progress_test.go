package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess/tenant"
)

// The plain progress lines, the preflight table, the token routes and the
// live bar of 'se06 collect', each written out by hand from collect --help
// and the comments that state each format.

// TestProgressPrinterLines: "signing in…" once the sign-in runs (its end and
// failure are left to the command); a line per environment page; "reading
// CHECK…" the first time a check runs; a line per subject not permitted or in
// error; a line per skipped check; nothing for the rest.
func TestProgressPrinterLines(t *testing.T) {
	var b bytes.Buffer
	p := progressPrinter(&b)
	steps := []struct {
		ev   tenant.Progress
		want string
	}{
		{tenant.Progress{Check: "sign-in", State: "running"}, "signing in…\n"},
		{tenant.Progress{Check: "sign-in", State: "done"}, ""},
		{tenant.Progress{Check: "sign-in", State: "error", Detail: "AADSTS7000215"}, ""},
		{tenant.Progress{Check: "environments", State: "running"}, "reading environments…\n"},
		{tenant.Progress{Check: "environments", State: "running", Subject: "page 1", Detail: "250 environments"}, "  environments: page 1, 250 environments\n"},
		{tenant.Progress{Check: "environments", State: "running"}, ""},
		{tenant.Progress{Check: "environments", State: "done", Subject: "250 environments"}, ""},
		{tenant.Progress{Check: "vaults", State: "running", Subject: "kv-1"}, "reading vaults…\n"},
		{tenant.Progress{Check: "vaults", State: "running", Subject: "kv-2"}, ""},
		{tenant.Progress{Check: "vaults", State: "not-permitted", Subject: "kv-2", Detail: "needs Reader"}, "  vaults kv-2: not permitted: needs Reader\n"},
		{tenant.Progress{Check: "keys", State: "error", Subject: "k1", Detail: "HTTP 500"}, "  keys k1: error: HTTP 500\n"},
		{tenant.Progress{Check: "tls", State: "skipped", Detail: "--no-tls-probe"}, "  tls: --no-tls-probe\n"},
		{tenant.Progress{Check: "keys", State: "done", Subject: "k2"}, ""},
	}
	for _, s := range steps {
		b.Reset()
		p(s.ev)
		if b.String() != s.want {
			t.Errorf("%+v: %q, want %q", s.ev, b.String(), s.want)
		}
	}
}

// TestPreflightTable: "run " or "skip" per check with its reason, then how
// many of how many will run; only when one is skipped the note that findings
// needing it become "not verified".
func TestPreflightTable(t *testing.T) {
	var b bytes.Buffer
	printPreflight(&b, "preflight:", []tenant.PreflightItem{{Check: "environments", WillRun: true, Reason: "BAP answered"}, {Check: "tls", WillRun: true}})
	want := "preflight:\n" +
		"  run   environments           BAP answered\n" +
		"  run   tls                    \n" +
		"2 of 2 checks will run\n"
	if b.String() != want {
		t.Errorf("all run:\n%q\nwant\n%q", b.String(), want)
	}
	b.Reset()
	printPreflight(&b, "preflight:", []tenant.PreflightItem{{Check: "environments", WillRun: true, Reason: "ok"}, {Check: "vaults", Reason: "needs Reader"}})
	want = "preflight:\n" +
		"  run   environments           ok\n" +
		"  skip  vaults                 needs Reader\n" +
		"1 of 2 checks will run; findings that need a skipped check become \"not verified\"\n"
	if b.String() != want {
		t.Errorf("one skipped:\n%q\nwant\n%q", b.String(), want)
	}
	b.Reset()
	printPreflight(&b, "preflight:", nil)
	if want := "preflight:\n0 of 0 checks will run\n"; b.String() != want {
		t.Errorf("nothing: %q, want %q", b.String(), want)
	}
}

// TestTokenRoutesTable: each service with its host and audience, and why the
// host may have it; the authority receives the sign-in itself.
func TestTokenRoutesTable(t *testing.T) {
	var b bytes.Buffer
	printTokenRoutes(&b, []tenant.TokenRoute{
		{Service: "authority", Host: "login.microsoftonline.com", Allowed: "known host"},
		{Service: "bap", Host: "api.bap.microsoft.com", Audience: "https://service.powerapps.com/", Allowed: "known host"},
	})
	want := "tokens go to:\n" +
		"  authority        login.microsoftonline.com            (sign-in) (known host)\n" +
		"  bap              api.bap.microsoft.com                https://service.powerapps.com/ (known host)\n"
	if b.String() != want {
		t.Errorf("routes:\n%q\nwant\n%q", b.String(), want)
	}
}

// liveBar drives a liveProgress on a clock the test moves.
type liveBar struct {
	t     *testing.T
	b     bytes.Buffer
	clock time.Time
	l     *liveProgress
}

func newLiveBar(t *testing.T) *liveBar {
	lb := &liveBar{t: t, clock: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	lb.l = newLiveProgress(&lb.b, func() time.Time { return lb.clock })
	return lb
}

// step moves the clock by d, sends ev, and returns what was drawn.
func (lb *liveBar) step(d time.Duration, ev tenant.Progress) string {
	lb.b.Reset()
	lb.clock = lb.clock.Add(d)
	lb.l.update(ev)
	return lb.b.String()
}

// TestLiveBarCountsPagesOnly: only a running environment event naming a page
// counts a page (and prints no line); the start of the list, a failed page
// and another check's subject that happens to start with "page " do not.
func TestLiveBarCountsPagesOnly(t *testing.T) {
	lb := newLiveBar(t)
	out := lb.step(time.Second, tenant.Progress{Check: "environments", State: "running"})
	if !strings.Contains(out, "reading environments…\n") || !strings.Contains(out, " 0 pages, 0 environments · ") {
		t.Errorf("start of the list: %q", out)
	}
	out = lb.step(time.Second, tenant.Progress{Check: "keys", State: "running", Subject: "page 7", Total: 2})
	if !strings.Contains(out, " 0 pages, 0 environments · 2 subjects left") {
		t.Errorf("a key named like a page: %q", out)
	}
	out = lb.step(time.Second, tenant.Progress{Check: "environments", State: "running", Subject: "page 1", Detail: "250 environments"})
	if !strings.Contains(out, " 1 pages, 250 environments · ") || strings.Contains(out, "page 1,") {
		t.Errorf("page 1: %q", out)
	}
	out = lb.step(time.Second, tenant.Progress{Check: "environments", State: "error", Subject: "page 2", Detail: "HTTP 503"})
	if !strings.Contains(out, "  environments page 2: error: HTTP 503\n") || !strings.Contains(out, " 1 pages, 250 environments · ") {
		t.Errorf("a failed page: %q", out)
	}
}

// TestLiveBarDrawing: the first draw starts on a clean line; every later one
// first erases the bar it replaces. A subject event without counts leaves a
// check's counts as they were. A page redraws the bar only 100 ms after the
// last draw, and exactly 100 ms is enough.
func TestLiveBarDrawing(t *testing.T) {
	lb := newLiveBar(t)
	out := lb.step(0, tenant.Progress{Check: "vaults", State: "running", Subject: "kv-1", Done: 1, Total: 4})
	if strings.HasPrefix(out, "\r") || !strings.Contains(out, "3 subjects left") {
		t.Errorf("first draw: %q", out)
	}
	out = lb.step(time.Millisecond, tenant.Progress{Check: "vaults", State: "not-permitted", Subject: "kv-2", Detail: "needs Reader"})
	if !strings.HasPrefix(out, "\r\x1b[2K  vaults kv-2: not permitted: needs Reader\n") || !strings.Contains(out, "3 subjects left") {
		t.Errorf("a line above the bar: %q", out)
	}
	page := tenant.Progress{Check: "environments", State: "running", Subject: "page 1", Detail: "10 environments"}
	if out := lb.step(99*time.Millisecond, page); out != "" {
		t.Errorf("redrawn after 99 ms: %q", out)
	}
	if out := lb.step(time.Millisecond, page); !strings.HasPrefix(out, "\r\x1b[2K") || !strings.Contains(out, " 2 pages, 20 environments") {
		t.Errorf("not redrawn 100 ms after the last draw: %q", out)
	}
}

// TestLiveBarEstimate: no subject known yet is an empty bar; the time left is
// estimated only once the list is complete, something is done and time has
// passed (until then "estimating"); nothing left is "finishing".
func TestLiveBarEstimate(t *testing.T) {
	lb := newLiveBar(t)
	lb.l.above(func(io.Writer) {})
	if out := lb.b.String(); strings.Count(out, "░") != 24 || strings.Contains(out, "█") || !strings.Contains(out, " 0 pages, 0 environments · 0 subjects left · estimating") {
		t.Errorf("nothing known: %q", out)
	}
	lb = newLiveBar(t)
	lb.step(0, tenant.Progress{Check: "environments", State: "done", Subject: "3 environments"})
	if out := lb.step(time.Second, tenant.Progress{Check: "keys", State: "running", Subject: "k1", Done: 0, Total: 4}); !strings.Contains(out, "4 subjects left · estimating") {
		t.Errorf("nothing done yet: %q", out)
	}
	lb = newLiveBar(t)
	lb.step(0, tenant.Progress{Check: "environments", State: "done"})
	if out := lb.step(0, tenant.Progress{Check: "keys", State: "running", Subject: "k1", Done: 1, Total: 2}); !strings.Contains(out, "1 subjects left · estimating") {
		t.Errorf("no time passed: %q", out)
	}
	lb = newLiveBar(t)
	lb.step(0, tenant.Progress{Check: "environments", State: "done"})
	if out := lb.step(time.Nanosecond, tenant.Progress{Check: "keys", State: "running", Subject: "k1", Done: 1, Total: 2}); !strings.Contains(out, "1 subjects left · about 0s left") {
		t.Errorf("1 ns for one of two: %q", out)
	}
	if out := lb.step(3*time.Second, tenant.Progress{Check: "keys", State: "done", Subject: "k2", Done: 2, Total: 2}); !strings.Contains(out, "0 subjects left · finishing") {
		t.Errorf("all done: %q", out)
	}
}
