//go:build unix

package safefile

import "syscall"

func mkfifo(p string) error { return syscall.Mkfifo(p, 0o600) }

// mknodNull makes a character device like /dev/null (1, 3); only root may.
func mknodNull(p string) error { return syscall.Mknod(p, syscall.S_IFCHR|0o666, int(1<<8|3)) }
