// Package textsafe makes user text safe to show in XML and HTML outputs.
//
// XML 1.0 forbids most control characters and the non-characters U+FFFE
// and U+FFFF even when they are escaped, so a name holding one makes an SVG
// or GEXF file that no parser reads. Bidirectional controls (U+202E RIGHT-
// TO-LEFT OVERRIDE and its kind) are legal but reorder what a reader sees:
// "exe.txt" can be shown for "txt.exe". Visible replaces both with a
// visible escape such as \u202E, so the text stays readable and nothing
// in it acts on the page. It is for text that people read (labels, table
// cells, titles); identifiers that must stay distinct need an injective
// encoding of their own.
package textsafe
