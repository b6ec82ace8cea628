// Command motcua serves the one-stop shop: the catalog of administrative
// procedures, dossier intake and processing, tracking, and the staff and
// citizen sites, on SQLite (default) or PostgreSQL.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/motcua/motcua/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Main(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
