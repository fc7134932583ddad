package viz

import (
	"context"
	"errors"
)

// svgBytes returns the diagram's SVG: the figure viz drew itself, or
// Graphviz's layout of the DOT text inside the diagram's frame.
func (d *Diagram) svgBytes(ctx context.Context) ([]byte, error) {
	if d.svg != nil {
		return d.svg, nil
	}
	if d.DOT == nil {
		return nil, errors.New("the " + string(d.View) + " diagram has nothing to draw")
	}
	// Graphviz lays out the ego view.
	svg, err := layoutSVG(ctx, d.DOT, d.Layout)
	if err != nil {
		return nil, err
	}
	if d.frame != nil {
		return d.frame.aroundGraphviz(svg)
	}
	return svg, nil
}

// dotText returns the diagram's DOT text.
func (d *Diagram) dotText() ([]byte, error) {
	switch {
	case d.DOT != nil:
		return d.DOT, nil
	case d.dot != nil:
		return d.dot(), nil
	}
	return nil, errors.New("the " + string(d.View) + " diagram is drawn without Graphviz and has no DOT text")
}
