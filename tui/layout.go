package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Minimum terminal size the wizard draws in.
const (
	minWidth  = 80
	minHeight = 24
)

// wrap word-wraps plain text to width columns (long words are broken).
func wrap(s string, width int) string {
	if width < 1 {
		width = 1
	}
	return ansi.Wrap(s, width, "")
}

// lines word-wraps plain text and splits it into lines.
func lines(s string, width int) []string {
	if s == "" {
		return nil
	}
	return strings.Split(wrap(strings.TrimSpace(s), width), "\n")
}

// atMost keeps the first n lines, marking the cut with an ellipsis.
func atMost(ls []string, n, width int) []string {
	if len(ls) <= n || n < 1 {
		return ls
	}
	ls = ls[:n]
	ls[n-1] = clip(ls[n-1]+" …", width)
	return ls
}

// clip shortens a (possibly styled) string to width columns with an ellipsis.
func clip(s string, width int) string {
	if width < 1 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// padRight pads a (possibly styled) string with spaces to width columns.
func padRight(s string, width int) string {
	w := lipgloss.Width(s)
	if w >= width {
		return s
	}
	return s + strings.Repeat(" ", width-w)
}

// spread puts left and right on one line of the given width.
func spread(left, right string, width int) string {
	gap := width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return clip(left, width-lipgloss.Width(right)-1) + " " + right
	}
	return left + strings.Repeat(" ", gap) + right
}

// bar draws a progress bar of width cells.
func (s Styles) bar(done, total, width int) string {
	if width < 1 {
		return ""
	}
	full := 0
	if total > 0 {
		full = done * width / total
	}
	if full > width {
		full = width
	}
	return s.BarFull.Render(strings.Repeat("█", full)) + s.BarEmpty.Render(strings.Repeat("░", width-full))
}

// percent formats done/total as a percentage.
func percent(done, total int) string {
	if total == 0 {
		return "0%"
	}
	return fmt.Sprintf("%d%%", done*100/total)
}

// fitLines makes a block exactly height lines tall: cut or padded.
func fitLines(block []string, height int) []string {
	if len(block) > height {
		return block[:height]
	}
	for len(block) < height {
		block = append(block, "")
	}
	return block
}

// joinColumns puts two blocks side by side, each line padded to the left width.
func joinColumns(left []string, leftWidth int, sep string, right []string) []string {
	n := max(len(left), len(right))
	out := make([]string, 0, n)
	for i := range n {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out = append(out, padRight(l, leftWidth)+sep+r)
	}
	return out
}

// overlay draws box centred over base (both full-screen strings).
func overlay(base, box string, width, height int) string {
	bw, bh := lipgloss.Size(box)
	x := max(0, (width-bw)/2)
	y := max(0, (height-bh)/2)
	baseLines := fitLines(strings.Split(base, "\n"), height)
	for i, bl := range strings.Split(box, "\n") {
		row := y + i
		if row >= len(baseLines) {
			break
		}
		line := baseLines[row]
		left := padRight(ansi.Truncate(line, x, ""), x)
		right := ""
		if lipgloss.Width(line) > x+bw {
			right = ansi.TruncateLeft(line, x+bw, "")
		}
		baseLines[row] = left + "\x1b[m" + padRight(bl, bw) + "\x1b[m" + right
	}
	return strings.Join(baseLines, "\n")
}

// tooSmall is drawn instead of the wizard below the minimum size.
func tooSmall(st Styles, width, height int) string {
	msg := fmt.Sprintf("se06 needs a terminal of at least %d×%d.\nThis one is %d×%d.\n\nEnlarge the window or make the font smaller.\nq or ctrl+c saves and quits.", minWidth, minHeight, width, height)
	if width < 20 || height < 6 {
		return clip(fmt.Sprintf("need %d×%d", minWidth, minHeight), width)
	}
	box := st.Warn.Render(wrap(msg, max(10, width-4)))
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, box)
}

// hang word-wraps text after a first-line prefix; the lines after the first
// are indented by the prefix's width (a hanging indent), so a wrapped label
// stays under itself.
func hang(prefix, text string, width int) []string {
	pw := lipgloss.Width(prefix)
	ls := lines(text, max(1, width-pw))
	if len(ls) == 0 {
		return []string{prefix}
	}
	pad := strings.Repeat(" ", pw)
	for i := range ls {
		if i == 0 {
			ls[i] = prefix + ls[i]
		} else {
			ls[i] = pad + ls[i]
		}
	}
	return ls
}

// scrollSpan picks the blocks lo..hi (inclusive) to show in height lines so
// that block cur is in view, leaving a line for a "more above" marker when
// lo > 0 and one for "more below" when hi < len(blocks)-1. Blocks are
// rows of several lines (a wrapped choice, a finding with its title).
func scrollSpan(sizes []int, cur, height int) (lo, hi int) {
	n := len(sizes)
	if n == 0 {
		return 0, -1
	}
	cur = min(max(cur, 0), n-1)
	cost := func(lo, hi int) int {
		c := 0
		for i := lo; i <= hi; i++ {
			c += sizes[i]
		}
		if lo > 0 {
			c++
		}
		if hi < n-1 {
			c++
		}
		return c
	}
	lo, hi = cur, cur
	for {
		grown := false
		if hi+1 < n && cost(lo, hi+1) <= height {
			hi++
			grown = true
		}
		if lo > 0 && cost(lo-1, hi) <= height {
			lo--
			grown = true
		}
		if !grown {
			return lo, hi
		}
	}
}

// blockSizes gives the number of lines of each block.
func blockSizes(blocks [][]string) []int {
	out := make([]int, len(blocks))
	for i, b := range blocks {
		out[i] = len(b)
	}
	return out
}

// countLines is the total number of lines of the blocks.
func countLines(blocks [][]string) int {
	n := 0
	for _, b := range blocks {
		n += len(b)
	}
	return n
}

// scrollBlocks shows the blocks that fit in height lines around block cur,
// with a marker line ("↑ 3 more") where blocks are left out.
func scrollBlocks(st Styles, blocks [][]string, cur, height int, indent string) []string {
	if countLines(blocks) <= height {
		var out []string
		for _, b := range blocks {
			out = append(out, b...)
		}
		return out
	}
	lo, hi := scrollSpan(blockSizes(blocks), cur, height)
	var out []string
	if lo > 0 {
		out = append(out, indent+st.Muted.Render(fmt.Sprintf("↑ %d more", lo)))
	}
	for i := lo; i <= hi; i++ {
		out = append(out, blocks[i]...)
	}
	if hi < len(blocks)-1 {
		out = append(out, indent+st.Muted.Render(fmt.Sprintf("↓ %d more", len(blocks)-1-hi)))
	}
	return out
}

// flow packs (possibly styled) items into lines of at most width columns,
// separated by sep, breaking between items rather than cutting one.
func flow(items []string, sep string, width int) []string {
	var out []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = it
		case lipgloss.Width(line)+lipgloss.Width(sep)+lipgloss.Width(it) <= width:
			line += sep + it
		default:
			out = append(out, line)
			line = it
		}
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}
