package tenant

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/ppwaf/se06/assess"
)

// Key logging and separation of duties (wire reference §11): each CMK
// vault's diagnostic settings and role assignments through ARM, and the
// holders of the environment administrator roles through Microsoft Graph.
// All reads are GETs.

const (
	diagAPIVersion = "2021-05-01-preview"
	rbacAPIVersion = "2022-04-01"

	roleDiag  = "needs Reader on the key vault (Microsoft.Insights/diagnosticSettings/read)"
	roleRBAC  = "needs Reader on the key vault and its subscription (Microsoft.Authorization/roleAssignments/read)"
	roleGraph = "needs the Microsoft Graph application permission RoleManagement.Read.Directory (and GroupMember.Read.All to expand groups)"
)

// Directory roles that administer every environment (Entra role template IDs).
func platformRoles() []struct{ id, name string } {
	return []struct{ id, name string }{
		{"62e90394-69f5-4237-9190-012177145e10", "Global Administrator"},
		{"11648597-926c-4cf3-9c36-bcebb0ba8dcc", "Power Platform Administrator"},
		{"44367163-eba1-44c3-98af-f5787879f96a", "Dynamics 365 Administrator"},
	}
}

// keyPowerRole names the built-in Azure roles that can manage or purge a
// key, delete the vault, or grant themselves that; "" for others (the
// policy identity's Crypto Service Encryption User, Reader, Crypto User…).
func keyPowerRole(guid string) string {
	switch strings.ToLower(guid) {
	case "8e3af657-a8ff-443c-a75c-2fe8c4bcb635":
		return "Owner"
	case "b24988ac-6180-42a0-ab88-20f7382dd24c":
		return "Contributor"
	case "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9":
		return "User Access Administrator"
	case "00482a5a-887f-4fb3-b363-3b7fe8e74483":
		return "Key Vault Administrator"
	case "14b46e9e-c2b7-41b4-b07b-48a6ebf60603":
		return "Key Vault Crypto Officer"
	}
	return ""
}

// builtinHarmless lists built-in roles known to hold no key power, so
// they need no role definition read.
func builtinHarmless(guid string) bool {
	switch strings.ToLower(guid) {
	case "e147488a-f6f5-4113-8e2d-b22465e65bf6", "12338af0-0e69-4776-bea7-57ae8d297424", "21090545-7ca7-4776-b22c-e363652d74d2", "acdd72a7-3385-48ef-bd42-f606fba81ae7":
		return true
	}
	return false
}

// powerActions are the operations that give power over a key: manage or
// purge it, delete or rewrite the vault, or assign roles.
func powerActions() []string {
	return []string{
		"Microsoft.KeyVault/vaults/delete", "Microsoft.KeyVault/vaults/write", "Microsoft.KeyVault/vaults/accessPolicies/write",
		"Microsoft.KeyVault/locations/deletedVaults/purge/action", "Microsoft.Authorization/roleAssignments/write",
		"Microsoft.KeyVault/vaults/keys/delete", "Microsoft.KeyVault/vaults/keys/purge/action", "Microsoft.KeyVault/vaults/keys/update/action",
		"Microsoft.KeyVault/vaults/keys/rotate/action", "Microsoft.KeyVault/vaults/keys/setRotationPolicy/action",
	}
}

