package tenant

import (
	"fmt"
	"time"

	"github.com/ppwaf/se06/assess"
)

// statusRank orders statuses from best to worst for a check's summary.
func statusRank(s assess.FactStatus) int {
	switch s {
	case assess.StatusOK, assess.StatusNotApplicable, "":
		return 0
	case assess.StatusNotCollected:
		return 1
	case assess.StatusNotFound:
		return 2
	case assess.StatusNotPermitted:
		return 3
	default:
		return 4
	}
}

func progressState(s assess.FactStatus) string {
	switch s {
	case assess.StatusOK, assess.StatusNotApplicable, assess.StatusNotFound:
		return StateDone
	case assess.StatusNotPermitted:
		return StateNotPermitted
	case assess.StatusNotCollected:
		return StateSkipped
	default:
		return StateError
	}
}

// begin counts one more subject of a check and reports it running.
func (r *run) begin(check, source, subject string) {
	r.mu.Lock()
	c, ok := r.checks[check]
	if !ok {
		c = &checkState{name: check, source: source, start: r.now()}
		r.checks[check] = c
	}
	c.total++
	pr := Progress{Check: check, Subject: subject, State: StateRunning, Done: c.done, Total: c.total}
	r.mu.Unlock()
	r.report(pr)
}

// finish records a subject's outcome.
func (r *run) finish(check, subject string, p assess.Provenance) {
	r.mu.Lock()
	c, ok := r.checks[check]
	if !ok {
		c = &checkState{name: check, start: r.now()}
		r.checks[check] = c
		c.total++
	}
	c.done++
	c.end = r.now()
	if p.Status != assess.StatusOK && p.Status != assess.StatusNotApplicable {
		c.failures++
		if statusRank(p.Status) > statusRank(c.worst.Status) {
			c.worst = p
			c.worstSubject = subject
		}
	}
	pr := Progress{Check: check, Subject: subject, State: progressState(p.Status), Detail: p.Reason, Done: c.done, Total: c.total}
	r.mu.Unlock()
	if p.Status == assess.StatusError && p.Reason == reasonCancelled {
		return // the run is being abandoned: no line per stopped read
	}
	r.first.outcome(check, subject, p)
	r.report(pr)
}

// skip records a check that did not run.
func (r *run) skip(check, source, reason string) {
	r.mu.Lock()
	r.checks[check] = &checkState{name: check, source: source, start: r.now(), end: r.now(), worst: assess.Provenance{Status: assess.StatusNotCollected, Reason: reason}}
	r.mu.Unlock()
	r.report(Progress{Check: check, State: StateSkipped, Detail: reason})
}

func (r *run) report(p Progress) {
	if r.progress == nil {
		return
	}
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	r.progress(p)
}

// run summarises a check: ok when every subject was read, otherwise the
// worst status with how many subjects it hit.
func (c *checkState) run() assess.CheckRun {
	p := assess.Provenance{Source: c.source, At: c.end, Status: assess.StatusOK}
	if c.end.IsZero() {
		p.At = c.start
	}
	if c.worst.Status != "" && c.worst.Status != assess.StatusOK {
		p.Status = c.worst.Status
		p.Reason = c.worst.Reason
		if c.total > 1 {
			p.Reason = fmt.Sprintf("%d of %d not read; e.g. %s: %s", c.failures, c.total, c.worstSubject, c.worst.Reason)
		}
	} else if c.total > 1 {
		p.Reason = fmt.Sprintf("%d read", c.total)
	}
	d := c.end.Sub(c.start)
	if d < 0 {
		d = 0
	}
	return assess.CheckRun{Name: c.name, Provenance: p, Duration: d.Round(time.Millisecond)}
}
