package tenant

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestBinaryAgainstEmulator builds the se06 binary and runs it as a user
// would: 'se06 collect --auth env --cloud-config FILE' with SSL_CERT_FILE
// trusting the emulator, then 'se06 assess --facts' on the snapshot.
func TestBinaryAgainstEmulator(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := buildSE06(t, dir)
	emu, cfg, ca := startEmulatorFiles(t, dir, tenanttest.Sample(fixedNow))
	env := []string{"SSL_CERT_FILE=" + ca, "AZURE_TENANT_ID=" + emu.TenantID(), "AZURE_CLIENT_ID=" + emu.ClientID(), "AZURE_CLIENT_SECRET=" + emu.ClientSecret()}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AZURE_") && !strings.HasPrefix(kv, "SSL_CERT") && !strings.HasPrefix(kv, "HTTPS_PROXY") && !strings.HasPrefix(kv, "https_proxy") {
			env = append(env, kv)
		}
	}
	se06 := func(args ...string) (int, string, string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String(), errb.String()
	}

	snap := filepath.Join(dir, "tenant.json")
	code, stdout, stderr := se06("collect", "--auth", "env", "--cloud-config", cfg, "--allow-host", "127.0.0.1", "--out", snap, "--debug")
	if code != 0 {
		t.Fatalf("collect: exit %d\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("collect --out wrote to stdout: %q", stdout)
	}
	if !strings.Contains(stderr, "collected 8 environments") || !strings.Contains(stderr, "debug: GET ") || !strings.Contains(stderr, "Authorization: [redacted]") ||
		!strings.Contains(stderr, "preflight (from the first call of each API, read-only):") || !strings.Contains(stderr, "11 of 11 checks will run") ||
		!strings.Contains(stderr, "run   key-logging            diagnostic settings of vault ") || !strings.Contains(stderr, "run   key-roles              role assignments reaching vault ") {
		t.Errorf("collect stderr:\n%s", stderr)
	}
	data, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	f, err := assess.ParseFacts(data, snap)
	if err != nil {
		t.Fatal(err)
	}
	if f.Cloud != "emulator" || len(f.Environments) != 8 || len(f.Keys) != 3 || f.Identity == "" {
		t.Errorf("snapshot: cloud %q, %d environments, %d keys, identity %q", f.Cloud, len(f.Environments), len(f.Keys), f.Identity)
	}
	assertNoSecrets(t, emu, map[string]string{"snapshot": string(data), "stderr": stderr})

	code, stdout, stderr = se06("collect", "--auth", "env", "--cloud-config", cfg, "--allow-host", "127.0.0.1", "--preflight")
	if code != 0 || !strings.Contains(stdout, "run   environments") || !strings.Contains(stdout, "run   tls") ||
		!strings.Contains(stdout, "run   key-logging            diagnostic settings of vault kv-eu read") || !strings.Contains(stdout, "run   key-roles              role assignments at vault kv-eu read") {
		t.Errorf("preflight: exit %d\n%s\n%s", code, stdout, stderr)
	}

	// an expired secret: one clear message with what to do, and no secret
	expired := tenanttest.Sample(fixedNow)
	expired.ClientSecretExpired = true
	emu2, cfg2, ca2 := startEmulatorFiles(t, filepath.Join(dir, "expired"), expired)
	saved := env
	env = append(append([]string(nil), env...), "SSL_CERT_FILE="+ca2)
	code, stdout, stderr = se06("collect", "--auth", "env", "--cloud-config", cfg2, "--allow-host", "127.0.0.1", "--out", filepath.Join(dir, "x.json"))
	env = saved
	if code != 1 || strings.Count(stderr, "the client secret has expired") != 1 || !strings.Contains(stderr, "what to do:") || stdout != "" {
		t.Errorf("expired secret: exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, emu2.ClientSecret()) {
		t.Error("the expired-secret error shows the secret")
	}

	// a bad cloud config file names the file and the problem
	badCfg := filepath.Join(dir, "bad-cloud.json")
	if err := os.WriteFile(badCfg, []byte(`{"bap": {"endpoint": "http://plain"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = se06("collect", "--auth", "env", "--cloud-config", badCfg, "--allow-host", "127.0.0.1")
	if code != 2 || !strings.Contains(stderr, badCfg) || !strings.Contains(stderr, "must be an https URL") {
		t.Errorf("bad cloud config: exit %d\n%s", code, stderr)
	}

	answers := filepath.Join("..", "..", "examples", "answers.yaml")
	code, stdout, stderr = se06("assess", "--answers", answers, "--facts", snap)
	if code != 0 || !strings.Contains(stdout, "Grade ") {
		t.Errorf("assess --facts: exit %d\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("assess --facts on the emulator snapshot:\n%s", firstLines(stdout, 4))

	demo := filepath.Join(dir, "demo.json")
	if code, _, stderr := se06("collect", "--demo", "--out", demo); code != 0 {
		t.Fatalf("collect --demo: exit %d\n%s", code, stderr)
	}
	if code, stdout, stderr := se06("assess", "--answers", answers, "--facts", demo); code != 0 || !strings.Contains(stdout, "Grade ") {
		t.Errorf("assess --facts demo: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if v := emu.Violations(); len(v) > 0 {
		t.Errorf("write calls: %v", v)
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// buildSE06 builds the se06 binary into dir.
func buildSE06(t testing.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "se06")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if out, err := exec.Command(gobin, "build", "-o", bin, "github.com/ppwaf/se06/cmd/se06").CombinedOutput(); err != nil {
		t.Fatalf("build se06: %v\n%s", err, out)
	}
	return bin
}

// startEmulatorFiles starts sc and writes its cloud config and CA into dir.
func startEmulatorFiles(t testing.TB, dir string, sc tenanttest.Scenario) (emu *tenanttest.Emulator, cloudConfig, caFile string) {
	t.Helper()
	emu, err := tenanttest.Start(t, sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	cloudConfig, caFile, err = emu.WriteFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	return emu, cloudConfig, caFile
}

// TestBinaryOutage: when the environment list cannot be read, collect exits
// 4 and keeps the earlier snapshot; assess --fail-on-unverified exits 3 on
// a snapshot whose facts could not all be verified.
func TestBinaryOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := buildSE06(t, dir)
	sc := tenanttest.Sample(fixedNow)
	sc.Faults = append(sc.Faults, tenanttest.Fault{Service: "bap", PathSuffix: "/scopes/admin/environments", Status: 403, Code: "Forbidden"})
	emu, cfg, ca := startEmulatorFiles(t, dir, sc)
	snap := filepath.Join(dir, "tenant.json")
	if err := os.WriteFile(snap, []byte("earlier snapshot"), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(cleanEnv(), "SSL_CERT_FILE="+ca, "AZURE_TENANT_ID="+emu.TenantID(), "AZURE_CLIENT_ID="+emu.ClientID(), "AZURE_CLIENT_SECRET="+emu.ClientSecret())
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), out.String()
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, out.String()
	}
	code, out := run("collect", "--auth", "env", "--cloud-config", cfg, "--allow-host", "127.0.0.1", "--out", snap)
	if code != 4 || !strings.Contains(out, "environment list could not be read") || !strings.Contains(out, "no snapshot written") {
		t.Errorf("collect during an outage: exit %d\n%s", code, out)
	}
	if data, _ := os.ReadFile(snap); string(data) != "earlier snapshot" {
		t.Errorf("the earlier snapshot was replaced: %q", data)
	}
	code, _ = run("collect", "--auth", "env", "--cloud-config", cfg, "--allow-host", "127.0.0.1")
	if code != 4 {
		t.Errorf("collect to stdout during an outage: exit %d", code)
	}

	// a snapshot with a key that could not be read (403): not verified
	good := tenanttest.Sample(fixedNow)
	// Every vault sends its audit log, so the answer "logged to a SIEM" is
	// not ruled out by the facts and stays not verified (a policy is unreadable).
	for i := range good.Vaults {
		good.Vaults[i].DiagnosticSettings = []tenanttest.DiagnosticSetting{{Name: "to-siem", Destination: "workspace", Category: "AuditEvent", Enabled: true}}
	}
	emu2, cfg2, ca2 := startEmulatorFiles(t, filepath.Join(dir, "good"), good)
	emu, ca = emu2, ca2
	snap2 := filepath.Join(dir, "good.json")
	if code, out := run("collect", "--auth", "env", "--cloud-config", cfg2, "--allow-host", "127.0.0.1", "--out", snap2, "--no-tls-probe"); code != 0 {
		t.Fatalf("collect: exit %d\n%s", code, out)
	}
	answers := filepath.Join("..", "..", "examples", "answers.yaml")
	if code, out := run("assess", "--answers", answers, "--facts", snap2); code != 0 {
		t.Errorf("assess without the flag: exit %d\n%s", code, out)
	}
	code, out = run("assess", "--answers", answers, "--facts", snap2, "--fail-on-unverified")
	if code != 3 || !strings.Contains(out, "not verified against the tenant") {
		t.Errorf("assess --fail-on-unverified: exit %d\n%s", code, out)
	}
}
