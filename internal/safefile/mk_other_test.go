//go:build !unix

package safefile

import "errors"

func mkfifo(string) error    { return errors.New("no FIFOs on this OS") }
func mknodNull(string) error { return errors.New("no device nodes on this OS") }
