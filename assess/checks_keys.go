// Key checks: type and size, rotation, expiry.

package assess

import (
	"fmt"
	"strings"
	"time"
)

// Key rotation and expiry windows from the CMK documentation.
const (
	// previousVersionDays: an earlier key version must stay enabled this long after a rotation.
	previousVersionDays = 28
	// expiryWarningDays: a key that expires within this many days needs action now.
	expiryWarningDays = 60
)

// checkKeyType reads the type and size of every key the in-scope
// environments' encryption policies use. Implies the key's kind when all keys
// agree: rsa-software, rsa-hsm-vault, rsa-hsm-managed, other.
func checkKeyType(in CheckInput) Observation {
	kinds := map[string]bool{}
	o, ch, done := overKeys(in, func(o *Observation, ch keyChain, k Key) *problem {
		subj := ch.keySubject(k, fmt.Sprintf("%s %s", orDash(k.Type), sizeText(k.Size)))
		kty := strings.ToUpper(k.Type)
		switch {
		case kty != "RSA" && kty != "RSA-HSM":
			kinds["other"] = true
			o.flag("key-unsupported", subj)
		case kty == "RSA":
			kinds["rsa-software"] = true
			o.raise("key-software", subj)
		case isManagedHSM(k.VaultID, ch.vaultURI(k.VaultID)):
			kinds["rsa-hsm-managed"] = true
			o.raise("key-hsm-managed", subj)
		default:
			kinds["rsa-hsm-vault"] = true
			o.raise("key-hsm-vault", subj)
		}
		if n := ch.envCount(k.VaultID + "/" + k.Name); n > 1 {
			o.raise("key-shared", ch.keySubject(k, fmt.Sprintf("protects %d in-scope environments", n)))
		}
		switch k.Size {
		case 0, 2048, 3072:
			// 0: size not returned; the type decides.
		case 4096:
			o.flag("key-size-verify", subj)
		default:
			if kty == "RSA" || kty == "RSA-HSM" {
				o.flag("key-unsupported", subj)
			}
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Key %s: type %s, %s", k.Name, orDash(k.Type), sizeText(k.Size)), Source: in.ref(k.Provenance)})
		return nil
	})
	if done {
		return o
	}
	if len(kinds) == 1 {
		for k := range kinds {
			o.Implies = []string{k}
		}
	}
	o.Summary = fmt.Sprintf("%s in use: %s", nOf(len(ch.keys), "key", "keys"), keyNames(ch.keys))
	if len(o.Affected) > 0 {
		o.Summary += "; needs attention: " + describeSubjects(o.Affected, 5)
	}
	return o
}

// checkKeyRotation looks for a rotation policy with a Rotate action and for
// earlier key versions disabled less than 28 days after the version that
// replaced them. Implies "versions-disabled-early" when it finds one.
func checkKeyRotation(in CheckInput) Observation {
	o, ch, done := overKeys(in, func(o *Observation, ch keyChain, k Key) *problem {
		var unread *problem
		if k.RotationProvenance != nil && !k.RotationProvenance.OK() {
			reason := "rotation policy of key " + k.Name + " in vault " + lastSegment(k.VaultID) + ": " + k.RotationProvenance.Describe()
			unread = &problem{status: k.RotationProvenance.Status, reason: reason, subjects: ch.unverified(strings.ToLower(k.VaultID+"/"+k.Name), reason)}
		} else if !k.Rotation.Rotates() {
			o.flag("key-no-rotation-policy", ch.keySubject(k, "no rotation policy with a Rotate action"))
		}
		if v, newer, ok := disabledEarly(k.Versions, in.Now); ok {
			o.flag("key-version-disabled-early", ch.keySubject(k, fmt.Sprintf("version %s was disabled although version %s is only %d days old", shortVersion(v.Version), shortVersion(newer.Version), ageDays(newer.Created, in.Now))))
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Key %s: rotation %s, %s listed", k.Name, rotationText(k.Rotation), nOf(len(k.Versions), "version", "versions")), Source: in.ref(k.Provenance)})
		return unread
	})
	if done {
		return o
	}
	if len(o.Signals["key-version-disabled-early"]) > 0 {
		o.Implies = []string{"versions-disabled-early"}
	}
	if len(o.Affected) == 0 {
		o.Summary = allOf(len(ch.keys), "key", "keys") + " " + verb(len(ch.keys), "has", "have") + " a rotation policy, and no earlier version was disabled within 28 days of its replacement."
		return o
	}
	o.Summary = "Rotation needs attention: " + describeSubjects(o.Affected, 5)
	return o
}

// disabledEarly finds an earlier version that is disabled while the version
// after it is younger than 28 days. Versions are listed newest first.
func disabledEarly(vs []KeyVersion, now time.Time) (old, newer KeyVersion, ok bool) {
	for i := 1; i < len(vs); i++ {
		n := vs[i-1]
		if !vs[i].Enabled && n.Created != nil && now.Sub(*n.Created) < previousVersionDays*24*time.Hour {
			return vs[i], n, true
		}
	}
	return KeyVersion{}, KeyVersion{}, false
}

// checkKeyExpiry flags keys that are expired, expire within 60 days, or are
// disabled: each of them locks every environment on the key. Implies
// "no-expiry" when no key has an expiry date.
func checkKeyExpiry(in CheckInput) Observation {
	withExpiry := 0
	o, ch, done := overKeys(in, func(o *Observation, ch keyChain, k Key) *problem {
		exp := "no expiry"
		if !k.Enabled {
			o.flag("key-disabled", ch.keySubject(k, "the key is disabled"))
		}
		if k.Expires != nil {
			withExpiry++
			o.raise("key-expiry-set", ch.keySubject(k, "expires "+k.Expires.UTC().Format(time.DateOnly)))
			exp = "expires " + k.Expires.UTC().Format(time.DateOnly)
			switch left := k.Expires.Sub(in.Now); {
			case left <= 0:
				o.flag("key-expired", ch.keySubject(k, "expired "+k.Expires.UTC().Format(time.DateOnly)))
			case left < expiryWarningDays*24*time.Hour:
				o.flag("key-expiring", ch.keySubject(k, fmt.Sprintf("%s (in %d days)", exp, int(left.Hours()/24))))
			}
		}
		o.Evidence = append(o.Evidence, Evidence{Kind: EvidenceFact, Text: fmt.Sprintf("Key %s: enabled %t, %s", k.Name, k.Enabled, exp), Source: in.ref(k.Provenance)})
		return nil
	})
	if done {
		return o
	}
	if withExpiry == 0 && len(o.Affected) == 0 {
		o.Implies = []string{"no-expiry"}
		o.Summary = verb(len(ch.keys), "The key has no expiry date.", fmt.Sprintf("None of the %d keys has an expiry date.", len(ch.keys)))
		return o
	}
	return o.summarise("Keys that lock or will soon lock environments: ", fmt.Sprintf("%d of %s %s an expiry date more than %d days away.", withExpiry, nOf(len(ch.keys), "key", "keys"), verb(withExpiry, "has", "have"), expiryWarningDays))
}

// overKeys is overVaults for keys; each may report a fact it could not read.
func overKeys(in CheckInput, each func(o *Observation, ch keyChain, k Key) *problem) (o Observation, ch keyChain, done bool) {
	ch = followKeys(in)
	if len(ch.envs) == 0 {
		return noCMK(), ch, true
	}
	var unread []problem
	for _, k := range ch.keys {
		if p := each(&o, ch, k); p != nil {
			unread = append(unread, *p)
		}
	}
	if o.unreadable("keys", ch.policyProblems, ch.keyProblems, unread) {
		return o, ch, true
	}
	if len(ch.keys) == 0 {
		return o.noKeys(), ch, true
	}
	return o, ch, false
}

func (o Observation) noKeys() Observation {
	o.Status = StatusNotFound
	o.Reason = "no key of the encryption policies was read"
	o.Summary = "The customer-managed keys could not be found."
	return o
}

func isManagedHSM(vaultID, uri string) bool {
	return strings.Contains(strings.ToLower(vaultID), "/managedhsms/") || strings.Contains(strings.ToLower(uri), ".managedhsm.")
}

func sizeText(n int) string {
	if n == 0 {
		return "size not returned"
	}
	return fmt.Sprintf("%d-bit", n)
}

func rotationText(r *RotationPolicy) string {
	switch {
	case r == nil:
		return "no policy"
	case r.RotateAfterCreate != "":
		return "every " + r.RotateAfterCreate
	case r.RotateBeforeExpiry != "":
		return r.RotateBeforeExpiry + " before expiry"
	}
	return "policy without a Rotate action"
}

func shortVersion(v string) string {
	if len(v) > 8 {
		return v[:8]
	}
	return orDash(v)
}

func ageDays(t *time.Time, now time.Time) int {
	if t == nil {
		return 0
	}
	return int(now.Sub(*t).Hours() / 24)
}

func keyNames(ks []Key) string {
	names := make([]string, 0, len(ks))
	for _, k := range ks {
		names = append(names, fmt.Sprintf("%s (%s %s)", k.Name, orDash(k.Type), sizeText(k.Size)))
	}
	return listNames(names, 5)
}
