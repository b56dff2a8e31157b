package report

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/ppwaf/se06/assess"
)

// residency draws the residency and key map on landscape pages: one row per
// environment, then one per vault key, then the enterprise policies.
func residency(d *doc, m *model) {
	d.setOrientation(true)
	defer d.setOrientation(false)
	d.h1("Residency and key map")
	f := m.facts
	if f == nil {
		d.para("No tenant facts were read, so there is no map of environments, regions and keys. Run 'se06 collect' (read-only) and assess again to add it.", body())
		return
	}
	t := f.Tenant
	var facts []string
	if t.HomeGeo != "" {
		facts = append(facts, "tenant home geo "+geoName(t.HomeGeo))
	}
	if t.DataBoundary != "" {
		facts = append(facts, "data boundary "+t.DataBoundary)
	}
	if t.Settings.PreferredEnvironmentLocation != "" {
		facts = append(facts, "preferred environment location "+t.Settings.PreferredEnvironmentLocation)
	}
	intro := fmt.Sprintf("%d environments, %d key vaults, %d keys and %d enterprise policies were read.", len(f.Environments), len(f.Vaults), len(f.Keys), len(f.Policies))
	if len(facts) > 0 {
		intro += " " + upperFirst(strings.Join(facts, ", ")) + "."
	}
	d.para(intro, body())
	d.para(aiHostingCaption(m.res.AIHosting)+" Environments in scope of the assessment are marked with a dot.", muted())

	inScope := map[string]bool{}
	for _, id := range m.res.Scope {
		inScope[id] = true
	}
	d.para("A cell marked ▲ and a question ID raised an open finding of that question (coloured by its severity); Recommendations by priority has it in full.", muted())
	d.h2("Environments")
	marks := envMarks(m.res.Findings)
	envRow := func(e assess.Environment) []cell {
		mk := marks[e.ID]
		name := nameOr(e.Name, e.ID)
		if inScope[e.ID] {
			name = "● " + name
		}
		kind := cmp.Or(e.Type, "-")
		if e.IsDefault && e.Type != assess.EnvDefault {
			kind += " (default)"
		}
		key := keyManagedBy(e)
		keyCell := txt(key)
		if key == "Customer" {
			keyCell.color = colPass
		}
		cross := crossGeoSetting(e)
		crossCell := txt(cross)
		if aiLeavesGeo(m.res.AIHosting, e) {
			crossCell = colored(cross, colMedium)
		}
		tls, ok := tlsResult(e)
		tlsCell := txt(tls)
		if !ok {
			tlsCell = colored(tls, colHigh)
		}
		policyCell := txt(cmkPolicy(f, e))
		if policyMissing(f, e) {
			// Never "Linked" for a policy that cannot be found.
			text := cmp.Or(lastSegment(e.CMK.ResourceID), "policy") + ": policy not found or not readable"
			if p, ok := f.Policy(e.CMK.ResourceID); ok {
				text = cmp.Or(lastSegment(e.CMK.ResourceID), "policy") + ": policy not found (" + p.Provenance.Describe() + ")"
			}
			policyCell = colored(text, colHigh)
		}
		return []cell{
			markCell(cell{text: name, bold: true}, mk[mapName]),
			txt(kind),
			markCell(txt(envGeo(e)), mk[mapGeo]),
			txt(aiRegion(m.res.AIHosting, e)),
			txt(yesNo(e.Managed)),
			markCell(keyCell, mk[mapKey]),
			markCell(policyCell, mk[mapPolicy]),
			markCell(crossCell, mk[mapCrossGeo]),
			markCell(txt(setting(e.AI.BingSearch, "On", "Off", e.AI.Provenance)), mk[mapBing]),
			markCell(tlsCell, mk[mapTLS]),
		}
	}
	envCols := []column{{"Environment", 3.0, ""}, {"Type", 1.5, ""}, {"Geo / region", 2.1, ""}, {"AI processing region", 3.0, ""}, {"Managed", 1.4, ""}, {"Key managed by", 1.6, ""}, {"CMK policy and status", 3, ""}, {"Cross-geo AI", 1.5, ""}, {"Bing", 1.4, ""}, {"TLS", 2.2, ""}}
	switch {
	case len(f.Environments) == 0:
		d.para("The tenant returned no environments.", muted())
	case len(f.Environments) > residencyListMax:
		residencySummary(d, m, envRow, envCols)
	default:
		rows := make([][]cell, 0, len(f.Environments))
		for _, e := range f.Environments {
			rows = append(rows, envRow(e))
		}
		d.table(envCols, rows)
	}

	// The policies (one line each) end the section: the vault table keeps
	// them with its last rows, so they never sit alone on a page.
	var prow [][]cell
	linked := linkedEnvs(f)
	for _, p := range f.Policies {
		key := ""
		if p.VaultID != "" || p.KeyName != "" {
			key = vaultName(f, p.VaultID) + " / " + p.KeyName
			if p.KeyVersion != "" {
				key += " (" + shortVersion(p.KeyVersion) + ")"
			}
		}
		prow = append(prow, []cell{
			{text: cmp.Or(p.Name, lastSegment(p.ID)), bold: true},
			txt(p.Kind), txt(geoName(p.Location)), txt(cmp.Or(p.State, "-")), healthCell(p.Health), txt(cmp.Or(key, "-")),
			txt(fmt.Sprint(linked[strings.ToLower(p.ID)])),
		})
	}
	pcols := []column{{"Policy", 3, ""}, {"Kind", 1.6, ""}, {"Location", 1.6, ""}, {"State", 1.4, ""}, {"Health", 1.4, ""}, {"Vault / key", 3.6, ""}, {"Environments", 1.4, "R"}}
	after := 0.0
	if n := len(prow); n > 0 && n <= 12 {
		after = lineH(sizeH2) + 5 + d.tableH(tableOpts{}, pcols, prow)
	}
	d.h2("Key vaults and keys")
	vaultTable(d, m, after)
	if len(prow) > 0 {
		d.h2("Enterprise policies")
		d.table(pcols, prow)
	}
}

