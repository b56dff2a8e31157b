package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/internal/termsafe"
)

// csvColumns are the action plan's columns, in order. The names are a
// contract with trackers and Power BI: they are documented in docs/report.md
// and pinned by TestCSVActionPlan; add columns at the end, never rename.
func csvColumns() []string {
	return []string{
		"Rank", "ID", "Severity", "Status", "Confirmed by tenant", "Section", "Data states", "Title",
		"Recommendation", "Why", "Steps", "Affected resources", "Roadmap", "Due date", "Due reason",
		"Effort", "Disruption", "Suggested owner role", "Owner", "Follow-up", "Permission",
		"PowerShell", "Azure CLI", "Controls", "Doc link", "Change since previous", "Organization", "Assessment date",
		"Follow-up overdue", "Conflict with the answer", "No command (why)",
	}
}

// CSV writes the action plan: one row per open finding, highest priority
// first, for a spreadsheet, a tracker or Power BI. It opens cleanly in Excel:
// UTF-8 with a byte-order mark, every field quoted, CRLF line ends, and cells
// that a spreadsheet would run as a formula (= + - @ tab CR at the start) are
// defused with a leading apostrophe.
func CSV(w io.Writer, in Input) error {
	m, err := newModel(in)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("\uFEFF")
	writeCSVRow(bw, csvColumns())
	change := func(f assess.Finding) string {
		if m.diff == nil {
			return ""
		}
		return changeLabel(m.diff, f)
	}
	assessed := m.res.EvaluatedAt.UTC().Format(time.DateOnly)
	// The conflicts on the rows' questions, worded as every output words them.
	conflict := map[string]string{}
	for _, c := range m.res.Conflicts {
		conflict[c.QuestionID] = "answered " + c.AnswerText + "; " + c.TenantSays()
	}
	for i, f := range m.open {
		a := m.actions[i]
		// Every subject is listed: the plan is a work list, not a summary.
		affected := strings.Join(subjectNames(f.Affected), "; ")
		var states []string
		for _, s := range f.DataStates {
			states = append(states, s.Title())
		}
		steps := make([]string, len(f.Steps))
		for j, st := range f.Steps {
			steps[j] = fmt.Sprintf("%d. %s", j+1, st)
		}
		link := firstLink(f).URL
		if a.Link != nil {
			link = a.Link.URL
		}
		writeCSVRow(bw, []string{
			fmt.Sprint(a.Rank), f.ID, severityLabel(f.Severity), m.findingLabel(f), yesNo(f.Tenant), m.sectionTitle(f.Section), strings.Join(states, "; "), f.Title,
			f.Do, f.Why, strings.Join(steps, "\n"), affected, a.Bucket.Label(), a.Due, a.DueReason,
			string(a.Effort), string(a.Disruption), a.OwnerRole, f.Owner, f.FollowUp, a.Permission,
			commandText(a, assess.ToolPowerShell), commandText(a, assess.ToolAzureCLI), controlText(a.Controls), link, change(f), m.meta.Organization, assessed,
			yesNoBlank(f.Overdue), conflict[f.QuestionID], a.NoCommandReason,
		})
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write CSV action plan: %w", err)
	}
	return nil
}

// commandText joins a finding's commands for one tool, one per line.
func commandText(a assess.Action, tool assess.Tool) string {
	var out []string
	for _, c := range a.Commands {
		if c.Tool == tool {
			out = append(out, c.Text)
		}
	}
	return strings.Join(out, "\n")
}

// controlText lists mapped controls as "ISO 27001 A.8.24; NIST 800-53 SC-28".
func controlText(cs []assess.ControlRef) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = frameworkShort(c.Framework) + " " + c.Control
	}
	return strings.Join(out, "; ")
}

func frameworkShort(id string) string {
	switch id {
	case "iso27001":
		return "ISO 27001"
	case "nist80053":
		return "NIST 800-53"
	case "mcsb":
		return "MCSB"
	case "gdpr":
		return "GDPR"
	}
	return id
}

func writeCSVRow(w *bufio.Writer, fields []string) {
	for i, f := range fields {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteByte('"')
		w.WriteString(strings.ReplaceAll(csvSafe(f), `"`, `""`))
		w.WriteByte('"')
	}
	w.WriteString("\r\n")
}

// csvSafe defuses formula injection and shows escaped, as every plain-text
// output does (termsafe), what a spreadsheet or a terminal would act on:
// control characters and escape sequences, and bidi overrides that reorder a
// cell. Line breaks and tabs are kept; a lone carriage return is dropped.
func csvSafe(s string) string {
	s = termsafe.Text(strings.ReplaceAll(s, "\r", ""))
	if s != "" && strings.ContainsRune("=+-@\t", rune(s[0])) {
		return "'" + s
	}
	return s
}

// yesNoBlank is "yes" for true and empty otherwise, for a column most rows leave blank.
func yesNoBlank(b bool) string {
	if b {
		return "yes"
	}
	return ""
}
