package tui

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/ppwaf/se06/assess"
)

func testNow() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }

func testBank(tb testing.TB) *assess.Bank {
	tb.Helper()
	b, err := assess.LoadBankFS(os.DirFS("testdata/bank"))
	if err != nil {
		tb.Fatalf("load test bank: %v", err)
	}
	return b
}

// testFacts is a small tenant: three production environments, one on a
// customer-managed key.
func testFacts() *assess.Facts {
	now := testNow()
	ok := assess.Provenance{Source: "test", At: now, Status: assess.StatusOK}
	env := func(id, name, geo, keyBy string, linked bool) assess.Environment {
		e := assess.Environment{Provenance: ok, ID: id, Name: name, Type: assess.EnvProduction, Geo: geo, KeyManagedBy: keyBy, HasDataverse: true, Managed: true}
		if linked {
			e.CMK = &assess.CMKLink{ResourceID: "/subscriptions/x/policies/" + id, LinkStatus: "Linked"}
		}
		return e
	}
	return &assess.Facts{
		SchemaVersion: assess.FactsSchemaVersion,
		TenantID:      "00000000-0000-0000-0000-000000000001",
		Started:       now.Add(-time.Minute),
		Finished:      now,
		Tenant:        assess.Tenant{Provenance: ok, HomeGeo: "europe"},
		Environments: []assess.Environment{
			env("env-1", "Contoso HR", "europe", "Microsoft", false),
			env("env-2", "Payroll", "uk", "Microsoft", false),
			env("env-3", "Case management", "europe", "Customer", true),
		},
	}
}

// fakeReport writes a small text file so tests can see it was called.
func fakeReport(name string) ReportFormat {
	return ReportFormat{Name: name, Ext: "." + strings.ToLower(name), Write: func(w io.Writer, in ReportInput) error {
		_, err := fmt.Fprintf(w, "%s report: grade %s, %d answers\n", name, in.Result.Grade.Letter, len(in.Assessment.Answers))
		return err
	}}
}

func testOptions(tb testing.TB, dir string) Options {
	tb.Helper()
	return Options{
		Bank:        testBank(tb),
		ToolVersion: "test",
		Now:         testNow,
		Dir:         dir,
		Location:    time.UTC,
		Theme:       ThemeDefault,
		Sources: Sources{
			DemoFacts: func(time.Time) (*assess.Facts, error) { return testFacts(), nil },
			Reports:   []ReportFormat{fakeReport("PDF"), fakeReport("JSON"), fakeReport("CSV")},
		},
	}
}

// driver runs the root model synchronously: keys in, commands executed, the
// wizard's own messages fed back; timers and terminal queries are dropped.
type driver struct {
	tb testing.TB
	m  *Model
}

func newDriver(tb testing.TB, opts Options, w, h int) *driver {
	tb.Helper()
	d := &driver{tb: tb, m: New(context.Background(), opts)}
	d.msg(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(d.m.Init(), 0)
	return d
}

func (d *driver) msg(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.run(cmd, 0)
}

func (d *driver) run(cmd tea.Cmd, depth int) {
	if cmd == nil || depth > 10000 {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c, depth+1)
		}
	case sessionMsg, errMsg, reportDoneMsg, restoreMsg,
		preflightMsg, collectEventMsg, collectPromptMsg, collectDoneMsg, collectClosedMsg:
		_, next := d.m.Update(msg)
		d.run(next, depth+1)
	}
}

// keyMsg turns "enter", "shift+tab", "ctrl+s" or a single character into a key press.
func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "tab": tea.KeyTab, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "right": tea.KeyRight, "backspace": tea.KeyBackspace, "space": tea.KeySpace}
	if k == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	if r, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: r}
	}
	if k == "shift+tab" {
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	}
	if c, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: []rune(c)[0], Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// keys presses keys in order.
func (d *driver) keys(ks ...string) {
	for _, k := range ks {
		d.msg(keyMsg(k))
	}
}

// typeText types text one rune at a time.
func (d *driver) typeText(s string) {
	for _, r := range s {
		d.msg(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// screen is the plain text on screen.
func (d *driver) screen() string { return ansi.Strip(d.m.render()) }

func (d *driver) mustSee(want string) {
	d.tb.Helper()
	if s := d.screen(); !strings.Contains(s, want) {
		d.tb.Fatalf("screen does not show %q:\n%s", want, s)
	}
}

// demoDriver starts demo mode on the test bank with the test tenant.
func demoDriver(tb testing.TB, w, h int) (*driver, string) {
	tb.Helper()
	dir := tb.TempDir()
	opts := testOptions(tb, dir)
	opts.Demo = true
	d := newDriver(tb, opts, w, h)
	return d, filepath.Join(dir, demoFile)
}

func jsonIndent(v any) ([]byte, error) { return json.MarshalIndent(v, "", "  ") }

func tea_WindowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }
