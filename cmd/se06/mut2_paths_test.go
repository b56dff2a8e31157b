package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// Error and edge paths of the commands that no other test walks; each
// expectation comes from the --help texts (exit codes, flag wording) or is
// worked out by hand from the fixture.

// zeroClockCLI runs se06 in-process with a clock that gives no time, which
// makes every evaluation fail ("no clock").
func zeroClockCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, version: "test", now: func() time.Time { return time.Time{} }, getenv: func(string) string { return "" }}
	code = run(context.Background(), a, args)
	return code, out.String(), errb.String()
}

// TestFailOnUnverified: --fail-on-unverified exits 3 when a finding could not
// be verified against the tenant (assess --help), saying how many on stderr;
// without facts nothing is unverified (exit 0), and without the flag the
// same facts exit 0. The demo tenant (assess/tenant/demo/fabrikam.json) has
// exactly one unreadable fact, the vault kv-fab-uk (not permitted), which
// leaves one finding of the example answers not verified.
func TestFailOnUnverified(t *testing.T) {
	answers := "../../examples/answers.yaml"
	code, _, stderr := runCLI(t, "assess", "--answers", answers, "--demo", "--fail-on-unverified")
	if code != exitFindings || !strings.Contains(stderr, "1 finding not verified against the tenant\n") {
		t.Errorf("demo tenant: exit %d, want %d\n%s", code, exitFindings, stderr)
	}
	code, _, stderr = runCLI(t, "assess", "--answers", answers, "--fail-on-unverified")
	if code != exitOK || strings.Contains(stderr, "not verified") {
		t.Errorf("no facts: exit %d, want %d\n%s", code, exitOK, stderr)
	}
	code, _, stderr = runCLI(t, "assess", "--answers", answers, "--demo")
	if code != exitOK || strings.Contains(stderr, "not verified") {
		t.Errorf("demo tenant without the flag: exit %d, want %d\n%s", code, exitOK, stderr)
	}
}

// TestProfileVariables: a CPU profile that cannot be created fails the run
// (exit 1) naming the variable, before any work, for assess and collect
// alike; a heap profile is written when the run stops.
func TestProfileVariables(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(file, "cpu.pprof") // under a file: cannot be created
	env := map[string]string{"SE06_CPUPROFILE": bad}
	a, out, errb := collectApp(env)
	jsonOut := filepath.Join(dir, "r.json")
	code := run(context.Background(), a, []string{"assess", "--answers", "../../examples/answers.yaml", "--json", jsonOut})
	if code != exitError || !strings.Contains(errb.String(), "se06: SE06_CPUPROFILE: ") || out.Len() != 0 {
		t.Errorf("assess: exit %d, want %d\nstdout %.80q\nstderr %s", code, exitError, out.String(), errb.String())
	}
	if _, err := os.Stat(jsonOut); !os.IsNotExist(err) {
		t.Errorf("assess wrote its output after the profile failed: %v", err)
	}

	emu, err := tenanttest.Start(t, tenanttest.Sample(testNow))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	cfg, _, err := emu.WriteFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"AZURE_TENANT_ID": emu.TenantID(), "AZURE_CLIENT_ID": emu.ClientID(), "AZURE_CLIENT_SECRET": emu.ClientSecret(),
		"XDG_CONFIG_HOME": dir, "XDG_CACHE_HOME": dir, "HOME": dir} {
		env[k] = v
	}
	a, out, errb = collectApp(env)
	code = run(context.Background(), a, []string{"collect", "--auth", "env", "--cloud-config", cfg, "--allow-host", "127.0.0.1", "--no-tls-probe", "--no-token-cache", "--quiet"})
	if code != exitError || !strings.Contains(errb.String(), "se06: SE06_CPUPROFILE: ") || out.Len() != 0 {
		t.Errorf("collect: exit %d, want %d\nstdout %.80q\nstderr %s", code, exitError, out.String(), errb.String())
	}
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("collect sent %d requests after the profile failed", n)
	}

	mem := filepath.Join(dir, "mem.pprof")
	stop, err := startProfile(func(k string) string { return map[string]string{"SE06_MEMPROFILE": mem}[k] })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(mem); !os.IsNotExist(err) {
		t.Errorf("the heap profile exists before the run stops: %v", err)
	}
	stop()
	if data, err := os.ReadFile(mem); err != nil || !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		t.Errorf("heap profile: %d bytes (%v), want a gzip-compressed pprof profile", len(data), err)
	}
}

