package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/motcua/motcua/api"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/procedure"
	"github.com/motcua/motcua/internal/procedure/catalogui"
)

// mountCatalog mounts the procedure catalog (internal/procedure): the public
// search and procedure pages, the administration of fields and versioned
// procedures, the catalog API, the OpenAPI description at
// /api/openapi.yaml, the demo catalog seeder and `motcua catalog`.
// It provides "procedures" (*procedure.Service) and "catalog.web"
// (*catalogui.Handler, whose AddProcedureLink adds actions to procedure
// pages). Mount it before the modules that use "procedures".
func mountCatalog(a *App) error {
	svc := &procedure.Service{DB: a.DB, Files: &procedure.FileStore{Dir: a.FilesDir()}}
	h := catalogui.New(a.Server, svc, a.Agencies)
	h.Mount()
	a.Provide("procedures", svc)
	a.Provide("catalog.web", h)
	a.Server.HandleFunc("GET /api/openapi.yaml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Write(api.OpenAPI)
	})
	a.AddSeeder(Seeder{Name: "catalog", Run: func(ctx context.Context) error {
		data, err := demo.Files.ReadFile("data/catalog.json")
		if err != nil {
			return err
		}
		b, err := procedure.DecodeJSON(data)
		if err != nil {
			return fmt.Errorf("demo catalog: %w", err)
		}
		rep, err := svc.Import(ctx, audit.System, b, procedure.ImportOptions{Source: "internal/demo/data/catalog.json"})
		if err != nil {
			return fmt.Errorf("demo catalog: %w %s", err, rowErrors(rep.Errors, 5))
		}
		a.Log.Info("demo catalog loaded", "fields", rep.FieldsCreated, "procedures", rep.Created)
		return nil
	}})
	a.AddCommand(Command{Name: "catalog",
		Run: func(ctx context.Context, a *App, args []string) error {
			return catalogCommand(ctx, a, svc, args, os.Stderr)
		}})
	return nil
}

func rowErrors(es []procedure.RowError, max int) string {
	var b strings.Builder
	for i, e := range es {
		if i == max {
			fmt.Fprintf(&b, "\n  … (%d more)", len(es)-max)
			break
		}
		b.WriteString("\n  " + e.String())
	}
	return b.String()
}

// catalogCommand runs `motcua catalog import FILE` and `motcua catalog
// export --format json|xlsx FILE` (common flags such as --data go before the
// sub-command: `motcua catalog --data DIR import FILE`). Progress goes to
// stderr, the summary to a.Out.
func catalogCommand(ctx context.Context, a *App, svc *procedure.Service, args []string, stderr io.Writer) error {
	usage := errors.New("usage: motcua catalog import FILE | motcua catalog export [--format json|xlsx] FILE")
	if len(args) == 0 {
		return usage
	}
	switch args[0] {
	case "import":
		fs := flag.NewFlagSet("catalog import", flag.ContinueOnError)
		fs.SetOutput(stderr)
		if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 1 {
			return usage
		}
		name := fs.Arg(0)
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		b, err := catalogui.ReadCatalogFile(name, data)
		if err != nil {
			return fmt.Errorf("%s: %s", name, apperr.Message(err))
		}
		progress := func(stage string, done, total int) {
			label := map[string]string{"check": "Kiểm tra / checking", "write": "Ghi / writing"}[stage]
			fmt.Fprintf(stderr, "\r%s: %d/%d thủ tục / procedures", label, done, total)
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
		actor := audit.Actor{Name: "motcua catalog import", Kind: "system"}
		rep, err := svc.Import(ctx, actor, b, procedure.ImportOptions{Source: filepath.Base(name), Progress: progress})
		if errors.Is(err, procedure.ErrImportRefused) {
			for _, e := range rep.Errors {
				fmt.Fprintln(stderr, e.String())
			}
			return fmt.Errorf("%s: %d lỗi; chưa nhập dữ liệu nào / %d bad rows, nothing imported", name, len(rep.Errors), len(rep.Errors))
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Out, "imported %s: %d new, %d new versions, %d unchanged procedures; %d new, %d renamed fields\n",
			name, rep.Created, rep.Updated, rep.Unchanged, rep.FieldsCreated, rep.FieldsUpdated)
		return nil
	case "export":
		fs := flag.NewFlagSet("catalog export", flag.ContinueOnError)
		fs.SetOutput(stderr)
		format := fs.String("format", "", "json or xlsx (default: from the file name)")
		if err := fs.Parse(args[1:]); err != nil || fs.NArg() != 1 {
			return usage
		}
		name := fs.Arg(0)
		if *format == "" {
			*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(name)), ".")
		}
		if *format != "json" && *format != "xlsx" {
			return errors.New("--format must be json or xlsx")
		}
		c, err := svc.Export(ctx)
		if err != nil {
			return err
		}
		f, err := os.Create(name)
		if err != nil {
			return err
		}
		if *format == "json" {
			err = procedure.EncodeJSON(f, c)
		} else {
			err = procedure.EncodeXLSX(f, c)
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Out, "exported %d fields and %d procedures to %s\n", len(c.Fields), len(c.Procedures), name)
		return nil
	}
	return usage
}
