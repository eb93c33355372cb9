package main

import "github.com/spf13/cobra"

// extraCommands lists the subcommands beside version. Each command lives in
// its own file (search.go, import.go, crawl.go, export.go, rules_cmd.go,
// sources.go, …) as func newXCmd(a *app) *cobra.Command; add it here.
func extraCommands(a *app) []*cobra.Command {
	return []*cobra.Command{
		newSearchCmd(a),
		newImportCmd(a),
		newReindexCmd(a),
		newBackupCmd(a),
		newRestoreCmd(a),
		newPlanCmd(a),
		newUserCmd(a),
		newTokenCmd(a),
		newServeCmd(a),
		newExportCmd(a),
		newCrawlCmd(a),
		newSourcesCmd(a),
		newRulesCmd(a),
	}
}
