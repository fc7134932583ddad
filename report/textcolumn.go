package report

// IsTextColumn reports whether column of the output table named table
// ("nodes.csv", …) holds text (ids, names, kinds, flags) rather than
// numbers, as the table writers treat it: the waves package never puts a
// numeric threshold on such a column.
func IsTextColumn(table, column string) bool { return isTextColumn(table, column) }
