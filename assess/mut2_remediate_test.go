package assess

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"text/template"
)

// Remediation commands (remediate.go): templates filled per subject from the
// facts, every tenant value through a quoting function. Expectations are the
// quoting rules and the doc comments, worked out by hand.

func fixRule(t *testing.T, per SubjectKind, src string) *RulePlan {
	t.Helper()
	tm, err := template.New("t").Funcs(fixFuncs()).Option("missingkey=error").Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return &RulePlan{Per: per, templates: map[Tool]*template.Template{ToolAzureCLI: tm}}
}

func commandTexts(cmds []Command) []string {
	var out []string
	for _, c := range cmds {
		out = append(out, c.Text)
	}
	return out
}

// TestCommandsFillEnvironmentPolicy: an environment linked to a policy gets
// that policy; one not linked gets the first encryption policy with a
// system ID in its geography (any case); one with neither gets
// placeholders and is marked for the reviewer.
func TestCommandsFillEnvironmentPolicy(t *testing.T) {
	facts := &Facts{TenantID: "t-1",
		Environments: []Environment{
			{ID: "e-linked", Name: "Linked", Geo: "europe", CMK: &CMKLink{ResourceID: "/SUBSCRIPTIONS/S/ep-a"}},
			{ID: "e-geo", Name: "Geo", Geo: "Europe"},
			{ID: "e-none", Name: "None", Geo: "asia"},
			{ID: "e-linked-unknown", Name: "Gone", Geo: "europe", CMK: &CMKLink{ResourceID: "/subscriptions/s/ep-gone"}},
		},
		Policies: []EnterprisePolicy{
			{ID: "/subscriptions/s/ep-a", Name: "ep-a", Kind: "Encryption", Location: "unitedstates", SystemID: "sys-a"},
			{ID: "/subscriptions/s/ep-net", Name: "ep-net", Kind: "NetworkInjection", Location: "europe", SystemID: "sys-net"},
			{ID: "/subscriptions/s/ep-nosys", Name: "ep-nosys", Kind: "Encryption", Location: "europe"},
			{ID: "/subscriptions/s/ep-b", Name: "ep-b", Kind: "encryption", Location: "EUROPE", SystemID: "sys-b"},
			{ID: "/subscriptions/s/ep-c", Name: "ep-c", Kind: "Encryption", Location: "europe", SystemID: "sys-c"},
		},
	}
	r := fixRule(t, SubjectEnvironment, `{{sh .Env.Name}} {{sh .Policy.Name}} {{sh .Policy.SystemID}} {{sh .Policy.Location}} {{sh .Tenant}}`)
	f := Finding{Affected: []Subject{
		{Kind: SubjectEnvironment, ID: "e-linked"}, {Kind: SubjectEnvironment, ID: "e-geo"},
		{Kind: SubjectEnvironment, ID: "e-none"}, {Kind: SubjectEnvironment, ID: "e-linked-unknown"},
		{Kind: SubjectVault, ID: "not-my-kind"}, {Kind: SubjectEnvironment, ID: "e-missing", Name: "Missing"},
	}}
	cmds, skipped := r.Commands(f, facts)
	want := []string{
		"'Linked' 'ep-a' 'sys-a' 'unitedstates' 't-1'",
		"'Geo' 'ep-b' 'sys-b' 'EUROPE' 't-1'",
		"'None' 'REPLACE-WITH-ENCRYPTION-POLICY-NAME' 'REPLACE-WITH-ENCRYPTION-POLICY-SYSTEM-ID' 'asia' 't-1'",
		"'Gone' 'REPLACE-WITH-ENCRYPTION-POLICY-NAME' 'REPLACE-WITH-ENCRYPTION-POLICY-SYSTEM-ID' 'europe' 't-1'",
	}
	if got := commandTexts(cmds); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("commands:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, ph := range []bool{false, false, true, true} {
		if i < len(cmds) && cmds[i].Placeholder != ph {
			t.Errorf("command %d placeholder %v, want %v", i, cmds[i].Placeholder, ph)
		}
	}
	if strings.Join(skipped, "|") != "environment Missing: not in the tenant facts" {
		t.Errorf("skipped %q", skipped)
	}
}

