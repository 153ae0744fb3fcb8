package main

import (
	"io"
	"net"

	"github.com/spf13/cobra"
)

// App is the whole program: its commands, the configuration they share and
// where they write. Tests build one with their own environment and writers
// and run any command in-process, e.g. serve on port 0.
type App struct {
	Stdout, Stderr io.Writer
	// Getenv reads the environment; tests pass a map lookup.
	Getenv func(string) string

	cfg Config
	// onListen, when set, learns the address serve listens on.
	onListen func(net.Addr)
}

// Command returns the root command with every subcommand.
func (a *App) Command() *cobra.Command {
	root := &cobra.Command{
		Use:   "contactgraph",
		Short: "The contact network engine: who here knows this customer, and whose name goes on the letter",
		Long: `contactgraph keeps a graph of employees, customers, accounts and trust
relationships and answers who in the company a customer knows and trusts,
so that every communication goes out in that person's name.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(a.Stdout)
	root.SetErr(a.Stderr)
	a.cfg = defaultConfig(a.Getenv)
	a.cfg.bindGlobal(root.PersistentFlags())
	root.AddCommand(a.serveCommand(), a.migrateCommand(), a.seedCommand(), a.versionCommand(),
		a.contactsCommand(), a.routeCommand(), a.campaignCommand(),
		a.importCommand(), a.exportCommand(), a.convertCommand(), a.captureCommand(), a.deliverCommand())
	return root
}
