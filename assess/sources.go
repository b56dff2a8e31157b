package assess

import "regexp"

// SourceID refers to one entry of Result.Sources: its ID, counted from 1.
// Zero means no source.
type SourceID int

// Source is one request the tenant's facts came from. A result lists each
// once, with its time and status; subjects, evidence and conflicts refer to
// it by ID, so a finding about 10,000 environments read by one request
// carries that request once, not 10,000 times.
type Source struct {
	ID SourceID `json:"id"`
	Provenance
	// Family names the request without the object it asked about, in the
	// words of the evidence appendix: "Key Vault GET /keys/{name} (7.4) on
	// each key's own vault".
	Family string `json:"family"`
}

// Source resolves a source ID of this result; false when the ID names none.
func (r *Result) Source(id SourceID) (Provenance, bool) {
	if r == nil || id < 1 || int(id) > len(r.Sources) {
		return Provenance{}, false
	}
	return r.Sources[id-1].Provenance, true
}

// SourceFamily resolves a source ID to its family ("" when it names none).
func (r *Result) SourceFamily(id SourceID) string {
	if r == nil || id < 1 || int(id) > len(r.Sources) {
		return ""
	}
	return r.Sources[id-1].Family
}

// sourceTable interns the provenances of one evaluation: the same request
// gets the same ID however many subjects and checks cite it.
type sourceTable struct {
	ids  map[Provenance]SourceID
	list []Source
}

// ref returns the ID of p, adding it on first sight; 0 for an empty
// provenance. A nil table (a check run outside an evaluation) cites nothing.
func (t *sourceTable) ref(p Provenance) SourceID {
	if t == nil || p.Source == "" && p.Status == "" && p.Reason == "" && p.At.IsZero() {
		return 0
	}
	// Times compare by instant, not by location, so one request read back
	// from a file in another zone is still one source.
	p.At = p.At.UTC()
	if id, ok := t.ids[p]; ok {
		return id
	}
	if t.ids == nil {
		t.ids = map[Provenance]SourceID{}
	}
	id := SourceID(len(t.list) + 1)
	t.ids[p] = id
	t.list = append(t.list, Source{ID: id, Provenance: p, Family: SourceFamily(p.Source)})
	return id
}

// get resolves an ID of this table.
func (t *sourceTable) get(id SourceID) (Provenance, bool) {
	if t == nil || id < 1 || int(id) > len(t.list) {
		return Provenance{}, false
	}
	return t.list[id-1].Provenance, true
}

// sources returns the table, never nil.
func (t *sourceTable) sources() []Source {
	if t == nil || t.list == nil {
		return []Source{}
	}
	return t.list
}

// keyPath matches the key name in a Key Vault request, and kvVault the vault
// it was sent to, so the requests for different keys read as one source.
var (
	keyPath = regexp.MustCompile(`/keys/[^/ )]+`)
	kvVault = regexp.MustCompile(`^Key Vault [^:]+: (GET [^()]*\([^)]*\))`)
)

// SourceFamily names a source API without the object it was asked about:
// "Key Vault kv-eu: GET /keys/cmk-eu (7.4)" reads "Key Vault GET
// /keys/{name} (7.4) on each key's own vault".
func SourceFamily(src string) string {
	src = kvVault.ReplaceAllString(src, "Key Vault $1 on each key's own vault")
	return keyPath.ReplaceAllString(src, "/keys/{name}")
}

// AddSource cites p in this result: the ID of an entry with the same
// request, time and status, or of a new one. For results built or amended
// outside Evaluate (tests, tools).
func (r *Result) AddSource(p Provenance) SourceID {
	p.At = p.At.UTC()
	for _, s := range r.Sources {
		if s.Provenance == p {
			return s.ID
		}
	}
	id := SourceID(len(r.Sources) + 1)
	r.Sources = append(r.Sources, Source{ID: id, Provenance: p, Family: SourceFamily(p.Source)})
	return id
}
