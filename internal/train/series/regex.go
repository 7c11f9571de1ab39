package series

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// MaxRegexPoints bounds the points a [RegexParser] keeps; later matches are
// counted and reported by [RegexParser.Err].
const MaxRegexPoints = 5_000_000

// maxBadMatches bounds the bad matches a RegexParser remembers.
const maxBadMatches = 5

// RegexParser extracts a loss series from a training command's output,
// one line at a time. It is safe for concurrent use, so stdout and stderr
// readers may feed it at once (their relative order is then theirs).
type RegexParser struct {
	re      *regexp.Regexp
	value   int // index of the loss group
	step    int // index of the step group, or -1
	mu      sync.Mutex
	lines   int
	points  []Point
	dropped int
	bad     []string
	nBad    int
}

// NewRegexParser compiles expr (Go RE2 syntax). The loss is the group named
// "loss" or else the first group not named "step"; an optional group named
// "step" gives the step, else points are numbered from 0.
func NewRegexParser(expr string) (*RegexParser, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("loss regex: %w", err)
	}
	p := &RegexParser{re: re, value: re.SubexpIndex("loss"), step: re.SubexpIndex("step")}
	if p.value < 0 {
		for i, name := range re.SubexpNames()[1:] {
			if name != "step" {
				p.value = i + 1
				break
			}
		}
	}
	if p.value < 0 {
		return nil, fmt.Errorf("loss regex %q: needs a capture group for the loss, e.g. `loss=(\\S+)` or `(?P<loss>[0-9.eE+-]+)`", expr)
	}
	return p, nil
}

// Line feeds one line of output. Carriage returns split it into the
// updates a progress bar drew over each other, and ANSI color codes are
// removed; the first match in each part counts. Parts that match with a
// value that is not a number are skipped and reported by [RegexParser.Err].
func (p *RegexParser) Line(line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lines++
	if strings.IndexByte(line, '\x1b') >= 0 {
		line = ansi.ReplaceAllString(line, "")
	}
	for part := range strings.SplitSeq(line, "\r") {
		m := p.re.FindStringSubmatch(part)
		if m == nil {
			continue
		}
		if err := p.add(m); err != nil {
			p.nBad++
			if len(p.bad) < maxBadMatches {
				p.bad = append(p.bad, fmt.Sprintf("output line %d: %v", p.lines, err))
			}
		}
	}
}

// ansi matches ANSI escape sequences (colors, cursor moves).
var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// add records one match; p.mu is held.
func (p *RegexParser) add(m []string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(m[p.value]), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return fmt.Errorf("loss %q is not a number", m[p.value])
	}
	pt := Point{Step: int64(len(p.points) + p.dropped), Value: v}
	if p.step > 0 && m[p.step] != "" {
		if pt.Step, err = parseStep(m[p.step]); err != nil {
			return fmt.Errorf("step: %w", err)
		}
	}
	if len(p.points) >= MaxRegexPoints {
		p.dropped++
		return nil
	}
	p.points = append(p.points, pt)
	return nil
}

// Series returns a copy of the points read so far, named "loss".
func (p *RegexParser) Series() *Series {
	p.mu.Lock()
	defer p.mu.Unlock()
	return &Series{Name: "loss", Points: append([]Point(nil), p.points...)}
}

// Last returns the latest point, for callers that watch a run (to kill it
// at a step) without copying the series on every line.
func (p *RegexParser) Last() (Point, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.points) == 0 {
		return Point{}, false
	}
	return p.points[len(p.points)-1], true
}

// Err describes matches that were skipped: values that are not numbers
// (the first few, by output line) and points beyond [MaxRegexPoints].
// It returns nil when every match became a point.
func (p *RegexParser) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var msgs []string
	if p.nBad > 0 {
		msg := fmt.Sprintf("%d matches of the loss regex skipped: %s", p.nBad, strings.Join(p.bad, "; "))
		if p.nBad > len(p.bad) {
			msg += fmt.Sprintf("; and %d more", p.nBad-len(p.bad))
		}
		msgs = append(msgs, msg)
	}
	if p.dropped > 0 {
		msgs = append(msgs, fmt.Sprintf("%d loss values beyond the first %d not kept", p.dropped, MaxRegexPoints))
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "; "))
}
