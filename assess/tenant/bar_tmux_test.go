package tenant

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestBinaryProgressBarOnTerminal: 'se06 collect' on a terminal (a tmux
// pane) draws its progress bar with cursor controls on the terminal itself
// (pages, environments, subjects left), not the plain page lines. tmux
// signals the end of the
// run (wait-for), and pipe-pane keeps the raw bytes the terminal received.
func TestBinaryProgressBarOnTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if v := os.Getenv("SE06_REQUIRE_TOOLS"); v != "" && v != "0" && v != "false" {
			t.Fatal("tmux is not installed, and SE06_REQUIRE_TOOLS is set (CI): install tmux")
		}
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	bin := buildSE06(t, dir)
	sc := tenanttest.LargeTenant(600, 100, 0, fixedNow)
	emu, cfg, ca := startEmulatorFiles(t, dir, sc)
	raw, snap := filepath.Join(dir, "terminal.raw"), filepath.Join(dir, "tenant.json")
	sock := "se06-test-" + strconv.Itoa(os.Getpid())
	tmux := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("tmux", append([]string{"-L", sock}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
	}
	env := "SSL_CERT_FILE=" + ca + " AZURE_TENANT_ID=" + emu.TenantID() + " AZURE_CLIENT_ID=" + emu.ClientID() + " AZURE_CLIENT_SECRET=" + emu.ClientSecret()
	run := "env " + env + " " + bin + " collect --auth env --cloud-config " + cfg + " --allow-host 127.0.0.1 --no-tls-probe --out " + snap +
		"; tmux -L " + sock + " wait-for -S done"
	tmux("new-session", "-d", "-s", "bar", "-x", "120", "-y", "30", "sh -c 'read go; "+run+"'")
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", sock, "kill-server").Run() })
	tmux("pipe-pane", "-t", "bar", "cat >> "+raw)
	tmux("send-keys", "-t", "bar", "go", "Enter") // the run starts once the pipe is in place
	tmux("wait-for", "done")
	data, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	out := string(data)
	for _, want := range []string{"\r\x1b[2K", "6 pages, 600 environments", "subjects left", "collected 600 environments", "wrote "} {
		if !strings.Contains(out, want) {
			t.Errorf("the terminal did not get %q:\n%q", want, lastLines(out, 20))
		}
	}
	if strings.Contains(out, "environments: page 1,") || strings.Contains(out, `\x1b[2K`) {
		t.Errorf("plain page lines or escaped cursor controls on a terminal:\n%q", lastLines(out, 20))
	}
}
