package tenant

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppwaf/se06/internal/safefile"
)

// TestCloudConfigReadIsCapped: a cloud config larger than the small-JSON
// cap (or /dev/zero) is refused with the limit named, never read whole.
func TestCloudConfigReadIsCapped(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(big, []byte(`{"name":"`+strings.Repeat("x", int(safefile.LimitSmallJSON))+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	paths := []string{big}
	if _, err := os.Stat("/dev/zero"); err == nil {
		paths = append(paths, "/dev/zero")
	}
	for _, p := range paths {
		_, err := LoadCloudConfig(t.Context(), p, Cloud{})
		var tl *safefile.TooLargeError
		if !errors.As(err, &tl) || tl.Limit != safefile.LimitSmallJSON {
			t.Errorf("%s: err %v, want the size cap", p, err)
		}
		if err := CheckOptions(t.Context(), Options{CloudConfigFile: p}); err == nil || !strings.Contains(err.Error(), "cloud config") {
			t.Errorf("CheckOptions(%s): %v, want an error naming the cloud config", p, err)
		}
	}
}
