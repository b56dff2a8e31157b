package tenant

import (
	"context"
	"fmt"

	"github.com/ppwaf/se06/assess"
)

// The BAP steps of a run: tenant, tenant settings and the environment list.

func (r *run) readTenant(ctx context.Context) {
	src := "BAP GET " + bapTenantPath + " (" + bapTenantAPIVersion + ")"
	r.begin(CheckTenant, src, "tenant")
	t, err := readTenant(ctx, r.s.bap, r.s.cloud.BAP.Endpoint)
	p := provenance(src, r.now(), err, roleBAP)
	r.mu.Lock()
	r.facts.Tenant.Provenance = p
	if err == nil {
		applyTenant(&r.facts.Tenant, t)
		if r.facts.TenantID == "" {
			r.facts.TenantID = t.TenantID
		}
	}
	r.mu.Unlock()
	r.finish(CheckTenant, "tenant", p)
}

func (r *run) readTenantSettings(ctx context.Context) {
	src := "BAP POST " + bapTenantSettingPath + " (" + bapAPIVersion + ", read-only)"
	r.begin(CheckTenantSettings, src, "tenant settings")
	st, err := readTenantSettings(ctx, r.s.bap, r.s.cloud.BAP.Endpoint)
	p := provenance(src, r.now(), err, roleBAP)
	r.mu.Lock()
	r.facts.Tenant.Settings.Provenance = p
	if err == nil {
		applyTenantSettings(&r.facts.Tenant.Settings, st)
	}
	r.mu.Unlock()
	r.finish(CheckTenantSettings, "tenant settings", p)
}

func (r *run) readEnvironments(ctx context.Context) {
	src := sourceEnvironments()
	r.begin(CheckEnvironments, src, "")
	pageNo := 0
	err := listPages(ctx, r.s.bap, environmentsURL(r.s.cloud.BAP.Endpoint), func(items []environmentDTO) error {
		pageNo++
		p := provenance(src, r.now(), nil, "")
		envs := make([]assess.Environment, 0, len(items))
		for _, d := range items {
			if d.Name == "" {
				continue
			}
			envs = append(envs, d.toEnvironment(p))
		}
		r.mu.Lock()
		r.facts.Environments = append(r.facts.Environments, envs...)
		r.mu.Unlock()
		firstPolicy := ""
		for _, e := range envs {
			if e.CMK != nil && e.CMK.ResourceID != "" {
				if firstPolicy == "" {
					firstPolicy = e.CMK.ResourceID
				}
				r.startPolicy(ctx, e.CMK.ResourceID)
			}
		}
		if pageNo == 1 {
			r.first.page(len(envs), firstPolicy)
		}
		r.report(Progress{Check: CheckEnvironments, Subject: fmt.Sprintf("page %d", pageNo), State: StateRunning, Detail: fmt.Sprintf("%d environments", len(envs))})
		return nil
	})
	p := provenance(src, r.now(), err, roleBAP)
	r.mu.Lock()
	n := len(r.facts.Environments)
	r.mu.Unlock()
	subject := fmt.Sprintf("%d environments", n)
	if err != nil && n > 0 {
		// a later page failed: keep what was read, and say so
		subject = fmt.Sprintf("%d environments (list incomplete)", n)
	}
	r.finish(CheckEnvironments, subject, p)
}
