package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// errUsage marks an error in how the command was called: exit status 2.
var errUsage = errors.New("usage")

// usageError is a wrong call with a message for the user.
type usageError struct{ msg string }

func (e *usageError) Error() string   { return e.msg }
func (e *usageError) Is(t error) bool { return t == errUsage }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// stoppedError is what a command returns when ctx was cancelled after it
// had written some of its outputs: what it wrote.
type stoppedError struct{ done string }

func (e *stoppedError) Error() string { return "stopped: " + e.done }
func (e *stoppedError) Unwrap() error { return context.Canceled }

// command is one subcommand.
type command struct {
	name, summary, help string
	run                 func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"analyze", "analyse a dataset and write the outputs", analyzeHelp, runAnalyze},
		{"validate", "check a dataset and list every problem", validateHelp, runValidate},
		{"import", "read a survey file or dataset and write the plain SPEC tables", importHelp(), runImport},
		{"whatif", "recompute every table without some markets, buyers or firms", whatifHelp, runWhatif},
		{"render", "draw one diagram: network, clusters, tiers or an ego network", renderHelp, runRender},
		{"generate", "write a synthetic Zhejiang-model dataset", generateHelp, runGenerate},
		{"batch", "analyse many datasets into one directory with a summary", batchHelp, runBatch},
		{"diff", "compare two analysis outputs, with thresholds for CI", diffHelp, runDiff},
		{"waves", "put survey waves together: a dynamic network for Gephi, link churn, a report page", wavesHelp, runWaves},
	}
}

// exitInterrupted is the exit status of a run stopped by a signal
// (128 + SIGINT, as shells report it).
const exitInterrupted = 130

// run is the whole program: it returns the exit status. Cancelling ctx
// (main does on SIGINT and SIGTERM) stops the command, which then leaves
// its outputs as they were.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	name := args[0]
	switch name {
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, version())
		return 0
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] {
					fmt.Fprint(stdout, c.help)
					return 0
				}
			}
			fmt.Fprintf(stderr, "clusterchain help: unknown command %q%s\n\n%s", args[1], didYouMean(args[1], commandNames()), usage)
			return 2
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil:
			return 0
		case ctx.Err() != nil && errors.Is(err, context.Canceled):
			done := "outputs left as they were"
			var se *stoppedError
			if errors.As(err, &se) {
				done = se.done
			}
			fmt.Fprintf(stderr, "clusterchain %s: stopped (%v); %s\n", name, context.Cause(ctx), done)
			return exitInterrupted
		case errors.Is(err, flag.ErrHelp), errors.Is(err, errShown):
			return 0
		case errors.Is(err, errUsage):
			fmt.Fprintf(stderr, "clusterchain %s: %v\nRun 'clusterchain help %s' for usage.\n", name, err, name)
			return 2
		default:
			printError(stderr, name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "clusterchain: unknown command %q%s\n\n%s", name, didYouMean(name, commandNames()), usage)
	return 2
}

func printError(w io.Writer, name string, err error) {
	msg := err.Error()
	if !strings.Contains(msg, "\n") {
		fmt.Fprintf(w, "clusterchain %s: %s\n", name, msg)
		return
	}
	fmt.Fprintf(w, "clusterchain %s:\n", name)
	for _, line := range strings.Split(msg, "\n") {
		fmt.Fprintf(w, "  %s\n", line)
	}
}

// errShown is what parse returns after it printed what was asked
// (--version): the command stops with exit status 0.
var errShown = errors.New("shown")

// flags is a subcommand's flag set with its help text.
type flags struct {
	*flag.FlagSet
	help    string
	stdout  io.Writer
	version *bool
}

// newFlags returns a flag set that reports parse errors once, through
// run, and prints help to stdout only when asked (-h).
func newFlags(name, help string, stdout io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	v := fs.Bool("version", false, "print the version of clusterchain and exit")
	return &flags{FlagSet: fs, help: help, stdout: stdout, version: v}
}

func (f *flags) printHelp() {
	fmt.Fprint(f.stdout, f.help)
	fmt.Fprintln(f.stdout, "\nFlags:")
	f.SetOutput(f.stdout)
	f.PrintDefaults()
	f.SetOutput(io.Discard)
}

// parse parses flags that may come before or after the positional
// arguments, as users type them (analyze DATASET -o DIR).
func parse(fs *flags, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.printHelp()
				return nil, err
			}
			return nil, &usageError{flagSuggestion(fs.FlagSet, err.Error())}
		}
		if *fs.version {
			fmt.Fprintln(fs.stdout, version())
			return nil, errShown
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// isTerminal reports whether w is a terminal, for progress output: a
// character device, or a writer that says it is one (IsTerminal), such as
// a pseudo-terminal wrapper.
func isTerminal(w io.Writer) bool {
	if t, ok := w.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
