package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// csvHeader names the action plan's columns; with a previous assessment
// (--compare) a last column says how each finding changed.
func csvHeader(compare bool) []string {
	h := []string{"ID", "Severity", "Status", "Title", "Recommendation", "Affected environments", "Doc link", "Owner", "Due date"}
	if compare {
		h = append(h, "Change since previous")
	}
	return h
}

// CSV writes the action plan: one row per open finding, highest priority
// first, for a spreadsheet. It opens cleanly in Excel: UTF-8 with a byte-order
// mark, every field quoted, CRLF line ends, and cells that a spreadsheet
// would run as a formula (= + - @ tab CR at the start) are defused with a
// leading apostrophe.
func CSV(w io.Writer, in Input) error {
	m, err := newModel(in)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("\uFEFF")
	writeCSVRow(bw, csvHeader(m.diff != nil))
	for _, f := range m.open {
		affected := strings.Join(envNames(f), "; ")
		if affected == "" {
			affected = strings.Join(subjectNames(f.Affected), "; ")
		}
		// Every subject is listed: the plan is a work list, not a summary.
		row := []string{f.ID, severityLabel(f.Severity), m.findingLabel(f), f.Title, f.Do, affected, firstLink(f).URL, f.Owner, f.FollowUp}
		if m.diff != nil {
			row = append(row, changeLabel(m.diff, f))
		}
		writeCSVRow(bw, row)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write CSV action plan: %w", err)
	}
	return nil
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

// csvSafe defuses formula injection and drops characters a spreadsheet
// would misread (NUL and other control characters; line breaks are kept).
func csvSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return -1
		case r < 0x20 || r == 0x7F:
			return -1
		}
		return r
	}, s)
	if s != "" && strings.ContainsRune("=+-@\t", rune(s[0])) {
		return "'" + s
	}
	return s
}
