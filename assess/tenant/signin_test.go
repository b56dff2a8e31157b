package tenant

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestSignInDeviceCode: the device-code message goes to the callback (the
// TUI, or stderr in the CLI), and the user's name is recorded. The default
// chain ends there too with no service principal variables, no az on PATH
// and no display for a browser.
func TestSignInDeviceCode(t *testing.T) {
	for _, auth := range []string{AuthDeviceCode, AuthDefault} {
		t.Run(authLabel(auth), func(t *testing.T) {
			emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
			opts.Auth = auth
			opts.NoTLSProbe = true
			if auth == AuthDeviceCode {
				opts.TenantID = emu.TenantID()
			} else {
				t.Setenv("PATH", t.TempDir())
				env := map[string]string{"AZURE_TENANT_ID": emu.TenantID()}
				opts.Getenv = func(k string) string { return env[k] }
			}
			prompt, prompts := promptRecorder()
			opts.DeviceCodePrompt = prompt
			f, err := Collect(context.Background(), opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			if p := prompts(); len(p) != 1 || !strings.Contains(p[0], "EMU-CODE") {
				t.Errorf("prompts = %q, want one with the code", p)
			}
			if f.Identity != "admin@contoso.example" {
				t.Errorf("identity = %q", f.Identity)
			}
			if len(f.Environments) != 8 || len(f.Keys) != 3 {
				t.Errorf("%d environments, %d keys", len(f.Environments), len(f.Keys))
			}
			data, _ := MarshalSnapshot(f)
			assertNoSecrets(t, emu, map[string]string{"snapshot": string(data)})
		})
	}
}

// TestSignInAzureCLI reuses an 'az login' through a stand-in az on PATH,
// with the default chain: no service principal variables, so az is first.
func TestSignInAzureCLI(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in az is a shell script")
	}
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	t.Setenv("AZURE_CLIENT_SECRET", "")
	t.Setenv("AZURE_CLIENT_ID", "")
	dir := t.TempDir()
	var cases strings.Builder
	for _, aud := range []string{"https://service.powerapps.com/", "https://management.azure.com", "https://vault.azure.net"} {
		fmt.Fprintf(&cases, "  *%s*) tok=%s ;;\n", strings.TrimPrefix(strings.TrimSuffix(aud, "/"), "https://"), emu.IssueToken(aud))
	}
	script := "#!/bin/sh\necho \"$@\" >> " + filepath.Join(dir, "calls") + "\ncase \"$*\" in\n" + cases.String() + "  *) echo 'unknown resource' >&2; exit 1 ;;\nesac\n" +
		`printf '{"accessToken":"%s","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"tenant":"` + emu.TenantID() + `","tokenType":"Bearer"}\n' "$tok"` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "az"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	opts.Auth = AuthDefault
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Environments) != 8 || !f.Tenant.Provenance.OK() {
		t.Errorf("%d environments, tenant %+v", len(f.Environments), f.Tenant.Provenance)
	}
	if k := findKey(t, f, "kv-eu", "cmk-eu"); k.Provenance.Status != assess.StatusOK {
		t.Errorf("cmk-eu = %+v", k.Provenance)
	}
	calls, _ := os.ReadFile(filepath.Join(dir, "calls"))
	if !strings.Contains(string(calls), "get-access-token") {
		t.Errorf("az calls: %s", calls)
	}
}

// TestSignInTimeout: an authority that accepts connections and never
// answers gives a message that says it timed out and names the host.
func TestSignInTimeout(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never answered
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	}()
	cfg := filepath.Join(t.TempDir(), "cloud.json")
	data := strings.Replace(string(emu.CloudConfig()), emu.URL("entra"), "https://"+ln.Addr().String(), 1)
	if err := os.WriteFile(cfg, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	opts.CloudConfigFile = cfg
	opts.Timeout = 300 * time.Millisecond
	opts.MaxRetries = -1
	_, err = Collect(context.Background(), opts, nil)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "timeout") || !strings.Contains(msg, ln.Addr().String()) || !strings.Contains(msg, "what to do:") {
		t.Errorf("message %q does not say timeout and name %s", msg, ln.Addr())
	}
}

// TestSignInUnreachableFailsAtOnce: a refused connection to the sign-in
// host is not retried with backoff; the error comes at once with what to do.
func TestSignInUnreachableFailsAtOnce(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	cfg := filepath.Join(t.TempDir(), "cloud.json")
	data := strings.Replace(string(emu.CloudConfig()), emu.URL("entra"), "https://"+closedAddr(t), 1)
	if err := os.WriteFile(cfg, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	opts.CloudConfigFile = cfg
	opts.RetryDelay = 30 * time.Second // a retry would show in the time taken, far beyond any load
	start := time.Now()
	_, err := Collect(context.Background(), opts, nil)
	took := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "cannot reach the sign-in endpoint") || !strings.Contains(err.Error(), "what to do:") {
		t.Fatalf("err = %v", err)
	}
	if took >= opts.RetryDelay { // a first retry waits at least RetryDelay
		t.Errorf("took %v: the refused connection was retried", took)
	}
}
