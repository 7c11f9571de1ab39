package config

import (
	"strconv"
	"strings"
)

// suggest returns the name among names closest to name, for a "did you
// mean" hint, or "" when none is close.
func suggest(name string, names []string) string {
	lname := strings.ToLower(strings.ReplaceAll(name, "-", "_"))
	best, bestDist := "", max(1, len([]rune(name))/3)+1
	for _, n := range names {
		d := editDistance(lname, strings.ToLower(strings.ReplaceAll(n, "-", "_")), bestDist)
		if d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// didYouMean formats a suggestion as a sentence ending, or "".
func didYouMean(name string, names []string) string {
	if s := suggest(name, names); s != "" {
		return "; did you mean " + strconv.Quote(s) + "?"
	}
	return ""
}

// editDistance is the optimal string alignment distance between a and b
// in runes (Levenshtein plus transpositions: "gaet" is 1 from "gate"); it
// returns limit as soon as the distance is known to be at least limit.
func editDistance(a, b string, limit int) int {
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
