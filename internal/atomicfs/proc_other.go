//go:build !unix

package atomicfs

// Where processes cannot be looked up, no staging directory is ever
// taken for stale: they are left for the user to remove.
func processRuns(pid int) tristate { return unknown }
func processStart(pid int) string  { return "" }
func bootID() string               { return "" }
