package report

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// checkPowerShellStructure is a pure-Go structural check of a generated
// PowerShell script, for machines without pwsh: quotes ('…' with ” inside,
// "…" with `" and ""), here-strings (@'…'@, @"…"@), block comments (<#…#>)
// and line comments close; braces, parentheses and brackets balance outside
// them; and every statement outside the Confirm-Step function is a comment,
// the script's set-up, or inside an "if (Confirm-Step '…') {" block.
func checkPowerShellStructure(script string) error {
	var stack []rune
	pairs := map[rune]rune{')': '(', '}': '{', ']': '['}
	lines := strings.Split(script, "\n")
	type state int
	const (
		code state = iota
		single
		double
		hereSingle
		hereDouble
		block
	)
	st := code
	for n, line := range lines {
		pos := fmt.Sprintf("line %d", n+1)
		switch st {
		case hereSingle, hereDouble:
			end := "'@"
			if st == hereDouble {
				end = `"@`
			}
			if strings.HasPrefix(line, end) {
				st = code
				line = line[2:]
			} else {
				continue
			}
		}
		rs := []rune(line)
		for i := 0; i < len(rs); i++ {
			r := rs[i]
			switch st {
			case block:
				if r == '#' && i+1 < len(rs) && rs[i+1] == '>' {
					st, i = code, i+1
				}
			case single:
				if isSingleQuote(r) {
					if i+1 < len(rs) && isSingleQuote(rs[i+1]) {
						i++
						continue
					}
					st = code
				}
			case double:
				switch {
				case r == '`':
					i++
				case r == '"' && i+1 < len(rs) && rs[i+1] == '"':
					i++
				case r == '"':
					st = code
				}
			case code:
				switch {
				case r == '#':
					i = len(rs) // a comment to the end of the line
				case r == '<' && i+1 < len(rs) && rs[i+1] == '#':
					st, i = block, i+1
				case r == '@' && i+1 < len(rs) && (rs[i+1] == '\'' || rs[i+1] == '"') && strings.TrimSpace(string(rs[i+2:])) == "":
					st = hereSingle
					if rs[i+1] == '"' {
						st = hereDouble
					}
					i = len(rs)
				case isSingleQuote(r):
					st = single
				case r == '"':
					st = double
				case r == '`':
					i++ // an escaped character or a line continuation
				case r == '(' || r == '{' || r == '[':
					stack = append(stack, r)
				case r == ')' || r == '}' || r == ']':
					if len(stack) == 0 || stack[len(stack)-1] != pairs[r] {
						return fmt.Errorf("%s: unbalanced %q: %s", pos, r, line)
					}
					stack = stack[:len(stack)-1]
				}
			}
		}
		if st == single || st == double {
			// PowerShell strings may span lines, but a generated script never does.
			return fmt.Errorf("%s: a string is not closed on its line: %s", pos, line)
		}
	}
	if st != code {
		return fmt.Errorf("the script ends inside a here-string, a string or a block comment")
	}
	if len(stack) > 0 {
		return fmt.Errorf("the script ends with %d unclosed %q", len(stack), string(stack))
	}
	return checkPowerShellGuards(lines)
}

func isSingleQuote(r rune) bool {
	return r == '\'' || r == '\u2018' || r == '\u2019' || r == '\u201A' || r == '\u201B'
}

var (
	psGuard = regexp.MustCompile(`^if \(Confirm-Step '(?:[^'\x{2018}\x{2019}\x{201A}\x{201B}]|['\x{2018}\x{2019}\x{201A}\x{201B}]{2})*'\) \{$`)
	// psSetup are the statements a script may have outside a guard.
	psSetup = regexp.MustCompile(`^(#|Set-StrictMode |\$ErrorActionPreference = 'Stop'$|function Confirm-Step\(\[string\]\$Description\) \{$|\}$)`)
)

// checkPowerShellGuards: every top-level statement is a comment, the set-up
// or a confirmation; the lines inside a confirmation are indented commands.
func checkPowerShellGuards(lines []string) error {
	inside, inFunc, guards := false, false, 0
	for n, line := range lines {
		switch {
		case strings.TrimSpace(line) == "":
		case inside || inFunc:
			if line == "}" {
				inside, inFunc = false, false
			} else if !strings.HasPrefix(line, "    ") {
				return fmt.Errorf("line %d: a statement inside a block is not indented: %s", n+1, line)
			}
		case psGuard.MatchString(line):
			inside = true
			guards++
		case strings.HasPrefix(line, "function Confirm-Step"):
			inFunc = true
		case psSetup.MatchString(line):
		default:
			return fmt.Errorf("line %d: a command outside a confirmation: %s", n+1, line)
		}
	}
	if inside || inFunc {
		return fmt.Errorf("the script ends inside a block")
	}
	if guards == 0 {
		return fmt.Errorf("no confirmed step")
	}
	return nil
}

// TestFixPowerShellStructure runs the pure-Go check on the generated scripts
// (the demo tenant and hostile names): it needs no pwsh, so it always runs.
func TestFixPowerShellStructure(t *testing.T) {
	for name, in := range map[string]Input{"demo": demoInput(t), "hostile": hostileFixInput(t)} {
		script := string(fixFileMap(t, in)[FixPowerShell])
		if err := checkPowerShellStructure(script); err != nil {
			t.Errorf("%s: remediate.ps1: %v", name, err)
		}
	}
}

// TestPowerShellStructureCheckFails: the check rejects what it must.
func TestPowerShellStructureCheckFails(t *testing.T) {
	ok := "# header\nSet-StrictMode -Version Latest\nif (Confirm-Step 'x') {\n    Do-It -Name 'a''b' -Map @{A = \"q`\"\"}\n}\n"
	if err := checkPowerShellStructure(ok); err != nil {
		t.Fatalf("a well-formed script fails: %v", err)
	}
	for name, bad := range map[string]string{
		"open quote":       "if (Confirm-Step 'x') {\n    Do-It -Name 'a\n}\n",
		"typographic end":  "if (Confirm-Step 'x') {\n    Do-It -Name 'a\u2019b'\n}\n",
		"unbalanced brace": "if (Confirm-Step 'x') {\n    Do-It @{A = 1\n}\n",
		"unguarded":        "# header\nRemove-AzKeyVault -Name 'kv'\n",
		"open here-string": "if (Confirm-Step 'x') {\n    $a = @'\n    text\n}\n",
		"extra paren":      "if (Confirm-Step 'x') {\n    Do-It)\n}\n",
		"no steps":         "# header only\n",
	} {
		if err := checkPowerShellStructure(bad); err == nil {
			t.Errorf("%s: accepted:\n%s", name, bad)
		}
	}
}
