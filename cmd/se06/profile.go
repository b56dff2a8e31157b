package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the run (collect, assess) to
// $SE06_CPUPROFILE, and a heap profile at the end to $SE06_MEMPROFILE: a
// debugging aid for the benchmarks, undocumented in --help.
func startProfile(getenv func(string) string) (stop func(), err error) {
	cpuPath, memPath := getenv("SE06_CPUPROFILE"), getenv("SE06_MEMPROFILE")
	var cpu *os.File
	if cpuPath != "" {
		if cpu, err = os.Create(cpuPath); err != nil {
			return nil, fmt.Errorf("SE06_CPUPROFILE: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("SE06_CPUPROFILE: %w", err)
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if memPath != "" {
			if m, err := os.Create(memPath); err == nil {
				_ = pprof.Lookup("allocs").WriteTo(m, 0)
				m.Close()
			}
		}
	}, nil
}
