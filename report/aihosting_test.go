package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestAIHostingDateInOutputs: the AI hosting table's revision date reaches
// the JSON result and the PDF's residency map, so a reader knows how old the
// AI processing locations are.
func TestAIHostingDateInOutputs(t *testing.T) {
	in := realisticInput(t, 4)
	tbl := in.Result.AIHosting
	if tbl == nil || tbl.Revision == "" {
		t.Fatal("the result carries no dated AI hosting table")
	}
	var buf bytes.Buffer
	if err := JSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		AIHosting struct {
			Revision, RevisionName, Source string
		} `json:"aiHostingTable"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.AIHosting.Revision != tbl.Revision || doc.AIHosting.RevisionName != tbl.RevisionName || doc.AIHosting.Source != tbl.Source {
		t.Errorf("JSON aiHostingTable = %+v, want %s / %s / %s", doc.AIHosting, tbl.Revision, tbl.RevisionName, tbl.Source)
	}
	text := squash(pdfText(t, mustPDF(t, in)))
	for _, want := range []string{"generative AI features are hosted (" + tbl.Dated(), "AI hosting table, " + tbl.Dated()} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func TestCrossGeoSettingNotShownInUSAndGovernment(t *testing.T) {
	in := realisticInput(t, 4)
	e := in.Result.Facts.Environments[0]
	e.AI.CrossGeoMovement = nil
	for _, geo := range []string{"unitedstates", "usgov", "GCCHigh"} {
		e.Geo = geo
		if got := crossGeoSetting(e); got != "Not shown (in region)" {
			t.Errorf("%s: %q, want Not shown (in region)", geo, got)
		}
	}
	e.Geo = "europe"
	if got := crossGeoSetting(e); strings.Contains(got, "Not shown") {
		t.Errorf("europe without a value: %q must not read as not shown", got)
	}
}

// TestJSONChangesNameBankChanges: --compare against an assessment written
// with an older bank says, in the JSON, which findings the bank changed.
func TestJSONChangesNameBankChanges(t *testing.T) {
	sch := compileSchema(t)
	in := realisticInput(t, 6)
	_, prev := makeAssessment(t, in.Bank, makeFacts(6, 2))
	prev.Metadata.BankVersion = "0.9.0"
	in.Result.Metadata.BankVersion = in.Bank.Version
	in.Previous = prev
	data := mustJSON(t, in)
	validate(t, sch, data)
	var doc struct {
		Changes struct {
			Bank *struct {
				OldVersion string `json:"oldVersion"`
				NewVersion string `json:"newVersion"`
				Affecting  []struct{ Finding, Change string }
			} `json:"bank"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if b := doc.Changes.Bank; b == nil || b.OldVersion != "0.9.0" || b.NewVersion != in.Bank.Version {
		t.Fatalf("changes.bank = %+v, want 0.9.0 → %s", b, in.Bank.Version)
	}
}
