package bench

import "syscall"

// dieWithParent makes the kernel kill serve when the test process dies
// without running its cleanups (a -timeout panic, a signal).
func dieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
