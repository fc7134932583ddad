// Package reference holds no code: its test checks every figure of the
// packages trophic, dominators, connectivity, structure and brokeragez
// against the references SPEC §5 names, on generated networks, and logs
// the agreement table (figure, largest difference, reference, network
// size).
//
// The references are the repository's scripts: scripts/chain_reference.py
// (NetworkX 2.8 and numpy, run by Debian's /usr/bin/python3) and
// scripts/sna_brokerage_z.R (R's sna::brokerage, Debian r-cran-sna).
// Where an interpreter or package is missing the test is skipped, and
// under CI (CI=true) it fails instead, so that a green CI never hides a
// missing install step. Run it with
//
//	go test ./network/internal/reference -v
package reference
