package assess

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// planBank loads the real bank with plan files replaced.
func planBank(t *testing.T, files map[string]string) (*Bank, error) {
	t.Helper()
	sub, err := fs.Sub(bankFS, "bank")
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sub, p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return LoadBankFS(m)
}

func TestPlanLoads(t *testing.T) {
	b, err := LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	p := b.Plan()
	if p == nil || p.Rule("AR-02.cmk-missing") == nil || len(p.Rule("AR-02.cmk-missing").templates) != 3 {
		t.Fatalf("plan: AR-02.cmk-missing should have three command templates")
	}
	got := p.ControlsFor(Finding{ID: "KM-05.key-expiring", QuestionID: "KM-05"})
	want := []ControlRef{{"iso27001", "A.8.24"}, {"nist80053", "SC-12"}, {"nist80053", "CP-2"}, {"mcsb", "DP-6"}}
	if len(got) != len(want) {
		t.Fatalf("controls of KM-05.key-expiring = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("control %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestPlanValidation(t *testing.T) {
	base := func() map[string]string {
		sub, _ := fs.Sub(bankFS, "bank")
		rem, _ := fs.ReadFile(sub, "plan/remediation.yaml")
		mp, _ := fs.ReadFile(sub, "plan/mappings.yaml")
		return map[string]string{"plan/remediation.yaml": string(rem), "plan/mappings.yaml": string(mp)}
	}
	for name, tc := range map[string]struct {
		file, old, new, want string
	}{
		"unknown rule":       {"plan/remediation.yaml", "  AR-02.cmk-link-mismatch:", "  AR-02.no-such-rule:", "AR-02.no-such-rule: not a rule of the bank"},
		"unknown question":   {"plan/mappings.yaml", "  MG-03:", "  ZZ-99:", "ZZ-99: not a question or rule"},
		"unmapped question":  {"plan/mappings.yaml", "  MG-03:", "  MG-02.env-disabled:", "question MG-03 has no control mapping"},
		"bad control":        {"plan/mappings.yaml", "[A.5.35, A.5.24]", "[A.5.35, 5.24]", `iso27001 control "5.24" is malformed`},
		"bad level":          {"plan/remediation.yaml", "AR-02.cmk-link-mismatch: {effort: low", "AR-02.cmk-link-mismatch: {effort: huge", `effort "huge"`},
		"unquoted value":     {"plan/remediation.yaml", "-BingSearch $false", "-BingSearch $false -Name {{.Env.Name}}", "printed without a quoting function"},
		"unknown field":      {"plan/remediation.yaml", "AR-02.cmk-link-mismatch: {effort: low", "AR-02.cmk-link-mismatch: {efort: low", "efort"},
		"bad per":            {"plan/remediation.yaml", "per: vault", "per: tenant", `per "tenant"`},
		"bad template":       {"plan/remediation.yaml", "{{ps .Env.ID}} -BingSearch", "{{ps .Env.Nope}} -BingSearch", "Nope"},
		"unknown framework":  {"plan/mappings.yaml", "{id: gdpr,", "{id: sox,", `framework "sox"`},
		"missing owner role": {"plan/remediation.yaml", "  MG: Security operations lead\n", "", "section MG has no owner role"},
	} {
		t.Run(name, func(t *testing.T) {
			files := base()
			if !strings.Contains(files[tc.file], tc.old) {
				t.Fatalf("test setup: %q not in %s", tc.old, tc.file)
			}
			files[tc.file] = strings.Replace(files[tc.file], tc.old, tc.new, 1)
			_, err := planBank(t, files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestQuoting(t *testing.T) {
	for _, tc := range []struct {
		f        func(string) string
		in, want string
	}{
		{QuotePowerShell, `a'b`, `'a''b'`},
		{QuotePowerShell, "a\u2019b$(x)", "'a\u2019\u2019b$(x)'"},
		{QuoteShell, `it's $(rm -rf /)`, `'it'\''s $(rm -rf /)'`},
		{QuoteHCL, `a"b\c ${var.x} %{if}`, `"a\"b\\c $${var.x} %%{if}"`},
		{QuoteHCL, "line\nnext\x01", `"line\nnext\u0001"`},
		{QuoteHCL, "$5 and 100%", `"$5 and 100%"`},
	} {
		if got := tc.f(tc.in); got != tc.want {
			t.Errorf("quote(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPlanActions(t *testing.T) {
	b, err := LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	evaluated := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	exp := time.Date(2026, 12, 12, 1, 0, 0, 0, time.UTC)
	vault := "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.KeyVault/vaults/kv-1"
	facts := &Facts{TenantID: "tenant-1",
		Environments: []Environment{{ID: "env-1", Name: "Pay'roll", Geo: "europe"}, {ID: "env-\u202Eevil", Name: "x"}},
		Policies:     []EnterprisePolicy{{ID: "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.PowerPlatform/enterprisePolicies/ep-eu", Name: "ep-eu", Kind: "Encryption", Location: "europe", SystemID: "/regions/europe/x", VaultID: vault, PrincipalID: "pid-1"}},
		Vaults:       []Vault{{ID: vault, Name: "kv-1", Location: "westeurope", SKU: "premium"}},
		Keys:         []Key{{VaultID: vault, Name: "cmk", Expires: &exp}},
	}
	open := []Finding{
		{ID: "AR-02.cmk-missing", QuestionID: "AR-02", Section: "AR", Severity: SevHigh, State: FindingFail,
			Affected: []Subject{{Kind: SubjectEnvironment, ID: "env-1"}, {Kind: SubjectEnvironment, ID: "env-\u202Eevil"}, {Kind: SubjectEnvironment, ID: "gone"}}},
		{ID: "KM-05.key-expiring", QuestionID: "KM-05", Section: "KM", Severity: SevHigh, State: FindingFail, Affected: []Subject{{Kind: SubjectKey, ID: vault + "/keys/cmk"}}},
		{ID: "KM-06.open-vault", QuestionID: "KM-06", Section: "KM", Severity: SevLow, State: FindingWarn, Affected: []Subject{{Kind: SubjectVault, ID: vault}}},
		{ID: "KM-02", QuestionID: "KM-02", Section: "KM", Severity: SevMedium, State: FindingUnsure},
	}
	acts := PlanActions(b, open, facts, evaluated)
	// Written from the rules: a high fix that takes environments offline goes
	// next (60 days); a key expiring on 12 December sets that date; a low
	// finding goes later (90 days); an unknown medium next.
	want := []struct {
		bucket Bucket
		due    string
		cmds   int
	}{{BucketNext, "2027-01-29", 3}, {BucketNow, "2026-12-12", 2}, {BucketLater, "2027-02-28", 3}, {BucketNext, "2027-01-29", 0}}
	for i, w := range want {
		a := acts[i]
		if a.Rank != i+1 || a.Bucket != w.bucket || a.Due != w.due || len(a.Commands) != w.cmds {
			t.Errorf("%s: rank %d bucket %s due %s commands %d, want %d %s %s %d", a.FindingID, a.Rank, a.Bucket, a.Due, len(a.Commands), i+1, w.bucket, w.due, w.cmds)
		}
	}
	if got := acts[0].NoCommand; len(got) != 2 || !strings.Contains(got[0], "invisible") || !strings.Contains(got[1], "not in the tenant facts") {
		t.Errorf("AR-02 without commands: %q", got)
	}
	ps := acts[0].Commands[0].Text
	if !strings.Contains(ps, "-environmentId 'env-1' -policyArmId '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.PowerPlatform/enterprisePolicies/ep-eu'") {
		t.Errorf("AR-02 PowerShell: %s", ps)
	}
	if acts[1].DueReason != "key cmk expires" || acts[3].OwnerRole != "Key Vault administrator" {
		t.Errorf("due reason %q, owner role %q", acts[1].DueReason, acts[3].OwnerRole)
	}
	if len(acts[2].Controls) == 0 {
		t.Error("KM-06.open-vault has no controls")
	}
}

// TestPlanAsksForWhatTheTenantCannotShow: a vault without audit logging gets
// a diagnostic-setting command per tool, with the vault's own ID and the
// workspace left for the reviewer (flagged as a placeholder), while a
// command filled from tenant facts alone is not flagged.
func TestPlanAsksForWhatTheTenantCannotShow(t *testing.T) {
	b, err := LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	vault := "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.KeyVault/vaults/kv-1"
	// A policy uses the vault, so every value of the vault is known from the
	// tenant (its identities included): only the workspace is asked for.
	facts := &Facts{TenantID: "tenant-1",
		Policies: []EnterprisePolicy{{ID: "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.PowerPlatform/enterprisePolicies/ep-eu", Name: "ep-eu", Kind: "Encryption", Location: "europe", VaultID: vault, PrincipalID: "pid-1"}},
		Vaults:   []Vault{{ID: vault, Name: "kv-1", Location: "westeurope", SKU: "premium"}}}
	open := []Finding{
		{ID: "MG-01.not-logged", QuestionID: "MG-01", Section: "MG", Severity: SevMedium, State: FindingFail, Affected: []Subject{{Kind: SubjectVault, ID: vault}}},
		{ID: "KM-06.open-vault", QuestionID: "KM-06", Section: "KM", Severity: SevLow, State: FindingWarn, Affected: []Subject{{Kind: SubjectVault, ID: vault}}},
	}
	acts := PlanActions(b, open, facts, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	logging := acts[0]
	if logging.NoCommandReason != "" || len(logging.Commands) != 3 {
		t.Fatalf("MG-01.not-logged: %d commands, no-command reason %q; want one per tool", len(logging.Commands), logging.NoCommandReason)
	}
	want := map[Tool]string{
		ToolPowerShell: "New-AzDiagnosticSetting -Name 'se06-keyvault-audit' -ResourceId '" + vault + "' -WorkspaceId 'REPLACE-WITH-LOG-ANALYTICS-WORKSPACE-ARM-ID' -Log $log",
		ToolAzureCLI:   "az monitor diagnostic-settings create --name 'se06-keyvault-audit' --resource '" + vault + "' --workspace 'REPLACE-WITH-LOG-ANALYTICS-WORKSPACE-ARM-ID' --logs '[{\"category\":\"AuditEvent\",\"enabled\":true}]'",
		ToolTerraform:  `log_analytics_workspace_id = "REPLACE-WITH-LOG-ANALYTICS-WORKSPACE-ARM-ID"`,
	}
	for _, c := range logging.Commands {
		if !strings.Contains(c.Text, want[c.Tool]) || !c.Placeholder {
			t.Errorf("MG-01.not-logged %s (placeholder %v):\n%s\nwant it to contain\n%s", c.Tool, c.Placeholder, c.Text, want[c.Tool])
		}
	}
	for _, c := range acts[1].Commands {
		if c.Placeholder {
			t.Errorf("KM-06.open-vault %s is flagged as a placeholder though every value came from the tenant:\n%s", c.Tool, c.Text)
		}
	}
}
