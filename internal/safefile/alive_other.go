//go:build !unix

package safefile

// processAlive cannot ask cheaply here; leftovers are removed by age only.
func processAlive(int) bool { return true }
