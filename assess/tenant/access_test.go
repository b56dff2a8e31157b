package tenant

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

func principalIDs(ps []assess.Principal) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	slices.Sort(out)
	return out
}

// TestCollectKeyAccess: the real credential and pipeline read each CMK
// vault's diagnostic settings, the role assignments that reach it (custom
// role judged by its definition, groups expanded through Graph), its access
// policies, and the directory roles; the two principals who hold both key
// power and an environment administrator role are found, with their names.
func TestCollectKeyAccess(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.SampleDuties(fixedNow))
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.KeyAccess == nil || f.KeyAccess.Duties == nil {
		t.Fatal("no key access facts")
	}
	logged := map[string]assess.VaultLogging{}
	for _, l := range f.KeyAccess.Logging {
		logged[lastSegment(l.VaultID)] = l
	}
	if l := logged["kv-eu"]; !l.Provenance.OK() || !l.AuditLogged || l.Settings != 2 || !slices.Equal(l.Destinations, []string{"Log Analytics workspace"}) {
		t.Errorf("kv-eu logging %+v", l)
	}
	if l := logged["kv-de"]; !l.AuditLogged || !slices.Equal(l.Destinations, []string{"storage account"}) {
		t.Errorf("kv-de logging %+v", l)
	}
	if l := logged["kv-us"]; !l.Provenance.OK() || l.AuditLogged || l.Settings != 0 {
		t.Errorf("kv-us logging %+v", l)
	}
	d := f.KeyAccess.Duties
	if !d.KeyRoles.OK() || !d.DirectoryRoles.OK() {
		t.Fatalf("provenance %+v / %+v", d.KeyRoles, d.DirectoryRoles)
	}
	both := d.BothDuties()
	if got := principalIDs(both); !slices.Equal(got, []string{tenanttest.PrincipalAda, tenanttest.PrincipalBob}) {
		t.Fatalf("in both duties: %v (key admins %+v, platform %+v)", got, d.KeyAdmins, d.PlatformAdmins)
	}
	for _, p := range both {
		text := strings.Join(p.Roles, "; ")
		switch p.ID {
		case tenanttest.PrincipalAda:
			if p.Name != "Ada Admin" || !strings.Contains(text, "Key Vault Administrator on kv-eu (at the vault)") || !strings.Contains(text, "Power Platform Administrator") {
				t.Errorf("Ada: %+v", p)
			}
		case tenanttest.PrincipalBob:
			if p.Name != "Bob Key" || !strings.Contains(text, "Owner on kv-eu (at resource group rg-cmk) via group kv-admins") || !strings.Contains(text, "Dynamics 365 Administrator via group pp-admins") {
				t.Errorf("Bob: %+v", p)
			}
		}
	}
	keyAdmins := principalIDs(d.KeyAdmins)
	for _, want := range []string{tenanttest.PrincipalDan, tenanttest.PrincipalOps, tenanttest.GroupKVAdmins} {
		if !slices.Contains(keyAdmins, want) {
			t.Errorf("key admins %v lack %s", keyAdmins, want)
		}
	}
	for _, not := range []string{"p-eu", "p-us", tenanttest.PrincipalCy} {
		if slices.Contains(keyAdmins, not) {
			t.Errorf("%s counted as a key admin", not)
		}
	}
	// the role assignments come from one subscription list, the custom role
	// is read once, and every new read is a GET
	if n := emu.Count("arm", "/providers/Microsoft.Authorization/roleDefinitions/"); n != 1 {
		t.Errorf("%d role definition reads", n)
	}
	assertAccessReadsAreGETs(t, emu)

	// the assessment finds them: KM-02 answered "separate" is a conflict
	b, err := assess.LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	res, err := assess.Evaluate(assess.Input{Bank: b, Facts: f, Now: fixedNow, Answers: assess.Answers{
		"AR-02": {State: assess.AnswerAnswered, Values: []string{"all-cmk"}},
		"KM-02": {State: assess.AnswerAnswered, Values: []string{"separate"}},
		"MG-01": {State: assess.AnswerAnswered, Values: []string{"siem-alerts"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var km02 *assess.Conflict
	for i, c := range res.Conflicts {
		if c.QuestionID == "KM-02" {
			km02 = &res.Conflicts[i]
		}
	}
	if km02 == nil {
		t.Fatalf("no KM-02 conflict; conflicts %+v", res.Conflicts)
	}
	var names []string
	for _, s := range km02.Affected {
		names = append(names, s.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{"Ada Admin", "Bob Key"}) {
		t.Errorf("KM-02 conflict names %v", names)
	}
}

// assertAccessReadsAreGETs: Graph, role assignment, role definition and
// diagnostic settings reads are all GETs, and nothing wrote.
func assertAccessReadsAreGETs(t *testing.T, emu *tenanttest.Emulator) {
	t.Helper()
	n := 0
	for _, r := range emu.Requests() {
		p := strings.ToLower(r.Path)
		if r.Service == "graph" || strings.Contains(p, "/microsoft.authorization/") || strings.Contains(p, "/diagnosticsettings") {
			n++
			if r.Method != http.MethodGet {
				t.Errorf("%s %s %s", r.Service, r.Method, r.Path)
			}
		}
	}
	if n == 0 {
		t.Error("no Graph or role reads seen; the check would be vacuous")
	}
	if v := emu.Violations(); len(v) > 0 {
		t.Errorf("write calls: %v", v)
	}
}

// TestKeyAccessGraphForbidden: without the Graph permission the directory
// roles are "not permitted" naming it, and the rest of the run is as before.
func TestKeyAccessGraphForbidden(t *testing.T) {
	sc := tenanttest.SampleDuties(fixedNow)
	sc.Faults = append(sc.Faults, tenanttest.Fault{Service: "graph", Status: 403})
	_, opts := startEmulator(t, sc)
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := f.KeyAccess.Duties
	if d.DirectoryRoles.Status != assess.StatusNotPermitted || !strings.Contains(d.DirectoryRoles.Reason, "RoleManagement.Read.Directory") || !strings.Contains(d.DirectoryRoles.Reason, "Authorization_RequestDenied") {
		t.Errorf("directory roles %+v", d.DirectoryRoles)
	}
	if !d.KeyRoles.OK() || len(f.Environments) != 8 || len(f.Keys) != 3 {
		t.Errorf("the rest changed: key roles %+v, %d environments, %d keys", d.KeyRoles, len(f.Environments), len(f.Keys))
	}
	if c, ok := checkRun(f, CheckDirectoryRoles); !ok || c.Provenance.Status != assess.StatusNotPermitted {
		t.Errorf("directory-roles check %+v", c)
	}
	if c, _ := checkRun(f, CheckKeys); c.Provenance.Status != assess.StatusNotPermitted || !strings.Contains(c.Provenance.Reason, "1 of 3") {
		t.Errorf("keys %+v", c.Provenance) // only the sample's own 403
	}
	// --preflight names the missing permission before a full run
	items, err := Preflight(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range items {
		if it.Check == CheckDirectoryRoles {
			found = true
			if it.WillRun || !strings.Contains(it.Reason, "RoleManagement.Read.Directory") {
				t.Errorf("preflight %+v", it)
			}
		}
	}
	if !found {
		t.Error("the preflight does not probe Graph")
	}
}

// TestKeyAccessARMFallbackAndErrors: a refused subscription list falls
// back to each vault's atScope() list; refused diagnostic settings are
// "not permitted", a vault whose settings are gone "not found".
func TestKeyAccessARMFallbackAndErrors(t *testing.T) {
	sc := tenanttest.SampleDuties(fixedNow)
	sc.Faults = append(sc.Faults,
		tenanttest.Fault{Service: "arm", PathSuffix: "/subscriptions/" + tenanttest.SampleSubscription + "/providers/Microsoft.Authorization/roleAssignments", Status: 403, Code: "AuthorizationFailed"},
		tenanttest.Fault{Service: "arm", PathContains: "/vaults/kv-de/providers/Microsoft.Insights", Status: 403, Code: "AuthorizationFailed"},
		tenanttest.Fault{Service: "arm", PathContains: "/vaults/kv-us/providers/Microsoft.Insights", Status: 404, Code: "ResourceNotFound"},
	)
	emu, opts := startEmulator(t, sc)
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := f.KeyAccess.Duties
	if !d.KeyRoles.OK() || !strings.Contains(d.KeyRoles.Source, "atScope()") {
		t.Errorf("key roles %+v", d.KeyRoles)
	}
	if got := principalIDs(d.BothDuties()); !slices.Equal(got, []string{tenanttest.PrincipalAda, tenanttest.PrincipalBob}) {
		t.Errorf("both %v", got)
	}
	if emu.Count("arm", "/vaults/kv-eu/providers/Microsoft.Authorization/roleAssignments") == 0 {
		t.Error("no per-vault atScope() read")
	}
	for _, l := range f.KeyAccess.Logging {
		switch lastSegment(l.VaultID) {
		case "kv-de":
			if l.Provenance.Status != assess.StatusNotPermitted || !strings.Contains(l.Provenance.Reason, "diagnosticSettings/read") {
				t.Errorf("kv-de %+v", l.Provenance)
			}
		case "kv-us":
			if l.Provenance.Status != assess.StatusNotFound {
				t.Errorf("kv-us %+v", l.Provenance)
			}
		}
	}
	assertAccessReadsAreGETs(t, emu)
}

// TestVaultsFromSubscriptionList: with Reader on the subscription, vaults
// come from one list per subscription instead of a GET each; a vault the
// list lacks is still read by ID.
func TestVaultsFromSubscriptionList(t *testing.T) {
	sc := tenanttest.LargeTenant(200, 50, 0, fixedNow)
	sc.ARMPageSize = 4
	emu, opts := startEmulator(t, sc)
	opts.NoTLSProbe = true
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Vaults) != 10 {
		t.Fatalf("%d vaults", len(f.Vaults))
	}
	for _, v := range f.Vaults {
		if !v.Provenance.OK() || !strings.Contains(v.Provenance.Source, "subscription Microsoft.KeyVault/vaults list") || v.URI == "" {
			t.Errorf("%s: %+v", v.Name, v.Provenance)
		}
	}
	gets := 0
	for _, r := range emu.Requests() {
		if r.Service == "arm" && strings.Contains(r.Path, "/vaults/kv-") && !strings.Contains(r.Path, "/providers/Microsoft.Insights") {
			gets++
		}
	}
	if gets != 0 {
		t.Errorf("%d vault GETs beside the list", gets)
	}
	pages := 0
	for _, r := range emu.Requests() {
		if strings.HasSuffix(r.Path, "/providers/Microsoft.KeyVault/vaults") {
			pages++
		}
	}
	if pages != 3 { // 10 vaults in pages of 4
		t.Errorf("%d list pages", pages)
	}
}

// TestTokenRefresh: tokens that expire during the run are renewed, never
// sent stale (the emulator answers a stale one with 401).
func TestTokenRefresh(t *testing.T) {
	sc := tenanttest.Sample(fixedNow)
	sc.TokenLifetime = time.Second
	sc.Latency = 150 * time.Millisecond
	emu, opts := startEmulator(t, sc)
	opts.NoTLSProbe = true
	start := time.Now()
	f, err := Collect(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 1200*time.Millisecond {
		t.Skip("the run was shorter than a token's life; nothing expired")
	}
	tokens := 0
	for _, r := range emu.Requests() {
		if r.Service == "entra" && strings.HasSuffix(r.Path, "/token") {
			tokens++
		}
		if r.Status == http.StatusUnauthorized && r.Auth {
			t.Errorf("a stale token was sent: %s %s", r.Method, r.Path)
		}
	}
	if tokens <= 4 {
		t.Errorf("%d token requests: nothing was renewed", tokens)
	}
	if len(f.Environments) != 8 || !f.Tenant.Provenance.OK() {
		t.Errorf("%d environments", len(f.Environments))
	}
}
