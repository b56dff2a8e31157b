package tenant

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// kvChallenge is the Key Vault authorization handler: like azkeys, the first
// request to a vault goes out without a token; the 401 challenge names the
// tenant and resource, which are then used for that host. Unless relaxed
// (custom clouds, loopback emulators), the vault host must end with the
// challenge resource's host, so a token never goes to a foreign host.
type kvChallenge struct {
	relaxed bool
	mu      sync.Mutex
	hosts   map[string]kvAuth
}

type kvAuth struct {
	scope  string
	tenant string
}

func newKVChallenge(relaxed bool) *kvChallenge {
	return &kvChallenge{relaxed: relaxed, hosts: map[string]kvAuth{}}
}

func (k *kvChallenge) options() *policy.BearerTokenOptions {
	return &policy.BearerTokenOptions{AuthorizationHandler: policy.AuthorizationHandler{
		OnRequest:   k.onRequest,
		OnChallenge: k.onChallenge,
	}}
}

func (k *kvChallenge) onRequest(req *policy.Request, authNZ func(policy.TokenRequestOptions) error) error {
	k.mu.Lock()
	a, ok := k.hosts[req.Raw().URL.Host]
	k.mu.Unlock()
	if !ok {
		return nil // unauthenticated: expect a 401 challenge
	}
	return authNZ(policy.TokenRequestOptions{Scopes: []string{a.scope}, TenantID: a.tenant})
}

func (k *kvChallenge) onChallenge(req *policy.Request, res *http.Response, authNZ func(policy.TokenRequestOptions) error) error {
	a, err := parseKVChallenge(res.Header.Get("WWW-Authenticate"))
	if err != nil {
		return err
	}
	host := req.Raw().URL.Host
	if !k.relaxed {
		ru, err := url.Parse(strings.TrimSuffix(a.scope, "/.default"))
		if err != nil || ru.Host == "" {
			return fmt.Errorf("key vault challenge: bad resource %q", a.scope)
		}
		if !strings.HasSuffix("."+hostOnly(host), "."+ru.Hostname()) {
			return fmt.Errorf("key vault challenge: resource %q does not match vault host %q", ru.Host, hostOnly(host))
		}
	}
	k.mu.Lock()
	k.hosts[host] = a
	k.mu.Unlock()
	return authNZ(policy.TokenRequestOptions{Scopes: []string{a.scope}, TenantID: a.tenant})
}

func hostOnly(hostport string) string {
	if h, _, ok := strings.Cut(hostport, ":"); ok {
		return h
	}
	return hostport
}

// parseKVChallenge reads `Bearer authorization="https://login…/{tenant}",
// resource="https://vault.azure.net"` (or scope="…/.default").
func parseKVChallenge(h string) (kvAuth, error) {
	if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(h)), "bearer ") {
		return kvAuth{}, errors.New("key vault challenge: not a Bearer challenge")
	}
	params := map[string]string{}
	for _, part := range strings.Split(strings.TrimSpace(h)[len("bearer "):], ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		params[strings.ToLower(strings.TrimSpace(k))] = strings.Trim(strings.TrimSpace(v), `"`)
	}
	var a kvAuth
	switch {
	case params["scope"] != "":
		a.scope = params["scope"]
	case params["resource"] != "":
		a.scope = strings.TrimSuffix(params["resource"], "/") + "/.default"
	default:
		return kvAuth{}, errors.New("key vault challenge: no resource or scope")
	}
	authz := params["authorization"]
	if authz == "" {
		authz = params["authorization_uri"]
	}
	if u, err := url.Parse(authz); err == nil && u.Path != "" {
		a.tenant = strings.Trim(u.Path, "/")
		if i := strings.Index(a.tenant, "/"); i >= 0 {
			a.tenant = a.tenant[:i]
		}
	}
	if a.tenant != "" && !validID(a.tenant) && !strings.Contains(a.tenant, ".") {
		return kvAuth{}, fmt.Errorf("key vault challenge: bad tenant %q", a.tenant)
	}
	return a, nil
}
