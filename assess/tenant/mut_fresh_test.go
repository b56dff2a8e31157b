package tenant

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// TestDefaultSignInUsesCertificateVariables: the default sign-in tries the
// service principal variables first (auth.go: "service principal variables
// if set"), a certificate file as well as a secret: with AZURE_CLIENT_ID
// and AZURE_CLIENT_CERTIFICATE_PATH set, the run signs in as the app.
func TestDefaultSignInUsesCertificateVariables(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	t.Setenv("PATH", t.TempDir()) // no az: the CLI link cannot stand in
	env := map[string]string{"AZURE_CLIENT_ID": emu.ClientID(), "AZURE_CLIENT_CERTIFICATE_PATH": writeAppCertificate(t)}
	opts.Getenv = func(k string) string { return env[k] }
	opts.Auth = AuthDefault
	opts.TenantID = emu.TenantID()
	opts.NoTLSProbe = true
	opts.DeviceCodePrompt = func(string) {}
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "app " + emu.ClientID(); f.Identity != want {
		t.Errorf("identity %q, want %q (the certificate's service principal)", f.Identity, want)
	}
}

// TestVaultFromWire: an ARM vault body as the wire contract gives it
// becomes the Vault: properties.enablePurgeProtection ("bool; absent = not
// enabled", live-check-api.md) is PurgeProtection, and the body's name
// replaces the one taken from the vault's ID (the last segment), which
// stays when the body has no name.
func TestVaultFromWire(t *testing.T) {
	for _, c := range []struct {
		body  string
		purge bool
		name  string
	}{
		{`{"name":"Kv-Contoso","properties":{"enablePurgeProtection":true}}`, true, "Kv-Contoso"},
		{`{"name":"kv-2","properties":{"enablePurgeProtection":false}}`, false, "kv-2"},
		{`{"properties":{}}`, false, "kv-from-id"},
	} {
		var d vaultDTO
		if err := json.Unmarshal([]byte(c.body), &d); err != nil {
			t.Fatal(err)
		}
		v := assess.Vault{Name: "kv-from-id"}
		d.toVault(&v)
		if v.PurgeProtection != c.purge || v.Name != c.name {
			t.Errorf("%s: purge protection %v, name %q; want %v, %q", c.body, v.PurgeProtection, v.Name, c.purge, c.name)
		}
	}
}

// TestPolicyLinkAnyIdentifier: a CMK link (BAP
// properties.enterprisePolicies.customerManagedKeys) names its policy by id
// (ARM resource ID), systemId or policyId (live-check-api.md §2.1.1, §3):
// any one of them is a link; none of them is no link.
func TestPolicyLinkAnyIdentifier(t *testing.T) {
	const (
		armID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.PowerPlatform/enterprisePolicies/ep"
		sysID = "/regions/europe/providers/Microsoft.PowerPlatform/enterprisePolicies/44444444-4444-4444-4444-444444444444"
		guid  = "44444444-4444-4444-4444-444444444444"
	)
	for _, c := range []struct {
		d    *policyLinkDTO
		want *assess.PolicyLink
	}{
		{nil, nil},
		{&policyLinkDTO{}, nil},
		{&policyLinkDTO{LinkStatus: "Linked", Location: "europe"}, nil},
		{&policyLinkDTO{ID: armID, LinkStatus: "Linked"}, &assess.PolicyLink{ResourceID: armID, LinkStatus: "Linked"}},
		{&policyLinkDTO{SystemID: sysID}, &assess.PolicyLink{SystemID: sysID}},
		{&policyLinkDTO{PolicyID: guid, Location: "europe"}, &assess.PolicyLink{PolicyID: guid, Location: "europe"}},
	} {
		got := c.d.link()
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("%+v: link %+v, want %+v", c.d, got, c.want)
		}
	}
}

// TestDebugLogNotesAuthorizationOnlyWhenSent: the debug log says
// "Authorization: [redacted]" on a request that carried the header (every
// API call after sign-in) and not on one that did not (the token request
// itself, which sends the client's credentials in its body).
func TestDebugLogNotesAuthorizationOnlyWhenSent(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	t.Setenv("AZURE_TENANT_ID", emu.TenantID())
	t.Setenv("AZURE_CLIENT_ID", emu.ClientID())
	t.Setenv("AZURE_CLIENT_SECRET", emu.ClientSecret())
	log := &syncBuffer{}
	opts.Debug = log
	opts.NoTLSProbe = true
	if _, err := Collect(context.Background(), opts, nil); err != nil {
		t.Fatal(err)
	}
	token, api := 0, 0
	for _, line := range strings.Split(log.String(), "\n") {
		withAuth := strings.Contains(line, " Authorization: [redacted] ")
		switch {
		case strings.Contains(line, "/oauth2/") && strings.Contains(line, "/token"):
			token++
			if withAuth {
				t.Errorf("a token request is logged as carrying Authorization: %s", line)
			}
		case strings.Contains(line, "/providers/Microsoft.") && strings.HasPrefix(line, "debug: GET "):
			api++
			if !withAuth {
				t.Errorf("an ARM request is logged without Authorization: %s", line)
			}
		}
	}
	if token == 0 || api == 0 {
		t.Fatalf("%d token requests, %d ARM requests in the debug log: nothing checked\n%s", token, api, log.String())
	}
}