func vaultTable(d *doc, m *model, keepAfter float64) {
	f := m.facts
	if len(f.Vaults) == 0 && len(f.Keys) == 0 {
		d.para("No key vaults were read (none is linked to an encryption policy, or the vaults could not be read).", muted())
		return
	}
	var rows [][]cell
	seen := map[int]bool{}
	marks := subjectMarks(m.res.Findings)
	row := func(v assess.Vault, k *assess.Key) {
		purge, ok := vaultPurge(v)
		purgeCell := txt(purge)
		if !ok {
			purgeCell = colored(purge, colHigh)
		}
		if !v.Provenance.OK() && v.Provenance.Status != "" {
			purgeCell = mutedCell(v.Provenance.Describe())
		}
		vaultCell := markCell(cell{text: cmp.Or(v.Name, lastSegment(v.ID)) + "\n" + regionName(v.Location), bold: true}, marks["vault:"+strings.ToLower(v.ID)])
		r := []cell{vaultCell, purgeCell, txt(vaultNetwork(v))}
		if k == nil {
			r = append(r, mutedCell("no key read"), txt(""), txt(""), txt(""))
		} else {
			exp, c := keyExpiry(*k, m.now)
			rot, rok := keyRotation(*k)
			rotCell := txt(rot)
			if !rok {
				rotCell = colored(rot, colMedium)
			}
			keyName := k.Name
			if !k.Provenance.OK() && k.Provenance.Status != "" {
				keyName += "\n" + k.Provenance.Describe()
			}
			keyCell := markCell(txt(keyName), marks["key:"+strings.ToLower(k.VaultID+"/keys/"+k.Name)])
			r = append(r, keyCell, txt(keyTypeSize(*k)), cell{text: exp, color: c, bold: c != 0}, rotCell)
		}
		rows = append(rows, r)
	}
	for vi, v := range f.Vaults {
		n := 0
		for ki := range f.Keys {
			if strings.EqualFold(f.Keys[ki].VaultID, v.ID) {
				row(v, &f.Keys[ki])
				seen[ki] = true
				n++
			}
		}
		if n == 0 {
			row(f.Vaults[vi], nil)
		}
	}
	for ki, k := range f.Keys {
		if !seen[ki] {
			row(assess.Vault{ID: k.VaultID, Name: lastSegment(k.VaultID)}, &f.Keys[ki])
		}
	}
	d.tableOpts(tableOpts{keepAfter: keepAfter}, []column{{"Vault", 2.6, ""}, {"Purge protection", 2.2, ""}, {"Network", 2.6, ""}, {"Key", 2, ""}, {"Type and size", 1.6, ""}, {"Expiry", 2, ""}, {"Rotation", 2.8, ""}}, rows)
}

func healthCell(h string) cell {
	switch strings.ToLower(h) {
	case "healthy":
		return colored(h, colPass)
	case "warning":
		return colored(h, colMedium)
	case "unhealthy":
		return colored(h, colHigh)
	}
	return txt(cmp.Or(h, "-"))
}

// linkedEnvs counts the environments linked to each enterprise policy (by
// lower-case resource ID), in one pass over the environments.
func linkedEnvs(f *assess.Facts) map[string]int {
	n := map[string]int{}
	for _, e := range f.Environments {
		for _, l := range []*assess.PolicyLink{e.CMK, e.VNetPolicy} {
			if l != nil && l.ResourceID != "" {
				n[strings.ToLower(l.ResourceID)]++
			}
		}
	}
	return n
}

func shortVersion(v string) string {
	if len(v) > 8 {
		return v[:8] + "…"
	}
	return v
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
