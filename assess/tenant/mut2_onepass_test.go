package tenant

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// The one-pass preflight (firstCalls) driven step by step, as Collect
// drives it, with every expected table written out by hand from what the
// preflight promises: a check answered shows its answer, one that has not
// answered says why, and the table is handed over exactly once, as soon as
// the tenant, its settings, the first page of environments, the
// --subscription lists and the first policy → vault → key chain (and that
// vault's key logging and key roles) are known.

var (
	pOK     = assess.Provenance{Status: assess.StatusOK}
	pNA     = assess.Provenance{Status: assess.StatusNotApplicable}
	pDenied = assess.Provenance{Status: assess.StatusNotPermitted, Reason: "needs Reader"}
	pGone   = assess.Provenance{Status: assess.StatusNotFound}
)

// step is one call on the recorder; emitAfter says whether the table must
// have been handed over once that call returned.
type step struct {
	do        func(f *firstCalls)
	emitAfter bool
}

func signed(f *firstCalls)     { f.signedIn("alice@contoso.test", "tid-1") }
func tenantOK(f *firstCalls)   { f.outcome(CheckTenant, "", pOK) }
func settingsOK(f *firstCalls) { f.outcome(CheckTenantSettings, "", pOK) }
func pageNoCMK(f *firstCalls)  { f.page(3, "") }
func at(check, subject string, p assess.Provenance) func(*firstCalls) {
	return func(f *firstCalls) { f.outcome(check, subject, p) }
}

const polID = "/providers/Microsoft.PowerPlatform/enterprisePolicies/Pol-A"
const vaultID = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/KV-1"

func pageCMK(f *firstCalls) { f.page(2, polID) }

var (
	itSignIn    = PreflightItem{CheckSignIn, true, "signed in as alice@contoso.test in tenant tid-1"}
	itTenant    = PreflightItem{CheckTenant, true, "BAP tenant read"}
	itSettings  = PreflightItem{CheckTenantSettings, true, "listTenantSettings read"}
	itEnvPage3  = PreflightItem{CheckEnvironments, true, "environment list read (3 on the first page)"}
	itEnvPage2  = PreflightItem{CheckEnvironments, true, "environment list read (2 on the first page)"}
	itDirRoles  = PreflightItem{CheckDirectoryRoles, true, "read (Microsoft Graph) once a key vault is found; needs RoleManagement.Read.Directory"}
	itTLS       = PreflightItem{CheckTLS, true, "two handshakes per Dataverse host; nothing else is sent"}
	needEnv     = "needs the environment list"
	noCMK       = "no CMK link on the first page of environments; "
	logWhat     = "each CMK vault's diagnostic settings are read (ARM) as found"
	rolesWhat   = "the role assignments that reach each CMK vault are read (ARM) as found"
	itPolOK     = PreflightItem{CheckPolicies, true, "pol-a read"}
	itVaultOK   = PreflightItem{CheckVaults, true, "KV-1 read"}
	itKeyOK     = PreflightItem{CheckKeys, true, "kv-1/key1 read"}
	itLogOK     = PreflightItem{CheckKeyLogging, true, "diagnostic settings of vault kv-1 read (key logging)"}
	itRolesOK   = PreflightItem{CheckKeyRoles, true, "role assignments reaching vault kv-1 read (who can manage or purge its keys)"}
	noCMKTables = []PreflightItem{
		{CheckPolicies, true, noCMK + "each linked one is read as found"},
		{CheckVaults, true, noCMK + "each linked one is read as found"},
		{CheckKeys, true, noCMK + "each linked one is read as found"},
		{CheckKeyLogging, true, noCMK + logWhat},
		{CheckKeyRoles, true, noCMK + rolesWhat},
	}
)

