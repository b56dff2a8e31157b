package tenant

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/ppwaf/se06/assess"
)

// ARM API versions (wire reference §3 and §4).
const (
	policyAPIVersion       = "2020-10-30-preview"
	vaultAPIVersion        = "2023-07-01"
	subscriptionAPIVersion = "2022-12-01"
)

func armURL(endpoint, id, apiVersion string) string {
	if !strings.HasPrefix(id, "/") {
		id = "/" + id
	}
	return strings.TrimSuffix(endpoint, "/") + (&url.URL{Path: id}).EscapedPath() + "?" + url.Values{"api-version": {apiVersion}}.Encode()
}

// policyDTO is a Microsoft.PowerPlatform/enterprisePolicies resource.
type policyDTO struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Location string `json:"location"`
	Identity struct {
		SystemAssignedPrincipalID string `json:"systemAssignedIdentityPrincipalId"`
		PrincipalID               string `json:"principalId"` // the Resource Graph name; accepted too
	} `json:"identity"`
	Properties struct {
		SystemID     string `json:"systemId"`
		HealthStatus string `json:"healthStatus"`
		Encryption   *struct {
			State    string `json:"state"`
			KeyVault *struct {
				ID  string `json:"id"`
				Key *struct {
					Name    string `json:"name"`
					Version string `json:"version"`
				} `json:"key"`
			} `json:"keyVault"`
		} `json:"encryption"`
	} `json:"properties"`
}

func (d policyDTO) toPolicy(p assess.Provenance) assess.EnterprisePolicy {
	e := assess.EnterprisePolicy{
		Provenance:  p,
		ID:          d.ID,
		Name:        d.Name,
		Kind:        d.Kind,
		Location:    d.Location,
		SystemID:    d.Properties.SystemID,
		Health:      d.Properties.HealthStatus,
		PrincipalID: d.Identity.SystemAssignedPrincipalID,
	}
	if e.PrincipalID == "" {
		e.PrincipalID = d.Identity.PrincipalID
	}
	if enc := d.Properties.Encryption; enc != nil {
		e.State = enc.State
		if kv := enc.KeyVault; kv != nil {
			e.VaultID = kv.ID
			if kv.Key != nil {
				e.KeyName, e.KeyVersion = kv.Key.Name, kv.Key.Version
			}
		}
	}
	return e
}

func readPolicy(ctx context.Context, pl runtime.Pipeline, endpoint, id string) (policyDTO, error) {
	var d policyDTO
	err := call(ctx, pl, http.MethodGet, armURL(endpoint, id, policyAPIVersion), &d)
	return d, err
}

func subscriptionPoliciesURL(endpoint, sub string) string {
	return armURL(endpoint, "/subscriptions/"+sub+"/providers/Microsoft.PowerPlatform/enterprisePolicies", policyAPIVersion)
}

// vaultDTO is a Microsoft.KeyVault/vaults resource.
type vaultDTO struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Location   string `json:"location"`
	Properties struct {
		VaultURI                  string `json:"vaultUri"`
		EnableSoftDelete          *bool  `json:"enableSoftDelete"`
		SoftDeleteRetentionInDays int    `json:"softDeleteRetentionInDays"`
		EnablePurgeProtection     *bool  `json:"enablePurgeProtection"`
		EnableRbacAuthorization   *bool  `json:"enableRbacAuthorization"`
		PublicNetworkAccess       string `json:"publicNetworkAccess"`
		NetworkAcls               *struct {
			Bypass        string `json:"bypass"`
			DefaultAction string `json:"defaultAction"`
		} `json:"networkAcls"`
		PrivateEndpointConnections []json0           `json:"privateEndpointConnections"`
		AccessPolicies             []accessPolicyDTO `json:"accessPolicies"`
		SKU                        struct {
			Name string `json:"name"`
		} `json:"sku"`
	} `json:"properties"`
}

// accessPolicyDTO is one vault access policy (vaults without RBAC).
type accessPolicyDTO struct {
	ObjectID    string `json:"objectId"`
	Permissions struct {
		Keys []string `json:"keys"`
	} `json:"permissions"`
}

// json0 skips a value's content.
type json0 struct{}

func (json0) UnmarshalJSON([]byte) error { return nil }

func (d vaultDTO) toVault(v *assess.Vault) {
	pr := d.Properties
	if d.Name != "" {
		v.Name = d.Name
	}
	v.Location = d.Location
	v.URI = pr.VaultURI
	v.SKU = pr.SKU.Name
	v.SoftDelete = pr.EnableSoftDelete
	v.PurgeProtection = pr.EnablePurgeProtection != nil && *pr.EnablePurgeProtection
	v.RetentionDays = pr.SoftDeleteRetentionInDays
	v.RBAC = pr.EnableRbacAuthorization != nil && *pr.EnableRbacAuthorization
	v.PublicNetworkAccess = pr.PublicNetworkAccess
	if pr.NetworkAcls != nil {
		v.Bypass = pr.NetworkAcls.Bypass
		v.DefaultAction = pr.NetworkAcls.DefaultAction
	}
	v.PrivateEndpoints = len(pr.PrivateEndpointConnections)
}

func readVault(ctx context.Context, pl runtime.Pipeline, endpoint, id string) (vaultDTO, error) {
	var d vaultDTO
	err := call(ctx, pl, http.MethodGet, armURL(endpoint, id, vaultAPIVersion), &d)
	return d, err
}

// lastSegment returns the name at the end of an ARM ID.
func lastSegment(id string) string {
	id = strings.TrimSuffix(id, "/")
	if i := strings.LastIndex(id, "/"); i >= 0 {
		return id[i+1:]
	}
	return id
}
