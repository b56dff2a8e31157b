// Package tui is the interactive SE:06 wizard (Bubble Tea v2, Lip Gloss v2,
// Bubbles v2) and its plain line-by-line twin for screen readers.
//
// Shape:
//
//   - root.go: Model, the one tea.Model. It owns the terminal size, the
//     overlays (help, quit), the session and one small model per screen, and
//     routes keys: global keys first, then the screen on display.
//   - session.go: the assessment being worked on. Every answer goes through
//     session.setAnswer: it re-runs assess.Evaluate (which also gives each
//     question's evidence and visibility) and saves the file atomically.
//   - start.go, evidence.go, question.go (+ question_view.go), review.go,
//     results.go (+ results_view.go, accept.go): the screens. Each has its
//     state, a key method and a view method.
//   - keys.go: every key binding, declared once, used both to match keys and
//     to draw the help bar and the ? overlay. styles.go: the themes, as a
//     Styles struct. layout.go, input.go, form.go: drawing helpers, a text
//     field (Bubbles' textinput with the wizard's keys and look) and a
//     column of fields.
//   - files.go: nothing typed is lost. Demo mode resumes an unfinished demo
//     or picks a free name; the first save of a session refuses to write
//     over a file with more answers; a file that cannot be read (or a .bak
//     opened by hand) offers its backup, restored under the original name
//     with the replaced file kept beside it; file errors in words.
//   - details.go: d shows a question's help, evidence and links in full in
//     a viewport that scrolls at any size; c copies the links (OSC 52).
//   - Conflicts and open questions come from the session's evaluation
//     (session.conflict, session.nextOpen): the status line, the section
//     list, the review and accessible mode all read the same Result. Open
//     is assess's status (Result.StatusOf, Result.OpenQuestions): never
//     touched and not decided by the tenant; o and "left to answer" go by
//     it, never by the raw answers.
//   - Text is wrapped, not cut: layout.go's hang wraps a label under itself,
//     flow packs key hints into lines, and scrollBlocks shows the rows
//     (wrapped choices, findings, review rows, start items) that fit around
//     the cursor with "↑ n more" markers. clip is for the last resort.
//   - accept.go: the risk-acceptance form (all environments or one affected
//     environment) and putAcceptance, shared with the accessible mode.
//   - sources.go: the integrations (assess/tenant for the demo tenant, the
//     preflight and the live collection; report for the PDF, JSON and CSV).
//     Options.Sources can replace any of them, which the tests do.
//   - accessible.go: RunAccessible, the same interview as plain prompts.
//   - run.go: Run, the full-screen program on a terminal.
//
// Nothing is global: the styles, the key map and the session travel in the
// root model. Background work (the tenant collection, report writing) comes
// back as messages.
package tui
