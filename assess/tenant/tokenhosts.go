package tenant

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// Where tokens may go. A cloud config file shared by someone else must not
// be able to send a Microsoft token (or the client secret) to a host of its
// choosing: a known audience may only go to the hosts the chosen cloud
// (--cloud) gives it, the authority must be a known one, and any other host
// has to be named on the command line (--allow-host). Audiences no built-in
// cloud uses (a private cloud's own) go to their configured host.

// TokenRoute says which host receives tokens of which audience.
type TokenRoute struct {
	Service  string // bap, powerPlatformApi, resourceManager, keyVault, graph, authority
	Host     string // a host, or "*.vault.azure.net" for Key Vault
	Audience string // "" for the authority (it receives the sign-in itself)
	Allowed  string // "known host", "--allow-host", "private audience"
}

// TokenRoutes checks the options' cloud and says where each audience goes.
// It fails, naming the setting, when a token would reach a host that is
// neither known for it nor allowed with --allow-host.
func TokenRoutes(ctx context.Context, o Options) ([]TokenRoute, error) {
	n, err := o.normalized()
	if err != nil {
		return nil, err
	}
	c, err := n.resolveCloud(ctx)
	if err != nil {
		return nil, err
	}
	base, err := LookupCloud(n.Cloud)
	if err != nil {
		return nil, err
	}
	return tokenRoutes(c, base, n.AllowHosts)
}

func tokenRoutes(c, base Cloud, allow []string) ([]TokenRoute, error) {
	var routes []TokenRoute
	auth := hostOf(c.AuthorityHost)
	switch {
	case knownAuthority(c.AuthorityHost):
		routes = append(routes, TokenRoute{Service: "authority", Host: auth, Allowed: "known host"})
	case hostAllowed(auth, allow):
		routes = append(routes, TokenRoute{Service: "authority", Host: auth, Allowed: "--allow-host"})
	default:
		return nil, fmt.Errorf("authorityHost %s is not a Microsoft sign-in host: it would receive the sign-in (and a client secret); name it with --allow-host %s if you trust it", auth, hostname(auth))
	}
	for _, s := range []struct {
		name string
		svc  Service
	}{{"bap", c.BAP}, {"resourceManager", c.ResourceManager}, {"graph", c.Graph}} {
		host, aud := hostOf(s.svc.Endpoint), audienceOf(s.svc.Scope)
		r := TokenRoute{Service: s.name, Host: host, Audience: aud}
		known := knownHosts(base, aud)
		switch {
		case !knownAudience(aud):
			r.Allowed = "private audience"
		case containsFold(known, host):
			r.Allowed = "known host"
		case hostAllowed(host, allow):
			r.Allowed = "--allow-host"
		default:
			return nil, fmt.Errorf("%s.endpoint %s would receive tokens for %s, whose hosts in the %s cloud are %s; name it with --allow-host %s if you trust it",
				s.name, host, aud, base.Name, orNone(known), hostname(host))
		}
		routes = append(routes, r)
	}
	kv := TokenRoute{Service: "keyVault", Audience: audienceOf(c.KeyVault.Scope)}
	switch {
	case !knownAudience(kv.Audience):
		kv.Host, kv.Allowed = "each vault's host", "private audience"
	case base.KeyVault.DNSSuffix != "":
		kv.Host, kv.Allowed = "*."+base.KeyVault.DNSSuffix, "known host"
	}
	if len(allow) > 0 && kv.Allowed != "private audience" {
		kv.Host = strings.TrimPrefix(kv.Host+", "+strings.Join(allow, ", "), ", ")
		if kv.Allowed == "" {
			kv.Allowed = "--allow-host"
		}
	}
	if kv.Host != "" {
		routes = append(routes, kv)
	}
	return routes, nil
}

// vaultHostAllowed is the Key Vault rule for one vault host.
func vaultHostAllowed(c, base Cloud, allow []string, host string) bool {
	if !knownAudience(audienceOf(c.KeyVault.Scope)) || hostAllowed(host, allow) {
		return true
	}
	suffix := base.KeyVault.DNSSuffix
	return suffix != "" && strings.HasSuffix(strings.ToLower(hostname(host)), "."+strings.ToLower(suffix))
}

// knownAudience reports an audience of any built-in cloud's services.
func knownAudience(aud string) bool {
	for _, c := range builtinClouds() {
		for _, s := range []string{c.BAP.Scope, c.PowerPlatformAPI.Scope, c.ResourceManager.Scope, c.KeyVault.Scope, c.Graph.Scope} {
			if sameAudience(audienceOf(s), aud) {
				return true
			}
		}
	}
	return false
}

// knownHosts lists the hosts of base that use audience aud.
func knownHosts(base Cloud, aud string) []string {
	var hosts []string
	for _, s := range []Service{base.BAP, base.PowerPlatformAPI, base.ResourceManager, base.Graph} {
		if sameAudience(audienceOf(s.Scope), aud) {
			hosts = append(hosts, hostOf(s.Endpoint))
		}
	}
	sort.Strings(hosts)
	return hosts
}

// audienceOf turns a scope into its audience
// ("https://service.powerapps.com//.default" → "https://service.powerapps.com/").
func audienceOf(scope string) string {
	a := strings.TrimSuffix(strings.TrimSpace(scope), "/.default")
	if a != "" && !strings.HasSuffix(a, "/") {
		a += "/"
	}
	return a
}

func sameAudience(a, b string) bool {
	return a != "" && strings.EqualFold(strings.TrimRight(a, "/"), strings.TrimRight(b, "/"))
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Host)
}

// hostname drops the port.
func hostname(host string) string {
	u := url.URL{Host: host}
	return u.Hostname()
}

// hostAllowed: an --allow-host entry names a host (any port) or host:port.
func hostAllowed(host string, allow []string) bool {
	for _, a := range allow {
		a = strings.ToLower(strings.TrimSpace(a))
		if a != "" && (a == strings.ToLower(host) || a == strings.ToLower(hostname(host))) {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

func orNone(hosts []string) string {
	if len(hosts) == 0 {
		return "none"
	}
	return strings.Join(hosts, ", ")
}

// hostGuard is a pipeline policy that refuses, before a token is attached,
// any request to a host the pipeline's tokens may not go to.
type hostGuard func(host string) bool

// Do implements policy.Policy.
func (g hostGuard) Do(req *policy.Request) (*http.Response, error) {
	if host := req.Raw().URL.Host; !g(host) {
		return nil, fmt.Errorf("refusing to send a token to %s: not a host of this service (name it with --allow-host if you trust it)", host)
	}
	return req.Next()
}