// grants reports whether an action pattern (with * wildcards) covers op.
func grants(pattern, op string) bool {
	pattern, op = strings.ToLower(pattern), strings.ToLower(op)
	if !strings.Contains(pattern, "*") {
		return pattern == op
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(op, parts[0]) {
		return false
	}
	rest := op[len(parts[0]):]
	for _, p := range parts[1:] {
		i := strings.Index(rest, p)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	return strings.HasSuffix(pattern, "*") || rest == ""
}

// keyPowerKeyPermissions are the access-policy key permissions that let a
// principal manage or destroy a key.
func keyPowerKeyPermissions() []string {
	return []string{"all", "delete", "purge", "update", "create", "import", "recover", "restore", "rotate", "setrotationpolicy"}
}

type roleAssignmentDTO struct {
	Properties struct {
		RoleDefinitionID string `json:"roleDefinitionId"`
		PrincipalID      string `json:"principalId"`
		PrincipalType    string `json:"principalType"`
		Scope            string `json:"scope"`
	} `json:"properties"`
}

type roleDefinitionDTO struct {
	Properties struct {
		RoleName    string `json:"roleName"`
		Permissions []struct {
			Actions        []string `json:"actions"`
			NotActions     []string `json:"notActions"`
			DataActions    []string `json:"dataActions"`
			NotDataActions []string `json:"notDataActions"`
		} `json:"permissions"`
	} `json:"properties"`
}

// power reports whether a custom role grants an operation of powerActions
// (not taken back by a notAction).
func (d roleDefinitionDTO) power() bool {
	for _, p := range d.Properties.Permissions {
		for _, op := range powerActions() {
			allowed, denied := false, false
			for _, a := range append(append([]string(nil), p.Actions...), p.DataActions...) {
				allowed = allowed || grants(a, op)
			}
			for _, a := range append(append([]string(nil), p.NotActions...), p.NotDataActions...) {
				denied = denied || grants(a, op)
			}
			if allowed && !denied {
				return true
			}
		}
	}
	return false
}

type diagSettingDTO struct {
	Properties struct {
		WorkspaceID                 string `json:"workspaceId"`
		StorageAccountID            string `json:"storageAccountId"`
		EventHubAuthorizationRuleID string `json:"eventHubAuthorizationRuleId"`
		MarketplacePartnerID        string `json:"marketplacePartnerId"`
		Logs                        []struct {
			Category      *string `json:"category"`
			CategoryGroup *string `json:"categoryGroup"`
			Enabled       bool    `json:"enabled"`
		} `json:"logs"`
	} `json:"properties"`
}

// auditDestinations returns where the setting sends AuditEvent, or nil.
func (d diagSettingDTO) auditDestinations() []string {
	covers := false
	for _, l := range d.Properties.Logs {
		if !l.Enabled {
			continue
		}
		if l.Category != nil && strings.EqualFold(*l.Category, "AuditEvent") ||
			l.CategoryGroup != nil && (strings.EqualFold(*l.CategoryGroup, "audit") || strings.EqualFold(*l.CategoryGroup, "allLogs")) {
			covers = true
		}
	}
	if !covers {
		return nil
	}
	var out []string
	pr := d.Properties
	for _, x := range []struct{ id, name string }{{pr.WorkspaceID, "Log Analytics workspace"}, {pr.StorageAccountID, "storage account"}, {pr.EventHubAuthorizationRuleID, "event hub"}, {pr.MarketplacePartnerID, "partner solution"}} {
		if x.id != "" {
			out = append(out, x.name)
		}
	}
	return out
}

// directoryMember is a Graph directoryObject.
type directoryMember struct {
	Type string `json:"@odata.type"`
	ID   string `json:"id"`
	Name string `json:"displayName"`
}

func (m directoryMember) kind() string {
	t := strings.TrimPrefix(m.Type, "#microsoft.graph.")
	switch strings.ToLower(t) {
	case "user":
		return "User"
	case "group":
		return "Group"
	case "serviceprincipal":
		return "ServicePrincipal"
	}
	return t
}

// access is the state of the key-access reads of one run.
type access struct {
	mu        sync.Mutex
	logging   []assess.VaultLogging
	keyProv   assess.Provenance // worst of the role reads
	dirProv   assess.Provenance
	keyAdmins map[string]*assess.Principal
	platform  map[string]*assess.Principal
	roleSubs  map[string]*onceList[roleAssignmentDTO]
	defs      map[string]*onceValue[roleDefinitionDTO]
	groups    map[string]*onceList[directoryMember]
	names     map[string]*onceValue[directoryMember]
	vaultSubs map[string]*onceList[vaultDTO]
	vaultIdx  map[*onceList[vaultDTO]]map[string]int
	dirOnce   sync.Once
	touched   bool
}

func newAccess() *access {
	return &access{keyAdmins: map[string]*assess.Principal{}, platform: map[string]*assess.Principal{},
		roleSubs: map[string]*onceList[roleAssignmentDTO]{}, defs: map[string]*onceValue[roleDefinitionDTO]{}, groups: map[string]*onceList[directoryMember]{}, names: map[string]*onceValue[directoryMember]{},
		vaultSubs: map[string]*onceList[vaultDTO]{}, vaultIdx: map[*onceList[vaultDTO]]map[string]int{}}
}

// onceList is a list read once and shared by everyone who needs it.
type onceList[T any] struct {
	done  chan struct{}
	items []T
	err   error
}

type onceValue[T any] struct {
	done chan struct{}
	v    T
	err  error
}

// sharedList starts (once per key) a paged read, and returns it.
func sharedList[T any](r *run, m map[string]*onceList[T], key string, ctx context.Context, pl runtime.Pipeline, rawURL string) *onceList[T] {
	r.acc.mu.Lock()
	l, ok := m[key]
	if !ok {
		l = &onceList[T]{done: make(chan struct{})}
		m[key] = l
	}
	r.acc.mu.Unlock()
	if !ok {
		r.wg.Go(func() {
			l.err = listPages(ctx, pl, rawURL, func(items []T) error { l.items = append(l.items, items...); return nil })
			close(l.done)
		})
	}
	return l
}

func wait(ctx context.Context, done chan struct{}) error {
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// startVaultAccess reads a vault's diagnostic settings and who holds power
// over its keys, once the vault itself was read.
func (r *run) startVaultAccess(ctx context.Context, v assess.Vault, policies []accessPolicyDTO) {
	r.acc.mu.Lock()
	r.acc.touched = true
	r.acc.mu.Unlock()
	r.startDirectory(ctx)
	arm := r.s.cloud.ResourceManager.Endpoint
	src := "ARM GET diagnosticSettings (" + diagAPIVersion + ")"
	r.begin(CheckKeyLogging, src, v.Name)
	r.wg.Go(func() {
		var pg page[diagSettingDTO]
		err := call(ctx, r.s.arm, http.MethodGet, armURL(arm, v.ID+"/providers/Microsoft.Insights/diagnosticSettings", diagAPIVersion), &pg)
		l := assess.VaultLogging{Provenance: provenance(src, r.now(), err, roleDiag), VaultID: v.ID}
		if err == nil {
			l.Settings = len(pg.Value)
			seen := map[string]bool{}
			for _, d := range pg.Value {
				for _, dest := range d.auditDestinations() {
					l.AuditLogged = true
					if !seen[dest] {
						seen[dest] = true
						l.Destinations = append(l.Destinations, dest)
					}
				}
			}
		}
		r.acc.mu.Lock()
		r.acc.logging = append(r.acc.logging, l)
		r.acc.mu.Unlock()
		r.finish(CheckKeyLogging, v.Name, l.Provenance)
	})

	// access policies (vaults without RBAC) grant key rights directly
	for _, ap := range policies {
		var rights []string
		for _, k := range ap.Permissions.Keys {
			for _, p := range keyPowerKeyPermissions() {
				if strings.EqualFold(k, p) {
					rights = append(rights, strings.ToLower(k))
				}
			}
		}
		if len(rights) > 0 && ap.ObjectID != "" {
			r.keyAdmin(ap.ObjectID, "", "", "access policy on "+v.Name+" (keys: "+strings.Join(rights, ", ")+")")
		}
	}

	rsrc := "ARM GET roleAssignments (" + rbacAPIVersion + ")"
	r.begin(CheckKeyRoles, rsrc, v.Name)
	r.wg.Go(func() {
		items, from, err := r.roleAssignmentsFor(ctx, v.ID)
		p := provenance(from, r.now(), err, roleRBAC)
		// the preflight table wants the list's answer, not the judging
		// (custom roles, groups) that follows
		r.first.outcome(CheckKeyRoles, v.Name, p)
		if err == nil {
			for _, a := range items {
				r.judgeAssignment(ctx, v, a)
			}
		}
		r.acc.mu.Lock()
		if statusRank(p.Status) > statusRank(r.acc.keyProv.Status) || r.acc.keyProv.Status == "" {
			r.acc.keyProv = p
		}
		r.acc.mu.Unlock()
		r.finish(CheckKeyRoles, v.Name, p)
	})
}

// roleAssignmentsFor returns the role assignments that apply to a vault:
// from its subscription's list (one read per subscription: at, above and
// below it), or, if that is refused, the vault's own atScope() list.
func (r *run) roleAssignmentsFor(ctx context.Context, vaultID string) ([]roleAssignmentDTO, string, error) {
	arm := r.s.cloud.ResourceManager.Endpoint
	if sub := subscriptionOf(vaultID); sub != "" {
		l := sharedList(r, r.acc.roleSubs, sub, ctx, r.s.arm, armURL(arm, "/subscriptions/"+sub+"/providers/Microsoft.Authorization/roleAssignments", rbacAPIVersion))
		if err := wait(ctx, l.done); err != nil {
			return nil, "", err
		}
		if l.err == nil {
			var out []roleAssignmentDTO
			for _, a := range l.items {
				if appliesTo(a.Properties.Scope, vaultID) {
					out = append(out, a)
				}
			}
			return out, "ARM GET subscription roleAssignments (" + rbacAPIVersion + ")", nil
		}
	}
	var out []roleAssignmentDTO
	u := armURL(arm, vaultID+"/providers/Microsoft.Authorization/roleAssignments", rbacAPIVersion) + "&" + url.Values{"$filter": {"atScope()"}}.Encode()
	err := listPages(ctx, r.s.arm, u, func(items []roleAssignmentDTO) error { out = append(out, items...); return nil })
	return out, "ARM GET vault roleAssignments atScope() (" + rbacAPIVersion + ")", err
}

// appliesTo reports whether an assignment at scope reaches resource id:
// the root, a management group, or an ARM prefix of id.
func appliesTo(scope, id string) bool {
	s := strings.ToLower(strings.TrimSuffix(scope, "/"))
	id = strings.ToLower(id)
	return s == "" || strings.HasPrefix(s, "/providers/microsoft.management/managementgroups/") || id == s || strings.HasPrefix(id, s+"/")
}

// scopeLevel says where an assignment sits relative to the vault.
func scopeLevel(scope, vaultID string) string {
	s := strings.ToLower(strings.TrimSuffix(scope, "/"))
	switch {
	case s == strings.ToLower(vaultID):
		return "the vault"
	case s == "" || s == "/":
		return "the root"
	case strings.Contains(s, "/managementgroups/"):
		return "management group " + lastSegment(scope)
	case strings.Contains(s, "/resourcegroups/"):
		return "resource group " + lastSegment(scope)
	}
	return "subscription " + lastSegment(scope)
}

// judgeAssignment records the principal when the role gives key power.
func (r *run) judgeAssignment(ctx context.Context, v assess.Vault, a roleAssignmentDTO) {
	guid := lastSegment(a.Properties.RoleDefinitionID)
	name := keyPowerRole(guid)
	if name == "" && !builtinHarmless(guid) {
		d, err := r.roleDefinition(ctx, a.Properties.RoleDefinitionID)
		if err != nil || !d.power() {
			return // an unreadable custom role is not counted (Reader can read definitions)
		}
		name = orUnknown(d.Properties.RoleName) + " (custom)"
	}
	if name == "" {
		return
	}
	role := name + " on " + v.Name + " (at " + scopeLevel(a.Properties.Scope, v.ID) + ")"
	p := a.Properties
	if strings.EqualFold(p.PrincipalType, "Group") {
		r.expandGroup(ctx, p.PrincipalID, func(m directoryMember) {
			r.keyAdmin(m.ID, m.Name, m.kind(), role+" via group "+r.groupName(ctx, p.PrincipalID))
		})
	}
	r.keyAdmin(p.PrincipalID, "", p.PrincipalType, role)
}

// roleDefinition reads a custom role once per definition.
func (r *run) roleDefinition(ctx context.Context, id string) (roleDefinitionDTO, error) {
	return sharedGet(ctx, r, r.acc.defs, strings.ToLower(lastSegment(id)), r.s.arm, armURL(r.s.cloud.ResourceManager.Endpoint, id, rbacAPIVersion))
}

// sharedGet GETs rawURL once per key; later callers wait for that answer.
func sharedGet[T any](ctx context.Context, r *run, m map[string]*onceValue[T], key string, pl runtime.Pipeline, rawURL string) (T, error) {
	r.acc.mu.Lock()
	v, ok := m[key]
	if !ok {
		v = &onceValue[T]{done: make(chan struct{})}
		m[key] = v
	}
	r.acc.mu.Unlock()
	if !ok {
		v.err = call(ctx, pl, http.MethodGet, rawURL, &v.v)
		close(v.done)
	}
	if err := wait(ctx, v.done); err != nil {
		var zero T
		return zero, err
	}
	return v.v, v.err
}

func (r *run) keyAdmin(id, name, typ, role string) {
	r.addPrincipal(r.acc.keyAdmins, id, name, typ, role)
}

func (r *run) addPrincipal(m map[string]*assess.Principal, id, name, typ, role string) {
	if id == "" {
		return
	}
	r.acc.mu.Lock()
	defer r.acc.mu.Unlock()
	key := strings.ToLower(id)
	p, ok := m[key]
	if !ok {
		p = &assess.Principal{ID: id}
		m[key] = p
	}
	if p.Name == "" {
		p.Name = name
	}
	if p.Type == "" {
		p.Type = typ
	}
	for _, x := range p.Roles {
		if x == role {
			return
		}
	}
	p.Roles = append(p.Roles, role)
}

// expandGroup reads a group's transitive members once (Graph) and hands
// each to add; a group that cannot be expanded is kept as itself.
func (r *run) expandGroup(ctx context.Context, groupID string, add func(directoryMember)) {
	g := sharedList(r, r.acc.groups, strings.ToLower(groupID), ctx, r.s.graph, strings.TrimSuffix(r.s.cloud.Graph.Endpoint, "/")+"/v1.0/groups/"+url.PathEscape(groupID)+"/transitiveMembers")
	r.wg.Go(func() {
		if wait(ctx, g.done) != nil || g.err != nil {
			return
		}
		for _, m := range g.items {
			if m.kind() != "Group" {
				add(m)
			}
		}
	})
}

type directoryRoleDTO struct {
	PrincipalID string          `json:"principalId"`
	Principal   directoryMember `json:"principal"`
}

// startDirectory reads, once, who holds the environment administrator
// roles in Entra ID (Graph, its own token and permission).
func (r *run) startDirectory(ctx context.Context) {
	r.acc.dirOnce.Do(func() {
		graph := strings.TrimSuffix(r.s.cloud.Graph.Endpoint, "/")
		src := "Graph GET /v1.0/roleManagement/directory/roleAssignments"
		r.begin(CheckDirectoryRoles, src, "directory roles")
		r.wg.Go(func() {
			var wg sync.WaitGroup
			errs := make([]error, len(platformRoles()))
			for i, role := range platformRoles() {
				wg.Go(func() {
					u := graph + "/v1.0/roleManagement/directory/roleAssignments?" + url.Values{"$filter": {"roleDefinitionId eq '" + role.id + "'"}, "$expand": {"principal"}}.Encode()
					errs[i] = listPages(ctx, r.s.graph, u, func(items []directoryRoleDTO) error {
						for _, a := range items {
							m := a.Principal
							if m.ID == "" {
								m.ID = a.PrincipalID
							}
							if m.kind() == "Group" {
								gname := orUnknown(m.Name)
								r.expandGroup(ctx, m.ID, func(u directoryMember) {
									r.addPrincipal(r.acc.platform, u.ID, u.Name, u.kind(), role.name+" via group "+gname)
								})
								continue
							}
							r.addPrincipal(r.acc.platform, m.ID, m.Name, m.kind(), role.name)
						}
						return nil
					})
				})
			}
			wg.Wait()
			var first error
			for _, e := range errs {
				if e != nil {
					first = e
					break
				}
			}
			p := provenance(src, r.now(), first, roleGraph)
			r.acc.mu.Lock()
			r.acc.dirProv = p
			r.acc.mu.Unlock()
			r.finish(CheckDirectoryRoles, "directory roles", p)
		})
	})
}

// sealAccess puts what was read into the facts (after every read ended).
func (r *run) sealAccess() {
	a := r.acc
	if !a.touched {
		return
	}
	sort.SliceStable(a.logging, func(i, j int) bool {
		return strings.ToLower(a.logging[i].VaultID) < strings.ToLower(a.logging[j].VaultID)
	})
	d := &assess.Duties{KeyRoles: a.keyProv, DirectoryRoles: a.dirProv}
	list := func(m map[string]*assess.Principal) []assess.Principal {
		out := make([]assess.Principal, 0, len(m))
		for _, p := range m {
			sort.Strings(p.Roles)
			out = append(out, *p)
		}
		sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].ID) < strings.ToLower(out[j].ID) })
		return out
	}
	d.PlatformAdmins = list(a.platform)
	d.KeyAdmins = list(a.keyAdmins)
	// names the directory knows for key administrators ARM only gave an ID
	for i, k := range d.KeyAdmins {
		if p, ok := a.platform[strings.ToLower(k.ID)]; ok && k.Name == "" {
			d.KeyAdmins[i].Name = p.Name
		}
	}
	r.facts.KeyAccess = &assess.KeyAccess{Logging: a.logging, Duties: d}
}

// listedVault looks a vault up in a finished subscription list (indexed
// by lower-case ID on first use).
func (a *access) listedVault(l *onceList[vaultDTO], id string) (vaultDTO, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	idx, ok := a.vaultIdx[l]
	if !ok {
		idx = make(map[string]int, len(l.items))
		for i, d := range l.items {
			idx[strings.ToLower(d.ID)] = i
		}
		a.vaultIdx[l] = idx
	}
	i, ok := idx[strings.ToLower(id)]
	if !ok {
		return vaultDTO{}, false
	}
	return l.items[i], true
}

// groupName reads a group's display name once (ARM role assignments give
// only its ID); the ID stands in when it cannot be read.
func (r *run) groupName(ctx context.Context, id string) string {
	u := strings.TrimSuffix(r.s.cloud.Graph.Endpoint, "/") + "/v1.0/groups/" + url.PathEscape(id) + "?" + url.Values{"$select": {"id,displayName"}}.Encode()
	g, err := sharedGet(ctx, r, r.acc.names, strings.ToLower(id), r.s.graph, u)
	if err != nil || g.Name == "" {
		return id
	}
	return g.Name
}
