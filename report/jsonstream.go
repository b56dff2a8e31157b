package report

import (
	"bufio"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// streamJSON writes v exactly as json.MarshalIndent(v, "", "  ") would, but
// walks structs, pointers and slices itself and encodes each leaf as it
// goes, so a 10,000-environment result is never held in memory as one
// document. Values that marshal themselves (time.Time), maps and scalars
// go through encoding/json whole.
func streamJSON(w *bufio.Writer, v any) error {
	s := jsonStreamer{w: w}
	s.value(reflect.ValueOf(v), "")
	if s.err == nil {
		s.err = w.WriteByte('\n')
	}
	return s.err
}

type jsonStreamer struct {
	w   *bufio.Writer
	err error
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

func (s *jsonStreamer) put(str string) {
	if s.err == nil {
		_, s.err = s.w.WriteString(str)
	}
}

// whole encodes v with encoding/json, indented to continue at indent.
func (s *jsonStreamer) whole(v reflect.Value, indent string) {
	if s.err != nil {
		return
	}
	data, err := json.MarshalIndent(v.Interface(), indent, "  ")
	if err != nil {
		s.err = fmt.Errorf("encode %s: %w", v.Type(), err)
		return
	}
	_, s.err = s.w.Write(data)
}

var walkCache sync.Map // reflect.Type → bool

// walked reports whether t is walked here rather than encoded whole: a
// struct, pointer or slice that holds a list somewhere. Small values (a
// subject, a line of evidence) are encoded whole, one call each.
func walked(t reflect.Type) bool {
	if w, ok := walkCache.Load(t); ok {
		return w.(bool)
	}
	w := holdsList(t, map[reflect.Type]bool{})
	walkCache.Store(t, w)
	return w
}

func marshalsItself(t reflect.Type) bool {
	return t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType) ||
		t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType)
}

// holdsList reports whether values of t can hold a list (a slice or a map)
// that encoding/json would write itself; seen stops recursive types.
func holdsList(t reflect.Type, seen map[reflect.Type]bool) bool {
	if marshalsItself(t) || seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Slice:
		return t.Elem().Kind() != reflect.Uint8 // []byte is base64
	case reflect.Map, reflect.Interface:
		return true
	case reflect.Pointer:
		return holdsList(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if holdsList(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

func (s *jsonStreamer) value(v reflect.Value, indent string) {
	if s.err != nil {
		return
	}
	if !v.IsValid() {
		s.put("null")
		return
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			s.put("null")
			return
		}
		v = v.Elem()
	}
	if !walked(v.Type()) {
		s.whole(v, indent)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			s.put("null")
			return
		}
		s.value(v.Elem(), indent)
	case reflect.Slice:
		if v.IsNil() {
			s.put("null")
			return
		}
		if v.Len() == 0 {
			s.put("[]")
			return
		}
		inner := indent + "  "
		s.put("[\n")
		for i := range v.Len() {
			if i > 0 {
				s.put(",\n")
			}
			s.put(inner)
			s.value(v.Index(i), inner)
		}
		s.put("\n" + indent + "]")
	case reflect.Struct:
		s.object(v, indent)
	case reflect.Map:
		s.mapObject(v, indent)
	default:
		s.whole(v, indent)
	}
}

// mapObject writes a map with string keys as encoding/json does (keys
// sorted), walking its values; other maps are encoded whole.
func (s *jsonStreamer) mapObject(v reflect.Value, indent string) {
	if v.Type().Key().Kind() != reflect.String || marshalsItself(v.Type().Key()) {
		s.whole(v, indent)
		return
	}
	if v.IsNil() {
		s.put("null")
		return
	}
	if v.Len() == 0 {
		s.put("{}")
		return
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	inner := indent + "  "
	s.put("{\n")
	for i, k := range keys {
		if i > 0 {
			s.put(",\n")
		}
		q, err := json.Marshal(k.String())
		if err != nil {
			s.err = err
			return
		}
		s.put(inner + string(q) + ": ")
		s.value(v.MapIndex(k), inner)
	}
	s.put("\n" + indent + "}")
}

// object writes a struct's fields in encoding/json's order and with its
// rules (names, omitempty, omitzero, embedded structs promoted).
func (s *jsonStreamer) object(v reflect.Value, indent string) {
	inner := indent + "  "
	n := 0
	for _, f := range fieldsOf(v.Type()) {
		fv, ok := fieldByIndex(v, f.index)
		if !ok || f.omitEmpty && emptyValue(fv) || f.omitZero && zeroValue(fv) {
			continue
		}
		if n == 0 {
			s.put("{\n")
		} else {
			s.put(",\n")
		}
		n++
		s.put(inner + f.quoted + ": ")
		s.value(fv, inner)
	}
	if n == 0 {
		s.put("{}")
		return
	}
	s.put("\n" + indent + "}")
}

// fieldByIndex follows an embedded path; false when it goes through a nil pointer.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 {
			if v.Kind() == reflect.Pointer {
				if v.IsNil() {
					return reflect.Value{}, false
				}
				v = v.Elem()
			}
		}
		v = v.Field(x)
	}
	return v, true
}

type jsonField struct {
	quoted              string // the key, JSON-quoted
	index               []int
	omitEmpty, omitZero bool
}

var fieldCache sync.Map // reflect.Type → []jsonField

// fieldsOf lists the JSON fields of a struct type in encoding order. Names
// that two promoted fields share at the same depth are dropped, as
// encoding/json does; a shallower one wins.
func fieldsOf(t reflect.Type) []jsonField {
	if c, ok := fieldCache.Load(t); ok {
		return c.([]jsonField)
	}
	type cand struct {
		jsonField
		name   string
		tagged bool
	}
	var all []cand
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(append([]int(nil), index...), i)
			ft := sf.Type
			if sf.Anonymous && name == "" {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft, idx)
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			tagged := name != ""
			if name == "" {
				name = sf.Name
			}
			q, _ := json.Marshal(name)
			all = append(all, cand{jsonField: jsonField{quoted: string(q), index: idx,
				omitEmpty: strings.Contains(","+opts+",", ",omitempty,"), omitZero: strings.Contains(","+opts+",", ",omitzero,")}, name: name, tagged: tagged})
		}
	}
	walk(t, nil)
	var out []jsonField
	for _, c := range all {
		keep := true
		for _, o := range all {
			if o.name != c.name || slices.Equal(o.index, c.index) {
				continue
			}
			switch {
			case len(o.index) < len(c.index):
				keep = false
			case len(o.index) == len(c.index) && (o.tagged == c.tagged || o.tagged):
				keep = false
			}
		}
		if keep {
			out = append(out, c.jsonField)
		}
	}
	fieldCache.Store(t, out)
	return out
}

// emptyValue is encoding/json's test for omitempty.
func emptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// zeroValue is encoding/json's test for omitzero: IsZero() when the type
// has it, the zero value otherwise.
func zeroValue(v reflect.Value) bool {
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return true
		}
		return z.IsZero()
	}
	return v.IsZero()
}
