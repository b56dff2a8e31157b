package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
)

// TestMarkdownCountsActionsWithCommands: the Markdown's "N of these have
// commands" counts every open finding's action with at least one command,
// one command included. The count is taken here from the roadmap's actions.
func TestMarkdownCountsActionsWithCommands(t *testing.T) {
	for _, in := range []Input{demoInput(t), realisticInput(t, 1)} {
		m, err := newModel(in)
		if err != nil {
			t.Fatal(err)
		}
		want, single := 0, 0
		for _, a := range m.actions {
			if len(a.Commands) != 0 {
				want++
			}
			if len(a.Commands) == 1 {
				single++
			}
		}
		t.Logf("%d actions with commands, %d with exactly one", want, single)
		if single == 0 {
			continue
		}
		var buf bytes.Buffer
		if err := Markdown(&buf, in); err != nil {
			t.Fatal(err)
		}
		if s := fmt.Sprintf("%d of these have commands generated", want); !strings.Contains(buf.String(), s) {
			t.Errorf("Markdown lacks %q", s)
		}
		return
	}
	t.Fatal("no input has an action with exactly one command")
}

// TestMarkdownOverdueSectionOnlyWhenOverdue: the "Overdue follow-ups"
// section appears, with its count, only when a follow-up is overdue.
func TestMarkdownOverdueSectionOnlyWhenOverdue(t *testing.T) {
	for _, n := range []int{0, 1} {
		in := demoInput(t)
		in.Result.Overdue = nil
		if n == 1 {
			in.Result.Overdue = []assess.OverdueFollowUp{{QuestionID: "DP-01", Owner: "Platform team", FollowUp: "2026-11-01", DaysOverdue: 26}}
		}
		var buf bytes.Buffer
		if err := Markdown(&buf, in); err != nil {
			t.Fatal(err)
		}
		md := buf.String()
		if got := strings.Contains(md, "## Overdue follow-ups"); got != (n > 0) {
			t.Errorf("%d overdue: section present %v", n, got)
		}
		if n == 1 && !strings.Contains(md, "## Overdue follow-ups (1)") {
			t.Errorf("1 overdue: no \"## Overdue follow-ups (1)\" heading")
		}
	}
}
