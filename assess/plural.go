package assess

import "strconv"

// Helpers that spell plurals out in sentences people read ("1 key",
// "3 keys"), instead of "key(s)".

// nOf gives "1 key" or "3 keys".
func nOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// allOf gives "The key vault" for one and "All 3 key vaults" for more.
func allOf(n int, one, many string) string {
	if n == 1 {
		return "The " + one
	}
	return "All " + strconv.Itoa(n) + " " + many
}

// verb picks the verb form that agrees with n.
func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
