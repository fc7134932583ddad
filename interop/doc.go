// Package interop writes a network with every figure in the formats that
// GUI network tools read: GEXF 1.2 (Gephi), GraphML (Cytoscape, yEd,
// NetworkX) and Pajek .net.
//
// GEXF and GraphML nodes carry every column of nodes.csv as a typed
// attribute, then the firm's cluster as text (cluster:name and cluster:KEY
// for each optional column of clusters.csv: the formats have no place for
// the clusters themselves, and loaders.LoadGraph reads them back from the
// firms), followed by the optional columns of the input tables (town,
// province, country, …) as text. The types are the ones Gephi and
// Cytoscape offer for sorting, ranking and colouring: counts are integer
// (GEXF "integer", GraphML "int"; the brokerage counts, which can pass
// 2³¹ on large networks, "long"), figures double, cut boolean and the rest
// string; an input column is double only when every cell is a decimal
// number that Python's float() reads as NetworkX does (0x1p-2, NaN or a
// code such as 0571 make it text). The attribute types come from the
// column registry (package columns). An empty cell — a figure that is
// undefined for the node, such as constraint for a node that delivers to
// no one — is left out, never written as NaN.
//
// Ids keep distinct ids distinct in every file: a node's id (and an id in
// the cluster and ring attributes, edge ends and input column names) is
// written with EncodeID, which leaves every usual id unchanged and writes
// the characters XML 1.0 forbids, control characters and bytes that are
// not UTF-8 as \uXXXX and \xHH escapes (a backslash that would start one
// is doubled); DecodeID gives the id back. Text for people — the label
// (the node's name), the type, input attribute values, the dataset name —
// is written with textsafe.Visible: forbidden characters and
// bidirectional controls (U+202E …) as visible escapes.
//
// Edges are the edges of G (SPEC §2): one per distinct (from, to) pair,
// weighted by the summed volume (an edge whose links all have unknown
// volumes weighs 0 and says so: the weight is always written, since GEXF
// readers take a missing weight as 1), with the kinds of its links joined
// by ";" as the edge attribute "kinds".
//
// Pajek has no attributes: network.net numbers the vertices 1…n in
// nodes.csv order (vertex i is row i of nodes.csv, so Pajek partitions and
// vectors can be made from any column), labels them with their encoded ids
// in double quotes (PajekLabel: \" and \\ inside, as NetworkX's shlex-based
// reader reads them) and lists one arc per edge of G weighted by its
// volume.
//
// The GEXF document is written with the element types of gonum's
// graph/formats/gexf12 (the same types read it back in the tests), one
// node at a time, so that memory does not grow with the number of
// attribute values. Edges use a type of their own only because gexf12's
// Edge drops a weight of 0. All text goes through encoding/xml, which
// escapes markup in user-supplied names and ids; NetworkX 2.8 reads all
// three files back with every node distinct (tested).
package interop
