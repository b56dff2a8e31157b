package tenant

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// session holds what one run shares: the cloud, the credential and one azcore
// pipeline per API.
type session struct {
	opts  Options
	cloud Cloud
	cred  *cachedCredential
	bap   runtime.Pipeline
	arm   runtime.Pipeline
	kv    runtime.Pipeline
	graph runtime.Pipeline
	limit *hostLimiter
	kvc   *kvChallenge
	hc    *http.Client
	// identity and tenant as read from the first token's claims.
	identity string
	tenantID string
}

func newSession(ctx context.Context, opts Options) (*session, error) {
	o, err := opts.normalized()
	if err != nil {
		return nil, err
	}
	c, err := o.resolveCloud(ctx)
	if err != nil {
		return nil, err
	}
	s := &session{opts: o, cloud: c, limit: newHostLimiter(o.Concurrency), hc: o.httpClient()}
	var debug policy.Policy
	if d := newDebugLog(o.Debug); d != nil {
		debug = d
	}
	credPolicies := []policy.Policy{failFast{}}
	if debug != nil {
		credPolicies = append(credPolicies, debug)
	}
	co := clientOptions(o, s.hc, credPolicies...)
	cred, err := newCredential(o, c, co)
	if err != nil {
		return nil, err
	}
	s.cred = cred.(*cachedCredential)
	down := newUnreachableHosts()
	base, err := LookupCloud(o.Cloud)
	if err != nil {
		return nil, err
	}
	only := func(endpoint string) hostGuard {
		want := hostOf(endpoint)
		return func(host string) bool { return strings.EqualFold(host, want) }
	}
	s.bap = newPipeline(co, s.cred, c.BAP.Scope, nil, only(c.BAP.Endpoint), s.limit, down, debug)
	s.arm = newPipeline(co, s.cred, c.ResourceManager.Scope, nil, only(c.ResourceManager.Endpoint), s.limit, down, debug)
	s.graph = newPipeline(co, s.cred, c.Graph.Scope, nil, only(c.Graph.Endpoint), s.limit, down, debug)
	s.kvc = newKVChallenge(c.Custom(), c.KeyVault.Scope)
	s.kv = newPipeline(co, s.cred, c.KeyVault.Scope, s.kvc.options(), func(host string) bool { return vaultHostAllowed(c, base, o.AllowHosts, host) }, s.limit, down, debug)
	return s, nil
}

// signIn gets the first token (the one that may prompt) and reads who
// signed in from it. The token itself is not kept.
func (s *session) signIn(ctx context.Context) error {
	tok, err := tokenFor(ctx, s.cred, s.cloud.BAP.Scope, s.opts.TenantID)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("sign in: %w", ctx.Err())
		}
		return newSignInError(s.opts.Auth, err)
	}
	s.identity, s.tenantID = tokenIdentity(tok.Token)
	if s.identity == "" {
		if id := s.opts.Getenv("AZURE_CLIENT_ID"); id != "" && (s.opts.Auth == AuthEnv || s.opts.Auth == AuthDefault) {
			s.identity = "app " + id
		}
	}
	if s.tenantID == "" {
		s.tenantID = s.opts.TenantID
	}
	s.cred.setHome(s.tenantID)
	return nil
}

// guessVaultURI builds https://{name}.{suffix}/ for a vault whose ARM
// resource could not be read.
func (s *session) guessVaultURI(vaultID string) string {
	name := lastSegment(vaultID)
	if name == "" || s.cloud.KeyVault.DNSSuffix == "" || strings.ContainsAny(name, "./:") {
		return ""
	}
	return "https://" + name + "." + s.cloud.KeyVault.DNSSuffix + "/"
}
