package assess

import (
	"strings"
	"testing"
)

// The one-line summaries the evidence panel and every report print for a
// check. Each expectation is spelt out by hand from the wording rules: "All
// 3 key vaults" / "The key vault" (plural.go), a found-problem line that
// names the subjects, a fine line otherwise, and "Some X could not be read"
// (with "Found anyway" only when something was found) for partial facts.

// secondChain adds a second production environment on its own policy,
// vault (kv-two) and key (k2), all healthy.
func secondChain(f *Facts) {
	const second = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-two"
	const pol = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.PowerPlatform/enterprisePolicies/ep2"
	f.Vaults = append(f.Vaults, Vault{Provenance: okProv(), ID: second, Name: "kv-two", Location: "northeurope", SKU: "premium",
		SoftDelete: new(true), PurgeProtection: true, RetentionDays: 90, RBAC: true,
		PublicNetworkAccess: "Disabled", Bypass: "AzureServices", DefaultAction: "Deny", PrivateEndpoints: 1})
	k := f.Keys[0]
	k.VaultID, k.Name = second, "k2"
	f.Keys = append(f.Keys, k)
	f.Policies = append(f.Policies, EnterprisePolicy{Provenance: okProv(), ID: pol, Name: "ep2", Kind: "Encryption", Location: "europe",
		State: "Enabled", Health: "Healthy", VaultID: second, KeyName: "k2"})
	f.Environments = append(f.Environments, testEnv("env-two", "Two", func(e *Environment) {
		e.CMK = &CMKLink{ResourceID: pol, Location: "europe", LinkStatus: "Linked"}
	}))
}

func both(mods ...func(*Facts)) func(*Facts) {
	return func(f *Facts) {
		for _, m := range mods {
			m(f)
		}
	}
}

func logging(ls ...VaultLogging) func(*Facts) {
	return func(f *Facts) {
		for i := range ls {
			if ls[i].Provenance.Status == "" {
				ls[i].Provenance = okProv()
			}
		}
		f.KeyAccess = &KeyAccess{Logging: ls}
	}
}

