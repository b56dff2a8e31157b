package tui

import (
	"context"
	"errors"
	"fmt"
	"io"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// ErrInterrupted is returned when the wizard was stopped by a signal.
var ErrInterrupted = errors.New("interrupted")

// Run starts the full-screen wizard on a terminal and returns when the user
// quits. It prints where the assessment was saved on the way out.
func Run(ctx context.Context, opts Options, in io.Reader, out io.Writer) error {
	m := New(ctx, opts)
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out)}
	if opts.Theme == ThemeNoColor {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	final, err := tea.NewProgram(m, popts...).Run()
	if fm, ok := final.(*Model); ok && fm.sess != nil {
		fmt.Fprintf(out, "Assessment saved to %s\nResume with: %s\n", fm.sess.path, opts.resumeCommand(fm.sess.path, false))
	}
	switch {
	case errors.Is(err, tea.ErrInterrupted), errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return ErrInterrupted
	case err != nil:
		return fmt.Errorf("wizard: %w", err)
	}
	return nil
}
