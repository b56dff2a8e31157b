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

// kvChallenge is the Key Vault authorization handler. Like azkeys, a request
// to a vault not yet known goes out without a token; the 401 challenge names
// the tenant and resource, which are then used for that host. Unless relaxed
// (custom clouds, loopback emulators), the vault host must end with the
// challenge resource's host, so a token never goes to a foreign host.
//
// To save that round trip, a vault whose URL ARM returned (trust) gets the
// cloud's Key Vault token straight away when its host is in the cloud's
// vault domain (or, relaxed, always); a 401 challenge still corrects it.
type kvChallenge struct {
	relaxed      bool
	defaultScope string
	mu           sync.Mutex
	hosts        map[string]kvAuth
	trusted      map[string]bool
}

type kvAuth struct {
	scope  string
	tenant string
}

func newKVChallenge(relaxed bool, defaultScope string) *kvChallenge {
	return &kvChallenge{relaxed: relaxed, defaultScope: defaultScope, hosts: map[string]kvAuth{}, trusted: map[string]bool{}}
}

// trust marks a vault URL read from ARM as one that may get a token before
// its challenge.
func (k *kvChallenge) trust(vaultURI string) {
	u, err := url.Parse(vaultURI)
	if err != nil || u.Host == "" || k.defaultScope == "" {
		return
	}
	if !k.relaxed && k.checkResource(u.Host, k.defaultScope) != nil {
		return
	}
	k.mu.Lock()
	k.trusted[u.Host] = true
	k.mu.Unlock()
}

// checkResource verifies that host is in the domain of the scope's resource.
func (k *kvChallenge) checkResource(host, scope string) error {
	ru, err := url.Parse(strings.TrimSuffix(scope, "/.default"))
	if err != nil || ru.Host == "" {
		return fmt.Errorf("key vault challenge: bad resource %q", scope)
	}
	if !strings.HasSuffix("."+hostOnly(host), "."+ru.Hostname()) {
		return fmt.Errorf("key vault challenge: resource %q does not match vault host %q", ru.Host, hostOnly(host))
	}
	return nil
}

func (k *kvChallenge) options() *policy.BearerTokenOptions {
	return &policy.BearerTokenOptions{AuthorizationHandler: policy.AuthorizationHandler{
		OnRequest:   k.onRequest,
		OnChallenge: k.onChallenge,
	}}
}

func (k *kvChallenge) onRequest(req *policy.Request, authNZ func(policy.TokenRequestOptions) error) error {
	k.mu.Lock()
	host := req.Raw().URL.Host
	a, ok := k.hosts[host]
	if !ok && k.trusted[host] {
		a, ok = kvAuth{scope: k.defaultScope}, true
	}
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
		if err := k.checkResource(host, a.scope); err != nil {
			return err
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
