package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// annotNoData marks commands that never touch the data directory.
const annotNoData = "no-data"

// app is what every command shares: flags, config, logger, streams, and
// the archive once a command opens it (see archive.go).
type app struct {
	flags struct {
		config, data, logFormat, logLevel string
	}
	cfg    Config
	log    *slog.Logger
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	arch         *archive // opened lazily by openArchive
	rebuildIndex bool     // drop the index before opening it (monitor reindex)
}

// setup loads the config and builds the logger; it runs before every
// command.
func (a *app) setup(cmd *cobra.Command) error {
	cfg, err := LoadConfig(a.flags.config)
	if err != nil {
		return err
	}
	if a.flags.data != "" {
		cfg.Data = a.flags.data
	}
	if cfg.Data == "" {
		cfg.Data = "./data"
	}
	a.cfg = cfg
	a.log, err = newLogger(a.stderr, a.flags.logFormat, a.flags.logLevel)
	return err
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %q is not debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "" {
		format = "json"
		if isTerminal(w) {
			format = "text"
		}
	}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format: %q is not text or json", format)
}

// isTerminal reports whether w is a terminal (progress bars, text logs).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// close releases whatever the command opened.
func (a *app) close() {
	if a.arch != nil {
		if err := a.arch.Close(); err != nil && a.log != nil {
			a.log.Error("close archive", "err", err)
		}
		a.arch = nil
	}
}
