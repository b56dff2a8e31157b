package assess

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"text/template"
	"unicode"
)

// Remediation commands are generated from the plan's templates with the
// tenant's own names and IDs. se06 writes them; it never runs them. Every
// tenant value reaches a command only through a quoting function, and a
// subject whose values hold control or invisible characters gets no command
// at all (a reviewer could not see what it does).

// unquotedMarker is what a tenant value prints as when a template forgets to
// quote it; plan validation rejects a template whose output contains it.
const unquotedMarker = "\x00UNQUOTED-TENANT-VALUE\x00"

// tv is a tenant-supplied value. It cannot be printed bare.
type tv struct {
	s           string
	placeholder bool // not known from the tenant: the reviewer fills it in
}

func (tv) String() string { return unquotedMarker }

func known(s string) tv { return tv{s: s} }

// placeholderPrefix starts every value the reviewer must fill in.
const placeholderPrefix = "REPLACE-WITH-"

func placeholder(what string) tv { return tv{s: placeholderPrefix + what, placeholder: true} }

func valueOf(v any) (tv, error) {
	switch x := v.(type) {
	case tv:
		return x, nil
	case string:
		return tv{s: x}, nil
	}
	return tv{}, fmt.Errorf("cannot quote a %T", v)
}

func fixFuncs() template.FuncMap {
	quote := func(f func(string) string) func(any) (string, error) {
		return func(v any) (string, error) {
			t, err := valueOf(v)
			return f(t.s), err
		}
	}
	return template.FuncMap{
		"ps":  quote(QuotePowerShell),
		"sh":  quote(QuoteShell),
		"hcl": quote(QuoteHCL),
		"cat": func(parts ...any) (tv, error) {
			var out tv
			for _, p := range parts {
				t, err := valueOf(p)
				if err != nil {
					return tv{}, err
				}
				out.s += t.s
				out.placeholder = out.placeholder || t.placeholder
			}
			return out, nil
		},
		// ask is a value the reviewer fills in because no tenant fact holds
		// it (the workspace that should receive a vault's audit log).
		"ask": func(what string) tv { return placeholder(what) },
		"urlpath": func(v any) (tv, error) {
			t, err := valueOf(v)
			t.s = url.PathEscape(t.s)
			return t, err
		},
		"jsonfield": func(k string, v any) (tv, error) {
			t, err := valueOf(v)
			data, _ := json.Marshal(map[string]string{k: t.s})
			t.s = string(data)
			return t, err
		},
	}
}

// QuotePowerShell quotes s as a PowerShell single-quoted string. PowerShell
// also ends such a string at the typographic single quotes, so every quote
// character is doubled.
func QuotePowerShell(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'', '\u2018', '\u2019', '\u201A', '\u201B':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// QuoteShell quotes s for a POSIX shell: single quotes, each ' as '\”.
func QuoteShell(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// QuoteHCL quotes s as an HCL (Terraform) string literal: no interpolation
// (${ and %{ are doubled) and escaped quotes, backslashes and controls.
func QuoteHCL(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case (r == '$' || r == '%') && i+1 < len(rs) && rs[i+1] == '{':
			b.WriteRune(r)
			b.WriteRune(r)
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// unsafeValue reports a value a reviewer could misread: control characters,
// invisible format characters (bidi overrides, zero-width), line separators.
func unsafeValue(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			return true
		}
	}
	return false
}

type fixEnv struct{ ID, Name, Geo, Region tv }

type fixVault struct {
	ID, Name, ResourceGroup, Subscription, Location, SKU tv
	// Identities are the principal IDs of the enterprise policies that use the vault.
	Identities []tv
}

type fixKey struct{ Name, VaultName, VaultID, ID tv }

type fixPolicy struct{ ID, Name, SystemID, Location tv }

// fixData is what a template sees for one subject.
type fixData struct {
	Tenant tv
	Env    fixEnv
	Vault  fixVault
	Key    fixKey
	Policy fixPolicy
	// TF is a Terraform resource name made from the subject (letters, digits, _).
	TF string
}

func (d fixData) values() []tv {
	vs := []tv{d.Tenant, d.Env.ID, d.Env.Name, d.Env.Geo, d.Env.Region, d.Vault.ID, d.Vault.Name, d.Vault.ResourceGroup,
		d.Vault.Subscription, d.Vault.Location, d.Vault.SKU, d.Key.Name, d.Key.VaultName, d.Key.VaultID, d.Key.ID,
		d.Policy.ID, d.Policy.Name, d.Policy.SystemID, d.Policy.Location}
	return append(vs, d.Vault.Identities...)
}

func sampleFixData(per SubjectKind) fixData {
	h := known(`x'"$(id)${a}%{b}` + "`\\")
	return fixData{Tenant: h, Env: fixEnv{h, h, h, h}, Vault: fixVault{h, h, h, h, h, h, []tv{h, h}},
		Key: fixKey{h, h, h, h}, Policy: fixPolicy{h, h, h, h}, TF: "sample_" + string(per)}
}

func renderFix(t *template.Template, d fixData) (string, error) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return "", err
	}
	return strings.TrimRight(buf.String(), "\n"), nil
}

