package tenant

import (
	"context"
	"strings"
	"testing"

	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant/tenanttest"
)

func TestCollectSample(t *testing.T) {
	emu, opts := startEmulator(t, tenanttest.Sample(fixedNow))
	log := &syncBuffer{}
	opts.Debug = log
	var progress []Progress
	f, err := Collect(context.Background(), opts, func(p Progress) { progress = append(progress, p) })
	if err != nil {
		t.Fatal(err)
	}
	data, _ := MarshalSnapshot(f)
	t.Logf("%s", data)
	t.Logf("%s", log.String())
	_ = emu
	_ = progress
	_ = assess.StatusOK
	_ = strings.Contains
}
