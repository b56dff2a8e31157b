package tenant

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

func TestCollectFaults(t *testing.T) {
	tests := []struct {
		name   string
		faults []tenanttest.Fault
		check  func(t *testing.T, emu *tenanttest.Emulator, f *assess.Facts)
	}{
		{
			name:   "429 with Retry-After is retried",
			faults: []tenanttest.Fault{{Service: "bap", PathContains: "/scopes/admin/environments", Status: 429, RetryAfter: "1", Times: 1}},
			check: func(t *testing.T, emu *tenanttest.Emulator, f *assess.Facts) {
				if c, _ := checkRun(f, CheckEnvironments); !c.Provenance.OK() || len(f.Environments) != 8 {
					t.Errorf("environments %d, check %+v", len(f.Environments), c.Provenance)
				}
				if got := statuses(emu, "bap", "/scopes/admin/environments"); got[429] != 1 {
					t.Errorf("statuses %v", got)
				}
			},
		},
		{
			name:   "500 once is retried",
			faults: []tenanttest.Fault{{Service: "arm", PathContains: "/vaults/kv-eu", Status: 500, Times: 1}},
			check: func(t *testing.T, emu *tenanttest.Emulator, f *assess.Facts) {
				if v, _ := f.Vault(tenanttest.SampleVaultID("kv-eu")); !v.Provenance.OK() {
					t.Errorf("kv-eu = %+v", v.Provenance)
				}
			},
		},
		{
			name:   "500 for good is an error, the rest is read",
			faults: []tenanttest.Fault{{Service: "arm", PathContains: "/vaults/kv-eu", Status: 503}},
			check: func(t *testing.T, emu *tenanttest.Emulator, f *assess.Facts) {
				v, _ := f.Vault(tenanttest.SampleVaultID("kv-eu"))
				if v.Provenance.Status != assess.StatusError || !strings.Contains(v.Provenance.Reason, "503") {
					t.Errorf("kv-eu = %+v", v.Provenance)
				}
				if got := statuses(emu, "arm", "/vaults/kv-eu"); got[503] != 3 {
					t.Errorf("kv-eu tries %v, want 3 (2 retries)", got)
				}
				if v, _ := f.Vault(tenanttest.SampleVaultID("kv-us")); !v.Provenance.OK() {
					t.Errorf("kv-us = %+v", v.Provenance)
				}
			},
		},
		{
			name:   "403 on the environment list names the role and does not end the run",
			faults: []tenanttest.Fault{{Service: "bap", PathContains: "/scopes/admin/environments", Status: 403, Code: "Forbidden"}},
			check: func(t *testing.T, emu *tenanttest.Emulator, f *assess.Facts) {
				c, _ := checkRun(f, CheckEnvironments)
				if c.Provenance.Status != assess.StatusNotPermitted || !strings.Contains(c.Provenance.Reason, "Power Platform administrator") {
					t.Errorf("environments check = %+v", c.Provenance)
				}
				if !f.Tenant.Provenance.OK() || !f.Tenant.Settings.Provenance.OK() {
					t.Errorf("tenant reads should go on: %+v %+v", f.Tenant.Provenance, f.Tenant.Settings.Provenance)
				}
			},
		},
		{
			name:   "403 on tenant settings",
			faults: []tenanttest.Fault{{Service: "bap", PathContains: "listTenantSettings", Status: 403}},
			check: func(t *testing.T, emu *tenanttest.Emulator, f *assess.Facts) {
				if s := f.Tenant.Settings.Provenance; s.Status != assess.StatusNotPermitted {
					t.Errorf("settings = %+v", s)
				}
				if len(f.Environments) != 8 {
					t.Errorf("%d environments", len(f.Environments))
				}
			},
		},
		{
			name:   "403 on a vault; its key is still tried where the URL is known",
			faults: []tenanttest.Fault{{Service: "arm", PathContains: "/vaults/kv-us", Status: 403, Code: "AuthorizationFailed"}},
			check: func(t *testing.T, emu *tenanttest.Emulator, f *assess.Facts) {
				v, _ := f.Vault(tenanttest.SampleVaultID("kv-us"))
				if v.Provenance.Status != assess.StatusNotPermitted || !strings.Contains(v.Provenance.Reason, "Reader on the key vault") {
					t.Errorf("kv-us = %+v", v.Provenance)
				}
				// a custom cloud gives no vault DNS suffix, so nothing is guessed
				if k := findKey(t, f, "kv-us", "cmk-us"); k.Provenance.Status != assess.StatusNotCollected {
					t.Errorf("cmk-us = %+v", k.Provenance)
				}
			},
		},
		{
			name:   "a slow answer times out",
			faults: []tenanttest.Fault{{Service: "bap", PathContains: "/tenant", Delay: 2 * time.Second}},
			check: func(t *testing.T, emu *tenanttest.Emulator, f *assess.Facts) {
				if p := f.Tenant.Provenance; p.Status != assess.StatusError || !strings.Contains(p.Reason, "deadline") && !strings.Contains(p.Reason, "timed out") {
					t.Errorf("tenant = %+v", p)
				}
			},
		},
		{
			name:   "a malformed answer is an error",
			faults: []tenanttest.Fault{tenanttest.SubscriptionListForbidden(), {Service: "arm", PathContains: "/enterprisePolicies/ep-us", Malformed: true}},
			check: func(t *testing.T, emu *tenanttest.Emulator, f *assess.Facts) {
				p, _ := f.Policy(tenanttest.SamplePolicyID("ep-us"))
				if p.Provenance.Status != assess.StatusError || !strings.Contains(p.Provenance.Reason, "malformed") {
					t.Errorf("ep-us = %+v", p.Provenance)
				}
			},
		},
		{
			name:   "a malformed environment page is an error",
			faults: []tenanttest.Fault{{Service: "bap", PathContains: "/scopes/admin/environments", Malformed: true, Times: 1}},
			check: func(t *testing.T, emu *tenanttest.Emulator, f *assess.Facts) {
				if c, _ := checkRun(f, CheckEnvironments); c.Provenance.Status != assess.StatusError {
					t.Errorf("environments check = %+v", c.Provenance)
				}
			},
		},
		{
			name:   "403 on a rotation policy only",
			faults: []tenanttest.Fault{{Service: "keyvault", PathContains: "/keys/cmk-eu/rotationpolicy", Status: 403}},
			check: func(t *testing.T, emu *tenanttest.Emulator, f *assess.Facts) {
				k := findKey(t, f, "kv-eu", "cmk-eu")
				if !k.Provenance.OK() || k.Rotation != nil || k.RotationProvenance.Status != assess.StatusNotPermitted || !strings.Contains(k.RotationProvenance.Reason, "GetRotationPolicy") {
					t.Errorf("cmk-eu = %+v rotation %+v", k.Provenance, k.RotationProvenance)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := tenanttest.Sample(fixedNow)
			sc.Faults = append(tc.faults, tenanttest.VaultListForbidden()) // each vault by its own GET
			emu, opts := startEmulator(t, sc)
			opts.MaxRetries = 2
			opts.Timeout = 500 * time.Millisecond
			opts.NoTLSProbe = true
			log := &syncBuffer{}
			opts.Debug = log
			f, err := Collect(context.Background(), opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, emu, f)
			if t.Failed() {
				t.Log(log.String())
			}
			data, _ := MarshalSnapshot(f)
			assertNoSecrets(t, emu, map[string]string{"snapshot": string(data), "log": log.String()})
			if v := emu.Violations(); len(v) > 0 {
				t.Errorf("write calls: %v", v)
			}
		})
	}
}

func statuses(emu *tenanttest.Emulator, service, path string) map[int]int {
	m := map[int]int{}
	for _, r := range emu.Requests() {
		if r.Service == service && strings.Contains(r.Path, path) {
			m[r.Status]++
		}
	}
	return m
}

func TestCollectRetryAfterHonoured(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.Faults = []tenanttest.Fault{{Service: "bap", PathContains: "/tenant", Status: 429, RetryAfter: "1", Times: 1}}
	_, opts := startEmulator(t, sc)
	opts.NoTLSProbe = true
	start := time.Now()
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Tenant.Provenance.OK() {
		t.Errorf("tenant = %+v", f.Tenant.Provenance)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("took %v; Retry-After: 1 was not honoured", d)
	}
}

func TestCollectSignInFailure(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	t.Setenv("AZURE_CLIENT_SECRET", "wrong-secret-value")
	opts.MaxRetries = -1
	_, err := Collect(context.Background(), opts, nil)
	if err == nil || !strings.Contains(err.Error(), "sign-in (env) failed") || !strings.Contains(err.Error(), "AZURE_CLIENT_SECRET") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "wrong-secret-value") || strings.Contains(err.Error(), emu.ClientSecret()) {
		t.Error("the error shows the secret")
	}
	if n := emu.Count("bap", ""); n != 0 {
		t.Errorf("%d BAP calls after a failed sign-in", n)
	}
}

