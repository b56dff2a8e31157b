package report

import (
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// TestColumnOf pins which cell of the map each kind of finding marks.
func TestColumnOf(t *testing.T) {
	for id, want := range map[string]mapColumn{
		"RS-01.env-outside":           mapGeo,
		"AR-02.cmk-missing":           mapKey,
		"AR-02.cmk-link-mismatch":     mapPolicy,
		"AI-02.bing-sensitive":        mapBing,
		"AI-01.movement-vs-residency": mapCrossGeo,
		"AI-01.processing-abroad":     mapCrossGeo,
		"DT-01.legacy-accepted":       mapTLS,
		"DT-01.modern-failed":         mapTLS,
		"MG-09.something-else":        mapName,
	} {
		q, _, _ := strings.Cut(id, ".")
		if got := columnOf(assess.Finding{ID: id, QuestionID: q}); got != want {
			t.Errorf("%s marks column %d, want %d", id, got, want)
		}
	}
}

// TestResidencyMapMarksFindingsInText: the cells that raised a finding say
// so in text (the map reads without colour), an environment whose risk is
// accepted is not marked, and a policy that cannot be found never reads "Linked".
func TestResidencyMapMarksFindingsInText(t *testing.T) {
	in := demoInput(t)
	for _, e := range in.Result.Facts.Environments {
		if e.CMK != nil {
			in.Result.Facts.Policies = removePolicy(in.Result.Facts.Policies, e.CMK.ResourceID)
			break
		}
	}
	marks := envMarks(in.Result.Findings)
	var outside []string
	for id, cols := range marks {
		if len(cols[mapGeo]) > 0 {
			outside = append(outside, id)
		}
	}
	if len(outside) == 0 {
		t.Fatal("the demo tenant should have environments outside the required geography")
	}
	text := pdfText(t, mustPDF(t, in))
	start := strings.Index(text, "Residency and key map\n")
	start += strings.Index(text[start+1:], "Residency and key map\n") + 1 // the heading, not the contents entry
	mapText := strings.Join(strings.Fields(text[start:]), " ")
	for _, want := range []string{"▲ RS-01", "▲ AR-02", "▲ AI-02", "▲ KM-01", "policy not found or not readable"} {
		if !strings.Contains(mapText, want) {
			t.Errorf("the residency map lacks %q", want)
		}
	}
	// Accepting the finding for one environment removes its mark.
	for i, f := range in.Result.Findings {
		if f.ID == "RS-01.env-outside" {
			in.Result.Findings[i].Affected = append([]assess.Subject(nil), f.Affected...)
			in.Result.Findings[i].Affected[0].Accepted = true
			id := f.Affected[0].ID
			if len(envMarks(in.Result.Findings)[id][mapGeo]) != 0 {
				t.Errorf("accepted environment %s is still marked", id)
			}
		}
	}
}

func removePolicy(ps []assess.EnterprisePolicy, id string) []assess.EnterprisePolicy {
	var out []assess.EnterprisePolicy
	for _, p := range ps {
		if !strings.EqualFold(p.ID, id) {
			out = append(out, p)
		}
	}
	return out
}

func TestPolicyMissing(t *testing.T) {
	id := "/subscriptions/s/resourceGroups/rg/providers/Microsoft.PowerPlatform/enterprisePolicies/ep1"
	e := assess.Environment{CMK: &assess.PolicyLink{ResourceID: id, LinkStatus: "Linked"}}
	cases := []struct {
		name     string
		policies []assess.EnterprisePolicy
		want     bool
	}{
		{"read", []assess.EnterprisePolicy{{ID: id, Provenance: assess.Provenance{Status: assess.StatusOK}}}, false},
		{"absent", nil, true},
		{"404", []assess.EnterprisePolicy{{ID: id, Provenance: assess.Provenance{Status: assess.StatusNotFound}}}, true},
	}
	for _, c := range cases {
		if got := policyMissing(&assess.Facts{Policies: c.policies}, e); got != c.want {
			t.Errorf("%s: policyMissing = %v, want %v", c.name, got, c.want)
		}
	}
	if policyMissing(&assess.Facts{}, assess.Environment{}) {
		t.Error("an environment without a CMK link has no missing policy")
	}
}
