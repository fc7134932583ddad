//go:build unix

package atomicfs

import (
	"errors"
	"os"
	"strings"
	"syscall"
)

// processRuns reports whether a process with pid runs: signal 0 checks
// without sending anything; EPERM means it runs under another user.
func processRuns(pid int) tristate {
	err := syscall.Kill(pid, 0)
	switch {
	case err == nil, errors.Is(err, syscall.EPERM):
		return yes
	case errors.Is(err, syscall.ESRCH):
		return no
	}
	return unknown
}

// processStart returns the start time of process pid (field 22 of
// /proc/PID/stat, in clock ticks since boot), or "" where there is no
// /proc.
func processStart(pid int) string {
	b, err := os.ReadFile("/proc/" + itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces and parentheses
	if i < 0 {
		return ""
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return ""
	}
	return f[19] // fields 3… follow the name: field 22 is f[22-3]
}

// bootID identifies the current boot of the machine, or "" where the
// kernel does not say.
func bootID() string {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
