// Package tenanttest is a loopback emulator of the services se06 reads:
// Entra ID (OpenID metadata and the client-credentials token endpoint), the
// BAP admin API, ARM (enterprise policies and key vaults), the Key Vault data
// plane (with its 401 challenge), and two TLS endpoints, one that accepts
// TLS 1.1 and one that does not. Each service listens on its own 127.0.0.1
// port, each vault on its own port, all with one certificate from a CA the
// emulator makes up.
//
// Scenarios are plain data (Scenario); latency and faults (429 with
// Retry-After, 500, 403 per resource, slow and malformed answers) are part
// of it. Any write call (anything but GET, the token POST and the
// listTenantSettings POST) fails the test. Standard library only; for tests
// and benchmarks.
package tenanttest