// TestCommandsFillVaultAndKey: a vault's resource group and subscription
// come from its ARM ID, its identities from the policies that use it; a key
// is found by vault ID and name in any case.
func TestCommandsFillVaultAndKey(t *testing.T) {
	const vid = "/subscriptions/sub-9/resourceGroups/rg-9/providers/Microsoft.KeyVault/vaults/kv-9"
	facts := &Facts{
		Vaults: []Vault{{ID: vid, Name: "kv-9", Location: "westeurope"}, {ID: "odd-id", Name: "kv-odd"}},
		Keys:   []Key{{VaultID: vid, Name: "k1", ID: "https://kv-9.vault.azure.net/keys/k1/v1"}, {VaultID: vid, Name: "k2"}},
		Policies: []EnterprisePolicy{
			{ID: "p1", VaultID: strings.ToUpper(vid), PrincipalID: "pid-1"},
			{ID: "p2", VaultID: vid},
			{ID: "p3", VaultID: "other", PrincipalID: "pid-3"},
			{ID: "p4", VaultID: vid, PrincipalID: "pid-4"},
		},
	}
	rv := fixRule(t, SubjectVault, `{{sh .Vault.Name}} {{sh .Vault.ResourceGroup}} {{sh .Vault.Subscription}} {{sh .Vault.Location}} {{sh .Vault.SKU}}{{range .Vault.Identities}} {{sh .}}{{end}} {{sh .Tenant}}`)
	cmds, skipped := rv.Commands(Finding{Affected: []Subject{{Kind: SubjectVault, ID: strings.ToLower(vid)}, {Kind: SubjectVault, ID: "odd-id"}}}, facts)
	want := []string{
		"'kv-9' 'rg-9' 'sub-9' 'westeurope' 'REPLACE-WITH-VAULT-SKU' 'pid-1' 'pid-4' 'REPLACE-WITH-TENANT-ID'",
		"'kv-odd' 'REPLACE-WITH-RESOURCE-GROUP' 'REPLACE-WITH-SUBSCRIPTION-ID' 'REPLACE-WITH-VAULT-LOCATION' 'REPLACE-WITH-VAULT-SKU' 'REPLACE-WITH-POLICY-IDENTITY-OBJECT-ID' 'REPLACE-WITH-TENANT-ID'",
	}
	if got := commandTexts(cmds); strings.Join(got, "\n") != strings.Join(want, "\n") || len(skipped) != 0 {
		t.Errorf("vault commands:\n%s\nwant:\n%s\nskipped %q", strings.Join(got, "\n"), strings.Join(want, "\n"), skipped)
	}
	rk := fixRule(t, SubjectKey, `{{sh .Key.Name}} {{sh .Key.VaultName}} {{sh .Key.ID}} {{sh .Vault.Name}}`)
	cmds, skipped = rk.Commands(Finding{Affected: []Subject{
		{Kind: SubjectKey, ID: strings.ToUpper(vid) + "/keys/K1"}, {Kind: SubjectKey, ID: vid + "/keys/k2"}, {Kind: SubjectKey, ID: vid + "/keys/k3", Name: " "},
	}}, facts)
	want = []string{"'k1' 'kv-9' 'https://kv-9.vault.azure.net/keys/k1/v1' 'kv-9'", "'k2' 'kv-9' 'REPLACE-WITH-KEY-ID' 'kv-9'"}
	if got := commandTexts(cmds); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("key commands:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Join(skipped, "|") != "key "+vid+"/keys/k3: not in the tenant facts" {
		t.Errorf("skipped %q (a blank name shows the ID)", skipped)
	}
}

// TestCommandsRefuseUnsafeValuesAndNoFacts: a subject whose values hold a
// control or invisible character gets no command; without facts there is
// nothing to fill; a rule without templates gives nothing.
func TestCommandsRefuseUnsafeValuesAndNoFacts(t *testing.T) {
	r := fixRule(t, SubjectEnvironment, `{{sh .Env.Name}}`)
	for _, name := range []string{"a\u202Eb", "a\u200Bb", "a\u2028b", "a\u2029b", "a\x07b"} {
		cmds, skipped := r.Commands(Finding{Affected: []Subject{{Kind: SubjectEnvironment, ID: "e"}}}, &Facts{Environments: []Environment{{ID: "e", Name: name}}})
		if len(cmds) != 0 || len(skipped) != 1 || !strings.Contains(skipped[0], "environment e: its name or ID holds control or invisible characters") {
			t.Errorf("name %q: commands %q skipped %q", name, commandTexts(cmds), skipped)
		}
	}
	cmds, skipped := r.Commands(Finding{Affected: []Subject{{Kind: SubjectEnvironment, ID: "e"}}}, nil)
	if len(cmds) != 0 || strings.Join(skipped, "") != "no tenant facts were read, so there are no names and IDs to fill in" {
		t.Errorf("no facts: %q %q", commandTexts(cmds), skipped)
	}
	var none *RulePlan
	if cmds, skipped := none.Commands(Finding{}, &Facts{}); cmds != nil || skipped != nil {
		t.Errorf("nil rule: %v %v", cmds, skipped)
	}
	if cmds, skipped := (&RulePlan{}).Commands(Finding{}, &Facts{}); cmds != nil || skipped != nil {
		t.Errorf("rule without templates: %v %v", cmds, skipped)
	}
}