func cat(parts ...[]PreflightItem) []PreflightItem {
	var out []PreflightItem
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func one(it ...PreflightItem) []PreflightItem { return it }

func TestMut2OnePassTables(t *testing.T) {
	base := one(itSignIn, itTenant, itSettings)
	cmkChainFull := []step{
		{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageCMK, false},
		{func(f *firstCalls) { f.policy("POL-a", vaultID, "Key1") }, false},
		{at(CheckPolicies, "pol-a", pOK), false},
		{at(CheckVaults, "KV-1", pOK), false},
		{at(CheckKeys, "kv-1/key1", pOK), false},
		{at(CheckKeyLogging, "kv-1", pOK), false},
		{at(CheckKeyRoles, "kv-1", pOK), true},
	}
	cases := []struct {
		name     string
		wantSubs int
		noTLS    bool
		steps    []step
		flush    bool
		want     []PreflightItem
	}{
		{
			name:  "no CMK link: complete on the last of tenant, settings, first page",
			steps: []step{{signed, false}, {tenantOK, false}, {pageNoCMK, false}, {settingsOK, true}},
			want:  cat(base, one(itEnvPage3), noCMKTables, one(itDirRoles, itTLS)),
		},
		{
			name:  "the first page's count wins over an earlier environments outcome; not-applicable will run",
			steps: []step{{signed, false}, {at(CheckEnvironments, "", pOK), false}, {at(CheckTenantSettings, "", pNA), false}, {tenantOK, false}, {pageNoCMK, true}},
			want:  cat(base, one(itEnvPage3), noCMKTables, one(itDirRoles, itTLS)),
		},
		{
			name:  "--no-tls-probe",
			noTLS: true,
			steps: []step{{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageNoCMK, true}},
			want:  cat(base, one(itEnvPage3), noCMKTables, one(itDirRoles, PreflightItem{CheckTLS, false, "skipped (--no-tls-probe)"})),
		},
		{
			name: "environments refused: everything after them needs the list",
			steps: []step{{signed, false}, {tenantOK, false}, {settingsOK, false},
				{at(CheckEnvironments, "environments", pDenied), true}},
			want: cat(base, one(
				PreflightItem{CheckEnvironments, false, "not permitted: needs Reader"},
				PreflightItem{CheckPolicies, false, needEnv},
				PreflightItem{CheckVaults, false, needEnv},
				PreflightItem{CheckKeys, false, needEnv},
				PreflightItem{CheckKeyLogging, false, needEnv},
				PreflightItem{CheckKeyRoles, false, needEnv},
				PreflightItem{CheckDirectoryRoles, false, needEnv},
				PreflightItem{CheckTLS, false, "needs the environment list (the Dataverse hosts)"},
			)),
		},
		{
			name:  "environments refused with --no-tls-probe: the skip wins",
			noTLS: true,
			steps: []step{{tenantOK, false}, {settingsOK, false}, {at(CheckEnvironments, "", pDenied), true}},
			want: cat(one(PreflightItem{}, itTenant, itSettings), one(
				PreflightItem{CheckEnvironments, false, "not permitted: needs Reader"},
				PreflightItem{CheckPolicies, false, needEnv},
				PreflightItem{CheckVaults, false, needEnv},
				PreflightItem{CheckKeys, false, needEnv},
				PreflightItem{CheckKeyLogging, false, needEnv},
				PreflightItem{CheckKeyRoles, false, needEnv},
				PreflightItem{CheckDirectoryRoles, false, needEnv},
				PreflightItem{CheckTLS, false, "skipped (--no-tls-probe)"},
			)),
		},
		{
			name: "tenant and settings refused: subject-less reasons, the first answer counts",
			steps: []step{{signed, false},
				{at(CheckTenant, "", pDenied), false}, {at(CheckTenant, "", pOK), false},
				{at(CheckTenantSettings, "settings", pGone), false}, {pageNoCMK, true}},
			want: cat(one(itSignIn,
				PreflightItem{CheckTenant, false, "not permitted: needs Reader"},
				PreflightItem{CheckTenantSettings, false, "settings: not found"},
				itEnvPage3), noCMKTables, one(itDirRoles, itTLS)),
		},
		{
			name:  "sign-in and TLS outcomes are not the run's to record",
			steps: []step{{at(CheckSignIn, "x", pDenied), false}, {at(CheckTLS, "h", pDenied), false}, {signed, false}, {tenantOK, false}, {settingsOK, false}, {pageNoCMK, true}},
			want:  cat(base, one(itEnvPage3), noCMKTables, one(itDirRoles, itTLS)),
		},
		{
			name:     "waits for every --subscription list, placed after the policies",
			wantSubs: 2,
			steps: []step{{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageNoCMK, false},
				{at(CheckSubscriptionPolicies, "sub-1", pOK), false},
				{at(CheckSubscriptionPolicies, "sub-2", pDenied), true}},
			want: cat(base, one(itEnvPage3, noCMKTables[0],
				PreflightItem{CheckSubscriptionPolicies, true, "subscription sub-1 listed"},
				PreflightItem{CheckSubscriptionPolicies, false, "subscription sub-2: not permitted: needs Reader"}),
				noCMKTables[1:], one(itDirRoles, itTLS)),
		},
		{
			name:     "one --subscription list wanted, one given",
			wantSubs: 1,
			steps:    []step{{at(CheckSubscriptionPolicies, "sub-1", pOK), false}, {signed, false}, {tenantOK, false}, {settingsOK, false}, {pageNoCMK, true}},
			want: cat(base, one(itEnvPage3, noCMKTables[0],
				PreflightItem{CheckSubscriptionPolicies, true, "subscription sub-1 listed"}),
				noCMKTables[1:], one(itDirRoles, itTLS)),
		},
		{
			name:  "CMK chain read whole, then its vault's logging and roles",
			steps: cmkChainFull,
			want:  cat(base, one(itEnvPage2, itPolOK, itVaultOK, itKeyOK, itLogOK, itRolesOK, itDirRoles, itTLS)),
		},
		{
			name: "directory roles answered before the end are shown as read",
			steps: append([]step{{at(CheckDirectoryRoles, "graph", pOK), false}, {at(CheckDirectoryRoles, "graph", pDenied), false}},
				cmkChainFull...),
			want: cat(base, one(itEnvPage2, itPolOK, itVaultOK, itKeyOK, itLogOK, itRolesOK,
				PreflightItem{CheckDirectoryRoles, true, "Microsoft Graph directory roles read"}, itTLS)),
		},
		{
			name: "directory roles refused: no subject in the reason",
			steps: []step{{at(CheckDirectoryRoles, "graph", pDenied), false},
				{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageNoCMK, true}},
			want: cat(base, one(itEnvPage3), noCMKTables, one(PreflightItem{CheckDirectoryRoles, false, "not permitted: needs Reader"}, itTLS)),
		},
		{
			name: "chain outcomes before the policy's own count once it is read",
			steps: []step{
				{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageCMK, false},
				{func(f *firstCalls) { f.policy("other", vaultID+"x", "k") }, false},
				{at(CheckKeyRoles, "kv-1", pDenied), false},
				{at(CheckKeyLogging, "kv-1", pGone), false},
				{at(CheckKeys, "KV-1/KEY1", pOK), false},
				{at(CheckVaults, "kv-1", pOK), false},
				{at(CheckVaults, "kv-1", pDenied), false},
				{func(f *firstCalls) { f.policy("pol-a", vaultID, "Key1") }, false},
				{at(CheckPolicies, "Pol-A", pOK), true},
			},
			want: cat(base, one(itEnvPage2,
				PreflightItem{CheckPolicies, true, "Pol-A read"},
				PreflightItem{CheckVaults, true, "kv-1 read"},
				PreflightItem{CheckKeys, true, "KV-1/KEY1 read"},
				PreflightItem{CheckKeyLogging, false, "kv-1: not found"},
				PreflightItem{CheckKeyRoles, false, "kv-1: not permitted: needs Reader"},
				itDirRoles, itTLS)),
		},
		{
			name: "policy refused: the chain ends there, the rest is still tried",
			steps: []step{{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageCMK, false},
				{at(CheckPolicies, "pol-a", pDenied), true}},
			want: cat(base, one(itEnvPage2,
				PreflightItem{CheckPolicies, false, "pol-a: not permitted: needs Reader"},
				PreflightItem{CheckVaults, true, "the first enterprise policy could not be read; each one found is still tried"},
				PreflightItem{CheckKeys, true, "the first enterprise policy could not be read; each one found is still tried"},
				PreflightItem{CheckKeyLogging, true, "the first enterprise policy could not be read; " + logWhat},
				PreflightItem{CheckKeyRoles, true, "the first enterprise policy could not be read; " + rolesWhat},
				itDirRoles, itTLS)),
		},
		{
			name: "vault refused: its key, logging and roles are not waited for",
			steps: []step{{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageCMK, false},
				{func(f *firstCalls) { f.policy("pol-a", vaultID, "key1") }, false},
				{at(CheckPolicies, "pol-a", pOK), false},
				{at(CheckVaults, "kv-1", pDenied), true}},
			want: cat(base, one(itEnvPage2,
				PreflightItem{CheckPolicies, true, "pol-a read"},
				PreflightItem{CheckVaults, false, "kv-1: not permitted: needs Reader"},
				PreflightItem{CheckKeys, true, "the first vault could not be read; each one found is still tried"},
				PreflightItem{CheckKeyLogging, true, "the first vault could not be read; " + logWhat},
				PreflightItem{CheckKeyRoles, true, "the first vault could not be read; " + rolesWhat},
				itDirRoles, itTLS)),
		},
		{
			name: "key refused: the chain ends there",
			steps: []step{{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageCMK, false},
				{func(f *firstCalls) { f.policy("pol-a", vaultID, "key1") }, false},
				{at(CheckPolicies, "pol-a", pOK), false},
				{at(CheckVaults, "kv-1", pOK), false},
				{at(CheckKeys, "kv-1/key1", pDenied), true}},
			want: cat(base, one(itEnvPage2,
				PreflightItem{CheckPolicies, true, "pol-a read"},
				PreflightItem{CheckVaults, true, "kv-1 read"},
				PreflightItem{CheckKeys, false, "kv-1/key1: not permitted: needs Reader"},
				PreflightItem{CheckKeyLogging, true, "the first key could not be read; " + logWhat},
				PreflightItem{CheckKeyRoles, true, "the first key could not be read; " + rolesWhat},
				itDirRoles, itTLS)),
		},
		{
			name: "a policy naming a vault but no key: the vault's logging and roles are waited for",
			steps: []step{{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageCMK, false},
				{func(f *firstCalls) { f.policy("pol-a", vaultID, "") }, false},
				{at(CheckPolicies, "pol-a", pOK), false},
				{at(CheckVaults, "kv-1", pOK), false},
				{at(CheckKeyRoles, "kv-1", pOK), false},
				{at(CheckKeyLogging, "kv-1", pOK), true}},
			want: cat(base, one(itEnvPage2,
				PreflightItem{CheckPolicies, true, "pol-a read"},
				PreflightItem{CheckVaults, true, "kv-1 read"},
				PreflightItem{CheckKeys, true, "none answered yet; each one found is read"},
				itLogOK, itRolesOK, itDirRoles, itTLS)),
		},
		{
			name: "a policy naming no vault: complete once the policy is read",
			steps: []step{{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageCMK, false},
				{func(f *firstCalls) { f.policy("pol-a", "", "key1") }, false},
				{at(CheckVaults, "", pOK), false},
				{at(CheckPolicies, "pol-a", pOK), true}},
			want: cat(base, one(itEnvPage2,
				PreflightItem{CheckPolicies, true, "pol-a read"},
				PreflightItem{CheckVaults, true, "none answered yet; each one found is read"},
				PreflightItem{CheckKeys, true, "none answered yet; each one found is read"},
				PreflightItem{CheckKeyLogging, true, "none answered yet; " + logWhat},
				PreflightItem{CheckKeyRoles, true, "none answered yet; " + rolesWhat},
				itDirRoles, itTLS)),
		},
		{
			name:  "flush: the run ended with nothing but the sign-in and the tenant",
			steps: []step{{signed, false}, {tenantOK, false}},
			flush: true,
			want: one(itSignIn, itTenant,
				PreflightItem{CheckTenantSettings, false, "no answer before the run ended"},
				PreflightItem{CheckEnvironments, false, "no answer before the run ended"},
				PreflightItem{CheckPolicies, false, needEnv},
				PreflightItem{CheckVaults, false, needEnv},
				PreflightItem{CheckKeys, false, needEnv},
				PreflightItem{CheckKeyLogging, false, needEnv},
				PreflightItem{CheckKeyRoles, false, needEnv},
				PreflightItem{CheckDirectoryRoles, false, needEnv},
				PreflightItem{CheckTLS, false, "needs the environment list (the Dataverse hosts)"}),
		},
		{
			name:     "flush: a subscription list missing, CMK on the first page, nothing of the chain",
			wantSubs: 1,
			steps:    []step{{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageCMK, false}},
			flush:    true,
			want: cat(base, one(itEnvPage2,
				PreflightItem{CheckPolicies, true, "none answered yet; each one found is read"},
				PreflightItem{CheckVaults, true, "none answered yet; each one found is read"},
				PreflightItem{CheckKeys, true, "none answered yet; each one found is read"},
				PreflightItem{CheckKeyLogging, true, "none answered yet; " + logWhat},
				PreflightItem{CheckKeyRoles, true, "none answered yet; " + rolesWhat},
				itDirRoles, itTLS)),
		},
		{
			name: "flush: chain read up to the key, the vault's logging not yet",
			steps: []step{{signed, false}, {tenantOK, false}, {settingsOK, false}, {pageCMK, false},
				{func(f *firstCalls) { f.policy("pol-a", vaultID, "key1") }, false},
				{at(CheckPolicies, "pol-a", pOK), false},
				{at(CheckVaults, "kv-1", pOK), false},
				{at(CheckKeys, "kv-1/key1", pOK), false},
				{at(CheckKeyRoles, "kv-1", pOK), false}},
			flush: true,
			want: cat(base, one(itEnvPage2,
				PreflightItem{CheckPolicies, true, "pol-a read"},
				PreflightItem{CheckVaults, true, "kv-1 read"},
				PreflightItem{CheckKeys, true, "kv-1/key1 read"},
				PreflightItem{CheckKeyLogging, true, "none answered yet; " + logWhat},
				itRolesOK, itDirRoles, itTLS)),
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got [][]PreflightItem
			f := newFirstCalls(func(items []PreflightItem) { got = append(got, items) }, tc.wantSubs, tc.noTLS)
			if f == nil {
				t.Fatal("newFirstCalls with a callback returned nil")
			}
			for i, s := range tc.steps {
				s.do(f)
				if emitted := len(got) > 0; emitted != s.emitAfter {
					t.Fatalf("after step %d: table handed over = %v, want %v (%v)", i, emitted, s.emitAfter, got)
				}
			}
			if tc.flush {
				f.flush()
			}
			f.flush() // a second end of run, and later answers, hand nothing over
			f.outcome(CheckTenant, "", pOK)
			f.page(9, "")
			if len(got) != 1 {
				t.Fatalf("table handed over %d times, want once", len(got))
			}
			if diff := diffItems(got[0], tc.want); diff != "" {
				t.Error(diff)
			}
		})
	}
}

