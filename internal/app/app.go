// Package app wires the system together: configuration, database, services,
// feature modules, the HTTP server, background workers and the command
// line. It holds no business rules. Tests start the real program with
// MustRun (app_test.go), as benbjohnson/wtf's cmd/wtfd does.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "time/tzdata" // Asia/Ho_Chi_Minh on minimal hosts

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/web"
)

// Version is set at build time with -ldflags "-X github.com/motcua/motcua/internal/app.Version=…".
var Version = "dev"

// Seeder loads part of the demo province (run in registration order).
type Seeder struct {
	Name string
	Run  func(ctx context.Context) error
}

// Worker is a background loop that runs until ctx is cancelled. Workers must
// claim their work from the database so several processes can run them.
type Worker struct {
	Name string
	Run  func(ctx context.Context)
}

// Command is a subcommand contributed by a module.
type Command struct {
	Name string // its usage line goes in the help text (commands.go)
	Run  func(ctx context.Context, a *App, args []string) error
}

// App is the running system.
type App struct {
	Cfg      Config
	Log      *slog.Logger
	Out      io.Writer // where first-start messages go (stdout)
	DB       *store.DB
	Agencies *agency.Service
	Accounts *account.Service
	Server   *web.Server

	// Services contributed by modules, looked up by other modules.
	mu       sync.Mutex
	services map[string]any
	seeders  []Seeder
	workers  []Worker
	commands []Command

	httpSrv  *http.Server
	listener net.Listener
}

// New opens the database, migrates it, builds the services and mounts every
// module. It does not start serving.
func New(ctx context.Context, cfg Config, out io.Writer) (*App, error) {
	if err := cfg.finish(); err != nil {
		return nil, err
	}
	a := &App{Cfg: cfg, Out: out, services: map[string]any{}}
	a.Log = newLogger(cfg, out)
	if cfg.DatabaseURL == "" {
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	db, err := store.Open(ctx, cfg.DSN(), store.Options{SQLiteSynchronous: cfg.SQLiteSync})
	if err != nil {
		return nil, err
	}
	a.DB = db
	if applied, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	} else if len(applied) > 0 {
		a.Log.Info("database migrated", "dialect", db.Dialect, "applied", applied)
	}
	a.Accounts = &account.Service{DB: db}
	a.Agencies = &agency.Service{DB: db}
	a.Server = web.NewServer(web.Options{BaseURL: cfg.BaseURL, SecureCookies: cfg.SecureCookies, TrustProxy: cfg.TrustProxy, Version: Version},
		db, a.Accounts, a.Log)
	a.seeders = append(a.seeders, Seeder{Name: "agencies-users", Run: a.seedCore})
	a.AddWorker(Worker{Name: "sessions-purge", Run: a.purgeSessions})
	if err := a.mountModules(); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

func newLogger(cfg Config, out io.Writer) *slog.Logger {
	var lvl slog.Level
	lvl.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// Provide registers a service for other modules (e.g. "calendar").
func (a *App) Provide(name string, svc any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.services[name] = svc
}

// Service returns a service registered with Provide, or nil.
func (a *App) Service(name string) any {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.services[name]
}

// AddSeeder registers a demo loader.
func (a *App) AddSeeder(s Seeder) { a.seeders = append(a.seeders, s) }

// AddWorker registers a background worker.
func (a *App) AddWorker(w Worker) { a.workers = append(a.workers, w) }

// AddCommand registers a subcommand. Its usage line must also be added to
// the help text in commands.go (help is printed without opening the
// database, before modules are mounted); TestHelpListsCommands checks it.
func (a *App) AddCommand(c Command) { a.commands = append(a.commands, c) }

// Commands returns the subcommands the modules registered.
func (a *App) Commands() []Command { return a.commands }

// FilesDir is where uploaded files live (content-addressed).
func (a *App) FilesDir() string { return filepath.Join(a.Cfg.DataDir, "files") }

// Listen binds the listen address (":0" picks a free port).
func (a *App) Listen() error {
	ln, err := net.Listen("tcp", a.Cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", a.Cfg.Addr, err)
	}
	a.listener = ln
	return nil
}

// Addr is the bound address once Listen has run.
func (a *App) Addr() string { return a.listener.Addr().String() }

// Serve serves HTTP and runs the workers until ctx is cancelled, then shuts
// down gracefully (in-flight requests get 20 seconds).
func (a *App) Serve(ctx context.Context) error {
	if a.listener == nil {
		if err := a.Listen(); err != nil {
			return err
		}
	}
	a.httpSrv = &http.Server{Handler: a.Server.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn)}
	wctx, stopWorkers := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if a.Cfg.Workers {
		for _, w := range a.workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a.Log.Debug("worker started", "worker", w.Name)
				w.Run(wctx)
			}()
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- a.httpSrv.Serve(a.listener) }()
	a.Log.Info("serving", "addr", a.Addr(), "url", a.Cfg.BaseURL, "db", a.DB.Dialect)
	var err error
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
		err = a.httpSrv.Shutdown(sctx)
		cancel()
	case err = <-errc:
	}
	stopWorkers()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	a.Log.Info("stopped")
	return err
}

// purgeSessions deletes expired sessions every hour.
func (a *App) purgeSessions(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := account.PurgeSessions(ctx, a.DB); err != nil && ctx.Err() == nil {
			a.Log.Warn("purge sessions", "err", err)
		} else if n > 0 {
			a.Log.Info("expired sessions purged", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }
