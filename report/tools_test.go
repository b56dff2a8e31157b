package report

import (
	"os"
	"os/exec"
	"testing"
)

// needTool returns the path of an external program a test reads its output
// back with. Without it the test skips and says what to install, except
// where SE06_REQUIRE_TOOLS is set (.ci/run sets it in CI, after installing
// the tools), where a missing tool fails the test: a CI run must not pass
// by skipping the checks that read the PDF back. Every test that needs a
// tool goes through here.
func needTool(t testing.TB, name, install, skipped string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if requireTools() {
		t.Fatalf("%s is not installed, and SE06_REQUIRE_TOOLS is set (CI): install %s", name, install)
	}
	t.Skipf("%s not installed (install %s); %s", name, install, skipped)
	return ""
}

// requireTools reports whether SE06_REQUIRE_TOOLS asks for every tool.
func requireTools() bool {
	switch os.Getenv("SE06_REQUIRE_TOOLS") {
	case "", "0", "false":
		return false
	}
	return true
}
