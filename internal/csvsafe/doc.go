// Package csvsafe makes text cells inert for spreadsheets and reads them
// back exactly.
//
// A spreadsheet runs a cell that begins with =, +, - or @ as a formula, and
// some also one that begins with a tab or a carriage return (the OWASP
// "CSV injection" prefix set). Escape writes such a cell with a leading
// apostrophe, which spreadsheets show instead of running; it also prefixes
// a cell that already begins with an apostrophe, so that the escaping is
// injective: two distinct texts never give the same cell, and Unescape
// undoes Escape for every string.
package csvsafe
