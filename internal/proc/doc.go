// Package proc runs a user's command for the training gates (smoke, repro):
// in its own process group, with a timeout, with stdout and stderr streamed
// line by line to a live writer, a capped log file and a callback, and with
// the tail of the output, the exit status, the duration and the peak memory
// recorded in a [Result].
//
// On timeout or when the context is cancelled (Ctrl-C), the whole process
// group receives SIGTERM and, after a grace period, SIGKILL. Processes the
// command leaves behind in its group when it exits are ended the same way,
// so no orphan outlives the run. Output is processed as a stream: memory use
// does not grow with the amount of output.
//
// Process groups and rusage are used as on Linux; on other systems [Start]
// returns an error.
package proc