// TestCollectCancel: Ctrl+C ends the run quickly, with no progress line
// per stopped read.
func TestCollectCancel(t *testing.T) {
	sc := tenanttest.Large(200, 20, 20, 0, fixedNow)
	sc.PageSize = 10
	emu, opts := startEmulator(t, sc)
	// ARM never answers: the run ends only if Ctrl+C stops it
	held := emu.Hold("arm", 0)
	defer held.Open()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-held.Arrived()
		cancel()
	}()
	var mu sync.Mutex
	var noisy []string
	done := make(chan error, 1)
	go func() {
		_, err := Collect(ctx, opts, func(p Progress) {
			if p.State == StateError {
				mu.Lock()
				noisy = append(noisy, p.Check+" "+p.Subject+": "+p.Detail)
				mu.Unlock()
			}
		})
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute): // a hang guard, not a performance limit
		t.Fatal("the run did not stop on cancel")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(noisy) > 0 {
		t.Errorf("progress after Ctrl+C: %q", noisy)
	}
}

// TestCollectConcurrencyBound: with --concurrency 3 no host ever has more
// than 3 requests in flight, and 3 are reached. The emulator holds one kind
// of request per host until 3 are in flight at once (a readiness signal,
// not a clock): the run completes only if the client reaches the bound, and
// the held requests keep a client without a limit sending more meanwhile.
//
// On ARM only the per-vault diagnostic-settings reads are held (30 of them
// can run at once). Holding every ARM request held the subscription's
// policy list alone, the one ARM read everything else waits for: it never
// had company, so each try ran into the per-try timeout (4 × 5 s), and the
// abandoned try was still counted by the server while the client, its slot
// already released, sent the next three; that was the "4 in flight".
func TestCollectConcurrencyBound(t *testing.T) {
	sc := tenanttest.Large(100, 30, 30, 20*time.Millisecond, fixedNow)
	sc.PageSize = 10
	emu, opts := startEmulator(t, sc)
	opts.Concurrency = 3
	opts.NoTLSProbe = true
	gates := map[string]*tenanttest.Gate{
		"arm":    emu.HoldPath("arm", "/diagnosticSettings", 3),
		"kv-000": emu.Hold("kv-000", 3), // a key's reads: the key, its versions, its rotation policy
	}
	type result struct {
		f   *assess.Facts
		err error
	}
	done := make(chan result, 1)
	go func() {
		f, err := Collect(context.Background(), opts, nil)
		done <- result{f, err}
	}()
	for svc, g := range gates {
		select {
		case <-g.Reached():
		case r := <-done:
			t.Fatalf("%s: the run ended (err %v) before 3 requests were in flight", svc, r.err)
		}
	}
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.f.Policies) != 30 || len(r.f.Keys) != 30 || len(r.f.Vaults) != 30 {
		t.Errorf("%d policies, %d vaults, %d keys", len(r.f.Policies), len(r.f.Vaults), len(r.f.Keys))
	}
	// Every request was answered: none was abandoned by a timeout (an
	// abandoned request stays in the server's count a moment after the
	// client has let its slot go, so the count below would not be exact).
	for _, q := range emu.Requests() {
		if q.Status == 0 {
			t.Fatalf("%s %s abandoned by the client", q.Method, q.Path)
		}
	}
	// The gates proved 3 at once; a limiter that does not limit shows 10 or
	// more here, and one that allows 2 never opens the gates.
	for svc := range gates {
		if n := emu.MaxInFlight(svc); n != 3 {
			t.Errorf("%s: %d requests in flight at most, want 3", svc, n)
		}
	}
}