// armPart returns the value after segment name in an ARM ID
// ("resourceGroups" → "rg-1"), or "".
func armPart(id, name string) string {
	parts := strings.Split(id, "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], name) {
			return parts[i+1]
		}
	}
	return ""
}

func orPlaceholder(s, what string) tv {
	if strings.TrimSpace(s) == "" {
		return placeholder(what)
	}
	return known(s)
}

// tfName makes a Terraform identifier from a name, unique by the subject ID.
func tfName(kind SubjectKind, name, id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
		if b.Len() >= 40 {
			break
		}
	}
	sum := sha256.Sum256([]byte(id))
	return string(kind) + "_" + strings.Trim(b.String(), "_") + "_" + hex.EncodeToString(sum[:3])
}

// fixFacts finds subjects in the facts by ID. It is built once per finding,
// so filling the commands of thousands of environments stays linear instead
// of scanning every list for every subject.
type fixFacts struct {
	*Facts
	idx  factIndex
	envs map[string]Environment
	// byGeo is the first encryption policy (with a system ID) per geography,
	// for environments not linked to one yet.
	byGeo map[string]EnterprisePolicy
}

func newFixFacts(f *Facts) fixFacts {
	ff := fixFacts{Facts: f, idx: indexFacts(f), envs: make(map[string]Environment, len(f.Environments)), byGeo: map[string]EnterprisePolicy{}}
	for _, e := range f.Environments {
		if _, dup := ff.envs[e.ID]; !dup {
			ff.envs[e.ID] = e
		}
	}
	for _, p := range f.Policies {
		geo := strings.ToLower(p.Location)
		if _, dup := ff.byGeo[geo]; !dup && strings.EqualFold(p.Kind, "Encryption") && p.SystemID != "" {
			ff.byGeo[geo] = p
		}
	}
	return ff
}

func (ff fixFacts) vault(id string) (Vault, bool) {
	v, ok := ff.idx.vaults[strings.ToLower(id)]
	return v, ok
}

// subjectData resolves a subject against the facts; ok is false when the
// facts do not hold it.
func subjectData(facts fixFacts, s Subject) (fixData, bool) {
	d := fixData{Tenant: orPlaceholder(facts.TenantID, "TENANT-ID")}
	switch s.Kind {
	case SubjectEnvironment:
		e, ok := facts.envs[s.ID]
		if !ok {
			return d, false
		}
		d.Env = fixEnv{known(e.ID), known(e.Name), known(e.Geo), known(e.Region)}
		d.Policy = fixPolicy{placeholder("ENCRYPTION-POLICY-ARM-ID"), placeholder("ENCRYPTION-POLICY-NAME"),
			placeholder("ENCRYPTION-POLICY-SYSTEM-ID"), known(e.Geo)}
		if e.CMK != nil && e.CMK.ResourceID != "" {
			if p, ok := facts.idx.policies[strings.ToLower(e.CMK.ResourceID)]; ok {
				d.Policy = fixPolicy{known(p.ID), known(p.Name), orPlaceholder(p.SystemID, "ENCRYPTION-POLICY-SYSTEM-ID"), known(p.Location)}
			}
		} else if p, ok := facts.byGeo[strings.ToLower(e.Geo)]; ok {
			// The first encryption policy in the environment's geography.
			d.Policy = fixPolicy{known(p.ID), known(p.Name), known(p.SystemID), known(p.Location)}
		}
		d.TF = tfName(s.Kind, e.Name, e.ID)
	case SubjectVault:
		v, ok := facts.vault(s.ID)
		if !ok {
			return d, false
		}
		d.Vault = vaultData(facts, v)
		d.TF = tfName(s.Kind, v.Name, v.ID)
	case SubjectKey:
		for _, k := range facts.Keys {
			if !strings.EqualFold(k.VaultID+"/keys/"+k.Name, s.ID) {
				continue
			}
			d.Key = fixKey{known(k.Name), known(armPart(k.VaultID, "vaults")), known(k.VaultID), orPlaceholder(k.ID, "KEY-ID")}
			if v, ok := facts.vault(k.VaultID); ok {
				d.Vault = vaultData(facts, v)
			}
			d.TF = tfName(s.Kind, k.Name, s.ID)
			return d, true
		}
		return d, false
	default:
		return d, false
	}
	return d, true
}

