package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pkg/browser"
	"github.com/ppwaf/se06/assess"
	"github.com/ppwaf/se06/assess/tenant"
	"github.com/ppwaf/se06/internal/safefile"
	"github.com/ppwaf/se06/internal/termsafe"
	"github.com/spf13/cobra"
)

type collectOptions struct {
	auth          string
	tenantID      string
	cloud         string
	cloudConfig   string
	allowHosts    []string
	noTokenCache  bool
	forget        bool
	subscriptions []string
	out           string
	preflight     bool
	demo          bool
	noTLSProbe    bool
	debug         bool
	quiet         bool
	concurrency   int
	timeout       time.Duration
}

// newCollectCmd reads the tenant, read-only, into a facts snapshot.
func newCollectCmd(a *app) *cobra.Command {
	var o collectOptions
	cmd := &cobra.Command{
		Use:   "collect [--out tenant.json]",
		Short: "Read the tenant (read-only) into a facts snapshot",
		Long: `Read the Power Platform tenant, strictly read-only, into a facts snapshot that
'se06 assess --facts', the wizard and the report use offline.

What is read: the tenant's home geo and data boundary and its tenant settings
(listTenantSettings, the one POST sent, which changes nothing); every
environment from the BAP admin API (type, geo, region, Managed Environment,
keyManagedBy, the customer-managed key link, Dataverse URLs, generative AI data
movement, Bing search, Microsoft 365 services); each linked encryption
enterprise policy, its key vault and its key through ARM and the Key Vault
data plane (soft delete, purge protection, network, RBAC, key type, size,
expiry, enabled versions, rotation policy); for each of those vaults its
diagnostic settings (is the AuditEvent log of key access sent anywhere) and
who can manage or purge its keys (role assignments that reach it, custom roles
by their definition, access policies); through Microsoft Graph the holders of
the Global, Power Platform and Dynamics 365 Administrator roles (groups
expanded), to name anyone who holds both; and a TLS probe of each Dataverse
host (a TLS 1.1 handshake must be refused, TLS 1.2+ must succeed).

A missing permission never stops the run: the fact is recorded as "not
permitted" with the role that would grant it, and findings that need it become
"not verified". The snapshot holds no token or secret.

Sign-in (--auth): the default tries service principal variables
(AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or
AZURE_CLIENT_CERTIFICATE_PATH), then an existing 'az login', then the browser,
then a device code (shown on stderr; also when no browser can open). --tenant
picks the tenant for every method, over AZURE_TENANT_ID. Secrets are never
accepted as flags. A browser or device-code sign-in lasts: its tokens are kept
in azidentity's token cache, encrypted by the system (keychain, DPAPI, kernel
keyring), with a record of the account in the user's config folder
(se06/sign-in.json), so the next run signs in silently. --no-token-cache keeps
nothing; --forget-sign-in removes what was kept. Without an encrypted store
se06 says so once and keeps nothing. A sign-in host that refuses the
connection or does not resolve fails at once with what to do.

Clouds: --cloud public, gcc, gcchigh, dod or china. --cloud-config FILE points
at a private cloud, a proxy or a test emulator; JSON of this shape, every field
optional (missing ones come from --cloud); an unknown key is an error:
  {"authorityHost": "https://login.microsoftonline.com/",
   "bap": {"endpoint": "https://api.bap.microsoft.com",
           "scope": "https://service.powerapps.com//.default"},
   "powerPlatformApi": {"endpoint": "https://api.powerplatform.com",
                        "scope": "https://api.powerplatform.com/.default"},
   "resourceManager": {"endpoint": "https://management.azure.com",
                       "scope": "https://management.azure.com/.default"},
   "keyVault": {"scope": "https://vault.azure.net/.default"},
   "graph": {"endpoint": "https://graph.microsoft.com",
             "scope": "https://graph.microsoft.com/.default"}}
Graph per cloud: graph.microsoft.com (public, gcc), graph.microsoft.us
(gcchigh), dod-graph.microsoft.us (dod), microsoftgraph.chinacloudapi.cn
(china). Graph is read only for the directory roles of the separation-of-
duties check and needs RoleManagement.Read.Directory (and GroupMember.Read.All
to expand groups); without it that check is "not permitted" and nothing else
changes.
Tokens go only where they belong: a Microsoft audience only to its hosts in
the chosen --cloud, and the sign-in only to a Microsoft authority. Any other
host must be named with --allow-host HOST (repeatable), so a shared config file
cannot send your tokens elsewhere; the preflight prints which host receives
which audience. Custom CAs come from SSL_CERT_FILE. Proxies from HTTPS_PROXY.

Before the full run each API is probed once and the checks that will run or
be skipped (and why) are printed; --preflight stops there. Preflight and
progress go to stderr (--quiet silences them); the snapshot to --out, or to
stdout without it.

Exit code 4 when the environment list could not be read (an outage, a
missing role, a page that failed): no snapshot is written, so an earlier one
is kept and 'collect && assess' stops.`,
		Example: `  se06 collect --out tenant.json
  se06 collect --preflight
  se06 collect --auth azurecli --subscription 00000000-0000-0000-0000-000000000000 --out tenant.json
  se06 collect --demo --out demo.json
  se06 assess --answers answers.yaml --facts tenant.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runCollect(cmd, a, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.auth, "auth", "", "sign-in `METHOD`: "+strings.Join(tenant.AuthMethods(), ", ")+" (default: a chain for a person at a terminal)")
	f.StringVar(&o.tenantID, "tenant", "", "Entra tenant `ID` to sign in to")
	f.StringVar(&o.cloud, "cloud", "public", "cloud `NAME`: "+strings.Join(tenant.CloudNames(), ", "))
	f.StringVar(&o.cloudConfig, "cloud-config", "", "JSON `FILE` with endpoints and scopes (private clouds, proxies, tests)")
	f.StringArrayVar(&o.allowHosts, "allow-host", nil, "let `HOST` (or HOST:PORT) receive tokens although the cloud does not know it (private clouds, proxies, the test emulator; repeatable)")
	f.StringSliceVar(&o.subscriptions, "subscription", nil, "also list every encryption enterprise policy in subscription `ID` (repeatable)")
	f.StringVarP(&o.out, "out", "o", "", "write the snapshot to `FILE` (default: stdout)")
	f.BoolVar(&o.preflight, "preflight", false, "probe each API once and print which checks will run or be skipped, and why")
	f.BoolVar(&o.demo, "demo", false, "write the fictional demo tenant instead of reading one")
	f.BoolVar(&o.noTokenCache, "no-token-cache", false, "do not keep the browser or device-code sign-in for the next run")
	f.BoolVar(&o.forget, "forget-sign-in", false, "remove the kept sign-in (record and encrypted token cache) and exit")
	f.BoolVar(&o.noTLSProbe, "no-tls-probe", false, "skip the TLS handshakes with the Dataverse hosts")
	f.BoolVar(&o.debug, "debug", false, "log each HTTP request (method, URL, status; Authorization redacted) to stderr")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print no progress")
	f.IntVar(&o.concurrency, "concurrency", tenant.DefaultConcurrency, "requests in flight per host")
	f.DurationVar(&o.timeout, "timeout", tenant.DefaultTimeout, "time limit of one request (retries get their own)")
	_ = cmd.RegisterFlagCompletionFunc("auth", cobra.FixedCompletions(tenant.AuthMethods(), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("cloud", cobra.FixedCompletions(tenant.CloudNames(), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagFilename("cloud-config", "json")
	_ = cmd.MarkFlagFilename("out", "json")
	return cmd
}

func runCollect(cmd *cobra.Command, a *app, o collectOptions) error {
	if o.concurrency < 1 {
		return usageErr("--concurrency must be at least 1")
	}
	if o.timeout <= 0 {
		return usageErr("--timeout must be positive")
	}
	if o.demo && o.preflight {
		return usageErr("--demo and --preflight cannot be combined")
	}
	if o.forget && (o.demo || o.preflight) {
		return usageErr("--forget-sign-in runs alone")
	}
	if safefile.IsStdout(o.out) {
		o.out = "-"
	}
	if err := checkPaths([]safefile.Named{{Flag: "--cloud-config", Path: o.cloudConfig}}, []safefile.Named{{Flag: "--out", Path: o.out}}); err != nil {
		return err
	}

	if o.forget {
		removed, err := tenant.ForgetSignIn(a.getenv)
		for _, p := range removed {
			fmt.Fprintf(a.stderr, "removed %s\n", p)
		}
		if err != nil {
			return fmt.Errorf("forget the sign-in: %w", err)
		}
		if len(removed) == 0 {
			fmt.Fprintln(a.stderr, "no sign-in was kept")
		}
		return nil
	}
	if o.demo {
		f, err := tenant.Demo(a.now())
		if err != nil {
			return err
		}
		f.ToolVersion = a.version
		return writeFacts(a, o.out, f, o.quiet)
	}
	opts := tenant.Options{
		Cloud:            o.cloud,
		CloudConfigFile:  o.cloudConfig,
		AllowHosts:       o.allowHosts,
		Auth:             o.auth,
		TenantID:         o.tenantID,
		Subscriptions:    o.subscriptions,
		NoTLSProbe:       o.noTLSProbe,
		Concurrency:      o.concurrency,
		Timeout:          o.timeout,
		DeviceCodePrompt: func(msg string) { fmt.Fprintln(a.stderr, msg) },
		ToolVersion:      a.version,
		Now:              a.now,
		Getenv:           a.getenv,
		NoTokenCache:     o.noTokenCache,
		Warn:             func(msg string) { fmt.Fprintln(a.stderr, "note:", msg) },
	}
	if err := tenant.CheckOptions(cmd.Context(), opts); err != nil {
		return usageErr("%v", err)
	}
	if o.debug {
		opts.Debug = a.stderr
	}
	// The browser sign-in starts xdg-open/open, whose output would otherwise
	// land on stdout, where the snapshot goes.
	browser.Stdout = a.stderr
	ctx := cmd.Context()
	routes, err := tenant.TokenRoutes(ctx, opts)
	if err != nil {
		return usageErr("%v", err)
	}
	if o.preflight {
		printTokenRoutes(a.stdout, routes)
		items, err := tenant.Preflight(ctx, opts)
		if err != nil {
			return err
		}
		printPreflight(a.stdout, "preflight (each API probed once, read-only):", items)
		return nil
	}
	var progress func(tenant.Progress)
	var live *liveProgress
	if !o.quiet {
		// the preflight comes from the run's own first call of each API
		title := "preflight (from the first call of each API, read-only):"
		printTokenRoutes(a.stderr, routes)
		if a.errTerm != nil && !o.debug {
			// on the terminal itself: through the sanitiser its cursor
			// controls would be printed escaped
			live = newLiveProgress(a.errTerm, time.Now)
			progress = live.update
			opts.OnPreflight = func(items []tenant.PreflightItem) {
				live.above(func(w io.Writer) { printPreflight(w, title, items) })
			}
		} else {
			progress = progressPrinter(a.stderr)
			opts.OnPreflight = func(items []tenant.PreflightItem) { printPreflight(a.stderr, title, items) }
		}
	}
	stopProfile, err := startProfile(a.getenv)
	if err != nil {
		return err
	}
	defer stopProfile()
	start := time.Now()
	f, err := tenant.Collect(ctx, opts, progress)
	if live != nil {
		live.clear()
	}
	if err != nil {
		return err
	}
	if !o.quiet {
		printCollectSummary(a.stderr, f, time.Since(start))
	}
	if why := environmentsNotRead(f); why != "" {
		// An outage must fail a pipeline, and must not replace a good
		// snapshot with an empty or partial one.
		return &exitErr{code: exitNotRead, err: fmt.Errorf("the environment list could not be read (%s); no snapshot written", why)}
	}
	return writeFacts(a, o.out, f, o.quiet)
}

// exitNotRead is collect's exit code when the environment list could not
// be read (documented in the root command's help).
const exitNotRead = 4

// environmentsNotRead says why the environment list is missing or
// incomplete, or "" when it was read.
func environmentsNotRead(f *assess.Facts) string {
	for _, c := range f.Checks {
		if c.Name == tenant.CheckEnvironments && !c.Provenance.OK() {
			return c.Provenance.Describe()
		}
	}
	return ""
}

// writeFacts writes the snapshot to path, or to stdout when path is empty.
func writeFacts(a *app, path string, f *assess.Facts, quiet bool) error {
	if path == "" || path == "-" {
		data, err := tenant.MarshalSnapshot(f)
		if err != nil {
			return err
		}
		_, err = a.out().Write(data)
		return err
	}
	if err := tenant.WriteSnapshot(path, f); err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintf(a.stderr, "wrote %s\n", path)
	}
	return nil
}

// progressPrinter prints the start of each check, each environment page, and
// every subject that could not be read. A failed sign-in is left to the
// command's error, so it is printed once. Calls come one at a time.
func progressPrinter(w io.Writer) func(tenant.Progress) {
	seen := map[string]bool{}
	return func(p tenant.Progress) {
		switch {
		case p.Check == tenant.CheckSignIn && p.State == tenant.StateRunning:
			fmt.Fprintln(w, "signing in…")
		case p.Check == tenant.CheckSignIn:
		case p.State == tenant.StateRunning && p.Check == tenant.CheckEnvironments && p.Subject != "":
			fmt.Fprintf(w, "  environments: %s, %s\n", termsafe.Line(p.Subject), termsafe.Line(p.Detail))
		case p.State == tenant.StateRunning && !seen[p.Check]:
			seen[p.Check] = true
			fmt.Fprintf(w, "reading %s…\n", p.Check)
		case p.State == tenant.StateNotPermitted || p.State == tenant.StateError:
			fmt.Fprintf(w, "  %s %s: %s: %s\n", p.Check, termsafe.Line(p.Subject), strings.ReplaceAll(p.State, "-", " "), termsafe.Line(p.Detail))
		case p.State == tenant.StateSkipped:
			fmt.Fprintf(w, "  %s: %s\n", p.Check, termsafe.Line(p.Detail))
		}
	}
}

// printCollectSummary prints what was collected and one line per check:
// its status, and why when it is not ok.
func printCollectSummary(w io.Writer, f *assess.Facts, took time.Duration) {
	fmt.Fprintf(w, "collected %d environments, %d enterprise policies, %d vaults, %d keys in %s",
		len(f.Environments), len(f.Policies), len(f.Vaults), len(f.Keys), took.Round(100*time.Millisecond))
	if f.Identity != "" {
		fmt.Fprintf(w, " as %s", termsafe.Line(f.Identity))
	}
	fmt.Fprintln(w)
	for _, c := range f.Checks {
		status := strings.ReplaceAll(string(c.Provenance.Status), "-", " ")
		line := fmt.Sprintf("  %-14s %-22s %s", status, c.Name, termsafe.Line(c.Provenance.Reason))
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

// printPreflight prints which checks will run and which will be skipped,
// and why.
func printPreflight(w io.Writer, title string, items []tenant.PreflightItem) {
	fmt.Fprintln(w, title)
	run := 0
	for _, it := range items {
		verdict := "run "
		if it.WillRun {
			run++
		} else {
			verdict = "skip"
		}
		fmt.Fprintf(w, "  %s  %-22s %s\n", verdict, it.Check, termsafe.Line(it.Reason))
	}
	fmt.Fprintf(w, "%d of %d checks will run", run, len(items))
	if run < len(items) {
		fmt.Fprint(w, "; findings that need a skipped check become \"not verified\"")
	}
	fmt.Fprintln(w)
}

// printTokenRoutes says which host receives which token audience.
func printTokenRoutes(w io.Writer, routes []tenant.TokenRoute) {
	fmt.Fprintln(w, "tokens go to:")
	for _, r := range routes {
		aud := r.Audience
		if aud == "" {
			aud = "(sign-in)"
		}
		fmt.Fprintf(w, "  %-16s %-36s %s (%s)\n", r.Service, r.Host, aud, r.Allowed)
	}
}
