package tenanttest

// TB is the part of testing.TB that StartEnv needs; declared here so the
// emulator's own command does not import package testing.
type TB interface {
	Reporter
	Helper()
	Fatal(args ...any)
	Cleanup(func())
	TempDir() string
	Setenv(key, value string)
}

// StartEnv starts sc for one test, as a user would meet it: the cloud
// configuration file is written to a temporary folder (its path is
// returned), and the service principal variables AZURE_TENANT_ID,
// AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are set for the test, so
// "--auth env --cloud-config FILE" signs in to the emulator.
func StartEnv(t TB, sc Scenario) (*Emulator, string) {
	t.Helper()
	emu, err := Start(t, sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Close)
	cfg, _, err := emu.WriteFiles(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("AZURE_TENANT_ID", emu.TenantID())
	t.Setenv("AZURE_CLIENT_ID", emu.ClientID())
	t.Setenv("AZURE_CLIENT_SECRET", emu.ClientSecret())
	return emu, cfg
}
