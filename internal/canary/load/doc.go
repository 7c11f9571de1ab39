// Package load generates HTTP (or any) load at a fixed arrival rate and
// measures latency the way a user would experience it.
//
// The generator is open loop: arrival i is scheduled at t0 + i/Rate whether
// or not earlier requests have answered, so a slow service cannot slow the
// generator down and hide its own latency (the "coordinated omission" of
// closed-loop tools). Every latency is measured from the arrival's scheduled
// time, not from the moment the request was finally sent: time an arrival
// spends waiting for a free slot under the concurrency cap, or because the
// generator itself fell behind, counts as latency. [Stats.MaxLag] reports how
// late requests started, so a saturated generator is visible.
//
// Go timers fire up to about a millisecond late, so the scheduler wakes one
// millisecond early and sends every arrival due within that millisecond at
// once: arrivals closer together than that leave in small bursts at the right
// average rate. A request sent early has its latency (and its timeout)
// counted from when it was sent, never from a later scheduled time, so it is
// not under-reported.
//
// Quantiles are exact (nearest rank over the sorted latencies) while the run
// completes no more than [Options.MaxSamples] arrivals; beyond that they are
// computed from a uniform random sample of that size (reservoir sampling),
// whose rank error is about sqrt(q(1-q)/MaxSamples): 0.03% of rank for p99
// with the default 100,000. Mean and Max are always exact.
package load
