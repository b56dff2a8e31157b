package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// streamJSON promises (ARCHITECTURE.md, its comment) byte for byte what
// json.MarshalIndent(v, "", "  ") gives. encoding/json is the independent
// oracle here: each value below exercises one rule of encoding/json's
// (omitempty per kind, omitzero with and without IsZero, embedded structs
// promoted, name conflicts, maps sorted by key, nil versus empty lists).

type m2Leaf struct {
	A string `json:"a"`
	B int    `json:"b,omitempty"`
}

type m2Inner struct {
	Items []m2Leaf `json:"items"`
	Note  string   `json:"note,omitempty"`
}

type m2Embedded struct {
	Shared string   `json:"shared"`
	Deep   []string `json:"deep"`
	Same   string
}

type m2Other struct {
	Same  string
	Other []int `json:"other"`
}

type m2Tagged struct {
	Same string `json:"Same"`
	List []int  `json:"list"`
}

type m2Zeroer struct{ N int }

func (z m2Zeroer) IsZero() bool { return z.N == 42 } // "zero" is 42, not 0

type m2PtrZeroer struct{ N int }

func (z *m2PtrZeroer) IsZero() bool { return z.N == 7 }

type m2Failing struct{}

func (m2Failing) MarshalJSON() ([]byte, error) { return nil, errors.New("boom") }

type m2Recursive struct {
	Name string         `json:"name"`
	Next *m2Recursive   `json:"next,omitempty"`
	Kids []*m2Recursive `json:"kids,omitempty"`
}

type m2Key string

func (k m2Key) MarshalText() ([]byte, error) { return []byte("k-" + string(k)), nil }

type m2All struct {
	m2Embedded
	*m2Other
	hidden    []int
	Skip      []int `json:"-"`
	Dash      int   `json:"-,"`
	Untagged  []string
	Str       string            `json:"str,omitempty"`
	Int       int               `json:"int,omitempty"`
	Uint      uint8             `json:"uint,omitempty"`
	Float     float64           `json:"float,omitempty"`
	Bool      bool              `json:"bool,omitempty"`
	Ptr       *int              `json:"ptr,omitempty"`
	Iface     any               `json:"iface,omitempty"`
	Slice     []int             `json:"slice,omitempty"`
	Map       map[string]int    `json:"map,omitempty"`
	Array     [0]int            `json:"array,omitempty"`
	ArrayFull [2]int            `json:"arrayFull,omitempty"`
	Struct    m2Leaf            `json:"struct,omitempty"`
	Time      time.Time         `json:"time,omitzero"`
	Zeroer    m2Zeroer          `json:"zeroer,omitzero"`
	PZ        *m2PtrZeroer      `json:"pz,omitzero"`
	PZNil     *m2PtrZeroer      `json:"pzNil,omitzero"`
	Plain     int               `json:"plain,omitzero"`
	LeafZero  m2Leaf            `json:"leafZero,omitzero"`
	Both      string            `json:"both,omitempty,omitzero"`
	Bytes     []byte            `json:"bytes"`
	Inner     *m2Inner          `json:"inner"`
	NilInner  *m2Inner          `json:"nilInner"`
	Inners    []m2Inner         `json:"inners"`
	NilList   []m2Inner         `json:"nilList"`
	EmptyList []m2Inner         `json:"emptyList"`
	ByName    map[string]m2Leaf `json:"byName"`
	NilMap    map[string][]int  `json:"nilMap"`
	EmptyMap  map[string][]int  `json:"emptyMap"`
	IntKeys   map[int][]string  `json:"intKeys"`
	TextKeys  map[m2Key][]int   `json:"textKeys"`
	AnyList   any               `json:"anyList"`
	AnyNil    any               `json:"anyNil"`
	Rec       m2Recursive       `json:"rec"`
}

func m2StreamEqualsMarshalIndent(t *testing.T, name string, v any) {
	t.Helper()
	want, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatalf("%s: MarshalIndent: %v", name, err)
	}
	want = append(want, '\n')
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	if err := streamJSON(w, v); err != nil {
		t.Fatalf("%s: streamJSON: %v", name, err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("%s: streamJSON differs from MarshalIndent:\n got %s\nwant %s", name, got, want)
	}
}

