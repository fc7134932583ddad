// Package atomicfs writes the outputs of clusterchain's commands so that a
// run that fails leaves what was there as it was: an output directory is
// built in a staging directory beside it and moved into place by Commit;
// a single output file is written aside and renamed over its target.
package atomicfs
