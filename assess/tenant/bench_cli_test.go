package tenant

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

// BenchmarkCollectCLI runs the built se06 binary ('se06 collect', as a user
// runs it) against the emulator with 50 ms on every request: 1,222
// environments (13 pages) and 10,000 environments (40 pages), one in twenty
// on a customer-managed key, with as many vaults as policies. Targets: wall
// time ≤ 1.5 × the critical path, and a peak resident memory of the se06
// process < 200 MB.
//
// The critical path is the chain of round trips nothing can overlap: the
// sign-in's metadata discovery, the token, every page of environments (each
// page names the next), then the last page's policy, its vault and its key.
// It assumes unlimited requests in flight; se06 keeps DefaultConcurrency
// per host, so the benchmark also reports the per-host floor — the most
// requests sent to one host (ARM: a diagnostic-settings read per vault, and
// the lists), divided by the concurrency, times the latency — and the
// network floor, the larger of the two. At 10,000 environments ARM gets
// about 503 reads: 1.57 s at 16 in flight, under the 2.25 s chain (at 8 in
// flight it was 3.14 s, which alone was 1.4× the chain).
//
// Each size runs b.N times; the gates read the fastest run (a busy machine
// only adds time: the fastest run is the best measure of what the code
// costs), and the slowest is reported beside it. Both sizes gate the
// wall-time ratio (measured idle on the 2-core machine, 2026-11-30: 1.06–1.08×
// at 1,222 and 1.22–1.29× at 10,000). What se06 controls is gated as well,
// whatever the load: the per-host floor must stay within the critical path
// (the concurrency), and the CPU time of the fastest run must stay under the
// critical path (on 2 cores, se06 and the emulator then fit in it).
func BenchmarkCollectCLI(b *testing.B) {
	if testing.Short() {
		b.Skip("builds the binary")
	}
	dir := b.TempDir()
	bin := buildSE06(b, dir)
	for _, tc := range []struct {
		name     string
		envs     int
		pageSize int
		gateWall bool
	}{{"1222", 1222, 100, true}, {"10000", 10000, 250, true}} {
		b.Run(tc.name, func(b *testing.B) { benchmarkCLI(b, bin, tc.envs, tc.pageSize, tc.gateWall) })
	}
}

func benchmarkCLI(b *testing.B, bin string, envs, pageSize int, gateWall bool) {
	const latency = 50 * time.Millisecond
	sc := tenanttest.LargeTenant(envs, pageSize, latency, fixedNow)
	pages := (envs + pageSize - 1) / pageSize
	trips := 2 + pages + 3 // discovery, token; the pages; policy, vault, key
	critical := time.Duration(trips) * latency
	best, worst := math.Inf(1), 0.0
	var peakKB int64
	var cpu, leastCPU, hostFloor time.Duration
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		emu, cfg, ca := startEmulatorFiles(b, dir, sc)
		snap := filepath.Join(dir, "tenant.json")
		cmd := exec.Command(bin, "collect", "--auth", "env", "--cloud-config", cfg, "--allow-host", "127.0.0.1", "--out", snap)
		cmd.Env = append(cleanEnv(), "SSL_CERT_FILE="+ca, "AZURE_TENANT_ID="+emu.TenantID(), "AZURE_CLIENT_ID="+emu.ClientID(), "AZURE_CLIENT_SECRET="+emu.ClientSecret())
		var errb bytes.Buffer
		cmd.Stderr = &errb
		b.StartTimer()
		start := time.Now()
		err := cmd.Run()
		took := time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatalf("collect: %v\n%s", err, errb.String())
		}
		if !strings.Contains(errb.String(), "collected "+strconv.Itoa(envs)+" environments") {
			b.Fatalf("collect stderr:\n%s", lastLines(errb.String(), 15))
		}
		if v := emu.Violations(); len(v) > 0 {
			b.Fatalf("write calls: %v", v)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peakKB = max(peakKB, ru.Maxrss)
		}
		arm := emu.Count("arm", "")
		hostFloor = time.Duration((arm+DefaultConcurrency-1)/DefaultConcurrency) * latency
		floor := max(critical, hostFloor)
		runCPU := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		cpu = max(cpu, runCPU)
		if leastCPU == 0 || runCPU < leastCPU {
			leastCPU = runCPU
		}
		ratio := float64(took) / float64(critical)
		best, worst = min(best, ratio), max(worst, ratio)
		b.Logf("%d environments: wall %v; critical path %v (%d round trips), ratio %.2f; ARM %d requests at %d in flight: floor %v, network floor %v (ratio %.2f); peak RSS %d MB, se06 CPU %v",
			envs, took.Round(time.Millisecond), critical, trips, ratio, arm, DefaultConcurrency, hostFloor, floor, float64(took)/float64(floor), peakKB>>10, runCPU.Round(10*time.Millisecond))
		emu.Close()
		b.StartTimer()
	}
	b.ReportMetric(best, "x-critical-path")
	b.ReportMetric(worst, "x-critical-path-slowest")
	b.ReportMetric(float64(peakKB)/1024, "peak-rss-MB")
	// the process's own CPU time: what the run costs whatever else the
	// machine is doing (wall time on a busy machine says little)
	b.ReportMetric(cpu.Seconds(), "cpu-s")
	switch {
	case best > 1.5 && gateWall:
		b.Errorf("collect took %.2f× the critical path at best (slowest %.2f×), target ≤ 1.5", best, worst)
	case best > 1.5:
		b.Logf("NOT MET: collect took %.2f× the critical path at best (slowest %.2f×), target ≤ 1.5 (reported, not gated: see the benchmark's comment)", best, worst)
	}
	if hostFloor > critical {
		b.Errorf("the per-host floor (%v) exceeds the critical path (%v): raise the concurrency or read less per vault", hostFloor, critical)
	}
	if leastCPU > critical {
		b.Errorf("se06 needed %v of CPU at least, more than the critical path (%v)", leastCPU, critical)
	}
	if peakKB > 200<<10 {
		b.Errorf("peak RSS %d MB, target < 200 MB", peakKB>>10)
	}
}

// cleanEnv is the environment without sign-in, CA or proxy variables.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AZURE_") && !strings.HasPrefix(kv, "SSL_CERT") && !strings.HasPrefix(strings.ToUpper(kv), "HTTPS_PROXY") {
			env = append(env, kv)
		}
	}
	return env
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
