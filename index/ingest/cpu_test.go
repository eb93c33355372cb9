package ingest

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) the process has used. The
// benchmarks report it beside wall time: on a busy shared machine the
// wall-time ratio swings with the load, the CPU-time ratio much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
