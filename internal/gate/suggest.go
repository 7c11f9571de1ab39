package gate

import (
	"strings"
)

// suggest returns the name among names closest to name, for a "did you
// mean" hint, or "" when none is close. A name whose last dot-separated
// parts equal name ("eval.accuracy" for "accuracy") is preferred.
func suggest(name string, names []string) string {
	for _, n := range names {
		if strings.HasSuffix(n, "."+name) {
			return n
		}
	}
	lname := strings.ToLower(name)
	best, bestDist := "", max(1, len([]rune(name))/3)+1
	for _, n := range names {
		if d := editDistance(lname, strings.ToLower(n), bestDist); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b in runes; it
// returns limit as soon as the distance is known to be at least limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit)
}
