package assess

import (
	"slices"
	"time"
)

// Acceptance is a risk acceptance: a decision to live with a finding until a date.
type Acceptance struct {
	FindingID string `json:"findingId" yaml:"findingId"`
	// Environment limits the acceptance to one environment (by ID); empty = all.
	Environment   string `json:"environment,omitempty" yaml:"environment"`
	Justification string `json:"justification" yaml:"justification"`
	Approver      string `json:"approver" yaml:"approver"`
	Expires       string `json:"expires" yaml:"expires"` // YYYY-MM-DD; the acceptance holds through that day (UTC)
	Compensating  string `json:"compensatingControl,omitempty" yaml:"compensatingControl"`
}

// AcceptanceStatus is an acceptance with what it meant on the evaluation date.
type AcceptanceStatus struct {
	Acceptance
	Active  bool `json:"active"`
	Expired bool `json:"expired"`
	// Matched is false when no finding of that ID (and environment) is open,
	// e.g. because it was fixed: the acceptance can be retired.
	Matched bool `json:"matched"`
}

// ActiveOn reports whether the acceptance holds at t. A malformed date never holds.
func (a Acceptance) ActiveOn(t time.Time) bool {
	exp, err := time.Parse(time.DateOnly, a.Expires)
	if err != nil {
		return false
	}
	return t.Before(exp.AddDate(0, 0, 1))
}

// applyAcceptances marks findings covered by an active acceptance as accepted
// and reports the status of every acceptance. An expired acceptance leaves the
// finding open and attached, so reports can say it came back.
func applyAcceptances(fs []Finding, accs []Acceptance, now time.Time) []AcceptanceStatus {
	var out []AcceptanceStatus
	for _, a := range accs {
		st := AcceptanceStatus{Acceptance: a, Active: a.ActiveOn(now)}
		st.Expired = !st.Active
		for i := range fs {
			f := &fs[i]
			if f.ID != a.FindingID || !(f.State.Open() || f.State == FindingAccepted) {
				continue
			}
			if a.Environment != "" && len(f.Affected) > 0 && !slices.ContainsFunc(f.Affected, func(s Subject) bool { return s.ID == a.Environment }) {
				continue
			}
			st.Matched = true
			s := st
			f.Acceptance = &s
		}
		out = append(out, st)
	}
	// A finding is accepted when active acceptances cover all it is about.
	for i := range fs {
		f := &fs[i]
		if f.Acceptance == nil || !f.State.Open() {
			continue
		}
		if covered(*f, accs, now) {
			f.State = FindingAccepted
			continue
		}
		markAcceptedSubjects(f, accs, now)
	}
	return out
}

func covered(f Finding, accs []Acceptance, now time.Time) bool {
	envs := map[string]bool{}
	for _, a := range accs {
		if a.FindingID != f.ID || !a.ActiveOn(now) {
			continue
		}
		if a.Environment == "" {
			return true
		}
		envs[a.Environment] = true
	}
	if len(envs) == 0 {
		return false
	}
	n := 0
	for _, s := range f.Affected {
		if s.Kind == SubjectEnvironment {
			n++
			if !envs[s.ID] {
				return false
			}
		}
	}
	return n > 0
}

// markAcceptedSubjects flags the environments of an open finding that an
// active per-environment acceptance covers, so outputs list only the rest as
// work to do. The subjects are copied: they may be shared with other findings.
func markAcceptedSubjects(f *Finding, accs []Acceptance, now time.Time) {
	envs := map[string]bool{}
	for _, a := range accs {
		if a.FindingID == f.ID && a.Environment != "" && a.ActiveOn(now) {
			envs[a.Environment] = true
		}
	}
	if len(envs) == 0 {
		return
	}
	f.Affected = slices.Clone(f.Affected)
	for i, s := range f.Affected {
		if s.Kind == SubjectEnvironment && envs[s.ID] {
			f.Affected[i].Accepted = true
		}
	}
}