func TestCheckSummaries(t *testing.T) {
	const kvTwo = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-two"
	europe := Answers{"RS-01": answered("europe")}
	cases := []struct {
		name, check string
		mod         func(*Facts)
		answers     Answers
		exact       string   // the whole summary, when set
		prefix      string   // the start of it, when set
		has, hasNot []string // substrings
	}{
		{name: "every vault logs", check: "key-logging", mod: withLogging(VaultLogging{AuditLogged: true, Settings: 1}),
			exact: "The key vault sends its AuditEvent log to a destination; whether alerts exist is not visible to the tool."},
		{name: "both vaults log", check: "key-logging", mod: both(secondChain, logging(VaultLogging{VaultID: testVaultID, AuditLogged: true, Settings: 1}, VaultLogging{VaultID: kvTwo, AuditLogged: true, Settings: 1})),
			exact: "All 2 key vaults send their AuditEvent log to a destination; whether alerts exist is not visible to the tool."},
		{name: "no vault logs", check: "key-logging", mod: withLogging(VaultLogging{Settings: 0}),
			prefix: "No key vault sends its AuditEvent log (key access) anywhere: ", has: []string{"kv-pp-cmk", "no diagnostic setting"}},
		{name: "settings without audit", check: "key-logging", mod: withLogging(VaultLogging{Settings: 2}),
			has: []string{"no diagnostic setting sends AuditEvent logs anywhere"}},
		{name: "one of two logs", check: "key-logging", mod: both(secondChain, logging(VaultLogging{VaultID: testVaultID, AuditLogged: true, Settings: 1}, VaultLogging{VaultID: kvTwo})),
			prefix: "1 of 2 key vaults logs key access; not logged: kv-two", hasNot: []string{"kv-pp-cmk"}},
		{name: "unreadable, nothing found", check: "key-logging", mod: withLogging(VaultLogging{Provenance: deniedProv()}),
			prefix: "Some key logging could not be read: vault kv-pp-cmk diagnostic settings", hasNot: []string{"Found anyway"}},
		{name: "unreadable, one found", check: "key-logging", mod: both(secondChain, logging(VaultLogging{VaultID: testVaultID, Provenance: deniedProv()}, VaultLogging{VaultID: kvTwo})),
			prefix: "Some key logging could not be read: vault kv-pp-cmk diagnostic settings", has: []string{". Found anyway: kv-two"}},

		{name: "cmk linkage", check: "cmk-linkage", exact: "All 1 in-scope environments use a customer-managed key."},
		{name: "cmk prereqs", check: "cmk-prereqs", exact: "All 1 in-scope environments are Managed Environments of a supported type, with any CMK policy in their geo (licensing is not visible to the tool)."},
		{name: "legacy byok", check: "legacy-byok", exact: "None of the 1 in-scope environments shows signs of legacy BYOK."},
		{name: "nonprod keys fine", check: "nonprod-keys", exact: "Every non-production environment with Dataverse uses a customer-managed key too."},
		{name: "nonprod on microsoft key", check: "nonprod-keys",
			mod:    addEnv(testEnv("env-dev", "Dev", func(e *Environment) { e.Type = "Sandbox"; e.CMK = nil })),
			prefix: "Non-production environments with Dataverse on Microsoft-managed keys: ", has: []string{"Dev"}},

		{name: "vault recovery", check: "vault-recovery", exact: "The key vault has soft-delete and purge protection."},
		{name: "vault recovery, two", check: "vault-recovery", mod: secondChain, exact: "All 2 key vaults have soft-delete and purge protection."},
		{name: "no purge protection", check: "vault-recovery", mod: func(f *Facts) { f.Vaults[0].PurgeProtection = false },
			prefix: "Vaults without full recovery protection: kv-pp-cmk"},
		{name: "access model", check: "key-access-model", exact: "The key vault uses Azure RBAC; who holds which role is not visible to the tool."},
		{name: "access model, two", check: "key-access-model", mod: secondChain, exact: "All 2 key vaults use Azure RBAC; who holds which role is not visible to the tool."},
		{name: "access policies", check: "key-access-model", mod: func(f *Facts) { f.Vaults[0].RBAC = false },
			prefix: "Vaults on the access-policy model: kv-pp-cmk"},
		{name: "vault network", check: "vault-network", exact: "The key vault is firewalled and lets trusted Microsoft services through."},
		{name: "vault network, two", check: "vault-network", mod: secondChain, exact: "All 2 key vaults are firewalled and let trusted Microsoft services through."},
		{name: "cmk health", check: "cmk-health", exact: "1 encryption policy(ies) report no health problem and no environment on them is disabled."},

		{name: "key rotation", check: "key-rotation", exact: "The key has a rotation policy, and no earlier version was disabled within 28 days of its replacement."},
		{name: "key rotation, two", check: "key-rotation", mod: secondChain, exact: "All 2 keys have a rotation policy, and no earlier version was disabled within 28 days of its replacement."},
		{name: "key expiry", check: "key-expiry", exact: "1 of 1 key has an expiry date more than 60 days away."},
		{name: "key expiry, two", check: "key-expiry", mod: secondChain, exact: "2 of 2 keys have an expiry date more than 60 days away."},
		{name: "no expiry", check: "key-expiry", mod: func(f *Facts) { f.Keys[0].Expires = nil }, exact: "The key has no expiry date."},
		{name: "no expiry, two", check: "key-expiry", mod: both(secondChain, func(f *Facts) { f.Keys[0].Expires, f.Keys[1].Expires = nil, nil }), exact: "None of the 2 keys has an expiry date."},
		{name: "key type", check: "key-type", prefix: "1 key in use: ", hasNot: []string{"needs attention"}},
		{name: "key type unsupported", check: "key-type", mod: func(f *Facts) { f.Keys[0].Type = "EC-HSM" },
			exact: "1 key in use: pp-cmk (EC-HSM 3072-bit); needs attention: pp-cmk (kv-pp-cmk) (EC-HSM 3072-bit; used by Contoso HR (europe))"},

		{name: "tls", check: "tls-endpoints", exact: "The probed Dataverse host refuses TLS 1.1 and negotiates TLS 1.2 or later."},
		{name: "tls, two", check: "tls-endpoints", mod: secondChain, exact: "All 2 probed Dataverse hosts refuse TLS 1.1 and negotiate TLS 1.2 or later."},
		{name: "tls legacy", check: "tls-endpoints", mod: env0(func(e *Environment) { e.TLS.LegacyRefused = false }),
			prefix: "TLS probes found problems: env-hr.crm4.dynamics.com (accepted a TLS 1.1 handshake"},
		{name: "vnet", check: "vnet-injection", exact: "All 1 in-scope environments are linked to a virtual network policy."},
		{name: "vnet one of two", check: "vnet-injection", mod: both(secondChain, func(f *Facts) { f.Environments[1].VNetPolicy = nil }),
			prefix: "1 of 2 in-scope environments has no virtual network policy: Two"},
		{name: "vnet none of two", check: "vnet-injection", mod: both(secondChain, func(f *Facts) { f.Environments[0].VNetPolicy, f.Environments[1].VNetPolicy = nil, nil }),
			prefix: "2 of 2 in-scope environments have no virtual network policy: "},

		{name: "bing", check: "ai-bing", exact: "Bing Search is off for all 1 in-scope environments."},
		{name: "bing unknown", check: "ai-bing", mod: env0(func(e *Environment) { e.AI.BingSearch = nil }),
			exact: "Bing Search is off where reported; 1 environment did not report it."},
		{name: "bing on", check: "ai-bing", mod: env0(func(e *Environment) { e.AI.BingSearch = new(true) }),
			prefix: "Bing Search is on for: Contoso HR"},
		{name: "cross geo", check: "ai-cross-geo", prefix: "Move data across regions is off for all 1 in-scope environments. Processing locations: AI hosting table, "},
		{name: "boundary", check: "ai-boundary", exact: "Microsoft 365 services and flex routing are off for all 1 in-scope environments."},
		{name: "tenant ai", check: "tenant-ai-settings", exact: "Tenant settings do not share Copilot prompts or data with Microsoft."},
		{name: "residency", check: "residency", answers: europe, exact: "All 1 in-scope environments and their key resources sit in the required geography (europe)."},
		{name: "residency outside", check: "residency", answers: Answers{"RS-01": answered("unitedstates")},
			prefix: "Outside the required geography (unitedstates): "},
		{name: "residency not asked", check: "residency", exact: "No required geography was given (RS-01)."},
	}
	hosting := mustBank(t).AIHosting
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			def, ok := lookupCheck(c.check)
			if !ok {
				t.Fatalf("no check %s", c.check)
			}
			f := healthyFacts()
			if c.mod != nil {
				c.mod(f)
			}
			o := runCheck(def, CheckInput{Facts: f, Scope: ScopeEnvironments(f, nil), Answers: c.answers, Now: testNow, Hosting: hosting})
			got := o.Summary
			if c.exact != "" && got != c.exact {
				t.Errorf("summary\n got %q\nwant %q", got, c.exact)
			}
			if !strings.HasPrefix(got, c.prefix) {
				t.Errorf("summary\n got %q\nwant it to start with %q", got, c.prefix)
			}
			for _, h := range c.has {
				if !strings.Contains(got, h) {
					t.Errorf("summary %q lacks %q", got, h)
				}
			}
			for _, h := range c.hasNot {
				if strings.Contains(got, h) {
					t.Errorf("summary %q has %q", got, h)
				}
			}
		})
	}
}
