//go:build !linux

package proc

import (
	"context"
	"errors"
	"syscall"
)

// errUnsupported is returned by Start outside Linux.
var errUnsupported = errors.New("running training commands needs Linux (process groups and rusage)")

// Process is a running command; outside Linux none can be started.
type Process struct{}

// Start returns an error: process groups are used as on Linux only.
func Start(ctx context.Context, s Spec) (*Process, error) {
	if _, err := s.withDefaults(); err != nil {
		return nil, err
	}
	return nil, errUnsupported
}

// Pid returns 0.
func (p *Process) Pid() int { return 0 }

// Kill returns an error.
func (p *Process) Kill(sig syscall.Signal) error { return errUnsupported }

// Wait returns an error.
func (p *Process) Wait() (*Result, error) { return nil, errUnsupported }
