package main

import (
	"encoding/json"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The question list of 'se06 questions' (questions --help: "what the tenant
// can show for it"), checked against assess/bank/ar.yaml by hand: AR-01 has
// no live check, AR-02 has the cmk-linkage check described as below; AR-01
// is a single choice, AR-04 a multiple one; AR-01 has three rules
// (custody-undecided among them), DP-01 one (in-use-required, high), SC-02
// none.

const ar02Live = "Each environment's keyManagedBy and its link to an encryption enterprise policy."

// TestQuestionsJSONAndYAMLSayWhatTheTenantShows: JSON and YAML carry "live"
// for a question with a live check and leave it out for one without.
func TestQuestionsJSONAndYAMLSayWhatTheTenantShows(t *testing.T) {
	type q struct {
		ID      string  `json:"id" yaml:"id"`
		Type    string  `json:"type" yaml:"type"`
		Live    *string `json:"live" yaml:"live"`
		Choices []struct {
			ID string `json:"id" yaml:"id"`
		} `json:"choices" yaml:"choices"`
	}
	var doc struct {
		Questions []q `json:"questions" yaml:"questions"`
	}
	for _, format := range []string{"json", "yaml"} {
		code, stdout, stderr := runCLI(t, "questions", "--format", format)
		if code != exitOK {
			t.Fatalf("%s: exit %d\n%s", format, code, stderr)
		}
		doc.Questions = nil
		var err error
		if format == "json" {
			err = json.Unmarshal([]byte(stdout), &doc)
		} else {
			err = yaml.Unmarshal([]byte(stdout), &doc)
		}
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		byID := map[string]q{}
		for _, x := range doc.Questions {
			byID[x.ID] = x
		}
		if got := byID["AR-02"].Live; got == nil || *got != ar02Live {
			t.Errorf("%s: AR-02 live = %v, want %q", format, got, ar02Live)
		}
		if got := byID["AR-01"].Live; got != nil {
			t.Errorf("%s: AR-01 has no live check, but live = %q", format, *got)
		}
		if ids := byID["AR-01"].Choices; len(ids) != 4 || ids[0].ID != "mmk" || ids[3].ID != "undecided" || byID["AR-01"].Type != "single" {
			t.Errorf("%s: AR-01 %+v, want single with mmk, cmk, cmk-hsm, undecided", format, byID["AR-01"])
		}
	}
}

// TestQuestionsMarkdownPerQuestion: each question's Markdown says how it is
// answered and, only when it has a live check, what the tenant can show.
func TestQuestionsMarkdownPerQuestion(t *testing.T) {
	code, md, stderr := runCLI(t, "questions")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	section := func(id string) string {
		_, rest, ok := strings.Cut(md, "\n### "+id+" ")
		if !ok {
			t.Fatalf("no section for %s", id)
		}
		s, _, _ := strings.Cut(rest, "\n### ")
		return s
	}
	ar01, ar02, ar04 := section("AR-01"), section("AR-02"), section("AR-04")
	if !strings.Contains(ar01, "\nAnswer: one of\n") || strings.Contains(ar01, "_The tenant can show:_") {
		t.Errorf("AR-01:\n%s", ar01)
	}
	if !strings.Contains(ar02, "\n_The tenant can show:_ "+ar02Live+"\n") {
		t.Errorf("AR-02 does not say what the tenant shows:\n%s", ar02)
	}
	if !strings.Contains(ar04, "\nAnswer: one or more of\n") || !strings.Contains(ar04, "\n_Asked only when_ ") {
		t.Errorf("AR-04:\n%s", ar04)
	}
	if strings.Contains(ar01, "_Asked only when_") {
		t.Errorf("AR-01 is always asked:\n%s", ar01)
	}
	if !strings.Contains(ar01, "\n_Findings:_\n\n- **medium** Key custody is not decided for sensitive data (`AR-01.custody-undecided`): when ") {
		t.Errorf("AR-01 does not list its finding:\n%s", ar01)
	}
	if dp01 := section("DP-01"); !strings.Contains(dp01, "\n_Findings:_\n\n- **high** A requirement for encryption in use cannot be met in Power Platform (`DP-01.in-use-required`): when ") {
		t.Errorf("DP-01 does not list its one finding:\n%s", dp01)
	}
	if sc02 := section("SC-02"); strings.Contains(sc02, "_Findings:_") || !strings.Contains(sc02, "\n- `highly-confidential` Highly confidential\n") {
		t.Errorf("SC-02 raises no finding and has four choices:\n%s", sc02)
	}
}
