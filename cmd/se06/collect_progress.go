package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/progress"
	"github.com/ppwaf/se06/assess/tenant"
)

// liveProgress draws one bar line on a terminal (pages read, subjects
// left, an estimate of the time left) and prints the plain progress lines
// above it. Calls come from one goroutine at a time; the mutex also covers
// the preflight table and the summary printed through above.
type liveProgress struct {
	mu       sync.Mutex
	w        io.Writer
	bar      progress.Model
	now      func() time.Time
	start    time.Time
	lines    func(tenant.Progress) // the plain printer, into buf
	buf      bytes.Buffer
	pages    int
	envs     int
	listDone bool
	checks   map[string][2]int // done, total per check
	drawn    bool
	lastDraw time.Time
}

func newLiveProgress(w io.Writer, now func() time.Time) *liveProgress {
	l := &liveProgress{w: w, now: now, start: now(), checks: map[string][2]int{},
		bar: progress.New(progress.WithWidth(24), progress.WithoutPercentage(), progress.WithFillCharacters('█', '░'))}
	l.lines = progressPrinter(&l.buf)
	return l
}

// update takes one progress event.
func (l *liveProgress) update(p tenant.Progress) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case p.Check == tenant.CheckEnvironments && p.State == tenant.StateRunning && strings.HasPrefix(p.Subject, "page "):
		l.pages++
		var n int
		if _, err := fmt.Sscanf(p.Detail, "%d", &n); err == nil {
			l.envs += n
		}
		l.flushLocked(false)
		return // the bar counts pages: no line each
	case p.Check == tenant.CheckEnvironments && p.State != tenant.StateRunning:
		l.listDone = true
	case p.Total > 0:
		l.checks[p.Check] = [2]int{p.Done, p.Total}
	}
	l.lines(p)
	l.flushLocked(false)
}

// above prints text above the bar (the preflight, the summary).
func (l *liveProgress) above(print func(io.Writer)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	print(&l.buf)
	l.flushLocked(true)
}

// clear removes the bar, for the summary.
func (l *liveProgress) clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.drawn {
		fmt.Fprint(l.w, "\r\x1b[2K")
		l.drawn = false
	}
}

// flushLocked prints the buffered lines above the bar and redraws it, at
// most ten times a second unless lines were printed or force is set.
func (l *liveProgress) flushLocked(force bool) {
	now := l.now()
	if l.buf.Len() == 0 && !force && now.Sub(l.lastDraw) < 100*time.Millisecond {
		return
	}
	var out strings.Builder
	if l.drawn {
		out.WriteString("\r\x1b[2K")
	}
	out.Write(l.buf.Bytes())
	l.buf.Reset()
	out.WriteString(l.lineLocked(now))
	_, _ = io.WriteString(l.w, out.String())
	l.drawn = true
	l.lastDraw = now
}

// lineLocked is the bar: share of the known subjects done, pages and
// environments read, subjects left and the time left at the rate so far
// (only once the environment list is complete, as until then the total
// keeps growing).
func (l *liveProgress) lineLocked(now time.Time) string {
	done, total := 0, 0
	for _, c := range l.checks {
		done += c[0]
		total += c[1]
	}
	left := total - done
	frac := 0.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	if !l.listDone {
		frac *= 0.5 // the list is not finished: at most half way
	}
	eta := "estimating"
	elapsed := now.Sub(l.start)
	if l.listDone && done > 0 && elapsed > 0 {
		rest := time.Duration(float64(elapsed) / float64(done) * float64(left))
		eta = "about " + rest.Round(time.Second).String() + " left"
		if left == 0 {
			eta = "finishing"
		}
	}
	return fmt.Sprintf("%s %d pages, %d environments · %d subjects left · %s", l.bar.ViewAs(frac), l.pages, l.envs, left, eta)
}
