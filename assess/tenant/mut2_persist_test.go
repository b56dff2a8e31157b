package tenant

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// The lasting sign-in (persist.go) without a real credential: where the
// record lives (XDG base directory rules), how it is read and written, and
// when the credential authenticates, warns and keeps the record.

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestMut2ConfigAndCacheDirs(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("XDG folders apply on Unix other than macOS")
	}
	got, err := recordFile(envOf(map[string]string{"XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/u"}))
	if err != nil || got != "/x/cfg/se06/sign-in.json" {
		t.Errorf("record with XDG_CONFIG_HOME: %q, %v", got, err)
	}
	got, err = recordFile(envOf(map[string]string{"HOME": "/home/u"}))
	if err != nil || got != "/home/u/.config/se06/sign-in.json" {
		t.Errorf("record with HOME: %q, %v", got, err)
	}
	// neither given: the process's own (os.UserConfigDir); none at all is an error
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "")
	if got, err := recordFile(envOf(nil)); err == nil {
		t.Errorf("no config folder anywhere, yet %q", got)
	}
	s := openSignInStore(Options{Getenv: envOf(nil)})
	if s.recordPath != "" || !strings.Contains(s.note, "no config folder") || s.noted == nil {
		t.Errorf("store without a config folder: %+v", s)
	}
	if s := openSignInStore(Options{NoTokenCache: true, Getenv: envOf(map[string]string{"HOME": "/h"})}); s.recordPath != "" || s.note != "" || s.noted == nil {
		t.Errorf("--no-token-cache store: %+v", s)
	}

	if d, err := tokenCacheDir(envOf(map[string]string{"XDG_CACHE_HOME": "/x/cache"})); err != nil || d != "/x/cache" {
		t.Errorf("cache dir with XDG_CACHE_HOME: %q, %v", d, err)
	}
	t.Setenv("HOME", "/home/v")
	if d, err := tokenCacheDir(envOf(nil)); err != nil || d != "/home/v/.cache" {
		t.Errorf("cache dir from HOME: %q, %v", d, err)
	}
	t.Setenv("HOME", "")
	if d, err := tokenCacheDir(envOf(nil)); err == nil {
		t.Errorf("no home, yet cache dir %q", d)
	}
}

func TestMut2RecordReadWrite(t *testing.T) {
	dir := t.TempDir()
	rec := azidentity.AuthenticationRecord{Authority: "login.example.test", ClientID: "c", HomeAccountID: "h", TenantID: "t", Username: "u@example.test", Version: "1.0"}

	// nothing persisted: no file, the zero record
	none := signInStore{}
	if err := none.saveRecord(rec); err != nil {
		t.Errorf("save without a path: %v", err)
	}
	if got := none.loadRecord(); got != (azidentity.AuthenticationRecord{}) {
		t.Errorf("load without a path: %+v", got)
	}

	path := filepath.Join(dir, "cfg", "se06", "sign-in.json")
	s := signInStore{recordPath: path}
	if got := s.loadRecord(); got != (azidentity.AuthenticationRecord{}) {
		t.Errorf("load before any save: %+v", got)
	}
	if err := s.saveRecord(rec); err != nil {
		t.Fatal(err)
	}
	if got := s.loadRecord(); got != rec {
		t.Errorf("load after save: %+v, want %+v", got, rec)
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("record mode %v, %v; want 0600", fi.Mode().Perm(), err)
		}
		di, err := os.Stat(filepath.Dir(path))
		if err != nil || di.Mode().Perm() != 0o700 {
			t.Errorf("folder mode %v, %v; want 0700", di.Mode().Perm(), err)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want the record only", len(entries))
	}
	// a bad record is no record
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := s.loadRecord(); got != (azidentity.AuthenticationRecord{}) {
		t.Errorf("bad record read as %+v", got)
	}
	// a folder that cannot be made: the error says what was being done
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := signInStore{recordPath: filepath.Join(blocker, "se06", "sign-in.json")}.saveRecord(rec)
	if err == nil || !strings.Contains(err.Error(), "keep the sign-in") {
		t.Errorf("save under a file: %v", err)
	}
	// a record path that is a folder: the rename fails, and no temporary is left
	asDir := filepath.Join(dir, "asdir")
	if err := os.MkdirAll(filepath.Join(asDir, "sign-in.json", "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := (signInStore{recordPath: filepath.Join(asDir, "sign-in.json")}).saveRecord(rec); err == nil {
		t.Error("saving over a non-empty folder succeeded")
	}
	if entries, _ := os.ReadDir(asDir); len(entries) != 1 {
		t.Errorf("a temporary was left: %d entries", len(entries))
	}
}

// fakeAuth is an interactive credential that counts its calls.
type fakeAuth struct {
	mu        sync.Mutex
	auths     int
	tokens    int
	authErr   error
	rec       azidentity.AuthenticationRecord
	lastScope []string
}

func (f *fakeAuth) Authenticate(_ context.Context, o *policy.TokenRequestOptions) (azidentity.AuthenticationRecord, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.auths++
	f.lastScope = o.Scopes
	return f.rec, f.authErr
}

func (f *fakeAuth) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tokens++
	return azcore.AccessToken{Token: "t"}, nil
}