// TestEnvironmentsNotRead: collect exits 4 only when the environment list
// itself was not read (collect --help); another check that failed, or an
// environment list read fine, is no reason. The reason names the status and
// why.
func TestEnvironmentsNotRead(t *testing.T) {
	run := func(name string, st assess.FactStatus, reason string) assess.CheckRun {
		return assess.CheckRun{Name: name, Provenance: assess.Provenance{Status: st, Reason: reason}}
	}
	cases := []struct {
		name   string
		checks []assess.CheckRun
		want   string
	}{
		{"nothing recorded", nil, ""},
		{"all read", []assess.CheckRun{run("tenant", assess.StatusOK, ""), run("environments", assess.StatusOK, "")}, ""},
		{"another check failed", []assess.CheckRun{run("vaults", assess.StatusNotPermitted, "needs Reader"), run("environments", assess.StatusOK, "")}, ""},
		{"list not permitted", []assess.CheckRun{run("tenant", assess.StatusOK, ""), run("environments", assess.StatusNotPermitted, "needs Power Platform administrator")},
			"not permitted: needs Power Platform administrator"},
		{"list failed", []assess.CheckRun{run("environments", assess.StatusError, "page 3: HTTP 503")}, "error: page 3: HTTP 503"},
	}
	for _, c := range cases {
		if got := environmentsNotRead(&assess.Facts{Checks: c.checks}); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestCollectSummaryLines: after a collection, one line of counts (with the
// identity when known) and one line per check, its status words padded to
// 14 and its name to 22, then why when it is not ok.
func TestCollectSummaryLines(t *testing.T) {
	f := &assess.Facts{
		Environments: make([]assess.Environment, 2), Policies: make([]assess.EnterprisePolicy, 1), Keys: make([]assess.Key, 3),
		Identity: "ops@contoso.example",
		Checks: []assess.CheckRun{
			{Name: "environments", Provenance: assess.Provenance{Status: assess.StatusOK}},
			{Name: "vaults", Provenance: assess.Provenance{Status: assess.StatusNotPermitted, Reason: "needs Reader"}},
		},
	}
	var b bytes.Buffer
	printCollectSummary(&b, f, 1234*time.Millisecond)
	want := "collected 2 environments, 1 enterprise policies, 0 vaults, 3 keys in 1.2s as ops@contoso.example\n" +
		"  ok             environments\n" +
		"  not permitted  vaults                 needs Reader\n"
	if b.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	f.Identity, f.Checks = "", nil
	printCollectSummary(&b, f, 0)
	if want := "collected 2 environments, 1 enterprise policies, 0 vaults, 3 keys in 0s\n"; b.String() != want {
		t.Errorf("no identity: %q, want %q", b.String(), want)
	}
}

// TestWriteFactsFailures: a snapshot that cannot be encoded or written is an
// error, and nothing says it was written.
func TestWriteFactsFailures(t *testing.T) {
	a, out, errb := collectApp(nil)
	if err := writeFacts(a, "-", nil, false); err == nil {
		t.Error("no facts to stdout: no error")
	}
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFacts(a, filepath.Join(file, "tenant.json"), &assess.Facts{}, false); err == nil {
		t.Error("a path under a file: no error")
	}
	if out.Len() != 0 || strings.Contains(errb.String(), "wrote") {
		t.Errorf("stdout %q stderr %q", out.String(), errb.String())
	}
}

// TestEvaluationFailuresExit1: when an evaluation fails (a clock that gives
// no time), diff and report exit 1 saying so and write nothing, and a
// --compare file that cannot be read fails the run naming the flag.
func TestEvaluationFailuresExit1(t *testing.T) {
	dir := t.TempDir()
	saved := saveExample(t, dir)
	jsonOut := filepath.Join(dir, "diff.json")
	code, stdout, stderr := zeroClockCLI("diff", saved, saved, "--json", jsonOut)
	if code != exitError || !strings.Contains(stderr, "no clock") || stdout != "" {
		t.Errorf("diff: exit %d, want %d\nstdout %.80q\nstderr %s", code, exitError, stdout, stderr)
	}
	md := filepath.Join(dir, "r.md")
	code, _, stderr = zeroClockCLI("report", saved, "--md", md)
	if code != exitError || !strings.Contains(stderr, "no clock") {
		t.Errorf("report: exit %d, want %d\n%s", code, exitError, stderr)
	}
	for _, p := range []string{jsonOut, md} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s written after a failed evaluation: %v", p, err)
		}
	}

	notAsm := filepath.Join(dir, "not-an-assessment.json")
	if err := os.WriteFile(notAsm, []byte("{\"answers\": 1}"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCLI(t, "diff", saved, notAsm)
	if code != exitError || !strings.Contains(stderr, "not-an-assessment.json") || stdout != "" {
		t.Errorf("diff with a bad NEW: exit %d, want %d\nstdout %.80q\nstderr %s", code, exitError, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "report", saved, "--md", md, "--compare", notAsm)
	if code != exitError || !strings.Contains(stderr, "se06: --compare: ") || !strings.Contains(stderr, "not-an-assessment.json") {
		t.Errorf("report --compare a bad file: exit %d, want %d\n%s", code, exitError, stderr)
	}
	if _, err := os.Stat(md); !os.IsNotExist(err) {
		t.Errorf("report wrote %s although --compare failed: %v", md, err)
	}
	missing := filepath.Join(dir, "missing.json")
	code, _, stderr = runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--facts", missing)
	if code != exitError || !strings.Contains(stderr, "se06: read facts snapshot "+missing+": ") || !strings.Contains(stderr, "no such file") {
		t.Errorf("assess --facts a missing file: exit %d, want %d\n%s", code, exitError, stderr)
	}
	code, _, stderr = runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--facts", notAsm)
	if code != exitError || !strings.Contains(stderr, "not-an-assessment.json") {
		t.Errorf("assess --facts a bad file: exit %d, want %d\n%s", code, exitError, stderr)
	}
}

// cancelOn is a stream that cancels the run once marker has been written to
// it: a readiness signal instead of a timer.
type cancelOn struct {
	buf    bytes.Buffer
	marker string
	cancel context.CancelFunc
}

func (c *cancelOn) Write(p []byte) (int, error) {
	c.buf.Write(p)
	if strings.Contains(c.buf.String(), c.marker) {
		c.cancel()
	}
	return len(p), nil
}

// TestCollectDebugAndPreflightEnd: --debug logs each request on stderr
// (collect --help), and only with --debug; a preflight that cannot sign in
// (here: stopped by Ctrl+C once the token routes are printed) fails the run
// instead of printing an empty table. The emulator's certificate is not
// trusted by this process, so the sign-in never succeeds.
func TestCollectDebugAndPreflightEnd(t *testing.T) {
	emu, err := tenanttest.Start(t, tenanttest.Sample(testNow))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	dir := t.TempDir()
	cfg, _, err := emu.WriteFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"AZURE_TENANT_ID": emu.TenantID(), "AZURE_CLIENT_ID": emu.ClientID(), "AZURE_CLIENT_SECRET": emu.ClientSecret(),
		"XDG_CONFIG_HOME": dir, "XDG_CACHE_HOME": dir, "HOME": dir}
	base := []string{"collect", "--auth", "env", "--cloud-config", cfg, "--allow-host", "127.0.0.1", "--no-tls-probe", "--no-token-cache", "--out", filepath.Join(dir, "s.json")}
	collect := func(marker string, toStdout bool, extra ...string) (int, string, string) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang guard, not a performance limit
		defer cancel()
		a, out, errb := collectApp(env)
		w := &cancelOn{marker: marker, cancel: cancel}
		if toStdout {
			a.stdout = w
		} else {
			a.stderr = w
		}
		code := run(ctx, a, append(base, extra...))
		return code, out.String() + w.buf.String(), errb.String() + w.buf.String()
	}
	code, _, stderr := collect("debug: GET https://127.0.0.1:", false, "--debug")
	if code != exitInterrupted || !strings.Contains(stderr, "debug: GET https://127.0.0.1:") {
		t.Errorf("--debug: exit %d, want %d and a request logged\n%s", code, exitInterrupted, stderr)
	}
	code, _, stderr = collect("signing in…\n", false)
	if code != exitInterrupted || strings.Contains(stderr, "debug:") {
		t.Errorf("without --debug: exit %d, want %d and no request logged\n%s", code, exitInterrupted, stderr)
	}
	// stderr is no terminal here: plain lines, never the live bar
	if strings.Contains(stderr, "\r") || strings.Contains(stderr, "subjects left") {
		t.Errorf("the live bar was drawn on a stderr that is no terminal:\n%q", stderr)
	}
	code, stdout, _ := collect("tokens go to:\n", true, "--preflight")
	if code != exitInterrupted || strings.Contains(stdout, "checks will run") {
		t.Errorf("--preflight stopped before the sign-in: exit %d, want %d\n%s", code, exitInterrupted, stdout)
	}
}
