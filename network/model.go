package network

import (
	"fmt"
	"strings"
)

// NodeType says what a node of the network is.
type NodeType uint8

// The node types, in the order in which output tables list them.
const (
	Firm NodeType = iota
	Market
	Buyer
)

var nodeTypeNames = [...]string{Firm: "firm", Market: "market", Buyer: "buyer"}

// String returns "firm", "market" or "buyer".
func (t NodeType) String() string {
	if int(t) < len(nodeTypeNames) {
		return nodeTypeNames[t]
	}
	return fmt.Sprintf("NodeType(%d)", uint8(t))
}

// Kind is the kind of a link.
type Kind uint8

// The link kinds of SPEC §1.
const (
	Subcontract Kind = iota // firm → firm: from processes work for to
	Supply                  // firm → firm or market → firm: inputs, components
	Sale                    // firm → market, firm → buyer, market → buyer, market → market
)

var kindNames = [...]string{Subcontract: "subcontract", Supply: "supply", Sale: "sale"}

// String returns "subcontract", "supply" or "sale".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParseKind reads a kind name, ignoring case and surrounding spaces. It
// reports false for an empty or unknown name.
func ParseKind(s string) (Kind, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for k, name := range kindNames {
		if s == name {
			return Kind(k), true
		}
	}
	return 0, false
}

// DefaultKind is the kind of a link whose kind cell is empty: firm → firm
// and market → firm are supply, everything else is a sale.
func DefaultKind(from, to NodeType) Kind {
	if to == Firm && (from == Firm || from == Market) {
		return Supply
	}
	return Sale
}

// Allowed reports whether a link of kind k may go from a node of type from
// to a node of type to (SPEC §1).
func Allowed(k Kind, from, to NodeType) bool {
	switch k {
	case Subcontract:
		return from == Firm && to == Firm
	case Supply:
		return to == Firm && (from == Firm || from == Market)
	case Sale:
		return (from == Firm && (to == Market || to == Buyer)) ||
			(from == Market && (to == Buyer || to == Market))
	}
	return false
}

// Attr is one optional column of a node or cluster table, kept as text in
// the order the table had it.
type Attr struct {
	Key, Value string
}

// Node is a firm, market or buyer.
type Node struct {
	ID   string
	Type NodeType
	// Name defaults to ID when empty.
	Name string
	// Cluster is the id of the firm's industrial cluster; empty for none
	// and for markets and buyers.
	Cluster string
	// Attrs are the other columns of the node's table (town, city,
	// country, employees, …) as text.
	Attrs []Attr
}

// Cluster is an industrial cluster: a group of firms, not a node.
type Cluster struct {
	ID string
	// Name defaults to ID when empty.
	Name  string
	Attrs []Attr
}

// Link is one trade or production tie, after rows with the same From, To
// and Kind have been summed. Goods move from From to To.
type Link struct {
	From, To string
	Kind     Kind
	// Volume is the summed known volume; a row whose volume is unknown
	// counts as a link but adds 0.
	Volume float64
}

// Dataset is the input of New: the rows of the node tables and the summed
// links. The loaders package builds one from CSV tables and checks it with
// positions in the files; New checks it again without them.
type Dataset struct {
	Name     string
	Nodes    []Node
	Clusters []Cluster
	Links    []Link
}
