package tenant

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ppwaf/se06/assess"
)

// The TLS probe (ARCHITECTURE: two handshakes per Dataverse host, nothing
// else sent): TLS 1.0/1.1 must be refused, TLS 1.2+ must succeed; a host
// that cannot be reached at all gives no verdict.

func TestMut2TLSHelpers(t *testing.T) {
	for in, want := range map[string]string{
		"https://org.crm4.dynamics.com/":      "org.crm4.dynamics.com:443",
		"https://org.crm4.dynamics.com:8443/": "org.crm4.dynamics.com:8443",
		"https://[::1]/":                      "[::1]:443",
		"":                                    "",
		"/relative":                           "",
		"::bad":                               "",
	} {
		if got := probeHost(in); got != want {
			t.Errorf("probeHost(%q) = %q, want %q", in, got, want)
		}
	}
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("refused")}, true},
		{fmt.Errorf("x: %w", &net.DNSError{Err: "no such host", Name: "h"}), true},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), true},
		{&net.OpError{Op: "read", Net: "tcp", Err: errors.New("reset")}, false},
		{errors.New("remote error: tls: protocol version not supported"), false},
	} {
		if got := dialFailed(c.err); got != c.want {
			t.Errorf("dialFailed(%v) = %v, want %v", c.err, got, c.want)
		}
	}
	for in, want := range map[string]string{
		"remote error: tls: protocol version not supported": "protocol version not supported",
		"tls: no supported versions":                        "no supported versions",
		"read tcp 1.2.3.4:5: connection reset by peer":      "connection reset",
		"unexpected EOF":             "connection closed",
		"something   else\nentirely": "something else entirely",
	} {
		if got := legacyReason(errors.New(in)); got != want {
			t.Errorf("legacyReason(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMut2ProbeTLSOutcomes(t *testing.T) {
	at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.FixedZone("x", 7200))
	now := func() time.Time { return at }
	srv := httptest.NewTLSServer(http.NotFoundHandler()) // Go's server refuses TLS 1.0/1.1
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "https://")
	pool := srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs

	p := probeTLS(context.Background(), host, pool, 5*time.Second, now)
	if !p.ModernOK || !p.LegacyRefused || p.LegacyVersion != "" || !strings.HasPrefix(p.Version, "TLS 1.") || p.CipherSuite == "" ||
		p.LegacyError == "" || p.Provenance != (assess.Provenance{Source: tlsSource, At: at.UTC(), Status: assess.StatusOK}) {
		t.Errorf("modern server: %+v", p)
	}
	// the certificate not trusted: the modern handshake failed, the legacy one was still refused
	p = probeTLS(context.Background(), host, nil, 5*time.Second, now)
	if p.ModernOK || !p.LegacyRefused || p.Version != "" || p.Provenance.Status != assess.StatusOK ||
		!strings.HasPrefix(p.Provenance.Reason, "TLS 1.2+ handshake failed: ") {
		t.Errorf("untrusted certificate: %+v", p)
	}
	// nothing listening: no verdict
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	p = probeTLS(context.Background(), closed, pool, 5*time.Second, now)
	if p.Provenance.Status != assess.StatusError || !strings.HasPrefix(p.Provenance.Reason, "host unreachable: ") || p.LegacyRefused || p.ModernOK || p.Host != closed {
		t.Errorf("closed port: %+v", p)
	}
}