func TestReadOnlyEnforcement(t *testing.T) {
	rep := &recordingReporter{}
	emu, err := tenanttest.Start(rep, tenanttest.Sample(fixedNow))
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: tlsConfigWithRoots(emu.CertPool())}}
	for _, tc := range []struct{ method, url string }{
		{http.MethodPatch, emu.URL("bap") + "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/env-prod-eu?api-version=2021-04-01"},
		{http.MethodPost, emu.URL("bap") + "/providers/Microsoft.BusinessAppPlatform/environments/env-prod-eu/enterprisePolicies/Encryption/link?api-version=2019-10-01"},
		{http.MethodPut, emu.URL("arm") + tenanttest.SampleVaultID("kv-eu") + "?api-version=2023-07-01"},
		{http.MethodDelete, emu.VaultURI("kv-eu") + "keys/cmk-eu?api-version=7.4"},
	} {
		req, _ := http.NewRequest(tc.method, tc.url, strings.NewReader("{}"))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: %d", tc.method, tc.url, resp.StatusCode)
		}
	}
	if len(emu.Violations()) != 4 || rep.count() != 4 {
		t.Errorf("violations %v, reported %v", emu.Violations(), rep.msgs)
	}
	// the client refuses to send anything but GET and POST
	if err := call(context.Background(), runtime.Pipeline{}, http.MethodDelete, "https://127.0.0.1/x", nil); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("call DELETE: %v", err)
	}
}

type recordingReporter struct {
	mu   sync.Mutex
	msgs []string
}

func (r *recordingReporter) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, format)
}

func (r *recordingReporter) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.msgs)
}
