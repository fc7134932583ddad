package network

// shareOf is a/b clamped to [0, 1]; 0 when b is 0.
func shareOf(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return min(max(a/b, 0), 1)
}
