// Package loaders reads a clusterchain dataset — the CSV tables of SPEC §1
// (firms.csv, links.csv and optionally markets.csv, buyers.csv,
// clusters.csv), a wide survey table, an Excel workbook, a link matrix or
// a graph file — into a validated network.Dataset.
//
// Besides the CSV tables of a directory (Load), a dataset may be:
//
//   - Excel workbooks (.xlsx): per-table workbooks beside or instead of the
//     CSV files (firms.xlsx, …), a file named .csv that is a workbook, or
//     one workbook whose sheets are the tables (LoadWorkbook; sheets firms,
//     links, markets, buyers, clusters, or 企业, 联系/关系, 市场, 买家, 集群).
//     A sheet is streamed cell by cell (a million rows never sit in memory
//     as XML or as a grid of cells). Numbers are the stored values, not
//     what the display format shows; a number in a date format is an ISO
//     date; a formula gives its cached value, and one without is empty and
//     warned about. The header is the first of the first rows that names
//     the table's required columns (a title above it is skipped with a
//     warning); a cell merged over several rows gives its value to each;
//     trailing blank rows and columns are dropped. Errors name the sheet and
//     cell (Error.Sheet): survey.xlsx:links!D14.
//   - A link matrix (LoadMatrix, or Schema.Matrices in a directory): a CSV
//     table, a sheet or a UCINET DL full matrix whose rows deliver to its
//     columns, a cell its volume (empty and 0: no link; "?": unknown).
//   - A graph file (LoadGraph): GEXF, GraphML or Pajek .net, as Gephi,
//     NetworkX and clusterchain's own exports write them.
//
// LoadFile chooses among these for a dataset that is one file. The XML
// readers never resolve entities or read a DTD, and every part and file
// is read through size limits, so hostile files cost bounded work.
//
// Survey files are read as Excel writes them:
//
//   - Encodings (Encoding): UTF-8 with or without a byte-order mark,
//     UTF-16 LE/BE with one, and GB18030 (which covers GBK and GB2312) when
//     the bytes are not UTF-8; Options.Encoding forces one. Bytes that do
//     not decode are an error at their line, never U+FFFD. UTF-16 without
//     a byte-order mark and UTF-32 are recognised by their zero bytes and
//     named in the error; any other zero byte, and a byte-order mark
//     inside the text (two files joined), is an error at its place.
//   - Line ends: LF, CRLF and a lone CR (Excel's "CSV (Macintosh)") alike.
//   - Blank rows (",,,,": every cell empty), which Excel leaves when rows
//     are cleared, are skipped with one warning per table naming their
//     lines. A firms, links or survey table with no other rows is an
//     error.
//   - Delimiters: sniffed per file among , ; tab | with quotes respected,
//     preferring , when two fit (with a warning); Options.Delimiter forces
//     one.
//   - Headers: matched ignoring case, spaces, "_" and "-", through one
//     table of SPEC columns and their Chinese and English aliases
//     (Columns); kind values likewise (KindAliases). A Schema adds file
//     names, column names and kind values. Columns that are not SPEC
//     columns are kept as node attributes; the table's optional columns
//     are kept under their SPEC names. A header may carry a unit after
//     its name, in brackets or after a comma — 交易额（万元）, volume (10k
//     yuan), amount [USD], "volume, 万元" — and matches by the name; the
//     volume column's unit is Result.VolumeUnit (values are not
//     rescaled). A links table without a volume column but with a column
//     of numbers is an error that gives the --schema mapping, never a
//     silent weight of 1 per link.
//   - Apostrophes: every cell (and header) is read through
//     csvsafe.Unescape. A leading apostrophe before one of = + - @ tab CR
//     or another apostrophe is Excel's own "this is text" mark, which
//     clusterchain's writers (WriteTables, the report tables) put before
//     cells that would otherwise run as formulas: '=x reads as =x, and
//     '=x with a second apostrophe before it reads as '=x, so that written
//     tables load back to exactly the same ids. Any other apostrophe
//     ('Tis) is kept.
//   - Decimal commas: with Options.DecimalComma every number of a text
//     file is read the European way (1.234,5 and 1,5). Without it, the
//     volumes of a ;-, tab- or |-separated file that are numbers only that
//     way give one error for the file, which suggests the option.
//   - Numbers (ParseNumber) in volumes and the numeric attributes:
//     thousands groups of three (1,234.5 or 1 234), full-width digits,
//     35% (not in volumes) and 万/亿 suffixes, exactly. In a volume, a
//     comma that does not group thousands, or any comma in a ;-separated
//     file, is an error with a hint, never a guess; in a numeric attribute,
//     which feeds no figure, a cell that is not a number keeps its text and
//     each such column gets one warning.
//
// LoadSurvey reads a wide survey — one row per responding firm, with
// numbered relation columns that the schema describes — with errors at
// the survey's own lines and columns, and WriteTables writes any loaded
// input as plain SPEC tables, every formula-looking cell made inert and
// warned about.
//
// Only regular files are read: a table or a schema (ReadSchema, at most
// MaxSchemaBytes) that is a FIFO, a device or a directory is an error,
// never a read that blocks or does not end. A table that is a symbolic
// link out of the dataset directory is refused unless Options.FollowLinks
// is set; links inside it are followed. Messages quote values from the
// input (ids, cells, header names) escaped and cut to a readable length
// with their size, and show nothing of a file beyond its header names.
//
// Every problem is reported with its file, physical line and column (the
// 1-based field number, as a spreadsheet counts columns), in the manner of
// encoding/csv's ParseError, and most with a hint:
//
//	links.csv:15:2: unknown id "zz9" in column "to"
//
// Load collects every problem (up to Options.MaxErrors, in file and row
// order) instead of stopping at the first, so that `clusterchain validate`
// can list them all. Warnings (summed duplicate links, unknown volumes,
// blank rows, an ambiguous delimiter) do not stop loading.
//
// Cells are read by index from the records the reader gives, every one
// as text: numbers are parsed by the rules above, never by a CSV mapping
// library (gocsv would silently turn "010" into 8 or an empty number into
// 0), and positions come from the reader. A file without double quotes is
// split into records by hand (exactly the records encoding/csv gives,
// which tests and fuzzing check); a large one is read in parallel chunks
// merged in file order. Other files go through encoding/csv.
package loaders
