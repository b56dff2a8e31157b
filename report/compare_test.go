package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// compareInputs evaluates the same assessment twice, with KM-02 answered
// "partial" before and "same" now: one finding worsened, one answer changed.
func compareInputs(t *testing.T) Input {
	t.Helper()
	b := loadBank(t)
	eval := func(km02 string) *assess.Result {
		res, err := assess.Evaluate(assess.Input{Bank: b, Now: testNow, Metadata: assess.Metadata{Title: "Contoso"},
			Answers: assess.Answers{"AR-01": {State: assess.AnswerAnswered, Values: []string{"cmk"}}, "KM-02": {State: assess.AnswerAnswered, Values: []string{km02}}}})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	return Input{Bank: b, Result: eval("same"), Previous: eval("partial"), Now: testNow, ToolVersion: "v1.2.3"}
}

// TestCompareInEveryOutput: --compare shows the change on page 2 of the PDF,
// in the Markdown summary, in the JSON and as a CSV column; without it the
// CSV keeps its columns.
func TestCompareInEveryOutput(t *testing.T) {
	in := compareInputs(t)
	const sentence = "Since Contoso: grade"
	const counts = "1 worsened, 1 answer changed"

	pages := strings.Split(pdfText(t, mustPDF(t, in)), "\f")
	if len(pages) < 2 || !strings.Contains(squash(pages[1]), sentence) || !strings.Contains(squash(pages[1]), counts) {
		t.Errorf("page 2 does not say what changed:\n%s", pages[1])
	}

	md := mustMarkdown(t, in)
	for _, want := range []string{sentence, counts, "**Worsened** High: `KM-02.same-admins`", "**Answer changed** `KM-02` Separation of duties: Some people hold both roles → The same people do both"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}

	var buf bytes.Buffer
	if err := JSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Changes struct {
			Worsened []assess.FindingChange `json:"worsened"`
			Answers  []assess.AnswerChange  `json:"answers"`
			New      []assess.Finding       `json:"new"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Changes.Worsened) != 1 || doc.Changes.Worsened[0].New.ID != "KM-02.same-admins" || len(doc.Changes.Answers) != 1 {
		t.Errorf("JSON changes %+v", doc.Changes)
	}
	for _, f := range doc.Changes.New {
		if f.QuestionID == "KM-02" {
			t.Errorf("KM-02 listed as new: %s", f.ID)
		}
	}

	// The CSV's columns are stable (docs/report.md): "Change since previous"
	// is always there, filled only with --compare.
	rows := csvRows(t, in)
	col := slices.Index(rows[0], "Change since previous")
	if col < 0 {
		t.Fatalf("header %q", rows[0])
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[1]] = r[col]
	}
	if got["KM-02.same-admins"] != "Worsened" {
		t.Errorf("KM-02.same-admins change %q", got["KM-02.same-admins"])
	}
	in.Previous = nil
	for _, r := range csvRows(t, in)[1:] {
		if r[col] != "" {
			t.Errorf("without --compare %s has change %q", r[1], r[col])
		}
	}
}

func csvRows(t *testing.T, in Input) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := CSV(&buf, in); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