// TestOnePassTableBeforeTheRunEnds: the preflight table is handed over as
// soon as the first answers are in (onepass.go), not at the end of the run.
// A vault outside the first policy → vault → key chain (kv-de; the first
// page links ep-eu → kv-eu) is held until the table arrives: were the table
// only sent at the end, that read would wait for its timeout and fail.
func TestOnePassTableBeforeTheRunEnds(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	opts.NoTLSProbe = true
	gate := emu.HoldPath("arm", "/vaults/kv-de", 0)
	calls := 0
	opts.OnPreflight = func([]PreflightItem) { calls++; gate.Open() }
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Fatalf("OnPreflight called %d times, want 1", calls)
	}
	found := false
	for _, v := range f.Vaults {
		if v.Name == "kv-de" {
			found = true
			if v.Provenance.Status != assess.StatusOK {
				t.Errorf("kv-de, held until the table came: %+v", v.Provenance)
			}
		}
	}
	if !found {
		t.Fatal("no kv-de in the facts")
	}
}

// TestSignInVariablesMissingNamed: --auth env without the service principal
// variables stops Collect and Preflight before any request, with an error
// naming each missing variable (the --auth env help lists them).
func TestSignInVariablesMissingNamed(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	opts.Getenv = func(string) string { return "" }
	const want = "AZURE_TENANT_ID (or --tenant), AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH"
	_, err := Collect(context.Background(), opts, nil)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Collect: %v, want an error naming %s", err, want)
	}
	_, err = Preflight(context.Background(), opts)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Preflight: %v, want an error naming %s", err, want)
	}
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("%d requests sent without a sign-in", n)
	}
}

// TestNetworkReasonFromTheFirstMarker: the reason is the network error's
// tail from its first marker, as Go writes it: a failed DNS lookup reads
// "dial tcp: lookup HOST on RESOLVER: no such host", and keeps its "dial
// tcp" whether or not anything comes before it.
func TestNetworkReasonFromTheFirstMarker(t *testing.T) {
	const dns = "dial tcp: lookup login.contoso.example on 127.0.0.53:53: no such host"
	for in, want := range map[string]string{
		dns: dns,
		`Post "https://login.contoso.example/t/oauth2/v2.0/token": ` + dns:                           dns,
		"dial tcp 127.0.0.1:9: connect: connection refused. To troubleshoot, visit https://aka.ms/x": "dial tcp 127.0.0.1:9: connect: connection refused",
	} {
		if got := networkReason(in); got != want {
			t.Errorf("networkReason(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSnapshotUnencodableFactIsAnError: a fact JSON cannot hold (a time
// past year 9999) makes encoding the snapshot fail with an error, never an
// empty snapshot, whether or not there are environments to splice in.
func TestSnapshotUnencodableFactIsAnError(t *testing.T) {
	for _, n := range []int{0, 1} {
		f := &assess.Facts{Started: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
		for i := 0; i < n; i++ {
			f.Environments = append(f.Environments, assess.Environment{ID: "env-1", Name: "Payroll"})
		}
		if data, err := MarshalSnapshot(f); err == nil {
			t.Errorf("%d environments: no error, snapshot %q", n, data)
		}
	}
}

// TestLegacyReasonNamesTheCause: a refused legacy-TLS handshake is reported
// by its cause: the TLS alert without its "tls: " prefix, "connection
// reset", "connection closed" for an EOF, and any other error as it is.
func TestLegacyReasonNamesTheCause(t *testing.T) {
	for in, want := range map[string]string{
		"remote error: tls: protocol version not supported":              "protocol version not supported",
		"read tcp 127.0.0.1:5555->127.0.0.1:443: read: connection reset": "connection reset",
		"EOF": "connection closed",
		"dial tcp 127.0.0.1:443: connect: connection refused": "dial tcp 127.0.0.1:443: connect: connection refused",
	} {
		if got := legacyReason(errors.New(in)); got != want {
			t.Errorf("legacyReason(%q) = %q, want %q", in, got, want)
		}
	}
}
