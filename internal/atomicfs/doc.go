// Package atomicfs writes the outputs of clusterchain's commands so that
// no run damages a user's files: a run that fails, is cancelled or is
// killed leaves its output as it was, and no output ever replaces an
// input.
//
// Stage builds an output directory's files in a staging directory and
// Commit moves them into place all or nothing: every target is checked
// before the first move, and a move that fails takes back the ones made.
// StageFile does the same for one file. Both check the output location
// before the work starts — a file where a directory goes, a symbolic link
// that leads nowhere, an output directory that is, lies inside or
// contains an input (CheckApart) — so that a bad -o fails at once, not
// after an hour of analysis.
//
// Every staging directory carries a marker with its process's id; Stage
// and StageFile remove the staging directories of the same output whose
// process has ended (rolling back one that died in the middle of its
// commit), and never touch anything else.
package atomicfs