// TestFixFunctions: cat joins values (a placeholder stays one), urlpath and
// jsonfield encode, ask is a placeholder, and a value of another type
// cannot be quoted.
func TestFixFunctions(t *testing.T) {
	d := fixData{Env: fixEnv{ID: known("a b/c"), Name: placeholder("X")}}
	for _, c := range []struct{ src, want string }{
		{`{{sh (cat "pre-" .Env.ID)}}`, `'pre-a b/c'`},
		{`{{sh (urlpath .Env.ID)}}`, `'a%20b%2Fc'`},
		{`{{sh (jsonfield "k" .Env.ID)}}`, `'{"k":"a b/c"}'`},
		{`{{ps (ask "WORKSPACE")}}`, `'REPLACE-WITH-WORKSPACE'`},
		{`{{hcl (cat .Env.ID .Env.Name)}}`, `"a b/cREPLACE-WITH-X"`},
	} {
		tm := template.Must(template.New("t").Funcs(fixFuncs()).Parse(c.src))
		got, err := renderFix(tm, d)
		if err != nil || got != c.want {
			t.Errorf("%s: %q %v, want %q", c.src, got, err, c.want)
		}
	}
	for _, src := range []string{`{{sh (cat "a" 7)}}`, `{{sh 7}}`, `{{sh (urlpath 7)}}`, `{{sh (jsonfield "k" 7)}}`} {
		tm := template.Must(template.New("t").Funcs(fixFuncs()).Parse(src))
		if _, err := renderFix(tm, d); err == nil || !strings.Contains(err.Error(), "cannot quote a int") {
			t.Errorf("%s: %v, want it refused", src, err)
		}
	}
	// a bare tenant value prints the marker plan validation looks for
	tm := template.Must(template.New("t").Funcs(fixFuncs()).Parse(`{{.Env.ID}}`))
	if got, _ := renderFix(tm, d); got != unquotedMarker {
		t.Errorf("bare value printed %q", got)
	}
	// placeholder-ness survives cat: a command using it is marked
	r := fixRule(t, SubjectEnvironment, `{{sh (cat "x" .Policy.Name)}}`)
	cmds, _ := r.Commands(Finding{Affected: []Subject{{Kind: SubjectEnvironment, ID: "e"}}}, &Facts{TenantID: "t", Environments: []Environment{{ID: "e", Name: "n"}}})
	if len(cmds) != 1 || !cmds[0].Placeholder || cmds[0].Text != "'xREPLACE-WITH-ENCRYPTION-POLICY-NAME'" {
		t.Errorf("cat of a placeholder: %+v", cmds)
	}
}

// TestQuotingEdges: the quoting rules character by character.
func TestQuotingEdges(t *testing.T) {
	for _, c := range []struct {
		f        func(string) string
		in, want string
	}{
		{QuotePowerShell, "a\u2018b\u201Ac\u201Bd", "'a\u2018\u2018b\u201A\u201Ac\u201B\u201Bd'"},
		{QuotePowerShell, "", "''"},
		{QuoteShell, "", "''"},
		{QuoteHCL, `a$`, `"a$"`},
		{QuoteHCL, `%`, `"%"`},
		{QuoteHCL, `$x %y`, `"$x %y"`},
		{QuoteHCL, "a\rb\tc", `"a\rb\tc"`},
		{QuoteHCL, "\x7f", `"\u007F"`},
		{QuoteHCL, `\`, `"\\"`},
	} {
		if got := c.f(c.in); got != c.want {
			t.Errorf("quote(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for s, want := range map[string]bool{"plain name-1": false, "tab\t": true, "rlo\u202E": true, "zw\u200B": true, "ls\u2028": true, "ps\u2029": true, "é ü": false} {
		if got := unsafeValue(s); got != want {
			t.Errorf("unsafeValue(%q) = %v", s, got)
		}
	}
}

// TestArmPartAndNameOr: the value after a segment in any case, "" when the
// segment is last or missing; a blank name shows the ID.
func TestArmPartAndNameOr(t *testing.T) {
	id := "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/kv1"
	for name, want := range map[string]string{"resourcegroups": "rg1", "SUBSCRIPTIONS": "s1", "vaults": "kv1", "kv1": "", "nothing": ""} {
		if got := armPart(id, name); got != want {
			t.Errorf("armPart(%s) = %q, want %q", name, got, want)
		}
	}
	if nameOr("  ", "id") != "id" || nameOr("n", "id") != "n" {
		t.Error("nameOr")
	}
}

// TestTfNameShape: letters and digits kept (lower case), each run of other
// characters one '_', none at the ends, cut when 40 characters are
// written (separators count), then 6 hex digits of the subject ID's SHA-256.
func TestTfNameShape(t *testing.T) {
	sum := sha256.Sum256([]byte("id-1"))
	tail := "_" + hex.EncodeToString(sum[:3])
	for _, c := range []struct {
		name, want string
	}{
		{"--Ab  -9--", "vault_ab_9" + tail},
		{"x", "vault_x" + tail},
		{"é", "vault_" + tail},
		{strings.Repeat("a", 39) + "-b", "vault_" + strings.Repeat("a", 39) + tail}, // the '_' is the 40th character
		{strings.Repeat("a", 40) + "b", "vault_" + strings.Repeat("a", 40) + tail},
		{strings.Repeat("a", 60), "vault_" + strings.Repeat("a", 40) + tail},
	} {
		if got := tfName(SubjectVault, c.name, "id-1"); got != c.want {
			t.Errorf("tfName(%q)\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
