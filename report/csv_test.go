package report

import (
	"os"

	"bytes"
	"encoding/csv"
	"go.yaml.in/yaml/v3"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

func TestCSVActionPlan(t *testing.T) {
	in := realisticInput(t, 14)
	// The hostile values go on a finding named by hand (open in the
	// realistic assessment, checked below), not on whichever comes first.
	const hostileID = "AR-02.cmk-missing"
	planted := false
	for i := range in.Result.Findings {
		if f := &in.Result.Findings[i]; f.ID == hostileID {
			f.Title = `=HYPERLINK("http://evil.example","click")`
			f.Do = "+1+1"
			f.Owner = "@SUM(A1)"
			f.FollowUp = "-2"
			f.Why = "line one\nline two"
			planted = true
		}
	}
	if !planted {
		t.Fatalf("the realistic assessment has no finding %s", hostileID)
	}
	var buf bytes.Buffer
	if err := CSV(&buf, in); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	lines := strings.Split(strings.TrimSuffix(string(data[3:]), "\r\n"), "\r\n")
	if lines[0] != csvPinnedHeader {
		t.Errorf("header changed (a contract with trackers; see docs/report.md):\n got %s\nwant %s", lines[0], csvPinnedHeader)
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not valid CSV: %v", err)
	}
	open := 0
	for _, f := range in.Result.Findings {
		if f.State.Open() {
			open++
		}
	}
	if len(rows)-1 != open {
		t.Errorf("%d rows, want one per open finding (%d)", len(rows)-1, open)
	}
	for _, row := range rows[1:] {
		if len(row) != len(csvColumns()) {
			t.Fatalf("row has %d fields: %q", len(row), row)
		}
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("formula not defused: %q", cell)
			}
		}
	}
	// every field quoted
	for _, line := range lines {
		if !strings.HasPrefix(line, `"`) || !strings.HasSuffix(line, `"`) {
			t.Errorf("unquoted line: %s", line)
		}
	}
	var hostile []string
	for _, row := range rows[1:] {
		if row[1] == hostileID {
			if hostile != nil {
				t.Errorf("two rows for %s", hostileID)
			}
			hostile = row
		}
	}
	if hostile == nil || hostile[7] != `'=HYPERLINK("http://evil.example","click")` || hostile[8] != "'+1+1" || hostile[18] != "'@SUM(A1)" || hostile[19] != "'-2" {
		t.Errorf("hostile row: %q", hostile)
	}
	for _, row := range rows[1:] {
		if row[1] == "AR-02.cmk-missing" && !strings.Contains(row[11], "Payroll") {
			t.Errorf("AR-02.cmk-missing: affected resources %q", row[11])
		}
		// Vaults and keys are separated like environments, with "; ".
		if strings.HasPrefix(row[11], "vault ") && strings.Contains(row[11], ", vault ") {
			t.Errorf("%s: affected %q joined with commas, want semicolons", row[1], row[11])
		}
		if row[26] != "Contoso Ltd" || row[27] != "2026-11-27" {
			t.Errorf("%s: organisation %q and assessment date %q on every row", row[1], row[26], row[27])
		}
		if !strings.HasPrefix(row[12], "Now") && !strings.HasPrefix(row[12], "Next") && !strings.HasPrefix(row[12], "Later") {
			t.Errorf("%s: roadmap %q", row[1], row[12])
		}
	}
}

// csvPinnedHeader is the documented header (docs/report.md), written out by
// hand: renaming a column breaks every tracker and Power BI report built on it.
const csvPinnedHeader = `"Rank","ID","Severity","Status","Confirmed by tenant","Section","Data states","Title",` +
	`"Recommendation","Why","Steps","Affected resources","Roadmap","Due date","Due reason",` +
	`"Effort","Disruption","Suggested owner role","Owner","Follow-up","Permission",` +
	`"PowerShell","Azure CLI","Controls","Doc link","Change since previous","Organization","Assessment date",` +
	`"Follow-up overdue","Conflict with the answer","No command (why)"`

// TestCSVDemoRow pins one row of the demo tenant by hand: the key that
// expires on 9 December sets the due date, the tenant confirmed it, and the
// command names the vault and key.
func TestCSVDemoRow(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, demoInput(t)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if row[1] != "KM-05.key-expiring" {
			continue
		}
		want := map[int]string{2: "High", 4: "Yes", 12: "Now (30 days)", 13: "2026-12-09", 14: "key cmk-asia expires", 15: "low",
			17: "Key Vault administrator", 22: "az keyvault key rotate --vault-name 'kv-fab-asia' --name 'cmk-asia'"}
		for col, v := range want {
			if row[col] != v {
				t.Errorf("KM-05.key-expiring %s = %q, want %q", rows[0][col], row[col], v)
			}
		}
		if !strings.Contains(row[23], "ISO 27001 A.8.24") || !strings.Contains(row[23], "NIST 800-53 SC-12") {
			t.Errorf("controls %q", row[23])
		}
		return
	}
	t.Fatal("no KM-05.key-expiring row for the demo tenant")
}

func TestCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, Input{Result: &assess.Result{}}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); strings.Count(got, "\r\n") != 1 {
		t.Errorf("empty plan should be the header alone: %q", got)
	}
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"plain":             "plain",
		"=1+1":              "'=1+1",
		"\t=cmd":            "'\t=cmd",
		"\r=cmd":            "'=cmd",
		"a\x00b":            `a\x00b`,
		"\x1b]0;pwned\x07x": `\x1b]0;pwned\x07x`,
		"evil\u202eexe.pdf": `evil\u202eexe.pdf`,
		"c1\u009b2J":        `c1\x9b2J`,
		"multi\nrow":        "multi\nrow",
		"-":                 "'-",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCSVNoCommandReason checks the "No command (why)" column against the plan
// data read straight from the YAML file, not through the code under test.
func TestCSVNoCommandReason(t *testing.T) {
	raw, err := os.ReadFile("../assess/bank/plan/remediation.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var plan struct {
		Rules map[string]struct {
			NoCommand string `yaml:"noCommand"`
		} `yaml:"rules"`
	}
	if err := yaml.Unmarshal(raw, &plan); err != nil {
		t.Fatal(err)
	}
	// The shipped bank, not the frozen copy in testdata, so the YAML read
	// above is the plan the input uses.
	b, err := assess.LoadBank()
	if err != nil {
		t.Fatal(err)
	}
	asm, res := makeAssessment(t, b, makeFacts(14, 4))
	var buf bytes.Buffer
	if err := CSV(&buf, Input{Bank: b, Assessment: asm, Result: res, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	withReason := 0
	for _, row := range rows[1:] {
		id, got := row[col["ID"]], row[col["No command (why)"]]
		want := plan.Rules[id].NoCommand
		if got != want {
			t.Errorf("%s: no-command reason %q, want %q (remediation.yaml)", id, got, want)
		}
		if got != "" {
			withReason++
			if row[col["PowerShell"]] != "" || row[col["Azure CLI"]] != "" {
				t.Errorf("%s: a reason for having no command beside commands", id)
			}
		}
	}
	if withReason == 0 {
		t.Error("no row of the realistic plan has a no-command reason: the test checks nothing")
	}
}
