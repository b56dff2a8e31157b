package tenant

import (
	"bytes"
	"sync"
	"testing"
	"time"

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
	emu, err := tenanttest.Start(t, sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	cfg, _, err := emu.WriteFiles(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("AZURE_TENANT_ID", emu.TenantID())
	t.Setenv("AZURE_CLIENT_ID", emu.ClientID())
	t.Setenv("AZURE_CLIENT_SECRET", emu.ClientSecret())
	return emu, Options{
		CloudConfigFile: cfg,
		Auth:            AuthEnv,
		RootCAs:         emu.CertPool(),
		ToolVersion:     "test",
		Now:             func() time.Time { return fixedNow },
		RetryDelay:      10 * time.Millisecond,
		Timeout:         5 * time.Second,
	}
}
