package tenant

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

const moduleName = "se06"

// clientOptions are the azcore options shared by the credential and every
// pipeline: transport, retries on 429 (Retry-After) and 5xx, a per-try
// timeout, and the debug log.
func clientOptions(o Options, hc *http.Client, perRetry ...policy.Policy) azcore.ClientOptions {
	return azcore.ClientOptions{
		Transport: hc,
		Retry: policy.RetryOptions{
			MaxRetries:    int32(o.MaxRetries),
			TryTimeout:    o.Timeout,
			RetryDelay:    o.RetryDelay,
			MaxRetryDelay: 60 * time.Second,
			StatusCodes:   []int{http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout},
		},
		Telemetry:        policy.TelemetryOptions{ApplicationID: moduleName},
		PerRetryPolicies: perRetry,
	}
}

// newPipeline builds the azcore pipeline for one API: bearer token (or the
// Key Vault challenge handler), the per-host limiter and the debug log run
// on every try; a host found unreachable fails the later calls at once.
func newPipeline(co azcore.ClientOptions, cred azcore.TokenCredential, scope string, bearer *policy.BearerTokenOptions, guard hostGuard, limit *hostLimiter, down *unreachableHosts, debug policy.Policy) runtime.Pipeline {
	perRetry := []policy.Policy{runtime.NewBearerTokenPolicy(cred, []string{scope}, bearer), limit}
	if debug != nil {
		perRetry = append(perRetry, debug)
	}
	co.PerRetryPolicies = nil
	return runtime.NewPipeline(moduleName, "", runtime.PipelineOptions{PerCall: []policy.Policy{guard, down}, PerRetry: perRetry}, &co)
}

func tlsConfigWithRoots(roots *x509.CertPool) *tls.Config {
	return &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
}
