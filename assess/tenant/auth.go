package tenant

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// newCredential builds the azidentity credential for o.Auth. The default,
// for a person at a terminal: service principal variables if set, then an
// existing az login, then the browser, then device code (also when no
// browser can be opened).
func newCredential(o Options, c Cloud, co azcore.ClientOptions) (azcore.TokenCredential, error) {
	co.Cloud = cloud.Configuration{ActiveDirectoryAuthorityHost: c.AuthorityHost, Services: map[cloud.ServiceName]cloud.ServiceConfiguration{}}
	noDiscovery := c.Custom()
	// --tenant wins over AZURE_TENANT_ID, so that it means the same for
	// every sign-in method.
	tenant := o.TenantID
	if tenant == "" {
		tenant = o.Getenv("AZURE_TENANT_ID")
	}
	prompt := func(_ context.Context, m azidentity.DeviceCodeMessage) error {
		if o.DeviceCodePrompt != nil {
			o.DeviceCodePrompt(m.Message)
			return nil
		}
		fmt.Fprintln(os.Stderr, m.Message)
		return nil
	}
	env := func() (azcore.TokenCredential, error) { return envCredential(o, co, tenant, noDiscovery) }
	cli := func() (azcore.TokenCredential, error) {
		return azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: o.TenantID})
	}
	// interactive sign-ins last across runs unless --no-token-cache
	var store *signInStore
	lasting := func(c authenticator, err error) (azcore.TokenCredential, error) {
		if err != nil {
			return c, err
		}
		return &lastingCredential{inner: c, store: *store, warn: o.Warn, hasRec: store.loadRecord() != (azidentity.AuthenticationRecord{})}, nil
	}
	interactive := func() signInStore {
		if store == nil {
			s := openSignInStore(o)
			store = &s
		}
		return *store
	}
	browser := func() (azcore.TokenCredential, error) {
		st := interactive()
		return lasting(azidentity.NewInteractiveBrowserCredential(&azidentity.InteractiveBrowserCredentialOptions{ClientOptions: co, TenantID: tenant, DisableInstanceDiscovery: noDiscovery, Cache: st.cache, AuthenticationRecord: st.loadRecord()}))
	}
	device := func() (azcore.TokenCredential, error) {
		st := interactive()
		return lasting(azidentity.NewDeviceCodeCredential(&azidentity.DeviceCodeCredentialOptions{ClientOptions: co, TenantID: tenant, DisableInstanceDiscovery: noDiscovery, UserPrompt: prompt, Cache: st.cache, AuthenticationRecord: st.loadRecord()}))
	}
	var cred azcore.TokenCredential
	var err error
	switch o.Auth {
	case AuthEnv:
		cred, err = env()
	case AuthAzureCLI:
		cred, err = cli()
	case AuthBrowser:
		cred, err = browser()
	case AuthDeviceCode:
		cred, err = device()
	case AuthManagedIdentity:
		var id azidentity.ManagedIDKind
		if v := o.Getenv("AZURE_CLIENT_ID"); v != "" {
			id = azidentity.ClientID(v)
		}
		cred, err = azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ClientOptions: co, ID: id})
	case AuthWorkloadIdentity:
		cred, err = azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{ClientOptions: co, TenantID: tenant, DisableInstanceDiscovery: noDiscovery})
	default:
		var links []chainLink
		if o.Getenv("AZURE_CLIENT_ID") != "" && (o.Getenv("AZURE_CLIENT_SECRET") != "" || o.Getenv("AZURE_CLIENT_CERTIFICATE_PATH") != "") {
			if e, err := env(); err == nil {
				links = append(links, chainLink{AuthEnv, e})
			}
		}
		for _, l := range []struct {
			name string
			mk   func() (azcore.TokenCredential, error)
		}{{AuthAzureCLI, cli}, {AuthBrowser, browser}, {AuthDeviceCode, device}} {
			if l.name == AuthBrowser && !canOpenBrowser(o.Getenv) {
				continue
			}
			if c, err := l.mk(); err == nil {
				links = append(links, chainLink{l.name, c})
			}
		}
		if len(links) == 0 {
			return nil, &signInError{method: AuthDefault, msg: "no sign-in method is available", hint: "choose one with --auth (" + strings.Join(AuthMethods(), ", ") + ")"}
		}
		cred = &fallbackCredential{links: links}
	}
	if err != nil {
		return nil, newSignInError(o.Auth, err)
	}
	return newCachedCredential(cred), nil
}

