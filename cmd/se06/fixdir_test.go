package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the sample files in docs/samples")

// sampleDir holds the demo tenant's generated fixes, linked from the README.
var sampleDir = filepath.Join("..", "..", "docs", "samples", "fix")

// TestFixDirSamples: --fix-dir writes what it says (remediate.ps1,
// remediate.sh, terraform/main.tf), and for the demo tenant with the example
// answers those are the samples in docs/ (-update rewrites them).
func TestFixDirSamples(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "fixes") // created when missing
	var errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &errb, version: "(sample)", now: func() time.Time { return testNow }, getenv: func(string) string { return "" }}
	if code := run(context.Background(), a, []string{"assess", "--answers", "../../examples/answers.yaml", "--demo", "--fix-dir", dir}); code != exitOK {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
	stderr := errb.String()
	for _, name := range []string{"remediate.ps1", "remediate.sh", filepath.Join("terraform", "main.tf")} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("--fix-dir did not write %s: %v", name, err)
		}
		if !strings.Contains(stderr, "wrote "+filepath.Join(dir, name)) {
			t.Errorf("no 'wrote' message for %s", name)
		}
		if !bytes.Contains(got, []byte("REVIEW EVERY COMMAND")) || !bytes.Contains(got, []byte("Fabrikam")) && !bytes.Contains(got, []byte("demo tenant")) {
			t.Errorf("%s lacks its header or the demo tenant", name)
		}
		sample := filepath.Join(sampleDir, name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(sample), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(sample, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(sample)
		if err != nil {
			t.Fatalf("%v (run: go test ./cmd/se06 -run FixDirSamples -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; review the change, then run: go test ./cmd/se06 -run FixDirSamples -update", name, sample)
		}
	}
	ps, _ := os.ReadFile(filepath.Join(dir, "remediate.ps1"))
	for _, want := range []string{"Update-AzKeyVault", "-VaultName 'kv-fab-asia' -EnablePurgeProtection", "Set-PowerPlatformGenerativeAiSettings", "AddCustomerManagedKeyToEnvironment.ps1"} {
		if !bytes.Contains(ps, []byte(want)) {
			t.Errorf("remediate.ps1 lacks %q", want)
		}
	}
}

func TestFixDirUsage(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"stdout":        {"--fix-dir", "-"},
		"same as --csv": {"--fix-dir", filepath.Join(dir, "x"), "--csv", filepath.Join(dir, "x")},
	} {
		code, _, stderr := runCLI(t, append([]string{"assess", "--answers", "../../examples/answers.yaml", "--demo"}, args...)...)
		if code != exitUsage || !strings.Contains(stderr, "--fix-dir") {
			t.Errorf("%s: exit %d, want a usage error naming --fix-dir\n%s", name, code, stderr)
		}
	}
	code, _, stderr := runCLI(t, "assess", "--answers", "../../examples/answers.yaml", "--demo", "--fix-dir", file)
	if code == exitOK {
		t.Errorf("--fix-dir naming a file: exit 0\n%s", stderr)
	}
	if data, _ := os.ReadFile(file); string(data) != "keep me" {
		t.Error("--fix-dir naming a file changed it")
	}
}