func vaultData(facts fixFacts, v Vault) fixVault {
	fv := fixVault{ID: known(v.ID), Name: known(v.Name), ResourceGroup: orPlaceholder(armPart(v.ID, "resourceGroups"), "RESOURCE-GROUP"),
		Subscription: orPlaceholder(armPart(v.ID, "subscriptions"), "SUBSCRIPTION-ID"),
		Location:     orPlaceholder(v.Location, "VAULT-LOCATION"), SKU: orPlaceholder(v.SKU, "VAULT-SKU")}
	for _, p := range facts.Policies {
		if strings.EqualFold(p.VaultID, v.ID) && p.PrincipalID != "" {
			fv.Identities = append(fv.Identities, known(p.PrincipalID))
		}
	}
	if len(fv.Identities) == 0 {
		fv.Identities = []tv{placeholder("POLICY-IDENTITY-OBJECT-ID")}
	}
	return fv
}

// Command is one generated command for one subject. se06 never runs it.
type Command struct {
	Tool    Tool    `json:"tool"`
	Subject Subject `json:"subject"`
	Text    string  `json:"text"`
	// Placeholder is true when the command holds a REPLACE-WITH-… value the
	// tenant did not show; the reviewer must fill it in.
	Placeholder bool `json:"placeholder,omitempty"`
}

// Commands fills a finding's command templates, once per affected subject of
// the rule's kind, and says why a subject got none.
func (r *RulePlan) Commands(f Finding, facts *Facts) (cmds []Command, skipped []string) {
	if r == nil || len(r.templates) == 0 {
		return nil, nil
	}
	if facts == nil {
		return nil, []string{"no tenant facts were read, so there are no names and IDs to fill in"}
	}
	ff := newFixFacts(facts)
	for _, s := range f.Affected {
		if s.Kind != r.Per {
			continue
		}
		d, ok := subjectData(ff, s)
		if !ok {
			skipped = append(skipped, fmt.Sprintf("%s %s: not in the tenant facts", s.Kind, nameOr(s.Name, s.ID)))
			continue
		}
		if slicesAny(d.values(), func(v tv) bool { return unsafeValue(v.s) }) {
			skipped = append(skipped, fmt.Sprintf("%s %s: its name or ID holds control or invisible characters; fix it by hand", s.Kind, s.ID))
			continue
		}
		ph := slicesAny(d.values(), func(v tv) bool { return v.placeholder })
		for _, t := range Tools() {
			tm := r.templates[t]
			if tm == nil {
				continue
			}
			text, err := renderFix(tm, d)
			if err != nil {
				skipped = append(skipped, fmt.Sprintf("%s %s: %v", s.Kind, s.ID, err))
				continue
			}
			cmds = append(cmds, Command{Tool: t, Subject: s, Text: text, Placeholder: (ph || r.asks[t]) && strings.Contains(text, placeholderPrefix)})
		}
	}
	return cmds, skipped
}

func slicesAny[T any](s []T, f func(T) bool) bool {
	for _, v := range s {
		if f(v) {
			return true
		}
	}
	return false
}

// nameOr gives a display name, or the ID when the name is blank.
func nameOr(name, id string) string {
	if strings.TrimSpace(name) == "" {
		return id
	}
	return name
}