// envCredential is the service principal of the AZURE_* variables (read
// through o.Getenv): a client secret, or a certificate file. Unlike
// azidentity's EnvironmentCredential it signs in to --tenant when given.
func envCredential(o Options, co azcore.ClientOptions, tenant string, noDiscovery bool) (azcore.TokenCredential, error) {
	id := o.Getenv("AZURE_CLIENT_ID")
	secret := o.Getenv("AZURE_CLIENT_SECRET")
	certPath := o.Getenv("AZURE_CLIENT_CERTIFICATE_PATH")
	var missing []string
	if tenant == "" {
		missing = append(missing, "AZURE_TENANT_ID (or --tenant)")
	}
	if id == "" {
		missing = append(missing, "AZURE_CLIENT_ID")
	}
	if secret == "" && certPath == "" {
		missing = append(missing, "AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH")
	}
	if len(missing) > 0 {
		return nil, &signInError{method: AuthEnv, msg: "service principal variables missing: " + strings.Join(missing, ", "),
			hint: "set them in the environment (never on the command line), or choose another --auth"}
	}
	if secret != "" {
		return azidentity.NewClientSecretCredential(tenant, id, secret, &azidentity.ClientSecretCredentialOptions{ClientOptions: co, DisableInstanceDiscovery: noDiscovery})
	}
	data, err := os.ReadFile(certPath)
	if err != nil {
		return nil, &signInError{method: AuthEnv, msg: "cannot read AZURE_CLIENT_CERTIFICATE_PATH", hint: "point it at a PEM or PKCS#12 file with the certificate and its private key", err: err}
	}
	var password []byte
	if p := o.Getenv("AZURE_CLIENT_CERTIFICATE_PASSWORD"); p != "" {
		password = []byte(p)
	}
	certs, key, err := azidentity.ParseCertificates(data, password)
	if err != nil {
		return nil, &signInError{method: AuthEnv, msg: "AZURE_CLIENT_CERTIFICATE_PATH holds no usable certificate and key",
			hint: "use a PEM or PKCS#12 file with the private key; set AZURE_CLIENT_CERTIFICATE_PASSWORD if it is encrypted", err: err}
	}
	send := strings.EqualFold(o.Getenv("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"), "true") || o.Getenv("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN") == "1"
	return azidentity.NewClientCertificateCredential(tenant, id, certs, key, &azidentity.ClientCertificateCredentialOptions{ClientOptions: co, DisableInstanceDiscovery: noDiscovery, SendCertificateChain: send})
}

// canOpenBrowser reports whether a browser may open: on Unix desktops only
// with a display (an SSH session has none, and goes to the device code).
func canOpenBrowser(getenv func(string) string) bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

// chainLink is one sign-in method of the default chain.
type chainLink struct {
	name string
	cred azcore.TokenCredential
}

// fallbackCredential is the default chain. It tries each method in turn
// and keeps the first that works. Unlike azidentity's chain it also moves on
// when a method fails before reaching Entra ID (no az, no browser to
// open), so a terminal without a browser ends at the device code; it stops
// when Entra ID itself refuses, so one refused sign-in is not followed by
// another prompt.
type fallbackCredential struct {
	links  []chainLink
	mu     sync.Mutex
	chosen azcore.TokenCredential
}

// GetToken implements azcore.TokenCredential.
func (f *fallbackCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	f.mu.Lock()
	if c := f.chosen; c != nil {
		f.mu.Unlock()
		return c.GetToken(ctx, opts)
	}
	defer f.mu.Unlock()
	var tried []string
	for _, l := range f.links {
		tok, err := l.cred.GetToken(ctx, opts)
		if err == nil {
			f.chosen = l.cred
			return tok, nil
		}
		if ctx.Err() != nil {
			return azcore.AccessToken{}, ctx.Err()
		}
		tried = append(tried, l.name+": "+describeSignIn(l.name, err).msg)
		var af *azidentity.AuthenticationFailedError
		if errors.As(err, &af) && af.RawResponse != nil {
			return azcore.AccessToken{}, err
		}
	}
	return azcore.AccessToken{}, &signInError{method: AuthDefault, msg: "no sign-in method worked (" + strings.Join(tried, "; ") + ")",
		hint: "run 'az login', set the service principal variables, or choose a method with --auth (" + strings.Join(AuthMethods(), ", ") + ")"}
}

func authLabel(a string) string {
	if a == "" {
		return "default chain"
	}
	return a
}

// tokenFor gets a token for one scope through the cache.
func tokenFor(ctx context.Context, cred azcore.TokenCredential, scope, tenant string) (azcore.AccessToken, error) {
	return cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{scope}, TenantID: tenant})
}
