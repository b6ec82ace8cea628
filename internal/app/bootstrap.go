package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/store"
)

// IsEmpty reports whether the database has no agency yet (a first start).
func (a *App) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	if err := a.DB.QueryRow(ctx, `SELECT COUNT(*) FROM agencies`).Scan(&n); err != nil {
		return false, err
	}
	return n == 0, nil
}

// Bootstrap runs on every serve: on an empty database it loads the demo
// province (or a bare root agency when --demo=false) and creates the user
// "admin", printing its password once when it was generated.
func (a *App) Bootstrap(ctx context.Context) error {
	empty, err := a.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		return a.nameSite(ctx)
	}
	if a.Cfg.Demo {
		if err := a.SeedDemo(ctx); err != nil {
			return err
		}
	} else {
		root := &agency.Agency{Code: "000.00.00.H00", Name: "Ủy ban nhân dân tỉnh", Kind: agency.KindProvince}
		if err := a.Agencies.Create(ctx, audit.System, root); err != nil {
			return err
		}
	}
	if err := a.createAdmin(ctx); err != nil {
		return err
	}
	return a.nameSite(ctx)
}

// nameSite names the site after the root agency ("… tỉnh Hà Tĩnh") unless
// MOTCUA_SITE_NAME set a name.
func (a *App) nameSite(ctx context.Context) error {
	if a.Cfg.SiteName != "" {
		a.Server.Opt.SiteName = a.Cfg.SiteName
		return nil
	}
	var name string
	err := a.DB.QueryRow(ctx, `SELECT name FROM agencies WHERE parent_id IS NULL ORDER BY id LIMIT 1`).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	place, ok := strings.CutPrefix(name, "Ủy ban nhân dân ")
	if !ok {
		return nil
	}
	vi := "Hệ thống thông tin giải quyết thủ tục hành chính " + place
	a.Server.Opt.SiteName = vi
	en := strings.TrimPrefix(strings.TrimPrefix(place, "tỉnh "), "thành phố ")
	i18n.Add(map[string]string{vi: "Administrative procedures information system — " + en})
	return nil
}

// SeedDemo runs every registered seeder in order (agencies and users first,
// then each module's demo data).
func (a *App) SeedDemo(ctx context.Context) error {
	for _, s := range a.seeders {
		a.Log.Info("loading demo data", "part", s.Name)
		if err := s.Run(ctx); err != nil {
			return fmt.Errorf("demo %s: %w", s.Name, err)
		}
	}
	return a.setSetting(ctx, "demo_loaded", "true")
}

func (a *App) seedCore(ctx context.Context) error {
	empty, err := a.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		return errors.New("the database already has agencies; seed-demo only runs on an empty database")
	}
	n, err := demo.SeedAgenciesAndUsers(ctx, a.DB, a.Cfg.DemoPassword, a.officeHoursCheck())
	if err != nil {
		return err
	}
	a.Log.Info("demo staff users created", "count", n)
	return nil
}

// officeHoursCheck returns the office-hours validator provided by the
// calendar module, or nil.
func (a *App) officeHoursCheck() func(string) error {
	if f, ok := a.Service("officeHoursCheck").(func(string) error); ok {
		return f
	}
	return nil
}

func (a *App) createAdmin(ctx context.Context) error {
	pw, generated := a.Cfg.AdminPassword, false
	if pw == "" {
		pw, generated = account.RandomPassword(), true
	}
	var rootID int64
	if err := a.DB.QueryRow(ctx, `SELECT id FROM agencies WHERE parent_id IS NULL ORDER BY id LIMIT 1`).Scan(&rootID); err != nil {
		return fmt.Errorf("find root agency: %w", err)
	}
	u := &account.User{Username: "admin", FullName: "Quản trị hệ thống", Title: "Quản trị viên", AgencyID: rootID, Roles: []account.Role{account.RoleAdministrator, account.RoleSupervisor}}
	if err := a.Accounts.Create(ctx, audit.System, u, pw); err != nil {
		return fmt.Errorf("create admin: %w", err)
	}
	if generated {
		fmt.Fprintf(a.Out, "\nTài khoản quản trị / administrator: admin\nMật khẩu / password (chỉ in một lần / shown once): %s\n\n", pw)
	} else {
		fmt.Fprintf(a.Out, "\nTài khoản quản trị / administrator: admin (mật khẩu từ MOTCUA_ADMIN_PASSWORD)\n\n")
	}
	return nil
}

func (a *App) setSetting(ctx context.Context, key, value string) error {
	return a.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, store.Millis(tx.Now))
		return err
	})
}

// Setting reads a setting ("" when absent).
func (a *App) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := a.DB.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}
