// Command loadgen drives internal/canary/load against a URL at increasing
// rates and prints, for each, what was sent and the latency quantiles, then
// the highest rate sustained: achieved within 2% of the target with no error
// and no timeout. bench/canary/run.sh runs it beside wrk.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mlgate/mlgate/internal/canary/load"
)

// maxBody caps the response bytes read per request.
const maxBody = 1 << 20

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	url := fs.String("url", "", "endpoint to GET")
	rates := fs.String("rates", "1000,2000,5000,10000,20000", "comma-separated target rates (requests per second)")
	duration := fs.Duration("duration", 5*time.Second, "length of each run")
	concurrency := fs.Int("concurrency", 256, "cap on requests in flight")
	timeout := fs.Duration("timeout", 2*time.Second, "per-request timeout")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return fmt.Errorf("creating CPU profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("starting CPU profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	if *url == "" {
		return errors.New("-url is required")
	}
	targets, err := parseRates(*rates)
	if err != nil {
		return err
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = *concurrency
	tr.DisableCompression = true
	defer tr.CloseIdleConnections()
	req := get(&http.Client{Transport: tr}, *url)

	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "target rps\tsent\tachieved\terrors\ttimeouts\tp50\tp95\tp99\tmax\tmax lag\tsustained\t")
	best := 0.0
	for _, rate := range targets {
		s, err := load.Run(ctx, load.Options{Rate: rate, Duration: *duration, Concurrency: *concurrency, Timeout: *timeout}, req)
		if err != nil {
			return fmt.Errorf("at %v rps: %w", rate, err)
		}
		ok := math.Abs(s.Achieved-rate) <= 0.02*rate && s.Errors == 0 && s.Timeouts == 0
		if ok {
			best = max(best, rate)
		}
		fmt.Fprintf(w, "%g\t%d\t%.1f\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%v\t\n", rate, s.Sent, s.Achieved, s.Errors, s.Timeouts,
			load.FormatDuration(s.P50), load.FormatDuration(s.P95), load.FormatDuration(s.P99),
			load.FormatDuration(s.Max), load.FormatDuration(s.MaxLag), ok)
		if s.Errors > 0 {
			fmt.Fprintf(os.Stderr, "errors at %g rps: %q\n", rate, s.ErrorExamples)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "highest sustained rate: %g rps\n", best)
	return err
}

func parseRates(s string) ([]float64, error) {
	var out []float64
	for i, f := range strings.Split(s, ",") {
		r, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || !(r > 0) || math.IsInf(r, 0) {
			return nil, fmt.Errorf("-rates item %d: %q is not a positive number", i+1, f)
		}
		out = append(out, r)
	}
	return out, nil
}

// get returns a request that GETs url, fails on a status other than 200, and
// reads at most maxBody bytes of the answer.
func get(c *http.Client, url string) load.Request {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody+1))
		if err != nil {
			return fmt.Errorf("reading response: %w", err)
		}
		if n > maxBody {
			return fmt.Errorf("response larger than %d bytes", maxBody)
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
}
