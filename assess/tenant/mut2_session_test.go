package tenant

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// Starting a run: bad options and failed sign-ins stop it before any
// read, --debug covers the sign-in too, --no-tls-probe marks every
// Dataverse environment's TLS fact as not collected; the demo tenant's
// dates move with the clock, and only the dates that are set.

func TestMut2RunStartErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := Collect(ctx, Options{Auth: "bogus"}, nil); err == nil || !strings.Contains(err.Error(), "unknown sign-in method") {
		t.Errorf("bad --auth: %v", err)
	}
	if _, err := Collect(ctx, Options{Cloud: "mars"}, nil); err == nil || !strings.Contains(err.Error(), `unknown cloud "mars"`) {
		t.Errorf("bad --cloud: %v", err)
	}
	_, err := Collect(ctx, Options{Auth: AuthEnv, NoTokenCache: true, Getenv: func(string) string { return "" }}, nil)
	var se *signInError
	if !errors.As(err, &se) || !strings.Contains(se.msg, "service principal variables missing") {
		t.Errorf("no variables: %v", err)
	}

	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	s, err := newSession(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.signIn(cctx); !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "sign in: ") {
		t.Errorf("cancelled sign-in: %v", err)
	}
	if _, err := newRun(s, nil).collect(cctx); !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "collect: ") {
		t.Errorf("cancelled collect: %v", err)
	}
	// a refused secret is a sign-in error, not a cancellation
	bad := opts
	bad.Getenv = func(k string) string {
		if k == "AZURE_CLIENT_SECRET" {
			return "wrong"
		}
		return map[string]string{"AZURE_TENANT_ID": emu.TenantID(), "AZURE_CLIENT_ID": emu.ClientID()}[k]
	}
	if _, err := Preflight(ctx, bad); !errors.As(err, &se) || errors.Is(err, context.Canceled) {
		t.Errorf("wrong secret: %v", err)
	}
}

func TestMut2DebugCoversSignIn(t *testing.T) {
	_, opts := startEmulator(t, tenanttest.Large(1, 0, 0, 0, fixedNow))
	var buf bytes.Buffer
	opts.Debug = &buf
	opts.NoTLSProbe = true
	if _, err := Collect(context.Background(), opts, nil); err != nil {
		t.Fatal(err)
	}
	var token, bap bool
	for _, l := range strings.Split(buf.String(), "\n") {
		token = token || strings.HasPrefix(l, "debug: POST ") && strings.Contains(l, "/oauth2/v2.0/token")
		bap = bap || strings.HasPrefix(l, "debug: GET ") && strings.Contains(l, "/scopes/admin/environments") && strings.Contains(l, "Authorization: [redacted]")
	}
	if !token || !bap {
		t.Errorf("token line %v, BAP line %v in:\n%s", token, bap, buf.String())
	}
}

func TestMut2NoTLSProbeMarksEnvironments(t *testing.T) {
	_, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	withDV := 0
	for _, e := range f.Environments {
		if e.DataverseURL == "" {
			if e.TLS != nil {
				t.Errorf("%s has no Dataverse host, yet TLS %+v", e.ID, e.TLS)
			}
			continue
		}
		withDV++
		if e.TLS == nil || e.TLS.Provenance.Status != assess.StatusNotCollected || e.TLS.Provenance.Reason != "skipped (--no-tls-probe)" || e.TLS.Host != probeHost(e.DataverseURL) {
			t.Errorf("%s: TLS %+v", e.ID, e.TLS)
		}
	}
	if withDV != 7 {
		t.Errorf("%d environments with Dataverse, want Sample's 7", withDV)
	}
	if cr, ok := checkRun(f, CheckTLS); !ok || cr.Provenance.Status != assess.StatusNotCollected || cr.Provenance.Reason != "skipped (--no-tls-probe)" {
		t.Errorf("tls check %+v", cr)
	}
}

func TestMut2ShiftFacts(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := func() *time.Time { x := t0; return &x }
	f := &assess.Facts{Started: t0, Tenant: assess.Tenant{Provenance: assess.Provenance{At: t0}},
		Environments: []assess.Environment{{Provenance: assess.Provenance{At: t0}, TLS: &assess.TLSProbe{Provenance: assess.Provenance{At: t0}}}, {}},
		Policies:     []assess.EnterprisePolicy{{Provenance: assess.Provenance{At: t0}}},
		Vaults:       []assess.Vault{{Provenance: assess.Provenance{At: t0}}},
		Keys: []assess.Key{{Provenance: assess.Provenance{At: t0}, Expires: p(), NotBefore: p(), Created: p(),
			Versions: []assess.KeyVersion{{Created: p()}, {}}, RotationProvenance: &assess.Provenance{At: t0}}, {}},
		Checks: []assess.CheckRun{{Provenance: assess.Provenance{At: t0}}, {}},
	}
	shiftFacts(f, time.Hour)
	t1 := t0.Add(time.Hour)
	moved := []time.Time{f.Started, f.Tenant.Provenance.At, f.Environments[0].Provenance.At, f.Environments[0].TLS.Provenance.At,
		f.Policies[0].Provenance.At, f.Vaults[0].Provenance.At, f.Keys[0].Provenance.At, *f.Keys[0].Expires, *f.Keys[0].NotBefore,
		*f.Keys[0].Created, *f.Keys[0].Versions[0].Created, f.Keys[0].RotationProvenance.At, f.Checks[0].Provenance.At}
	for i, m := range moved {
		if !m.Equal(t1) {
			t.Errorf("date %d = %v, want %v", i, m, t1)
		}
	}
	unset := []time.Time{f.Finished, f.Tenant.Settings.Provenance.At, f.Environments[1].Provenance.At, f.Environments[1].AI.Provenance.At,
		f.Keys[1].Provenance.At, f.Checks[1].Provenance.At}
	for i, u := range unset {
		if !u.IsZero() {
			t.Errorf("unset date %d moved to %v", i, u)
		}
	}
	if f.Environments[1].TLS != nil || f.Keys[1].Expires != nil || f.Keys[0].Versions[1].Created != nil || f.Keys[1].RotationProvenance != nil {
		t.Error("a missing date was created")
	}
	// Demo at a given time: the snapshot (taken at its epoch) looks taken
	// then, to the second
	now := time.Date(2027, 6, 1, 12, 30, 45, 999, time.FixedZone("x", 3600))
	d, err := Demo(now)
	if err != nil || !d.Demo || !d.Started.Equal(time.Date(2027, 6, 1, 11, 30, 45, 0, time.UTC)) {
		t.Errorf("Demo(now): started %v, %v", d.Started, err)
	}
}
