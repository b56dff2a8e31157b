package tenant

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// fixedNow is the clock of the tests.
var fixedNow = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startEmulator runs sc and returns options that sign in to it with the
// service principal variables, exactly as a user would (--auth env
// --cloud-config FILE).
func startEmulator(t testing.TB, sc tenanttest.Scenario) (*tenanttest.Emulator, Options) {
	t.Helper()
	emu, cfg := tenanttest.StartEnv(t, sc)
	return emu, Options{
		CloudConfigFile: cfg,
		AllowHosts:      []string{"127.0.0.1"},
		NoTokenCache:    true, // never keep a test's sign-in in the real config folder
		Auth:            AuthEnv,
		RootCAs:         emu.CertPool(),
		ToolVersion:     "test",
		Now:             func() time.Time { return fixedNow },
		RetryDelay:      10 * time.Millisecond,
		Timeout:         5 * time.Second,
	}
}

// assertNoSecrets fails if any issued token or the client secret appears in
// one of the texts.
func assertNoSecrets(t *testing.T, emu *tenanttest.Emulator, texts map[string]string) {
	t.Helper()
	secrets := append(emu.IssuedTokens(), emu.ClientSecret())
	if len(emu.IssuedTokens()) == 0 {
		t.Error("the emulator issued no token; the check would be vacuous")
	}
	for name, text := range texts {
		for _, s := range secrets {
			if s != "" && strings.Contains(text, s) {
				t.Errorf("%s contains a token or secret", name)
			}
			// the signature part alone is unique too
			if i := strings.LastIndex(s, "."); i > 0 && strings.Contains(text, s[i+1:]) {
				t.Errorf("%s contains part of a token", name)
			}
		}
	}
}

func findEnv(t *testing.T, f *assess.Facts, id string) assess.Environment {
	t.Helper()
	e, ok := f.Environment(id)
	if !ok {
		t.Fatalf("environment %s not collected", id)
	}
	return e
}

func findKey(t *testing.T, f *assess.Facts, vault, name string) assess.Key {
	t.Helper()
	k, ok := f.Key(tenanttest.SampleVaultID(vault), name)
	if !ok {
		t.Fatalf("key %s/%s not collected", vault, name)
	}
	return k
}

func checkRun(f *assess.Facts, name string) (assess.CheckRun, bool) {
	for _, c := range f.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return assess.CheckRun{}, false
}

func boolIs(p *bool, want bool) bool { return p != nil && *p == want }

// promptRecorder records device-code prompts.
func promptRecorder() (prompt func(string), prompts func() []string) {
	var mu sync.Mutex
	var got []string
	return func(m string) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, m)
		}, func() []string {
			mu.Lock()
			defer mu.Unlock()
			return append([]string(nil), got...)
		}
}
