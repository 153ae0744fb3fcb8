//go:build !linux

package bench

import "syscall"

// dieWithParent has no portable form outside Linux: the test's cleanup
// stops serve.
func dieWithParent() *syscall.SysProcAttr { return nil }
