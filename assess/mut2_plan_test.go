package assess

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// TestPlanValidationEachField: every rule of plan/remediation.yaml's
// header and of validatePlan, broken one at a time in an otherwise valid
// plan, is refused with its own message; the unedited plan loads.
func TestPlanValidationEachField(t *testing.T) {
	sub, err := fs.Sub(bankFS, "bank")
	if err != nil {
		t.Fatal(err)
	}
	rem, _ := fs.ReadFile(sub, "plan/remediation.yaml")
	mp, _ := fs.ReadFile(sub, "plan/mappings.yaml")
	const (
		note = "    note: Purge protection cannot be turned off again; deleted keys and the vault stay recoverable (and billable) for the whole retention period.\n"
		perm = "    permission: Key Vault Contributor (or Contributor) on the vault\n"
		link = "    link: {title: Azure Key Vault soft-delete and purge protection, url: \"https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview\"}\n"
		nc   = "AR-09.shared-key: {effort: high, disruption: high, noCommand:"
	)
	cases := []struct {
		name, file, old, new, want string
	}{
		{"no note", "rem", note, "", "KM-01.purge-protection-off: a rule with commands needs link, note and permission"},
		{"no permission", "rem", perm, "", "KM-01.purge-protection-off: a rule with commands needs link, note and permission"},
		{"no link", "rem", link, "", "KM-01.purge-protection-off: a rule with commands needs link, note and permission"},
		{"http link", "rem", `url: "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview"`, `url: "http://learn.microsoft.com/x"`, `KM-01.purge-protection-off: link "http://learn.microsoft.com/x" must be an https URL`},
		{"commands and noCommand", "rem", perm, perm + "    noCommand: none\n", "KM-01.purge-protection-off: has command templates and noCommand; keep one"},
		{"per without commands", "rem", nc, "AR-09.shared-key: {per: vault, effort: high, disruption: high, noCommand:", "AR-09.shared-key: per is set but there is no command template"},
		{"effort none", "rem", nc, "AR-09.shared-key: {effort: none, disruption: high, noCommand:", `AR-09.shared-key: effort "none" is not one of: low, medium, high`},
		{"disruption none is fine, unknown is not", "rem", nc, "AR-09.shared-key: {effort: high, disruption: severe, noCommand:", `AR-09.shared-key: disruption "severe" is not one of: none, low, medium, high`},
		{"unknown owner section", "rem", "ownerRoles:\n", "ownerRoles:\n  ZZ: Nobody\n", `ownerRoles: "ZZ" is not a section of the bank`},
		{"framework without title", "map", `{id: mcsb, title: "Microsoft cloud security benchmark v1", short: MCSB}`, `{id: mcsb, title: "", short: MCSB}`, `framework "mcsb" needs title and short`},
		{"framework without short", "map", `{id: mcsb, title: "Microsoft cloud security benchmark v1", short: MCSB}`, `{id: mcsb, title: "Microsoft cloud security benchmark v1", short: ""}`, `framework "mcsb" needs title and short`},
		{"undeclared framework", "map", "  SC-01: {iso27001: [A.5.12, A.5.13], nist80053: [RA-2], mcsb: [DP-1]}", "  SC-01: {iso27001: [A.5.12, A.5.13], nist80053: [RA-2], mcsb: [DP-1], sox: [X]}", `controls SC-01: framework "sox" is not declared under frameworks`},
	}
	if _, err := planBank(t, map[string]string{"plan/remediation.yaml": string(rem), "plan/mappings.yaml": string(mp)}); err != nil {
		t.Fatalf("the unedited plan: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"plan/remediation.yaml": string(rem), "plan/mappings.yaml": string(mp)}
			f := "plan/remediation.yaml"
			if c.file == "map" {
				f = "plan/mappings.yaml"
			}
			if !strings.Contains(files[f], c.old) {
				t.Fatalf("test setup: %q not in %s", c.old, f)
			}
			files[f] = strings.Replace(files[f], c.old, c.new, 1)
			_, err := planBank(t, files)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v\nwant it to mention %q", err, c.want)
			}
		})
	}
}

