// Command motcua-load generates benchmark data and drives load against a
// running motcua on 127.0.0.1, bounded in time. Each mode lives in its own
// file and registers itself in modes (tracking.go: public tracking lookups).
//
//	motcua-load <mode> <subcommand> [flags]
//	motcua-load tracking seed --database-url postgres://… --n 1000000
//	motcua-load tracking run  --url http://127.0.0.1:8080 --duration 30s
//
// Results and the machine they ran on are recorded in docs/benchmarks.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// mode is one benchmark: it gets the arguments after its name.
type mode struct {
	usage string
	run   func(ctx context.Context, args []string) error
}

var modes = map[string]mode{}

func register(name, usage string, run func(ctx context.Context, args []string) error) {
	modes[name] = mode{usage: usage, run: run}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) < 2 || modes[os.Args[1]].run == nil {
		fmt.Fprintln(os.Stderr, "usage: motcua-load <mode> …\nmodes:")
		var names []string
		for n := range modes {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(os.Stderr, "  %s\n", modes[n].usage)
		}
		os.Exit(2)
	}
	if err := modes[os.Args[1]].run(ctx, os.Args[2:]); err != nil {
		fmt.Fprintln(os.Stderr, "motcua-load:", err)
		os.Exit(1)
	}
}
