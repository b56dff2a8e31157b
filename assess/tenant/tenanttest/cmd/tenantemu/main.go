// Command tenantemu runs the loopback tenant emulator until interrupted, for
// trying 'se06 collect' by hand:
//
//	go run ./assess/tenant/tenanttest/cmd/tenantemu -dir /tmp/emu
//	eval "$(cat /tmp/emu/env.sh)"
//	se06 collect --auth env --cloud-config /tmp/emu/cloud.json --allow-host 127.0.0.1 --out tenant.json
//
// It writes cloud.json, ca.pem and env.sh (the sign-in variables and
// SSL_CERT_FILE) into -dir. Write calls are printed to stderr.
//
// Scenarios are data: -write-scenario FILE saves the chosen one as JSON,
// and -scenario FILE.json runs an edited copy (faults, latency, tenants).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

type stderrReporter struct{}

func (stderrReporter) Errorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

func main() {
	dir := flag.String("dir", "", "folder for cloud.json, ca.pem and env.sh (default: a new temporary folder)")
	scenario := flag.String("scenario", "sample", "sample, duties (sample with key logging and two people in both duties), large (1,000 environments, 50 CMK policies, 50 vaults), large:N (N environments, one in twenty on CMK), or a scenario JSON `FILE`")
	latency := flag.Duration("latency", 0, "latency added to every request (overrides the scenario's)")
	expired := flag.Bool("expired-secret", false, "refuse the client secret as expired (AADSTS7000222)")
	dump := flag.String("write-scenario", "", "write the scenario as JSON to `FILE` (to edit and pass back with -scenario) and exit")
	flag.Parse()
	sc, err := loadScenario(*scenario, *latency)
	if err == nil && *expired {
		sc.ClientSecretExpired = true
	}
	if err == nil && *dump != "" {
		err = writeScenario(*dump, sc)
		if err == nil {
			return
		}
	}
	if err == nil {
		err = run(*dir, *scenario, sc)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "tenantemu:", err)
		os.Exit(1)
	}
}

// loadScenario returns a built-in scenario or reads a JSON file.
func loadScenario(name string, latency time.Duration) (tenanttest.Scenario, error) {
	var sc tenanttest.Scenario
	switch {
	case name == "sample":
		sc = tenanttest.Sample(time.Now())
	case name == "duties":
		sc = tenanttest.SampleDuties(time.Now())
	case name == "large":
		sc = tenanttest.Large(1000, 50, 50, latency, time.Now())
	case strings.HasPrefix(name, "large:"):
		// large:N is the benchmark tenant of N environments (pages of 100, or
		// 250 above 5,000)
		n, err := strconv.Atoi(strings.TrimPrefix(name, "large:"))
		if err != nil || n < 1 {
			return sc, fmt.Errorf("scenario %q: want large:N with N environments", name)
		}
		size := 100
		if n > 5000 {
			size = 250
		}
		sc = tenanttest.LargeTenant(n, size, latency, time.Now())
	case strings.HasSuffix(strings.ToLower(name), ".json"):
		var err error
		if sc, err = tenanttest.LoadScenario(name); err != nil {
			return sc, err
		}
	default:
		return sc, fmt.Errorf("unknown scenario %q (sample, duties, large, large:N or a .json file)", name)
	}
	if latency > 0 {
		sc.Latency = latency
	}
	return sc, nil
}

func writeScenario(path string, sc tenanttest.Scenario) error {
	data, err := tenanttest.MarshalScenario(sc)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o600)
}

func run(dir, scenario string, sc tenanttest.Scenario) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "tenantemu-")
		if err != nil {
			return err
		}
		dir = d
	}
	emu, err := tenanttest.Start(stderrReporter{}, sc)
	if err != nil {
		return err
	}
	defer emu.Close()
	cfg, ca, err := emu.WriteFiles(dir)
	if err != nil {
		return err
	}
	envFile := filepath.Join(dir, "env.sh")
	env := fmt.Sprintf("export SSL_CERT_FILE=%q AZURE_TENANT_ID=%q AZURE_CLIENT_ID=%q AZURE_CLIENT_SECRET=%q\n", ca, emu.TenantID(), emu.ClientID(), emu.ClientSecret())
	if err := os.WriteFile(envFile, []byte(env), 0o600); err != nil {
		return err
	}
	fmt.Printf("emulator running (%s scenario)\n  cloud config: %s\n  variables:    %s\nthen: se06 collect --auth env --cloud-config %s --allow-host 127.0.0.1\nCtrl+C stops it.\n", scenario, cfg, envFile, cfg)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	if v := emu.Violations(); len(v) > 0 {
		return fmt.Errorf("%d write calls", len(v))
	}
	return nil
}
