package tenant

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ppwaf/se06/internal/safefile"
)

// Service is one API endpoint with the token scope that opens it.
type Service struct {
	Endpoint string `json:"endpoint,omitempty"`
	Scope    string `json:"scope,omitempty"`
}

// KeyVaultService holds the Key Vault data-plane settings. Vault URLs come
// from each vault's vaultUri; DNSSuffix only serves to guess a vault's URL
// when its ARM resource cannot be read.
type KeyVaultService struct {
	Scope     string `json:"scope,omitempty"`
	DNSSuffix string `json:"dnsSuffix,omitempty"`
}

// Cloud is the set of hosts and scopes of one Microsoft cloud.
type Cloud struct {
	Name             string          `json:"name,omitempty"`
	AuthorityHost    string          `json:"authorityHost,omitempty"`
	BAP              Service         `json:"bap"`
	PowerPlatformAPI Service         `json:"powerPlatformApi"`
	ResourceManager  Service         `json:"resourceManager"`
	KeyVault         KeyVaultService `json:"keyVault"`
	// Graph is Microsoft Graph, read for the directory roles (separation of
	// duties); it needs its own consent (RoleManagement.Read.Directory).
	Graph Service `json:"graph"`

	// custom is true when the configuration came from a file with an
	// authority that is not one of the built-in ones: instance discovery is
	// then disabled and the Key Vault challenge resource check relaxed.
	custom bool
}

// Custom reports whether the cloud uses a custom authority (a private cloud,
// a proxy or a test emulator).
func (c Cloud) Custom() bool { return c.custom }

// builtinClouds returns the built-in profiles. Values follow section 8 of the
// wire reference, with its preferred values where sources conflict.
func builtinClouds() map[string]Cloud {
	public := Cloud{
		Name:             "public",
		AuthorityHost:    "https://login.microsoftonline.com/",
		BAP:              Service{Endpoint: "https://api.bap.microsoft.com", Scope: "https://service.powerapps.com//.default"},
		PowerPlatformAPI: Service{Endpoint: "https://api.powerplatform.com", Scope: "https://api.powerplatform.com/.default"},
		ResourceManager:  Service{Endpoint: "https://management.azure.com", Scope: "https://management.azure.com/.default"},
		KeyVault:         KeyVaultService{Scope: "https://vault.azure.net/.default", DNSSuffix: "vault.azure.net"},
		Graph:            Service{Endpoint: "https://graph.microsoft.com", Scope: "https://graph.microsoft.com/.default"},
	}
	usgovARM := Service{Endpoint: "https://management.usgovcloudapi.net", Scope: "https://management.usgovcloudapi.net/.default"}
	usgovKV := KeyVaultService{Scope: "https://vault.usgovcloudapi.net/.default", DNSSuffix: "vault.usgovcloudapi.net"}
	return map[string]Cloud{
		"public": public,
		// GCC signs in against the public cloud. Which Azure cloud holds a GCC
		// tenant's key vault is unconfirmed: commercial ARM is the default and
		// --cloud-config can point resourceManager elsewhere.
		"gcc": {
			Name:             "gcc",
			AuthorityHost:    public.AuthorityHost,
			BAP:              Service{Endpoint: "https://gov.api.bap.microsoft.us", Scope: "https://gov.service.powerapps.us//.default"},
			PowerPlatformAPI: Service{Endpoint: "https://api.gov.powerplatform.microsoft.us", Scope: "https://api.gov.powerplatform.microsoft.us/.default"},
			ResourceManager:  public.ResourceManager,
			KeyVault:         public.KeyVault,
			Graph:            public.Graph,
		},
		"gcchigh": {
			Name:             "gcchigh",
			AuthorityHost:    "https://login.microsoftonline.us/",
			BAP:              Service{Endpoint: "https://high.api.bap.microsoft.us", Scope: "https://high.service.powerapps.us//.default"},
			PowerPlatformAPI: Service{Endpoint: "https://api.high.powerplatform.microsoft.us", Scope: "https://api.high.powerplatform.microsoft.us/.default"},
			ResourceManager:  usgovARM,
			KeyVault:         usgovKV,
			Graph:            Service{Endpoint: "https://graph.microsoft.us", Scope: "https://graph.microsoft.us/.default"},
		},
		"dod": {
			Name:             "dod",
			AuthorityHost:    "https://login.microsoftonline.us/",
			BAP:              Service{Endpoint: "https://api.bap.appsplatform.us", Scope: "https://service.apps.appsplatform.us/.default"},
			PowerPlatformAPI: Service{Endpoint: "https://api.appsplatform.us", Scope: "https://api.appsplatform.us/.default"},
			ResourceManager:  usgovARM,
			KeyVault:         usgovKV,
			Graph:            Service{Endpoint: "https://dod-graph.microsoft.us", Scope: "https://dod-graph.microsoft.us/.default"},
		},
		"china": {
			Name:             "china",
			AuthorityHost:    "https://login.chinacloudapi.cn/",
			BAP:              Service{Endpoint: "https://api.bap.partner.microsoftonline.cn", Scope: "https://service.powerapps.cn/.default"},
			PowerPlatformAPI: Service{Endpoint: "https://api.powerplatform.partner.microsoftonline.cn", Scope: "https://api.powerplatform.partner.microsoftonline.cn/.default"},
			ResourceManager:  Service{Endpoint: "https://management.chinacloudapi.cn", Scope: "https://management.chinacloudapi.cn/.default"},
			KeyVault:         KeyVaultService{Scope: "https://vault.azure.cn/.default", DNSSuffix: "vault.azure.cn"},
			Graph:            Service{Endpoint: "https://microsoftgraph.chinacloudapi.cn", Scope: "https://microsoftgraph.chinacloudapi.cn/.default"},
		},
	}
}

