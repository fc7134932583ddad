package main

import (
	"flag"
	"strings"

	"clusterchain/internal/suggest"
	"clusterchain/network"
)

// didYouMean returns "; did you mean …?" for the candidates nearest to
// word, or "" when none is near.
func didYouMean(word string, candidates []string) string {
	if p := suggest.Phrase(suggest.Nearest(word, candidates, nil, 3)); p != "" {
		return "; " + p
	}
	return ""
}

// commandNames lists the commands and the words run knows besides them.
func commandNames() []string {
	names := []string{"help", "version"}
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// flagSuggestion turns the flag package's "flag provided but not
// defined: -fromats" into a message that names the nearest flag.
func flagSuggestion(fs *flag.FlagSet, msg string) string {
	const undefined = "flag provided but not defined: -"
	if !strings.HasPrefix(msg, undefined) {
		return msg
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	word := strings.TrimPrefix(msg, undefined)
	near := suggest.Nearest(strings.TrimLeft(word, "-"), names, nil, 3)
	if len(near) == 0 {
		return msg
	}
	for i, n := range near {
		near[i] = "--" + n
	}
	return msg + "; " + suggest.Phrase(near)
}

// idSuggestion names the node ids of nw nearest to id, markets and
// buyers before firms (a person names a market or a buyer by a word more
// often than a firm).
func idSuggestion(nw *network.Network, id string) string {
	nodes := nw.Nodes()
	ids := make([]string, len(nodes))
	for i, nd := range nodes {
		ids[i] = nd.ID
	}
	rank := func(i int) int {
		switch nodes[i].Type {
		case network.Market:
			return 0
		case network.Buyer:
			return 1
		}
		return 2
	}
	if p := suggest.Phrase(suggest.Nearest(id, ids, rank, 3)); p != "" {
		return " (" + p + ")"
	}
	return ""
}
