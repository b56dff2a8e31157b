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
	s, ok := r.source(id)
	return s.Provenance, ok
}

// SourceFamily resolves a source ID to its family ("" when it names none).
func (r *Result) SourceFamily(id SourceID) string {
	s, _ := r.source(id)
	return s.Family
}

// source is the entry id names, if any.
func (r *Result) source(id SourceID) (Source, bool) {
	if r == nil {
		return Source{}, false
	}
	return entry(r.Sources, id)
}

// entry is sources' entry for id (IDs count from 1).
func entry(sources []Source, id SourceID) (Source, bool) {
	if id < 1 || int(id) > len(sources) {
		return Source{}, false
	}
	return sources[id-1], true
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
	var id SourceID
	t.list, id = appendSource(t.list, p)
	t.ids[p] = id
	return id
}

// get resolves an ID of this table.
func (t *sourceTable) get(id SourceID) (Provenance, bool) {
	if t == nil {
		return Provenance{}, false
	}
	s, ok := entry(t.list, id)
	return s.Provenance, ok
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
	var id SourceID
	r.Sources, id = appendSource(r.Sources, p)
	return id
}

// appendSource adds p (its time already in UTC) as the next entry.
func appendSource(list []Source, p Provenance) ([]Source, SourceID) {
	id := SourceID(len(list) + 1)
	return append(list, Source{ID: id, Provenance: p, Family: SourceFamily(p.Source)}), id
}
