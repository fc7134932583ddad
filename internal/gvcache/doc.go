// Package gvcache gives go-graphviz a compilation cache that only the user
// can write, or none.
//
// go-graphviz compiles its WebAssembly Graphviz in its package init and
// keeps the native code in $TMPDIR/go-graphviz, a shared directory it
// trusts whoever made it (wazero checks a CRC32 only): another local user
// could plant code there that the tool would then map and run, and once
// root had made the directory every other user's command panicked with
// "permission denied", even help. The init of this package runs before
// go-graphviz's (Go initialises packages in import-path order once their
// imports are ready, and this package imports nothing that go-graphviz
// does not import itself), checks a per-user cache directory and points
// TMPDIR at it for the length of go-graphviz's init; package viz, which
// go-graphviz's init precedes, calls Restore to put TMPDIR back.
//
// The cache is os.UserCacheDir()/clusterchain (go-graphviz adds
// go-graphviz/, wazero a directory per wazero version). It is used only
// when the user cache directory is the user's own and not writable by
// others, the clusterchain directory is a real directory owned by the
// user with mode 0700, every entry in it is the user's own, writable and
// no symlink, the directories can be written (checked by creating a file),
// and every compiled module in it is well-formed (header, lengths and the
// CRC-32C wazero checks; a bad one is removed). Otherwise go-graphviz gets
// a TMPDIR in which it cannot create its directory, and compiles in
// memory: a cache never makes a command fail, it only saves the 0.7 s of
// compiling.
//
// This is the one place where clusterchain's library code touches the
// environment: go-graphviz offers no other way to choose its cache, and
// its init runs before any function of ours could be called.
package gvcache
