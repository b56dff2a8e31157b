package tenant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity/cache"
)

// A sign-in that lasts: browser and device-code sign-ins keep their tokens
// in azidentity's persistent cache (encrypted by the operating system:
// the keychain on macOS, DPAPI on Windows, the kernel keyring on Linux) and
// an authentication record (who signed in, no secret) under the user's
// config folder, so the next run signs in silently. Where no encrypted
// store exists, nothing is persisted and the user is told once.

const cacheName = "se06"

// signInStore is where a lasting sign-in lives.
type signInStore struct {
	cache      azidentity.Cache // zero: tokens are kept in memory only
	recordPath string           // "" when nothing is persisted
	// note says why nothing is persisted; told once, when an interactive
	// sign-in is actually used.
	note  string
	noted *sync.Once
}

// recordFile is the authentication record's path: CONFIG/se06/sign-in.json.
func recordFile(getenv func(string) string) (string, error) {
	dir, err := configDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "se06", "sign-in.json"), nil
}

// configDir is os.UserConfigDir read through getenv (tests set
// XDG_CONFIG_HOME).
func configDir(getenv func(string) string) (string, error) {
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		if d := getenv("XDG_CONFIG_HOME"); d != "" {
			return d, nil
		}
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, ".config"), nil
		}
	}
	return os.UserConfigDir()
}

// openSignInStore opens the persistent cache for interactive sign-ins,
// unless o.NoTokenCache. Without an encrypted store it warns once (through
// o.Warn) and persists nothing.
func openSignInStore(o Options) signInStore {
	if o.NoTokenCache {
		return signInStore{noted: &sync.Once{}}
	}
	path, err := recordFile(o.Getenv)
	if err != nil {
		return signInStore{noted: &sync.Once{}, note: "the sign-in is not kept: no config folder (" + err.Error() + ")"}
	}
	c, err := cache.New(&cache.Options{Name: cacheName})
	if err != nil {
		return signInStore{noted: &sync.Once{}, note: "the sign-in is not kept: this system offers no encrypted token store (" + oneLine(err.Error(), 160) + "); you will sign in again next time"}
	}
	return signInStore{cache: c, recordPath: path, noted: &sync.Once{}}
}

// loadRecord reads the authentication record; none (or a bad one) is the
// zero record, so the sign-in prompts as usual.
func (s signInStore) loadRecord() azidentity.AuthenticationRecord {
	var rec azidentity.AuthenticationRecord
	if s.recordPath == "" {
		return rec
	}
	data, err := os.ReadFile(s.recordPath)
	if err != nil || json.Unmarshal(data, &rec) != nil {
		return azidentity.AuthenticationRecord{}
	}
	return rec
}

// saveRecord writes the record (account and tenant, no secret) atomically,
// readable by the user only.
func (s signInStore) saveRecord(rec azidentity.AuthenticationRecord) error {
	if s.recordPath == "" {
		return nil
	}
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.recordPath), 0o700); err != nil {
		return fmt.Errorf("keep the sign-in: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.recordPath), ".sign-in-*.tmp")
	if err != nil {
		return fmt.Errorf("keep the sign-in: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("keep the sign-in: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("keep the sign-in: %w", err)
	}
	return os.Rename(tmp.Name(), s.recordPath)
}

// authenticator is a credential that can return an authentication record
// (InteractiveBrowserCredential, DeviceCodeCredential).
type authenticator interface {
	azcore.TokenCredential
	Authenticate(context.Context, *policy.TokenRequestOptions) (azidentity.AuthenticationRecord, error)
}

// lastingCredential signs in with Authenticate the first time there is no
// record, keeps the record, and then gets tokens silently from the cache.
type lastingCredential struct {
	inner  authenticator
	store  signInStore
	warn   func(string)
	mu     sync.Mutex
	hasRec bool
}

// GetToken implements azcore.TokenCredential.
func (c *lastingCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	if c.store.note != "" && c.warn != nil {
		c.store.noted.Do(func() { c.warn(c.store.note) })
	}
	c.mu.Lock()
	if !c.hasRec && c.store.recordPath != "" {
		rec, err := c.inner.Authenticate(ctx, &opts)
		if err != nil {
			c.mu.Unlock()
			return azcore.AccessToken{}, err
		}
		c.hasRec = true
		if err := c.store.saveRecord(rec); err != nil && c.warn != nil {
			c.warn("the sign-in is not kept: " + err.Error())
		}
	}
	c.mu.Unlock()
	return c.inner.GetToken(ctx, opts)
}

// ForgetSignIn removes the kept sign-in: the authentication record and
// the encrypted token cache files. It returns what it removed.
func ForgetSignIn(getenv func(string) string) ([]string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	var paths []string
	if p, err := recordFile(getenv); err == nil {
		paths = append(paths, p)
	}
	if dir, err := tokenCacheDir(getenv); err == nil {
		for _, n := range []string{cacheName, cacheName + ".cae", cacheName + ".lockfile", cacheName + ".cae.lockfile"} {
			paths = append(paths, filepath.Join(dir, ".IdentityService", n))
		}
	}
	var removed []string
	var errs []error
	for _, p := range paths {
		err := os.Remove(p)
		switch {
		case err == nil:
			removed = append(removed, p)
		case !errors.Is(err, fs.ErrNotExist):
			errs = append(errs, err)
		}
	}
	return removed, errors.Join(errs...)
}

// tokenCacheDir is where azidentity/cache keeps its files on this system.
func tokenCacheDir(getenv func(string) string) (string, error) {
	switch runtime.GOOS {
	case "windows":
		return os.UserCacheDir() // %LOCALAPPDATA%
	case "darwin":
		return os.UserHomeDir()
	}
	if d := getenv("XDG_CACHE_HOME"); d != "" {
		return d, nil
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(h, ".cache"), nil
}
