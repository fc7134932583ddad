// Package words writes counts and durations for people: "1 firm",
// "3 cities", "12,345", "43 min". It is the one copy of these helpers for every package that
// prints or writes text.
package words
