package assess

import (
	"io/fs"
	"strings"
	"testing"
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