// TestRuleKnownAndControls: a plan key is a rule "AR-02.cmk-missing", or a
// question too where questions are allowed; controls come in framework
// order, the question's then the rule's, each once.
func TestRuleKnownAndControls(t *testing.T) {
	b := miniBank(t)
	for _, c := range []struct {
		id        string
		questions bool
		want      bool
	}{
		{"AR-02.cmk-missing", false, true},
		{"AR-02.nope", false, false},
		{"AR-02", false, false},
		{"AR-02", true, true},
		{"ZZ-01", true, false},
		{"ZZ-01.x", false, false},
	} {
		if got := b.ruleKnown(c.id, c.questions); got != c.want {
			t.Errorf("ruleKnown(%q, %v) = %v", c.id, c.questions, got)
		}
	}
	p := &Plan{
		Frameworks: []Framework{{ID: "nist80053"}, {ID: "iso27001"}},
		Controls: map[string]map[string][]string{
			"AR-02":             {"iso27001": {"A.8.24"}, "nist80053": {"SC-12", "SC-28"}},
			"AR-02.cmk-missing": {"nist80053": {"SC-28", "CP-9"}, "mcsb": {"DP-5"}},
		},
	}
	got := p.ControlsFor(Finding{ID: "AR-02.cmk-missing", QuestionID: "AR-02"})
	want := []ControlRef{{"nist80053", "SC-12"}, {"nist80053", "SC-28"}, {"nist80053", "CP-9"}, {"iso27001", "A.8.24"}}
	if len(got) != len(want) {
		t.Fatalf("ControlsFor = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("control %d = %v, want %v", i, got[i], want[i])
		}
	}
	var none *Plan
	if none.ControlsFor(Finding{ID: "AR-02"}) != nil || none.Rule("AR-02.cmk-missing") != nil {
		t.Error("nil plan")
	}
	var nb *Bank
	if nb.Plan() != nil {
		t.Error("nil bank has a plan")
	}
	if miniBank(t).Plan() != nil {
		t.Error("the mini bank has no plan files, yet a plan")
	}
}

// TestControlPatterns: the shape of each framework's control IDs, with the
// example the message gives.
func TestControlPatterns(t *testing.T) {
	for _, c := range []struct {
		fw, id string
		ok     bool
	}{
		{"iso27001", "A.8.24", true}, {"iso27001", "A.9.1", false}, {"iso27001", "A.5.123", false},
		{"nist80053", "SC-28", true}, {"nist80053", "SA-9(5)", true}, {"nist80053", "SC28", false},
		{"mcsb", "DP-5", true}, {"mcsb", "DP-5(1)", false},
		{"gdpr", "Art. 32", true}, {"gdpr", "Article 32", false},
	} {
		if got := controlPatterns[c.fw].MatchString(c.id); got != c.ok {
			t.Errorf("%s %q: %v", c.fw, c.id, got)
		}
	}
	for fw, want := range map[string]string{"iso27001": "A.8.24", "nist80053": "SC-28 or SA-9(5)", "mcsb": "DP-5", "gdpr": "Art. 32"} {
		if got := controlExample(fw); got != want {
			t.Errorf("controlExample(%s) = %q", fw, got)
		}
	}
}

// TestPlanFilesErrors: a bank without plan files has no plan; remediation
// without mappings, or either file not parsing, is an error naming it.
func TestPlanFilesErrors(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"remediation without mappings", map[string]string{"plan/remediation.yaml": "ownerRoles: {}\n"}, "read plan/mappings.yaml"},
		{"remediation does not parse", map[string]string{"plan/remediation.yaml": "ownerRoles: [\n", "plan/mappings.yaml": "frameworks: []\n"}, "plan/remediation.yaml: "},
		{"unknown field in remediation", map[string]string{"plan/remediation.yaml": "owners: {}\n", "plan/mappings.yaml": "frameworks: []\n"}, "plan/remediation.yaml: "},
		{"mappings do not parse", map[string]string{"plan/remediation.yaml": "ownerRoles: {}\n", "plan/mappings.yaml": "frameworks: [\n"}, "plan/mappings.yaml: "},
	}
	for _, c := range cases {
		fsys := miniBankFS(t)
		for name, data := range c.files {
			fsys[name] = &fstest.MapFile{Data: []byte(data)}
		}
		_, err := LoadBankFS(fsys)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
