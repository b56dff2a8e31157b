// Transit checks: TLS probes of the Dataverse hosts and virtual network injection.

package assess

import (
	"fmt"
	"slices"
	"strconv"
)

// checkTLS reads the TLS probes of the in-scope Dataverse hosts: a legacy
// (TLS 1.1 or older) handshake must be refused and a modern one must work.
// When accepted, something between the tool and Microsoft (a proxy) is
// terminating TLS, or the probe reached the wrong host.
func checkTLS(in CheckInput) Observation {
	o := Observation{}
	if len(in.Scope) == 0 {
		return noScope()
	}
	// A host finding names the environments behind the host (labelled only
	// for the hosts that need it).
	behind := map[string][]int{}
	for i, e := range in.Scope {
		if e.TLS != nil {
			behind[e.TLS.Host] = append(behind[e.TLS.Host], i)
		}
	}
	envsOf := func(host string, max int) string {
		var names []string
		for _, i := range behind[host] {
			names = append(names, in.Scope[i].Label())
		}
		return listNames(names, max)
	}
	// envSubjects are the environments behind a host, for the findings'
	// affected lists (and per-environment acceptance); their fact is the probe.
	envSubjects := func(t *TLSProbe, detail string) []Subject {
		var out []Subject
		for _, i := range behind[t.Host] {
			out = append(out, in.sources().envSubjectFrom(in.Scope[i], detail, t.Provenance))
		}
		return out
	}
	var unread []problem
	probed := 0
	done := map[string]bool{}
	for _, e := range in.Scope {
		if e.TLS == nil || done[e.TLS.Host] {
			continue
		}
		t := e.TLS
		done[t.Host] = true
		if t.Provenance.Status == StatusNotCollected {
			continue
		}
		if !t.Provenance.OK() {
			s := Subject{Kind: SubjectHost, ID: t.Host, Name: orDash(t.Host), Detail: "not verified: " + t.Provenance.Describe() + "; serves " + envsOf(t.Host, 5), Source: in.ref(t.Provenance)}
			subs := append([]Subject{s}, envSubjects(t, "not verified: TLS probe of its host "+orDash(t.Host)+" failed ("+t.Provenance.Describe()+")")...)
			unread = append(unread, problem{status: t.Provenance.Status, reason: "TLS probe of " + orDash(t.Host) + " (" + envsOf(t.Host, 3) + "): " + t.Provenance.Describe(), subjects: subs})
			continue
		}
		probed++
		host := Subject{Kind: SubjectHost, ID: t.Host, Name: t.Host, Source: in.ref(t.Provenance)}
		if !t.LegacyRefused {
			host.Detail = "accepted a TLS 1.1 handshake; serves " + envsOf(t.Host, 5)
			o.flag("tls-legacy-accepted", host)
			for _, s := range envSubjects(t, "its host "+t.Host+" accepted a TLS 1.1 handshake") {
				o.raise("tls-legacy-accepted", s)
			}
		}
		if !t.ModernOK {
			host.Detail = "no TLS 1.2 or 1.3 handshake succeeded; serves " + envsOf(t.Host, 5)
			o.flag("tls-modern-failed", host)
			for _, s := range envSubjects(t, "no TLS 1.2 or 1.3 handshake with its host "+t.Host+" succeeded") {
				o.raise("tls-modern-failed", s)
			}
		}
		o.Evidence = append(o.Evidence, in.sources().evidenceFrom(t.Provenance, t.Host, "legacy refused ", strconv.FormatBool(t.LegacyRefused), " (", orDash(t.LegacyError), "), modern ", orDash(t.Version), " ", orDash(t.CipherSuite)))
	}
	if o.unreadable("TLS probes", unread) {
		return o
	}
	if probed == 0 {
		o.Status = StatusNotCollected
		o.Summary = "No Dataverse host was probed for TLS."
		return o
	}
	return o.summarise("TLS probes found problems: ", allOf(probed, "probed Dataverse host", "probed Dataverse hosts")+" "+verb(probed, "refuses TLS 1.1 and negotiates", "refuse TLS 1.1 and negotiate")+" TLS 1.2 or later.")
}

// checkVNet lists in-scope environments without a linked network injection
// (subnet delegation) policy.
func checkVNet(in CheckInput) Observation {
	o, done := overEnvs(in, in.sources().envRead, func(o *Observation, e Environment) {
		if !e.VNetPolicy.Linked() {
			o.flag("env-without-vnet", in.sources().envSubject(e, "no linked virtual network policy"))
		}
		o.Evidence = append(o.Evidence, in.sources().envEvidence(e, "VNet policy="+linkText(e.VNetPolicy)))
	})
	if done {
		return o
	}
	if len(o.Affected) == len(in.Scope) {
		// Every in-scope environment was read and none has one.
		o.Signals["vnet-none"] = slices.Clone(o.Affected)
	}
	if len(o.Affected) > 0 {
		o.Summary = fmt.Sprintf("%d of %s %s no virtual network policy: %s", len(o.Affected), nOf(len(in.Scope), "in-scope environment", "in-scope environments"), verb(len(o.Affected), "has", "have"), describeSubjects(o.Affected, 5))
		return o
	}
	o.Summary = fmt.Sprintf("All %d in-scope environments are linked to a virtual network policy.", len(in.Scope))
	return o
}
