// Package suggest finds the name a user probably meant, for "did you mean"
// hints in error messages.
package suggest

import "strings"

// Closest returns the name among names closest to name, or "" when none is
// close: within a third of name's length in edits (at least 1).
// Comparison ignores case and treats '-' and '_' alike, so "Max-Drop" finds
// "max_drop".
func Closest(name string, names []string) string {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "-", "_")) }
	lname := norm(name)
	best, bestDist := "", max(1, len([]rune(name))/3)+1
	for _, n := range names {
		if d := Distance(lname, norm(n), bestDist); d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// Distance is the optimal string alignment distance between a and b in
// runes: Levenshtein plus transpositions of neighbours ("gaet" is 1 from
// "gate"). It returns limit as soon as the distance is known to be at
// least limit.
func Distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	rows := [3][]int{make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)}
	for j := range rows[1] {
		rows[1][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		prev2, prev, cur := rows[0], rows[1], rows[2]
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		rows[0], rows[1], rows[2] = prev, cur, prev2
	}
	return min(rows[1][len(rb)], limit)
}
