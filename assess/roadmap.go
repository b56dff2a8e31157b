package assess

import (
	"strings"
	"time"
)

// Bucket is a roadmap horizon.
type Bucket string

const (
	BucketNow   Bucket = "now"   // within 30 days
	BucketNext  Bucket = "next"  // within 60 days
	BucketLater Bucket = "later" // within 90 days
)

// Buckets lists the horizons in order.
func Buckets() []Bucket { return []Bucket{BucketNow, BucketNext, BucketLater} }

// Days is the horizon's length from the assessment date.
func (b Bucket) Days() int {
	switch b {
	case BucketNow:
		return 30
	case BucketNext:
		return 60
	}
	return 90
}

// Label names a horizon for people.
func (b Bucket) Label() string {
	switch b {
	case BucketNow:
		return "Now (30 days)"
	case BucketNext:
		return "Next (60 days)"
	}
	return "Later (90 days)"
}

// Action is an open finding placed on the roadmap, with its fix.
type Action struct {
	FindingID  string `json:"findingId"`
	Rank       int    `json:"rank"`
	Bucket     Bucket `json:"bucket"`
	Due        string `json:"due"` // YYYY-MM-DD
	DueReason  string `json:"dueReason"`
	Effort     Level  `json:"effort"`
	Disruption Level  `json:"disruption"`
	OwnerRole  string `json:"ownerRole"`
	Note       string `json:"disruptionNote,omitempty"`
	Permission string `json:"permission,omitempty"`
	Link       *Link  `json:"link,omitempty"`
	// Tools are the ways this finding can be fixed by command.
	Tools    []Tool    `json:"tools"`
	Commands []Command `json:"commands"`
	// NoCommand says why a subject of the finding got no command.
	NoCommand []string `json:"noCommand,omitempty"`
	// NoCommandReason says why no command can make this fix at all (a
	// decision, a process, a portal-only setting), from the plan data.
	NoCommandReason string       `json:"noCommandReason,omitempty"`
	Controls        []ControlRef `json:"controls"`
}

// PlanActions places open findings (in the priority order given) on the
// roadmap and fills their commands. Without plan data every finding gets the
// defaults: medium effort, low disruption.
func PlanActions(b *Bank, open []Finding, facts *Facts, evaluated time.Time) []Action {
	p := b.Plan()
	start := evaluated.UTC().Truncate(24 * time.Hour)
	out := make([]Action, 0, len(open))
	for i, f := range open {
		r := p.Rule(f.ID)
		a := Action{FindingID: f.ID, Rank: i + 1, Effort: LevelMedium, Disruption: LevelLow, Controls: p.ControlsFor(f), Commands: []Command{}, Tools: []Tool{}}
		if p != nil {
			a.OwnerRole = p.OwnerRoles[f.Section]
		}
		if r != nil {
			a.Effort, a.Disruption, a.Note, a.Permission, a.Link = r.Effort, r.Disruption, r.Note, r.Permission, r.Link
			a.NoCommandReason = r.NoCommand
			for _, t := range Tools() {
				if r.templates[t] != nil {
					a.Tools = append(a.Tools, t)
				}
			}
			cmds, skipped := r.Commands(f, facts)
			a.Commands = append(a.Commands, cmds...)
			a.NoCommand = skipped
		}
		a.Bucket = bucketFor(f, a.Effort, a.Disruption)
		due := start.AddDate(0, 0, a.Bucket.Days())
		a.DueReason = "roadmap: " + strings.ToLower(a.Bucket.Label())
		// A key that expires sooner sets the deadline.
		if exp, name, ok := earliestKeyExpiry(f, facts); ok && exp.Before(due) {
			due, a.DueReason = exp.UTC().Truncate(24*time.Hour), "key "+name+" expires"
			if !due.After(start.AddDate(0, 0, BucketNow.Days())) {
				a.Bucket = BucketNow
			}
		}
		a.Due = due.Format(time.DateOnly)
		out = append(out, a)
	}
	return out
}

// bucketFor places a finding: confirmed high-severity problems now (next,
// when the fix takes an environment offline and needs a change window),
// medium ones next (now when the fix is small and harmless), the rest later.
// An unknown is worth finding out now when it could hide a high.
func bucketFor(f Finding, effort, disruption Level) Bucket {
	if f.State == FindingUnsure || f.State == FindingNotVerified {
		if f.Severity == SevHigh {
			return BucketNow
		}
		return BucketNext
	}
	switch f.Severity {
	case SevHigh:
		if disruption == LevelHigh {
			return BucketNext
		}
		return BucketNow
	case SevMedium:
		if effort == LevelLow && disruption.rank() <= LevelLow.rank() {
			return BucketNow
		}
		return BucketNext
	}
	return BucketLater
}

// earliestKeyExpiry finds the soonest expiry among a finding's keys.
func earliestKeyExpiry(f Finding, facts *Facts) (time.Time, string, bool) {
	if facts == nil {
		return time.Time{}, "", false
	}
	var best time.Time
	name := ""
	for _, s := range f.Affected {
		if s.Kind != SubjectKey {
			continue
		}
		for _, k := range facts.Keys {
			if k.Expires != nil && strings.EqualFold(k.VaultID+"/keys/"+k.Name, s.ID) && (best.IsZero() || k.Expires.Before(best)) {
				best, name = *k.Expires, k.Name
			}
		}
	}
	return best, name, !best.IsZero()
}
