// Small helpers the checks share to build observations and their sentences.

package assess

import (
	"fmt"
	"strings"
)

// flag raises a signal and lists the subject as affected.
func (o *Observation) flag(signal string, s Subject) {
	o.raise(signal, s)
	o.Affected = append(o.Affected, s)
}

// unreadable folds problems into the observation: the first problem's status,
// all reasons joined. It reports whether there was any, so the check stops
// before implying an answer from partial facts.
func (o *Observation) unreadable(what string, groups ...[]problem) bool {
	var reasons []string
	var subjects [][]Subject
	for _, g := range groups {
		for _, p := range g {
			if o.Status == "" || o.Status == StatusOK {
				o.Status = p.status
			}
			reasons = append(reasons, p.reason)
			subjects = append(subjects, p.subjects)
		}
	}
	o.Unverified = appendSubjects(o.Unverified, subjects...)
	if len(reasons) == 0 {
		o.Status = StatusOK
		return false
	}
	if o.Status == StatusOK {
		o.Status = StatusError
	}
	o.Reason = strings.Join(reasons, "; ")
	o.Summary = "Some " + what + " could not be read: " + o.Reason
	if len(o.Affected) > 0 {
		o.Summary += ". Found anyway: " + describeSubjects(o.Affected, 5)
	}
	return true
}

// summarise ends a check: found (followed by the affected subjects) when
// something was found, fine otherwise.
func (o Observation) summarise(found, fine string) Observation {
	if len(o.Affected) > 0 {
		o.Summary = found + describeSubjects(o.Affected, 5)
	} else {
		o.Summary = fine
	}
	return o
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func orReason(p Provenance, fallback string) string {
	if p.Reason != "" {
		return strings.ReplaceAll(string(p.Status), "-", " ") + ": " + p.Reason
	}
	return strings.ReplaceAll(string(p.Status), "-", " ") + ": " + fallback
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// lastSegment gives the name at the end of an ARM ID.
func lastSegment(id string) string {
	id = strings.TrimRight(id, "/")
	if i := strings.LastIndex(id, "/"); i >= 0 {
		return id[i+1:]
	}
	return orDash(id)
}

func describeSubjects(ss []Subject, max int) string {
	// Name only the ones shown: a tenant may list thousands.
	shown := ss
	if len(ss) > max {
		shown = ss[:max]
	}
	names := make([]string, 0, len(shown))
	for _, s := range shown {
		if s.Detail != "" {
			names = append(names, s.Name+" ("+s.Detail+")")
		} else {
			names = append(names, s.Name)
		}
	}
	if len(ss) > max {
		return fmt.Sprintf("%s and %d more", strings.Join(names, ", "), len(ss)-max)
	}
	return strings.Join(names, ", ")
}

func subjectDetails(ss []Subject) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, s.Detail)
	}
	return out
}

// listNames joins up to max names and says how many more there are.
func listNames(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max)
}

// concat joins a, b and the parts in one allocation.
func concat(a, b string, parts ...string) string {
	n := len(a) + len(b)
	for _, p := range parts {
		n += len(p)
	}
	var sb strings.Builder
	sb.Grow(n)
	sb.WriteString(a)
	sb.WriteString(b)
	for _, p := range parts {
		sb.WriteString(p)
	}
	return sb.String()
}
