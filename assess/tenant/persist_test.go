package tenant

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity/cache"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// deviceCodeRun signs in with the device code against emu, with the config
// and cache folders of the test.
func deviceCodeRun(t *testing.T, emu *tenanttest.Emulator, opts Options, env map[string]string) (prompts []string, notes []string) {
	t.Helper()
	opts.Auth = AuthDeviceCode
	opts.TenantID = emu.TenantID()
	opts.NoTLSProbe = true
	opts.Getenv = func(k string) string { return env[k] }
	prompt, got := promptRecorder()
	opts.DeviceCodePrompt = prompt
	opts.Warn = func(s string) { notes = append(notes, s) }
	if _, err := Collect(context.Background(), opts, nil); err != nil {
		t.Fatal(err)
	}
	return got(), notes
}

// TestLastingSignIn: the second device-code run signs in silently from the
// encrypted cache and the record under the config folder; the record holds
// no token; forgetting removes it and the next run prompts again. Where the
// system has no encrypted store, the run says so once and keeps nothing.
func TestLastingSignIn(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache")) // the cache module reads the real environment
	env := map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "config"), "XDG_CACHE_HOME": filepath.Join(dir, "cache")}
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	opts.NoTokenCache = false
	record := filepath.Join(dir, "config", "se06", "sign-in.json")
	if _, err := cache.New(&cache.Options{Name: cacheName + "-probe"}); err != nil {
		prompts, notes := deviceCodeRun(t, emu, opts, env)
		if len(prompts) != 1 || len(notes) != 1 || !strings.Contains(notes[0], "no encrypted token store") {
			t.Errorf("prompts %v, notes %v", prompts, notes)
		}
		if _, err := os.Stat(record); err == nil {
			t.Error("a record was kept without an encrypted store")
		}
		t.Skipf("no encrypted token store here (%v): only the no-store path was tested", err)
	}
	if p, notes := deviceCodeRun(t, emu, opts, env); len(p) != 1 || len(notes) != 0 {
		t.Fatalf("first run: prompts %v, notes %v", p, notes)
	}
	data, err := os.ReadFile(record)
	if err != nil {
		t.Fatalf("no record: %v", err)
	}
	if !strings.Contains(string(data), "admin@contoso.example") {
		t.Errorf("record %s", data)
	}
	cached, _ := os.ReadFile(filepath.Join(dir, "cache", ".IdentityService", cacheName+".cae"))
	assertNoSecrets(t, emu, map[string]string{"record": string(data), "token cache file (encrypted)": string(cached)})
	if p, _ := deviceCodeRun(t, emu, opts, env); len(p) != 0 {
		t.Errorf("second run prompted: %v", p)
	}
	removed, err := ForgetSignIn(func(k string) string { return env[k] })
	if err != nil || len(removed) < 2 {
		t.Errorf("forget: %v %v", removed, err)
	}
	if p, _ := deviceCodeRun(t, emu, opts, env); len(p) != 1 {
		t.Errorf("after forgetting: prompts %v", p)
	}
	// --no-token-cache keeps nothing
	_, _ = ForgetSignIn(func(k string) string { return env[k] })
	opts.NoTokenCache = true
	deviceCodeRun(t, emu, opts, env)
	if _, err := os.Stat(record); err == nil {
		t.Error("--no-token-cache kept a record")
	}
}
