package tenant

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// newCredential per --auth, and the default chain's links (README: service
// principal variables if set, then az, then the browser where one can
// open, then the device code).

func credFor(t *testing.T, auth, tenant string, env map[string]string) (azcore.TokenCredential, error) {
	t.Helper()
	public, _ := LookupCloud("public")
	o, err := Options{Auth: auth, TenantID: tenant, NoTokenCache: true, Getenv: envOf(env)}.normalized()
	if err != nil {
		t.Fatal(err)
	}
	return newCredential(o, public, clientOptions(o, o.httpClient()))
}

func chainNames(t *testing.T, cred azcore.TokenCredential) []string {
	t.Helper()
	cc, ok := cred.(*cachedCredential)
	if !ok {
		t.Fatalf("credential %T, want the shared-token cache", cred)
	}
	fb, ok := cc.inner.(*fallbackCredential)
	if !ok {
		t.Fatalf("default credential %T, want the chain", cc.inner)
	}
	var names []string
	for _, l := range fb.links {
		names = append(names, l.name)
	}
	return names
}

func TestMut2DefaultChainLinks(t *testing.T) {
	cert := writeAppCertificate(t)
	missing := filepath.Join(t.TempDir(), "none.pem")
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"nothing set, no display", nil, []string{AuthAzureCLI, AuthDeviceCode}},
		{"a display", map[string]string{"DISPLAY": ":0"}, []string{AuthAzureCLI, AuthBrowser, AuthDeviceCode}},
		{"a Wayland display", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, []string{AuthAzureCLI, AuthBrowser, AuthDeviceCode}},
		{"service principal with a secret", map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s"}, []string{AuthEnv, AuthAzureCLI, AuthDeviceCode}},
		{"service principal with a certificate", map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_CERTIFICATE_PATH": cert}, []string{AuthEnv, AuthAzureCLI, AuthDeviceCode}},
		{"a certificate that cannot be read", map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_CERTIFICATE_PATH": missing}, []string{AuthAzureCLI, AuthDeviceCode}},
		{"a secret without a client ID", map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_SECRET": "s"}, []string{AuthAzureCLI, AuthDeviceCode}},
		{"a client ID alone", map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c"}, []string{AuthAzureCLI, AuthDeviceCode}},
		{"no tenant anywhere", map[string]string{"AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s"}, []string{AuthAzureCLI, AuthDeviceCode}},
	}
	for _, c := range cases {
		cred, err := credFor(t, AuthDefault, "", c.env)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := chainNames(t, cred); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: links %q, want %q", c.name, got, c.want)
		}
	}
	// --tenant stands in for AZURE_TENANT_ID
	cred, err := credFor(t, AuthDefault, "contoso.onmicrosoft.com", map[string]string{"AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s"})
	if err != nil {
		t.Fatal(err)
	}
	if got := chainNames(t, cred); !reflect.DeepEqual(got, []string{AuthEnv, AuthAzureCLI, AuthDeviceCode}) {
		t.Errorf("with --tenant: %q", got)
	}
}

func TestMut2CredentialPerMethod(t *testing.T) {
	// workload identity reads the process environment itself (azidentity)
	t.Setenv("AZURE_FEDERATED_TOKEN_FILE", filepath.Join(t.TempDir(), "token"))
	t.Setenv("AZURE_CLIENT_ID", "c")
	t.Setenv("AZURE_TENANT_ID", "t")
	cert := writeAppCertificate(t)
	sp := map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s"}
	for _, c := range []struct {
		auth string
		env  map[string]string
		want any
	}{
		{AuthAzureCLI, nil, &azidentity.AzureCLICredential{}},
		{AuthManagedIdentity, nil, &azidentity.ManagedIdentityCredential{}},
		{AuthManagedIdentity, map[string]string{"AZURE_CLIENT_ID": "c"}, &azidentity.ManagedIdentityCredential{}},
		{AuthWorkloadIdentity, map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c"}, &azidentity.WorkloadIdentityCredential{}},
		{AuthEnv, sp, &azidentity.ClientSecretCredential{}},
		{AuthEnv, map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s", "AZURE_CLIENT_CERTIFICATE_PATH": cert}, &azidentity.ClientSecretCredential{}},
		{AuthEnv, map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_CERTIFICATE_PATH": cert}, &azidentity.ClientCertificateCredential{}},
		{AuthEnv, map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_CERTIFICATE_PATH": cert, "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN": "TRUE"}, &azidentity.ClientCertificateCredential{}},
		{AuthBrowser, nil, &lastingCredential{}},
		{AuthDeviceCode, nil, &lastingCredential{}},
	} {
		cred, err := credFor(t, c.auth, "", c.env)
		if err != nil {
			t.Errorf("%s %v: %v", c.auth, c.env, err)
			continue
		}
		inner := cred.(*cachedCredential).inner
		if reflect.TypeOf(inner) != reflect.TypeOf(c.want) {
			t.Errorf("%s %v: %T, want %T", c.auth, c.env, inner, c.want)
			continue
		}
		if lc, ok := inner.(*lastingCredential); ok {
			_, browser := lc.inner.(*azidentity.InteractiveBrowserCredential)
			_, device := lc.inner.(*azidentity.DeviceCodeCredential)
			if (c.auth == AuthBrowser) != browser || (c.auth == AuthDeviceCode) != device || lc.hasRec {
				t.Errorf("%s: lasting over %T, hasRec %v", c.auth, lc.inner, lc.hasRec)
			}
		}
	}
}

// --auth env names exactly the variables that are missing; --tenant (or
// AZURE_TENANT_ID) is the tenant.
func TestMut2EnvVariablesMissing(t *testing.T) {
	cases := []struct {
		tenant string
		env    map[string]string
		want   string
	}{
		{"", nil, "AZURE_TENANT_ID (or --tenant), AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH"},
		{"", map[string]string{"AZURE_TENANT_ID": "t"}, "missing: AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH\n"},
		{"contoso.onmicrosoft.com", map[string]string{"AZURE_CLIENT_ID": "c"}, "missing: AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH\n"},
		{"", map[string]string{"AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s"}, "missing: AZURE_TENANT_ID (or --tenant)\n"},
		{"", map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_CERTIFICATE_PATH": "/x.pem"}, "missing: AZURE_CLIENT_ID\n"},
	}
	for _, c := range cases {
		_, err := credFor(t, AuthEnv, c.tenant, c.env)
		if err == nil || !strings.Contains(err.Error()+"\n", c.want) && !strings.Contains(err.Error(), c.want) {
			t.Errorf("tenant %q env %v: %v, want %q", c.tenant, c.env, err, c.want)
		}
		if err != nil && !strings.Contains(err.Error(), "never on the command line") {
			t.Errorf("no hint: %v", err)
		}
	}
	_, err := credFor(t, AuthEnv, "", map[string]string{"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_CERTIFICATE_PATH": filepath.Join(t.TempDir(), "none.pem")})
	var se *signInError
	if !errors.As(err, &se) || se.msg != "cannot read AZURE_CLIENT_CERTIFICATE_PATH" || se.err == nil {
		t.Errorf("unreadable certificate: %v", err)
	}
}

type ctxCancelCred struct {
	cancel context.CancelFunc
	calls  int
}

func (c *ctxCancelCred) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	c.calls++
	c.cancel()
	return azcore.AccessToken{}, errors.New("interrupted")
}

func TestMut2FallbackCredential(t *testing.T) {
	opts := policy.TokenRequestOptions{Scopes: []string{"s"}}
	// Entra ID's own refusal (an HTTP answer) ends the chain
	refused := &stubCredential{err: &azidentity.AuthenticationFailedError{RawResponse: &http.Response{StatusCode: 400, Status: "400 Bad Request"}}}
	next := &stubCredential{}
	f := &fallbackCredential{links: []chainLink{{AuthAzureCLI, refused}, {AuthDeviceCode, next}}}
	if _, err := f.GetToken(context.Background(), opts); err == nil || next.calls != 0 {
		t.Errorf("after Entra ID refused: %v, next tried %d times", err, next.calls)
	}
	// a failure without an answer from Entra ID moves on
	local := &stubCredential{err: &azidentity.AuthenticationFailedError{}}
	next = &stubCredential{}
	f = &fallbackCredential{links: []chainLink{{AuthAzureCLI, local}, {AuthDeviceCode, next}}}
	if _, err := f.GetToken(context.Background(), opts); err != nil || next.calls != 1 {
		t.Errorf("after a local failure: %v, next tried %d times", err, next.calls)
	}
	// an interrupted sign-in stops there
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := &ctxCancelCred{cancel: cancel}
	next = &stubCredential{}
	f = &fallbackCredential{links: []chainLink{{AuthBrowser, stop}, {AuthDeviceCode, next}}}
	if _, err := f.GetToken(ctx, opts); !errors.Is(err, context.Canceled) || next.calls != 0 {
		t.Errorf("interrupted: %v, next tried %d times", err, next.calls)
	}
	// every link failed: each named with what went wrong
	f = &fallbackCredential{links: []chainLink{
		{AuthAzureCLI, &stubCredential{err: errors.New("AzureCLICredential: Please run 'az login' to set up")}},
		{AuthDeviceCode, &stubCredential{err: errors.New("device flow: boom")}},
	}}
	_, err := f.GetToken(context.Background(), opts)
	want := "no sign-in method worked (azurecli: the Azure CLI is not signed in; device-code: device flow: boom)"
	var se *signInError
	if !errors.As(err, &se) || se.msg != want || se.method != AuthDefault || !strings.Contains(se.hint, "--auth (azurecli,") {
		t.Errorf("all failed: %v\nwant %q", err, want)
	}
}
