package tenant

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// newCredential builds the azidentity credential for o.Auth. The default,
// for a person at a terminal: service principal variables if set, then an
// existing az login, then the browser, then device code.
func newCredential(o Options, c Cloud, co azcore.ClientOptions) (azcore.TokenCredential, error) {
	co.Cloud = cloud.Configuration{ActiveDirectoryAuthorityHost: c.AuthorityHost, Services: map[cloud.ServiceName]cloud.ServiceConfiguration{}}
	noDiscovery := c.Custom()
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
	env := func() (azcore.TokenCredential, error) {
		return azidentity.NewEnvironmentCredential(&azidentity.EnvironmentCredentialOptions{ClientOptions: co, DisableInstanceDiscovery: noDiscovery})
	}
	cli := func() (azcore.TokenCredential, error) {
		return azidentity.NewAzureCLICredential(&azidentity.AzureCLICredentialOptions{TenantID: o.TenantID})
	}
	browser := func() (azcore.TokenCredential, error) {
		return azidentity.NewInteractiveBrowserCredential(&azidentity.InteractiveBrowserCredentialOptions{ClientOptions: co, TenantID: tenant, DisableInstanceDiscovery: noDiscovery})
	}
	device := func() (azcore.TokenCredential, error) {
		return azidentity.NewDeviceCodeCredential(&azidentity.DeviceCodeCredentialOptions{ClientOptions: co, TenantID: tenant, DisableInstanceDiscovery: noDiscovery, UserPrompt: prompt})
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
		var chain []azcore.TokenCredential
		if o.Getenv("AZURE_CLIENT_ID") != "" && (o.Getenv("AZURE_CLIENT_SECRET") != "" || o.Getenv("AZURE_CLIENT_CERTIFICATE_PATH") != "") {
			if e, err := env(); err == nil {
				chain = append(chain, e)
			}
		}
		for _, mk := range []func() (azcore.TokenCredential, error){cli, browser, device} {
			if c, err := mk(); err == nil {
				chain = append(chain, c)
			}
		}
		if len(chain) == 0 {
			return nil, errors.New("no sign-in method is available")
		}
		cred, err = azidentity.NewChainedTokenCredential(chain, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("sign-in (%s): %w", authLabel(o.Auth), err)
	}
	return newCachedCredential(cred), nil
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
