// Package suggest finds what a user probably meant by a word that is not
// a known command, flag, column or id: "did you mean …?".
package suggest
