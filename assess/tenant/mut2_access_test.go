package tenant

import (
	"reflect"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// Key logging and separation of duties, the pure parts: expectations from
// the wire contract (§11: diagnostic settings, role assignments, Graph
// directory objects) and Azure's documented built-in role IDs.

const kvID = "/subscriptions/S1/resourceGroups/RG/providers/Microsoft.KeyVault/vaults/kv1"

func TestMut2AppliesTo(t *testing.T) {
	cases := []struct {
		scope string
		want  bool
	}{
		{"", true},
		{"/", true},
		{"/providers/Microsoft.Management/managementGroups/mg1", true},
		{"/subscriptions/s1", true},
		{"/subscriptions/s1/", true},
		{"/subscriptions/s10", false},
		{"/subscriptions/s2", false},
		{"/subscriptions/S1/resourcegroups/rg", true},
		{"/subscriptions/s1/resourceGroups/rg2", false},
		{"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/KV1", true},
		{"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1/keys/k", false},
		{"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", false},
	}
	for _, c := range cases {
		if got := appliesTo(c.scope, kvID); got != c.want {
			t.Errorf("appliesTo(%q) = %v, want %v", c.scope, got, c.want)
		}
	}
}

func TestMut2ScopeLevel(t *testing.T) {
	cases := map[string]string{
		"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/KV1": "the vault",
		"":  "the root",
		"/": "the root",
		"/providers/Microsoft.Management/managementGroups/MG-1": "management group MG-1",
		"/subscriptions/s1/resourceGroups/RG-2":                 "resource group RG-2",
		"/subscriptions/s1":                                     "subscription s1",
		"/subscriptions/s1/":                                    "subscription s1",
	}
	for scope, want := range cases {
		if got := scopeLevel(scope, kvID); got != want {
			t.Errorf("scopeLevel(%q) = %q, want %q", scope, got, want)
		}
	}
}

func TestMut2DirectoryMemberKind(t *testing.T) {
	cases := map[string]string{
		"#microsoft.graph.user":             "User",
		"#microsoft.graph.GROUP":            "Group",
		"#microsoft.graph.servicePrincipal": "ServicePrincipal",
		"#microsoft.graph.device":           "device",
		"user":                              "User",
		"":                                  "",
	}
	for typ, want := range cases {
		if got := (directoryMember{Type: typ}).kind(); got != want {
			t.Errorf("kind(%q) = %q, want %q", typ, got, want)
		}
	}
}

// Built-in role definition IDs from Azure's "built-in roles" page.
func TestMut2BuiltinRoles(t *testing.T) {
	power := map[string]string{
		"8E3AF657-A8FF-443C-A75C-2FE8C4BCB635": "Owner",
		"b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
		"18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
		"00482A5A-887F-4FB3-B363-3B7FE8E74483": "Key Vault Administrator",
		"14b46e9e-c2b7-41b4-b07b-48a6ebf60603": "Key Vault Crypto Officer",
	}
	harmless := []string{
		"E147488A-F6F5-4113-8E2D-B22465E65BF6", // Key Vault Crypto Service Encryption User
		"12338af0-0e69-4776-bea7-57ae8d297424", // Key Vault Crypto User
		"21090545-7ca7-4776-b22c-e363652d74d2", // Key Vault Reader
		"ACDD72A7-3385-48EF-BD42-F606FBA81AE7", // Reader
	}
	for id, want := range power {
		if got := keyPowerRole(id); got != want {
			t.Errorf("keyPowerRole(%s) = %q, want %q", id, got, want)
		}
		if builtinHarmless(id) {
			t.Errorf("builtinHarmless(%s) = true for %s", id, want)
		}
	}
	for _, id := range harmless {
		if got := keyPowerRole(id); got != "" {
			t.Errorf("keyPowerRole(%s) = %q, want none", id, got)
		}
		if !builtinHarmless(id) {
			t.Errorf("builtinHarmless(%s) = false", id)
		}
	}
	if keyPowerRole("11111111-1111-1111-1111-111111111111") != "" || builtinHarmless("11111111-1111-1111-1111-111111111111") {
		t.Error("an unknown (custom) role is neither a power role nor known harmless")
	}
}

func TestMut2AuditDestinations(t *testing.T) {
	str := func(s string) *string { return &s }
	type log struct {
		cat, group *string
		on         bool
	}
	mk := func(ws, sa, eh, mp string, logs ...log) diagSettingDTO {
		var d diagSettingDTO
		d.Properties.WorkspaceID, d.Properties.StorageAccountID = ws, sa
		d.Properties.EventHubAuthorizationRuleID, d.Properties.MarketplacePartnerID = eh, mp
		for _, l := range logs {
			d.Properties.Logs = append(d.Properties.Logs, struct {
				Category      *string `json:"category"`
				CategoryGroup *string `json:"categoryGroup"`
				Enabled       bool    `json:"enabled"`
			}{l.cat, l.group, l.on})
		}
		return d
	}
	cases := []struct {
		name string
		d    diagSettingDTO
		want []string
	}{
		{"no logs", mk("ws", "", "", ""), nil},
		{"AuditEvent disabled", mk("ws", "sa", "", "", log{str("AuditEvent"), nil, false}), nil},
		{"AuditEvent to workspace and storage", mk("ws", "sa", "", "", log{str("auditevent"), nil, true}), []string{"Log Analytics workspace", "storage account"}},
		{"audit group to event hub", mk("", "", "eh", "", log{nil, str("AUDIT"), true}), []string{"event hub"}},
		{"allLogs group to a partner", mk("", "", "", "mp", log{nil, str("alllogs"), true}), []string{"partner solution"}},
		{"all four destinations", mk("ws", "sa", "eh", "mp", log{str("AuditEvent"), nil, true}), []string{"Log Analytics workspace", "storage account", "event hub", "partner solution"}},
		{"another category only", mk("ws", "", "", "", log{str("AzurePolicyEvaluationDetails"), nil, true}), nil},
		{"another group only", mk("ws", "", "", "", log{nil, str("other"), true}), nil},
		{"an entry with neither", mk("ws", "", "", "", log{nil, nil, true}), nil},
		{"covered, then a disabled entry", mk("ws", "", "", "", log{str("AuditEvent"), nil, true}, log{str("Other"), nil, false}), []string{"Log Analytics workspace"}},
		{"a disabled entry, then covered", mk("", "sa", "", "", log{str("AuditEvent"), nil, false}, log{nil, str("audit"), true}), []string{"storage account"}},
		{"a category that is not AuditEvent with the audit group", mk("ws", "", "", "", log{str("Other"), str("audit"), true}), []string{"Log Analytics workspace"}},
		{"covered, no destination", mk("", "", "", "", log{str("AuditEvent"), nil, true}), nil},
	}
	for _, c := range cases {
		if got := c.d.auditDestinations(); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: auditDestinations() = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestMut2AddPrincipal: one entry per principal (IDs compared without
// case), the first name and type that are known, each role once.
func TestMut2AddPrincipal(t *testing.T) {
	r := &run{acc: newAccess()}
	m := map[string]*assess.Principal{}
	r.addPrincipal(m, "", "Nobody", "User", "r0")
	r.addPrincipal(m, "ID-1", "", "", "r1")
	r.addPrincipal(m, "id-1", "Alice", "User", "r1")
	r.addPrincipal(m, "Id-1", "Bob", "Group", "r2")
	r.addPrincipal(m, "id-2", "Carol", "ServicePrincipal", "r3")
	want := map[string]*assess.Principal{
		"id-1": {ID: "ID-1", Name: "Alice", Type: "User", Roles: []string{"r1", "r2"}},
		"id-2": {ID: "id-2", Name: "Carol", Type: "ServicePrincipal", Roles: []string{"r3"}},
	}
	if !reflect.DeepEqual(m, want) {
		for k, v := range m {
			t.Logf("%s: %+v", k, *v)
		}
		t.Fatal("principals differ from what was added")
	}
}

// TestMut2SealAccess: nothing is put into the facts when no vault was
// looked at; otherwise logging and principals come sorted (IDs without
// case), roles sorted, and a key administrator ARM named only by ID takes
// the name the directory gave.
func TestMut2SealAccess(t *testing.T) {
	r := &run{acc: newAccess(), facts: &assess.Facts{}}
	r.sealAccess()
	if r.facts.KeyAccess != nil {
		t.Fatalf("KeyAccess = %+v without any vault read", r.facts.KeyAccess)
	}
	denied := assess.Provenance{Status: assess.StatusNotPermitted}
	r.acc.touched = true
	r.acc.keyProv, r.acc.dirProv = denied, pOK
	r.acc.logging = []assess.VaultLogging{{VaultID: "/v/kv-b"}, {VaultID: "/v/KV-A"}, {VaultID: "/v/kv-c"}}
	r.keyAdmin("u-2", "", "User", "z role")
	r.keyAdmin("u-2", "", "User", "a role")
	r.keyAdmin("U-1", "Own name", "User", "k")
	r.keyAdmin("u-3", "", "User", "k")
	r.addPrincipal(r.acc.platform, "u-2", "Dir name", "User", "Global Administrator")
	r.addPrincipal(r.acc.platform, "u-1", "Other name", "User", "Global Administrator")
	r.sealAccess()
	ka := r.facts.KeyAccess
	if ka == nil || ka.Duties == nil {
		t.Fatal("no KeyAccess after a vault was read")
	}
	var ids []string
	for _, l := range ka.Logging {
		ids = append(ids, l.VaultID)
	}
	if want := []string{"/v/KV-A", "/v/kv-b", "/v/kv-c"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("logging order %q, want %q", ids, want)
	}
	if ka.Duties.KeyRoles != denied || ka.Duties.DirectoryRoles != pOK {
		t.Errorf("provenances %+v / %+v", ka.Duties.KeyRoles, ka.Duties.DirectoryRoles)
	}
	wantKA := []assess.Principal{
		{ID: "U-1", Name: "Own name", Type: "User", Roles: []string{"k"}},
		{ID: "u-2", Name: "Dir name", Type: "User", Roles: []string{"a role", "z role"}},
		{ID: "u-3", Type: "User", Roles: []string{"k"}},
	}
	if !reflect.DeepEqual(ka.Duties.KeyAdmins, wantKA) {
		t.Errorf("key admins\n got  %+v\n want %+v", ka.Duties.KeyAdmins, wantKA)
	}
	wantPA := []assess.Principal{
		{ID: "u-1", Name: "Other name", Type: "User", Roles: []string{"Global Administrator"}},
		{ID: "u-2", Name: "Dir name", Type: "User", Roles: []string{"Global Administrator"}},
	}
	if !reflect.DeepEqual(ka.Duties.PlatformAdmins, wantPA) {
		t.Errorf("platform admins\n got  %+v\n want %+v", ka.Duties.PlatformAdmins, wantPA)
	}
}

// TestMut2ListedVault: a vault is found in a subscription list by its ID
// without case; an ID not in the list is not found.
func TestMut2ListedVault(t *testing.T) {
	a := newAccess()
	l := &onceList[vaultDTO]{}
	var d1, d2 vaultDTO
	d1.ID, d2.ID = "/subscriptions/s/vaults/KV-1", "/subscriptions/s/vaults/kv-2"
	l.items = []vaultDTO{d1, d2}
	for _, c := range []struct {
		id     string
		want   string
		wantOK bool
	}{
		{"/subscriptions/s/vaults/kv-1", d1.ID, true},
		{"/SUBSCRIPTIONS/s/vaults/KV-2", d2.ID, true},
		{"/subscriptions/s/vaults/kv-3", "", false},
	} {
		got, ok := a.listedVault(l, c.id)
		if ok != c.wantOK || got.ID != c.want {
			t.Errorf("listedVault(%q) = %q, %v; want %q, %v", c.id, got.ID, ok, c.want, c.wantOK)
		}
	}
}
