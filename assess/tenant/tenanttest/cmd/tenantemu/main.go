// Command tenantemu runs the loopback tenant emulator until interrupted, for
// trying 'se06 collect' by hand:
//
//	go run ./assess/tenant/tenanttest/cmd/tenantemu -dir /tmp/emu
//	eval "$(cat /tmp/emu/env.sh)"
//	se06 collect --auth env --cloud-config /tmp/emu/cloud.json --out tenant.json
//
// It writes cloud.json, ca.pem and env.sh (the sign-in variables and
// SSL_CERT_FILE) into -dir. Write calls are printed to stderr.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
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
	scenario := flag.String("scenario", "sample", "sample, or large (1,000 environments, 50 CMK policies, 50 vaults)")
	latency := flag.Duration("latency", 0, "latency added to every request")
	flag.Parse()
	if err := run(*dir, *scenario, *latency); err != nil {
		fmt.Fprintln(os.Stderr, "tenantemu:", err)
		os.Exit(1)
	}
}

func run(dir, scenario string, latency time.Duration) error {
	var sc tenanttest.Scenario
	switch scenario {
	case "sample":
		sc = tenanttest.Sample(time.Now())
		sc.Latency = latency
	case "large":
		sc = tenanttest.Large(1000, 50, 50, latency, time.Now())
	default:
		return fmt.Errorf("unknown scenario %q (sample or large)", scenario)
	}
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
	fmt.Printf("emulator running (%s scenario)\n  cloud config: %s\n  variables:    %s\nthen: se06 collect --auth env --cloud-config %s\nCtrl+C stops it.\n", scenario, cfg, envFile, cfg)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	if v := emu.Violations(); len(v) > 0 {
		return fmt.Errorf("%d write calls", len(v))
	}
	return nil
}
