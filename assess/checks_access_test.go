package assess

import "testing"

// withLogging gives the test vault its diagnostic settings.
func withLogging(l VaultLogging) func(*Facts) {
	return func(f *Facts) {
		l.VaultID = testVaultID
		if l.Provenance.Status == "" {
			l.Provenance = okProv()
		}
		f.KeyAccess = &KeyAccess{Logging: []VaultLogging{l}}
	}
}

func TestCheckKeyLogging(t *testing.T) {
	runCheckCases(t, "key-logging", []checkCase{
		{name: "audit logged", status: StatusOK, mod: withLogging(VaultLogging{AuditLogged: true, Destinations: []string{"Log Analytics workspace"}, Settings: 1})},
		{name: "no diagnostic setting", status: StatusOK, implies: []string{"not-logged"},
			mod:     withLogging(VaultLogging{}),
			signals: map[string][]string{"vault-not-logged": {testVaultID}}},
		{name: "settings without AuditEvent", status: StatusOK, implies: []string{"not-logged"},
			mod:     withLogging(VaultLogging{Settings: 2}),
			signals: map[string][]string{"vault-not-logged": {testVaultID}}},
		{name: "one of two vaults logs", status: StatusOK,
			mod: func(f *Facts) {
				second := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-two"
				f.Vaults = append(f.Vaults, Vault{Provenance: okProv(), ID: second, Name: "kv-two", RBAC: true, PurgeProtection: true})
				f.Keys = append(f.Keys, Key{Provenance: okProv(), VaultID: second, Name: "k2", Enabled: true})
				f.Policies = append(f.Policies, EnterprisePolicy{Provenance: okProv(), ID: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.PowerPlatform/enterprisePolicies/ep2", Name: "ep2", Kind: "Encryption", VaultID: second, KeyName: "k2"})
				f.Environments = append(f.Environments, testEnv("env-two", "Two", func(e *Environment) {
					e.CMK = &CMKLink{ResourceID: f.Policies[1].ID, LinkStatus: "Linked"}
				}))
				f.KeyAccess = &KeyAccess{Logging: []VaultLogging{
					{Provenance: okProv(), VaultID: testVaultID, AuditLogged: true, Settings: 1},
					{Provenance: okProv(), VaultID: second},
				}}
			},
			signals: map[string][]string{"vault-not-logged": {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-two"}}},
		{name: "settings 403", status: StatusNotPermitted, reason: "diagnostic settings",
			mod: withLogging(VaultLogging{Provenance: deniedProv()})},
		{name: "not collected", status: StatusNotCollected, reason: "not collected"},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
}

// twoPrincipals: Ada and an automation app hold key power and an
// environment administrator role; Bob only the key, Cy only the directory.
func withDuties(d Duties) func(*Facts) {
	return func(f *Facts) {
		if d.KeyRoles.Status == "" {
			d.KeyRoles = okProv()
		}
		if d.DirectoryRoles.Status == "" {
			d.DirectoryRoles = okProv()
		}
		f.KeyAccess = &KeyAccess{Duties: &d}
	}
}

func TestCheckSeparationOfDuties(t *testing.T) {
	ada := Principal{ID: "u-ada", Name: "Ada", Type: "User", Roles: []string{"Key Vault Administrator on kv-pp-cmk"}}
	app := Principal{ID: "sp-ops", Type: "ServicePrincipal", Roles: []string{"Owner on kv-pp-cmk (subscription)"}}
	bob := Principal{ID: "u-bob", Name: "Bob", Type: "User", Roles: []string{"Key Vault Crypto Officer on kv-pp-cmk"}}
	adaPP := Principal{ID: "U-ADA", Name: "Ada", Type: "User", Roles: []string{"Power Platform Administrator"}}
	appPP := Principal{ID: "sp-ops", Name: "ops-automation", Type: "ServicePrincipal", Roles: []string{"Dynamics 365 Administrator via group PP Admins"}}
	cy := Principal{ID: "u-cy", Name: "Cy", Type: "User", Roles: []string{"Global Administrator"}}
	runCheckCases(t, "separation-of-duties", []checkCase{
		{name: "separate", status: StatusOK, implies: []string{"separate"},
			mod: withDuties(Duties{KeyAdmins: []Principal{bob}, PlatformAdmins: []Principal{cy}})},
		{name: "two principals in both", status: StatusOK, implies: []string{"partial"},
			mod:     withDuties(Duties{KeyAdmins: []Principal{ada, bob, app}, PlatformAdmins: []Principal{cy, adaPP, appPP}}),
			signals: map[string][]string{"key-and-platform-admin": {"u-ada", "sp-ops"}}},
		{name: "every key admin in both", status: StatusOK, implies: []string{"same"},
			mod:     withDuties(Duties{KeyAdmins: []Principal{ada}, PlatformAdmins: []Principal{adaPP, cy}}),
			signals: map[string][]string{"key-and-platform-admin": {"u-ada"}}},
		{name: "graph not permitted", status: StatusNotPermitted, reason: "directory roles",
			mod: withDuties(Duties{KeyAdmins: []Principal{ada}, DirectoryRoles: deniedProv()})},
		{name: "overlap found although some vault roles unread", status: StatusNotPermitted, implies: []string{"partial"}, reason: "key vault roles",
			mod:     withDuties(Duties{KeyAdmins: []Principal{ada}, PlatformAdmins: []Principal{adaPP}, KeyRoles: deniedProv()}),
			signals: map[string][]string{"key-and-platform-admin": {"u-ada"}}},
		{name: "not collected", status: StatusNotCollected, reason: "not collected"},
		{name: "no environments", status: StatusNotApplicable, mod: emptyFacts},
	})
	// the names and both sets of roles reach the finding
	d := Duties{KeyAdmins: []Principal{app}, PlatformAdmins: []Principal{appPP}}
	both := d.BothDuties()
	if len(both) != 1 || both[0].Label() != "ops-automation" || len(both[0].Roles) != 2 {
		t.Errorf("both = %+v", both)
	}
}