func TestMut2StreamJSONMatchesEncodingJSON(t *testing.T) {
	one := 1
	full := m2All{
		m2Embedded: m2Embedded{Shared: "s", Deep: []string{"d1", "d2"}, Same: "from embedded"},
		m2Other:    &m2Other{Same: "from other", Other: []int{3}},
		hidden:     []int{1}, Skip: []int{2}, Dash: 5, Untagged: []string{"u"},
		Str: "x", Int: -1, Uint: 1, Float: 0.5, Bool: true, Ptr: &one, Iface: "i", Slice: []int{1}, Map: map[string]int{"b": 2, "a": 1},
		ArrayFull: [2]int{1, 2}, Struct: m2Leaf{A: "a"},
		Time: time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC), Zeroer: m2Zeroer{N: 0}, PZ: &m2PtrZeroer{N: 1}, Plain: 3, LeafZero: m2Leaf{B: 1}, Both: "b",
		Bytes:  []byte("hi"),
		Inner:  &m2Inner{Items: []m2Leaf{{A: "1"}, {A: "2", B: 2}}, Note: "n"},
		Inners: []m2Inner{{}, {Items: []m2Leaf{}}, {Items: []m2Leaf{{A: "z"}}}}, EmptyList: []m2Inner{},
		ByName:   map[string]m2Leaf{"zeta": {A: "z"}, "alpha": {A: "a"}, "mid\"q": {}},
		EmptyMap: map[string][]int{}, IntKeys: map[int][]string{10: {"ten"}, 2: {"two"}}, TextKeys: map[m2Key][]int{"b": {2}, "a": nil},
		AnyList: []m2Inner{{Note: "in any"}},
		Rec:     m2Recursive{Name: "root", Next: &m2Recursive{Name: "next"}, Kids: []*m2Recursive{{Name: "kid"}, nil}},
	}
	empty := m2All{Zeroer: m2Zeroer{N: 42}, PZ: &m2PtrZeroer{N: 7}}
	for _, c := range []struct {
		name string
		v    any
	}{
		{"full", full},
		{"full by pointer", &full},
		{"empty", empty},
		{"nil pointer", (*m2All)(nil)},
		{"nil", nil},
		{"slice of pointers", []*m2Inner{nil, {Note: "x"}}},
		{"nil slice", []m2Inner(nil)},
		{"empty slice", []m2Inner{}},
		{"a map of lists", map[string][]int{"b": {1}, "a": {}, "c": nil}},
		{"nil map", map[string][]int(nil)},
		{"empty struct", struct{}{}},
		{"only omitted fields", m2Inner{}},
		{"a walked struct with every field omitted", struct {
			L []int `json:"l,omitempty"`
		}{}},
		{"a walked struct with every field omitted, nested", []struct {
			L []int `json:"l,omitempty"`
		}{{}}},
		{"embedded pointer nil", m2All{m2Other: nil}},
		{"name conflict: tagged wins", struct {
			m2Embedded
			m2Tagged
		}{m2Embedded{Same: "e"}, m2Tagged{Same: "t", List: []int{1}}}},
		{"name conflict: shallower wins", struct {
			m2Embedded
			Same []int
		}{m2Embedded{Same: "deep"}, []int{9}}},
		{"name conflict: both untagged dropped", struct {
			m2Embedded
			m2Other
		}{m2Embedded{Same: "e"}, m2Other{Same: "o"}}},
		{"scalar", 3},
		{"string with escapes", "a<b>&\u2028"},
		{"time", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
	} {
		m2StreamEqualsMarshalIndent(t, c.name, c.v)
	}
}

func TestMut2StreamJSONErrors(t *testing.T) {
	// A value that fails to encode: the error names what was being encoded,
	// and nothing after it is written.
	type withFailing struct {
		List []int     `json:"list"`
		Bad  m2Failing `json:"bad"`
		More []int     `json:"more"`
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	err := streamJSON(w, withFailing{List: []int{1}, More: []int{2}})
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("streamJSON of a failing marshaler: err = %v, want it to carry boom", err)
	}
	w.Flush()
	if strings.Contains(buf.String(), "more") {
		t.Errorf("the stream went on after the error: %q", buf.String())
	}

	// A writer that fails: the error comes back, whatever the value.
	for _, v := range []any{withFailing{}, map[string][]int{"a": {1}}, []m2Inner{{Note: "x"}}, 3} {
		bw := bufio.NewWriterSize(m2FailWriter{}, 16)
		big := strings.Repeat("x", 64)
		if err := streamJSON(bw, []any{big, v, big}); err == nil {
			t.Errorf("streamJSON(%T) to a failing writer: no error", v)
		}
	}
}

type m2FailWriter struct{}

func (m2FailWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestMut2Walked(t *testing.T) {
	for _, c := range []struct {
		name string
		v    any
		want bool
	}{
		{"int", 0, false},
		{"string", "", false},
		{"bytes", []byte(nil), false},
		{"ints", []int(nil), true},
		{"map", map[int]int(nil), true},
		{"flat struct", m2Leaf{}, false},
		{"struct with a list", m2Inner{}, true},
		{"pointer to a flat struct", (*m2Leaf)(nil), false},
		{"pointer to a struct with a list", (*m2Inner)(nil), true},
		{"time marshals itself", time.Time{}, false},
		{"text key type marshals itself", m2Key(""), false},
		{"recursive", m2Recursive{}, true},
		{"recursive without lists", struct{ P *m2Zeroer }{}, false},
	} {
		if got := walked(reflect.TypeOf(c.v)); got != c.want {
			t.Errorf("walked(%s) = %v, want %v", c.name, got, c.want)
		}
	}
}
