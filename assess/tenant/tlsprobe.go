package tenant

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/ppwaf/se06/assess"
)

const tlsSource = "TLS handshakes: TLS 1.0–1.1 (must be refused), TLS 1.2+ (must succeed)"

// probeHost returns "host:port" of a Dataverse URL (port 443 by default).
func probeHost(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	if u.Port() == "" {
		return net.JoinHostPort(u.Hostname(), "443")
	}
	return u.Host
}

// probeTLS makes two handshakes with hostport and sends nothing else: one
// capped at TLS 1.1, which must be refused, and one at TLS 1.2 or later,
// which must succeed (its version and cipher suite are recorded).
func probeTLS(ctx context.Context, hostport string, roots *x509.CertPool, timeout time.Duration, now func() time.Time) *assess.TLSProbe {
	host, _, _ := net.SplitHostPort(hostport)
	p := &assess.TLSProbe{Host: hostport}
	dial := func(cfg *tls.Config) (tls.ConnectionState, error) {
		d := tls.Dialer{NetDialer: &net.Dialer{Timeout: timeout}, Config: cfg}
		cctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		c, err := d.DialContext(cctx, "tcp", hostport)
		if err != nil {
			return tls.ConnectionState{}, err
		}
		defer c.Close()
		return c.(*tls.Conn).ConnectionState(), nil
	}
	// The legacy probe checks only which versions the server accepts, so it
	// does not verify the certificate (a failed verification would otherwise
	// look like a refusal).
	legacy, legacyErr := dial(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11, InsecureSkipVerify: true}) //nolint:gosec // version probe only, no data sent
	st, modernErr := dial(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12, RootCAs: roots})
	at := now()
	if modernErr == nil {
		p.ModernOK = true
		p.Version = tls.VersionName(st.Version)
		p.CipherSuite = tls.CipherSuiteName(st.CipherSuite)
	}
	switch {
	case legacyErr == nil:
		p.LegacyRefused = false
		p.LegacyVersion = tls.VersionName(legacy.Version)
	case dialFailed(legacyErr) && modernErr != nil:
		// neither handshake reached the server: nothing is known
		p.Provenance = assess.Provenance{Source: tlsSource, At: at.UTC(), Status: assess.StatusError, Reason: "host unreachable: " + oneLine(modernErr.Error(), 200)}
		return p
	default:
		p.LegacyRefused = true
		p.LegacyError = legacyReason(legacyErr)
	}
	p.Provenance = assess.Provenance{Source: tlsSource, At: at.UTC(), Status: assess.StatusOK}
	if modernErr != nil {
		p.Provenance.Reason = "TLS 1.2+ handshake failed: " + oneLine(modernErr.Error(), 200)
	}
	return p
}

// dialFailed reports an error from before the TLS handshake (DNS, TCP).
func dialFailed(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, context.DeadlineExceeded)
}

// legacyReason shortens a refusal to its cause, e.g. "protocol version not supported".
func legacyReason(err error) string {
	s := err.Error()
	if i := strings.Index(s, "tls: "); i >= 0 {
		return s[i+len("tls: "):]
	}
	if strings.Contains(s, "reset") {
		return "connection reset"
	}
	if strings.Contains(s, "EOF") {
		return "connection closed"
	}
	return oneLine(s, 120)
}