// CloudNames lists the built-in cloud profiles, sorted.
func CloudNames() []string {
	m := builtinClouds()
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LookupCloud returns a built-in cloud profile ("" means public).
func LookupCloud(name string) (Cloud, error) {
	if name == "" {
		name = "public"
	}
	c, ok := builtinClouds()[strings.ToLower(name)]
	if !ok {
		return Cloud{}, fmt.Errorf("unknown cloud %q (one of: %s)", name, strings.Join(CloudNames(), ", "))
	}
	return c, nil
}

// LoadCloudConfig reads a --cloud-config file. Fields it leaves out fall
// back to base (the public cloud unless --cloud names another profile).
// The read is capped (safefile.LimitSmallJSON) and ends when ctx does, so
// /dev/zero or a FIFO nobody writes to cannot hold the run.
func LoadCloudConfig(ctx context.Context, path string, base Cloud) (Cloud, error) {
	data, err := safefile.ReadFile(ctx, path, "cloud config", safefile.LimitSmallJSON)
	if err != nil {
		return Cloud{}, fmt.Errorf("read cloud config: %w", err)
	}
	c, err := ParseCloudConfig(data, base)
	if err != nil {
		return Cloud{}, fmt.Errorf("cloud config %s: %w", path, err)
	}
	return c, nil
}

// ParseCloudConfig parses the JSON of a cloud config over base. Decoding
// is strict: an unknown key (a typo such as "endpont") is an error with its
// line and column, never a silent fall-back to the public endpoint.
func ParseCloudConfig(data []byte, base Cloud) (Cloud, error) {
	var f Cloud
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		if key, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return Cloud{}, unknownKeyError(data, strings.Trim(key, `"`))
		}
		return Cloud{}, jsonError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := lineCol(data, dec.InputOffset())
		return Cloud{}, fmt.Errorf("not valid JSON at line %d, column %d: data after the configuration object", line, col)
	}
	c := base
	if f.Name != "" {
		c.Name = f.Name
	} else {
		c.Name = "custom"
	}
	pick := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	pick(&c.AuthorityHost, f.AuthorityHost)
	pick(&c.BAP.Endpoint, f.BAP.Endpoint)
	pick(&c.BAP.Scope, f.BAP.Scope)
	pick(&c.PowerPlatformAPI.Endpoint, f.PowerPlatformAPI.Endpoint)
	pick(&c.PowerPlatformAPI.Scope, f.PowerPlatformAPI.Scope)
	pick(&c.ResourceManager.Endpoint, f.ResourceManager.Endpoint)
	pick(&c.ResourceManager.Scope, f.ResourceManager.Scope)
	pick(&c.KeyVault.Scope, f.KeyVault.Scope)
	pick(&c.KeyVault.DNSSuffix, f.KeyVault.DNSSuffix)
	pick(&c.Graph.Endpoint, f.Graph.Endpoint)
	pick(&c.Graph.Scope, f.Graph.Scope)
	if !strings.HasSuffix(c.AuthorityHost, "/") {
		c.AuthorityHost += "/"
	}
	for name, u := range map[string]string{"authorityHost": c.AuthorityHost, "bap.endpoint": c.BAP.Endpoint, "powerPlatformApi.endpoint": c.PowerPlatformAPI.Endpoint, "resourceManager.endpoint": c.ResourceManager.Endpoint, "graph.endpoint": c.Graph.Endpoint} {
		if !strings.HasPrefix(strings.ToLower(u), "https://") {
			return Cloud{}, fmt.Errorf("%s %q must be an https URL", name, u)
		}
	}
	c.custom = !knownAuthority(c.AuthorityHost)
	if c.custom && f.KeyVault.DNSSuffix == "" {
		// never guess a public vault host for a private cloud or an emulator
		c.KeyVault.DNSSuffix = ""
	}
	return c, nil
}

func knownAuthority(host string) bool {
	for _, c := range builtinClouds() {
		if strings.EqualFold(strings.TrimSuffix(c.AuthorityHost, "/"), strings.TrimSuffix(host, "/")) {
			return true
		}
	}
	return false
}

// jsonError names the line and column of a JSON syntax or type error.
func jsonError(data []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return fmt.Errorf("not valid JSON: %w", err)
	}
	// Offset counts the bytes read, the offending one included: the
	// position named is that byte's.
	line, col := lineCol(data, max(off-1, 0))
	return fmt.Errorf("not valid JSON at line %d, column %d: %w", line, col, err)
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	return bytes.Count(before, []byte("\n")) + 1, int(off) - bytes.LastIndexByte(before, '\n')
}

// unknownKeyError names an unknown key, where it is, and the keys allowed.
func unknownKeyError(data []byte, key string) error {
	where := ""
	if i := bytes.Index(data, []byte(`"`+key+`"`)); i >= 0 {
		line, col := lineCol(data, int64(i))
		where = fmt.Sprintf(" at line %d, column %d", line, col)
	}
	return fmt.Errorf("unknown key %q%s (allowed: name, authorityHost, bap, powerPlatformApi, resourceManager, keyVault, graph; in bap, powerPlatformApi, resourceManager and graph: endpoint, scope; in keyVault: scope, dnsSuffix)", key, where)
}
