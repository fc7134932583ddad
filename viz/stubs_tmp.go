package viz

func (fr *frame) aroundGraphviz(svg []byte) ([]byte, error) { return svg, nil }