func TestMut2LastingCredential(t *testing.T) {
	ctx := context.Background()
	scope := policy.TokenRequestOptions{Scopes: []string{"https://x.example.test/.default"}}
	rec := azidentity.AuthenticationRecord{Username: "u@example.test", TenantID: "t", Version: "1.0"}

	t.Run("nothing persisted: the note once, no Authenticate", func(t *testing.T) {
		var notes []string
		f := &fakeAuth{}
		c := &lastingCredential{inner: f, store: signInStore{note: "not kept", noted: &sync.Once{}}, warn: func(s string) { notes = append(notes, s) }}
		for range 3 {
			if tok, err := c.GetToken(ctx, scope); err != nil || tok.Token != "t" {
				t.Fatal(tok, err)
			}
		}
		if f.auths != 0 || f.tokens != 3 || !reflect.DeepEqual(notes, []string{"not kept"}) {
			t.Errorf("auths %d, tokens %d, notes %q", f.auths, f.tokens, notes)
		}
	})
	t.Run("no note, no warner: nothing said", func(t *testing.T) {
		f := &fakeAuth{}
		c := &lastingCredential{inner: f, store: signInStore{note: "not kept", noted: &sync.Once{}}}
		if _, err := c.GetToken(ctx, scope); err != nil || f.tokens != 1 {
			t.Errorf("%v, tokens %d", err, f.tokens)
		}
		var notes []string
		c = &lastingCredential{inner: f, store: signInStore{noted: &sync.Once{}}, warn: func(s string) { notes = append(notes, s) }}
		if _, _ = c.GetToken(ctx, scope); len(notes) != 0 {
			t.Errorf("notes %q without a note", notes)
		}
	})
	t.Run("first sign-in authenticates once and keeps the record", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "se06", "sign-in.json")
		f := &fakeAuth{rec: rec}
		var notes []string
		c := &lastingCredential{inner: f, store: signInStore{recordPath: path, noted: &sync.Once{}}, warn: func(s string) { notes = append(notes, s) }}
		for range 2 {
			if _, err := c.GetToken(ctx, scope); err != nil {
				t.Fatal(err)
			}
		}
		if f.auths != 1 || f.tokens != 2 || len(notes) != 0 || !reflect.DeepEqual(f.lastScope, scope.Scopes) {
			t.Errorf("auths %d, tokens %d, notes %q, scope %q", f.auths, f.tokens, notes, f.lastScope)
		}
		if got := (signInStore{recordPath: path}).loadRecord(); got != rec {
			t.Errorf("kept record %+v", got)
		}
	})
	t.Run("a failed Authenticate is returned and tried again", func(t *testing.T) {
		boom := errors.New("declined")
		f := &fakeAuth{authErr: boom}
		c := &lastingCredential{inner: f, store: signInStore{recordPath: filepath.Join(t.TempDir(), "r.json"), noted: &sync.Once{}}}
		for range 2 {
			if _, err := c.GetToken(ctx, scope); !errors.Is(err, boom) {
				t.Fatalf("err %v", err)
			}
		}
		if f.auths != 2 || f.tokens != 0 {
			t.Errorf("auths %d, tokens %d", f.auths, f.tokens)
		}
	})
	t.Run("a record that cannot be kept is told, the token still comes", func(t *testing.T) {
		blocker := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(blocker, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		f := &fakeAuth{rec: rec}
		var notes []string
		c := &lastingCredential{inner: f, store: signInStore{recordPath: filepath.Join(blocker, "x", "r.json"), noted: &sync.Once{}}, warn: func(s string) { notes = append(notes, s) }}
		if tok, err := c.GetToken(ctx, scope); err != nil || tok.Token != "t" {
			t.Fatal(tok, err)
		}
		if len(notes) != 1 || !strings.HasPrefix(notes[0], "the sign-in is not kept: keep the sign-in") {
			t.Errorf("notes %q", notes)
		}
		c.warn = nil
		c.hasRec = false
		if _, err := c.GetToken(ctx, scope); err != nil {
			t.Errorf("without a warner: %v", err)
		}
	})
}

func TestMut2ForgetSignIn(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("XDG folders apply on Unix other than macOS")
	}
	dir := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "cfg"), "XDG_CACHE_HOME": filepath.Join(dir, "cache")}
	record := filepath.Join(dir, "cfg", "se06", "sign-in.json")
	ids := filepath.Join(dir, "cache", ".IdentityService")
	want := []string{record, filepath.Join(ids, "se06"), filepath.Join(ids, "se06.cae"), filepath.Join(ids, "se06.lockfile"), filepath.Join(ids, "se06.cae.lockfile")}
	for _, p := range want {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(ids, "someone-else")
	if err := os.WriteFile(other, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	removed, err := ForgetSignIn(envOf(env))
	sort.Strings(removed)
	sort.Strings(want)
	if err != nil || !reflect.DeepEqual(removed, want) {
		t.Errorf("removed %q, %v; want %q", removed, err, want)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another program's cache was removed: %v", err)
	}
	// nothing left: nothing removed, no error
	if removed, err := ForgetSignIn(envOf(env)); err != nil || len(removed) != 0 {
		t.Errorf("second forget: %q, %v", removed, err)
	}
	// what cannot be removed is an error; the rest is still removed
	if err := os.MkdirAll(filepath.Join(record, "inside"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ids, "se06"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	removed, err = ForgetSignIn(envOf(env))
	if err == nil || !reflect.DeepEqual(removed, []string{filepath.Join(ids, "se06")}) {
		t.Errorf("with a folder in the record's place: %q, %v", removed, err)
	}
	// a nil getenv reads the process environment
	t.Setenv("XDG_CONFIG_HOME", env["XDG_CONFIG_HOME"])
	t.Setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
	if err := os.WriteFile(filepath.Join(ids, "se06.cae"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	removed, _ = ForgetSignIn(nil)
	if !reflect.DeepEqual(removed, []string{filepath.Join(ids, "se06.cae")}) {
		t.Errorf("nil getenv removed %q", removed)
	}
}
