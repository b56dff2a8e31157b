package report

import (
	"bytes"
	"io"
	"testing"
)

// TestPrepareGivesTheSameOutputs: every output of a prepared input (the
// shared view worked out once, as the CLI does for several outputs) is byte
// for byte the output of the same input unprepared, with --compare too, and
// preparing does not change the result it reads.
func TestPrepareGivesTheSameOutputs(t *testing.T) {
	in := realisticInput(t, 14)
	_, prev := makeAssessment(t, in.Bank, makeFacts(2, 1))
	in.Previous = prev
	nFindings := len(in.Result.Findings)
	prepared, err := Prepare(in)
	if err != nil {
		t.Fatal(err)
	}
	fix := func(w io.Writer, in Input) error {
		files, err := FixFiles(in)
		for _, f := range files {
			io.WriteString(w, f.Path+"\n")
			w.Write(f.Data)
		}
		return err
	}
	for name, render := range map[string]func(io.Writer, Input) error{"pdf": PDF, "json": JSON, "csv": CSV, "md": Markdown, "fix": fix} {
		var a, b bytes.Buffer
		if err := render(&a, in); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := render(&b, prepared); err != nil {
			t.Fatalf("%s prepared: %v", name, err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: prepared output differs (%d vs %d bytes)", name, a.Len(), b.Len())
		}
	}
	if len(in.Result.Findings) != nFindings {
		t.Error("Prepare changed the result")
	}
	if _, err := Prepare(Input{}); err == nil {
		t.Error("Prepare without a result: no error")
	}
}