func diffItems(got, want []PreflightItem) string {
	var b strings.Builder
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w PreflightItem
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			fmt.Fprintf(&b, "item %d:\n got  %+v\n want %+v\n", i, g, w)
		}
	}
	return b.String()
}

// TestMut2OnePassOff: without a callback there is no recorder, and every
// call on the absent recorder is a no-op.
func TestMut2OnePassOff(t *testing.T) {
	f := newFirstCalls(nil, 0, false)
	if f != nil {
		t.Fatalf("newFirstCalls(nil) = %+v, want nil", f)
	}
	f.signedIn("a", "b")
	f.page(1, polID)
	f.policy("pol-a", vaultID, "k")
	f.outcome(CheckTenant, "", pOK)
	f.flush()
}

// TestMut2OnePassCollect: the table a full run hands over for Sample, row
// by row: its first page (3 environments) starts with env-prod-eu, linked
// to ep-eu → kv-eu → cmk-eu, all readable. The directory roles may answer
// before or after the table is complete, so either of their two rows is
// right. An environment without a name is not an environment.
func TestMut2OnePassCollect(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.Environments = append([]tenanttest.Environment{{ID: "", Name: "no name"}}, sc.Environments...)
	emu, opts := startEmulator(t, sc)
	var items []PreflightItem
	opts.OnPreflight = func(it []PreflightItem) { items = append(items, it...) }
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Environments) != 8 {
		t.Errorf("%d environments, want Sample's 8 (the nameless one skipped)", len(f.Environments))
	}
	want := []PreflightItem{
		{CheckSignIn, true, "signed in as app " + emu.ClientID() + " in tenant " + emu.TenantID()},
		itTenant, itSettings,
		{CheckEnvironments, true, "environment list read (2 on the first page)"},
		{CheckPolicies, true, "ep-eu read"},
		{CheckVaults, true, "kv-eu read"},
		{CheckKeys, true, "kv-eu/cmk-eu read"},
		{CheckKeyLogging, true, "diagnostic settings of vault kv-eu read (key logging)"},
		{CheckKeyRoles, true, "role assignments reaching vault kv-eu read (who can manage or purge its keys)"},
		itDirRoles,
		itTLS,
	}
	if len(items) == len(want) && items[9] == (PreflightItem{CheckDirectoryRoles, true, "Microsoft Graph directory roles read"}) {
		want[9] = items[9]
	}
	if d := diffItems(items, want); d != "" {
		t.Error(d)
	}
}
