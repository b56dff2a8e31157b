package report

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant"
)

// testNow is the fixed clock of every test.
var testNow = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// loadBank reads the pinned copy of the question bank in testdata, so the
// tests (and the golden file) do not move while the real bank grows.
func loadBank(t testing.TB) *assess.Bank {
	t.Helper()
	b, err := assess.LoadBankFS(os.DirFS(filepath.Join("testdata", "bank")))
	if err != nil {
		t.Fatalf("load bank: %v", err)
	}
	return b
}

// realisticNames are environment names as customers write them.
var realisticNames = []string{"Contoso HR (Prod)", "Payroll", "Sales Hub EU", "Customer Service", "Field Service UK", "Finance Ops", "HR Sandbox", "Partner Portal", "Copilot Studio Bots", "Data Platform", "Legal Matters", "Procurement"}

var testGeos = []struct{ geo, region string }{
	{"europe", "westeurope"}, {"europe", "northeurope"}, {"unitedstates", "eastus"}, {"uk", "uksouth"},
	{"canada", "canadacentral"}, {"france", "francecentral"}, {"asia", "southeastasia"}, {"australia", "australiaeast"},
}

// makeFacts builds a tenant with nEnv environments, nVault vaults (one key
// each) and one encryption policy per vault: a mix of CMK and Microsoft keys,
// AI settings, TLS results and a few unreadable facts.
func makeFacts(nEnv, nVault int) *assess.Facts {
	at := testNow.Add(-2 * time.Hour)
	ok := assess.Provenance{Source: "BAP GET /scopes/admin/environments (2023-06-01)", At: at, Status: assess.StatusOK}
	f := &assess.Facts{
		SchemaVersion: assess.FactsSchemaVersion, ToolVersion: "test", Cloud: "public",
		TenantID: "72f988bf-86f1-41af-91ab-2d7cd011db47", Identity: "dana@contoso.example",
		Started: at, Finished: at.Add(47 * time.Second),
		Tenant: assess.Tenant{Provenance: ok, HomeGeo: "europe", DataBoundary: "eu", Settings: assess.TenantSettings{
			Provenance: assess.Provenance{Source: "BAP POST /listTenantSettings", At: at, Status: assess.StatusOK}, DisableCopilot: ptr(false), PreferredEnvironmentLocation: "europe"}},
	}
	for v := 0; v < nVault; v++ {
		vid := fmt.Sprintf("/subscriptions/0000/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-contoso-%02d", v+1)
		pid := fmt.Sprintf("/subscriptions/0000/resourceGroups/rg-pp/providers/Microsoft.PowerPlatform/enterprisePolicies/cmk-policy-%02d", v+1)
		vp := assess.Provenance{Source: "ARM GET Microsoft.KeyVault/vaults (2023-07-01)", At: at, Status: assess.StatusOK}
		vault := assess.Vault{Provenance: vp, ID: vid, Name: fmt.Sprintf("kv-contoso-%02d", v+1), Location: "westeurope", SKU: "premium",
			SoftDelete: ptr(true), PurgeProtection: v%3 != 2, RetentionDays: 90, RBAC: true, PublicNetworkAccess: "Enabled", DefaultAction: "Deny", Bypass: "AzureServices"}
		if v%4 == 1 {
			vault.PublicNetworkAccess, vault.DefaultAction = "Enabled", "Allow"
		}
		f.Vaults = append(f.Vaults, vault)
		exp := testNow.AddDate(0, 0, []int{400, 20, -3, 200}[v%4])
		key := assess.Key{Provenance: assess.Provenance{Source: "Key Vault GET /keys/{name} (7.4)", At: at, Status: assess.StatusOK},
			VaultID: vid, Name: "pp-cmk", Type: "RSA-HSM", Size: 3072, Enabled: true, Expires: &exp, EnabledVersions: 1}
		if v%2 == 0 {
			key.Rotation = &assess.RotationPolicy{RotateBeforeExpiry: "P30D", ExpiryTime: "P1Y"}
		}
		if v%5 == 4 {
			key.Provenance.Status, key.Provenance.Reason = assess.StatusNotPermitted, "needs Key Vault Crypto Service Encryption User"
		}
		f.Keys = append(f.Keys, key)
		f.Policies = append(f.Policies, assess.EnterprisePolicy{Provenance: assess.Provenance{Source: "ARM GET Microsoft.PowerPlatform/enterprisePolicies (2020-10-30-preview)", At: at, Status: assess.StatusOK},
			ID: pid, Name: fmt.Sprintf("cmk-policy-%02d", v+1), Kind: "Encryption", Location: "europe", State: "Enabled", Health: []string{"Healthy", "Warning"}[v%2], VaultID: vid, KeyName: "pp-cmk", KeyVersion: "4f1e2d3c5b6a7980"})
	}
	for i := 0; i < nEnv; i++ {
		g := testGeos[i%len(testGeos)]
		name := realisticNames[i%len(realisticNames)]
		if i >= len(realisticNames) {
			name = fmt.Sprintf("%s %d", name, i/len(realisticNames)+1)
		}
		typ := []string{assess.EnvProduction, assess.EnvProduction, assess.EnvSandbox, assess.EnvDeveloper}[i%4]
		e := assess.Environment{Provenance: ok, ID: fmt.Sprintf("env-%04d-0000-4000-8000-000000000000", i), Name: name, Type: typ, Geo: g.geo, Region: g.region,
			Managed: i%3 != 1, HasDataverse: true, KeyManagedBy: "Microsoft", DataverseURL: fmt.Sprintf("https://org%04d.crm4.dynamics.com", i),
			AI: assess.AISettings{Provenance: assess.Provenance{Source: "BAP GET environment copilotPolicies", At: at, Status: assess.StatusOK}, CrossGeoMovement: ptr(i%2 == 0), BingSearch: ptr(i%3 == 0)}}
		if nVault > 0 && i%3 == 0 {
			v := (i / 3) % nVault
			e.KeyManagedBy = "Customer"
			e.CMK = &assess.CMKLink{ResourceID: f.Policies[v].ID, LinkStatus: "Linked"}
		}
		if i%7 == 5 && nVault > 0 {
			e.CMK = &assess.CMKLink{ResourceID: f.Policies[0].ID, LinkStatus: "Failed"}
		}
		e.TLS = &assess.TLSProbe{Provenance: assess.Provenance{Source: "TLS probe " + e.DataverseURL[8:] + ":443", At: at, Status: assess.StatusOK}, Host: e.DataverseURL[8:], LegacyRefused: true, ModernOK: true, Version: "TLS 1.3"}
		if i%11 == 10 {
			e.TLS.LegacyRefused = false
		}
		if i%13 == 12 {
			e.AI.Provenance.Status, e.AI.Provenance.Reason = assess.StatusNotPermitted, "needs Power Platform administrator"
			e.AI.CrossGeoMovement, e.AI.BingSearch = nil, nil
		}
		f.Environments = append(f.Environments, e)
	}
	f.Checks = []assess.CheckRun{
		{Name: "environments", Provenance: ok, Duration: 1200 * time.Millisecond},
		{Name: "tls", Provenance: assess.Provenance{Source: "TLS probe", At: at, Status: assess.StatusOK}},
	}
	return f
}

