// Package words writes counts for people: "1 firm", "3 cities",
// "12,345". It is the one copy of these helpers for every package that
// prints or writes text.
package words