// makeAssessment evaluates the example answers (AR-02 claims every
// environment is on a customer-managed key, which the facts contradict) with
// risk acceptances, one of them expired.
func makeAssessment(t testing.TB, b *assess.Bank, facts *assess.Facts) (*assess.Assessment, *assess.Result) {
	t.Helper()
	asm, err := assess.LoadAnswersFile(filepath.Join("testdata", "answers.yaml"), b)
	if err != nil {
		t.Fatalf("load example answers: %v", err)
	}
	asm.Metadata.Facilitator = "Sam Facilitator"
	asm.Metadata.ToolVersion = "v1.2.3"
	asm.Metadata.BankVersion = b.Version
	asm.Metadata.GuidanceVersion = b.Guidance.Version()
	asm.Metadata.Created, asm.Metadata.Updated = testNow, testNow
	if _, ok := b.Question("AR-02"); ok {
		asm.Answers["AR-02"] = assess.Answer{State: assess.AnswerAnswered, Values: []string{"all-cmk"}, Note: "All production environments were moved in Q2.", Source: assess.SourceUser}
	}
	if _, ok := b.Question("DP-01"); ok {
		asm.Answers["DP-01"] = assess.Answer{State: assess.AnswerSkipped, Note: "Ask the platform team."}
	}
	asm.Facts = facts
	asm.Acceptances = []assess.Acceptance{
		{FindingID: "AI-01.movement-vs-residency", Justification: "Copilot pilot approved by the works council until the EU endpoint is available.", Approver: "CISO Office", Expires: "2027-03-31", Compensating: "Pilot limited to 20 users; no personal data in prompts."},
		{FindingID: "KM-01", Justification: "Vault team migration in progress.", Approver: "Head of Platform", Expires: "2026-10-01"},
	}
	res, err := assess.Evaluate(asm.Input(b, testNow))
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	return asm, res
}

// richResult adds conflicts so every part of the report has content, as the
// bank grows more live checks.
func richResult(res *assess.Result) {
	prov := []assess.SourceID{res.AddSource(assess.Provenance{Source: "BAP GET /scopes/admin/environments (2023-06-01)", At: testNow.Add(-2 * time.Hour), Status: assess.StatusOK})}
	res.Conflicts = append(res.Conflicts,
		assess.Conflict{QuestionID: "KM-01", Prompt: "Do the key vaults that hold your encryption keys have purge protection on?", AnswerText: "Yes, on every vault", TenantText: "No: 1 vault has purge protection off",
			Summary: "kv-contoso-03 has purge protection off.", Affected: []assess.Subject{{Kind: assess.SubjectVault, ID: "kv-contoso-03", Name: "kv-contoso-03"}}, Sources: prov},
		assess.Conflict{QuestionID: "AI-01", Prompt: "Is generative AI data allowed to move across regions?", AnswerText: "Not allowed", TenantText: "Allowed in 3 environments",
			Summary: "Cross-geo data movement is on in Contoso HR (Prod), Sales Hub EU and HR Sandbox.", Affected: []assess.Subject{{Kind: assess.SubjectEnvironment, ID: "env-0000", Name: "Contoso HR (Prod) (europe)"}, {Kind: assess.SubjectEnvironment, ID: "env-0002", Name: "Sales Hub EU (europe)"}}, Sources: prov},
	)
}

// writeArtifact keeps a rendered file for a person to look at when
// SE06_REPORT_OUT names a folder.
func writeArtifact(t testing.TB, name string, data []byte) {
	dir := os.Getenv("SE06_REPORT_OUT")
	if dir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Logf("keep %s: %v", name, err)
	}
}

// demoInput is the built-in demo tenant's facts with the example answers:
// what the live checks produce (partly readable vaults, conclusive
// observations), on the pinned bank.
func demoInput(t testing.TB) Input {
	t.Helper()
	b := loadBank(t)
	facts, err := tenant.Demo(testNow)
	if err != nil {
		t.Fatal(err)
	}
	asm, res := makeAssessment(t, b, facts)
	return Input{Bank: b, Assessment: asm, Result: res, Now: testNow}
}
