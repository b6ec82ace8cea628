package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/textfold"
)

const usage = `motcua — Hệ thống thông tin giải quyết thủ tục hành chính (one-stop shop)

Usage:
  motcua [serve] [flags]            serve the web site and API (default)
  motcua migrate [flags]            apply database migrations and exit
  motcua user create|reset-password|list [flags]
  motcua seed-demo [flags]          load the demo province into an empty database
  motcua audit verify [flags]       check the hash-chained audit log
  motcua catalog import FILE | export [--format json|xlsx] FILE
                                    import or export the procedure catalog
  motcua version

Common flags (also MOTCUA_* environment variables):
  --addr, --data, --database-url, --base-url, --demo, --sqlite-synchronous,
  --log-level, --log-format, --secure-cookies, --trust-proxy, --workers
`

// Main runs the command line and returns the exit code.
func Main(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	if cmd == "version" {
		fmt.Fprintln(stdout, "motcua", Version)
		return 0
	}
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	sub := ""
	if (cmd == "user" || cmd == "audit") && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	var cfg Config
	fs := cfg.FlagSet("motcua "+cmd, getenv, stderr)
	var uname, fullName, agencyCode, roles, title string
	if cmd == "user" {
		fs.StringVar(&uname, "username", "", "user name")
		fs.StringVar(&fullName, "name", "", "full name")
		fs.StringVar(&title, "title", "", "job title")
		fs.StringVar(&agencyCode, "agency", "", "agency code (mã định danh)")
		fs.StringVar(&roles, "roles", "", "comma-separated roles: "+rolesList())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if cmd == "migrate" {
		cfg.Demo = false
	}
	a, err := New(ctx, cfg, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "motcua:", err)
		return 1
	}
	defer a.Close()
	err = a.run(ctx, cmd, sub, fs.Args(), stdin, userArgs{uname, fullName, title, agencyCode, roles})
	if err != nil {
		fmt.Fprintln(stderr, "motcua:", err)
		if fields := apperrFields(err); fields != "" {
			fmt.Fprintln(stderr, fields)
		}
		return 1
	}
	return 0
}

type userArgs struct{ username, fullName, title, agency, roles string }

func rolesList() string {
	var s []string
	for _, r := range account.Roles {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}

func (a *App) run(ctx context.Context, cmd, sub string, args []string, stdin io.Reader, ua userArgs) error {
	switch cmd {
	case "serve":
		if err := a.Bootstrap(ctx); err != nil {
			return err
		}
		if err := a.Listen(); err != nil {
			return err
		}
		if a.Cfg.BaseURL == "http://127.0.0.1:0" || strings.HasSuffix(a.Cfg.BaseURL, ":0") {
			a.Cfg.BaseURL = "http://" + a.Addr()
			a.Server.Opt.BaseURL = a.Cfg.BaseURL
		}
		fmt.Fprintf(a.Out, "motcua %s đang chạy / is running: %s\nĐăng nhập cán bộ / staff sign-in: %s/dang-nhap\n", Version, a.Cfg.BaseURL, a.Cfg.BaseURL)
		return a.Serve(ctx)
	case "migrate":
		v, err := a.DB.SchemaVersion(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Out, "schema version %d (%s)\n", v, a.DB.Dialect)
		return nil
	case "seed-demo":
		if err := a.SeedDemo(ctx); err != nil {
			return err
		}
		fmt.Fprintln(a.Out, "demo province loaded")
		return a.createAdmin(ctx)
	case "audit":
		if sub != "verify" {
			return errors.New("usage: motcua audit verify")
		}
		n, err := audit.Verify(ctx, a.DB)
		var b *audit.Break
		if errors.As(err, &b) {
			fmt.Fprintf(a.Out, "BROKEN: first broken link at entry #%d: %s (%d entries verified before it)\n", b.Seq, b.Reason, n)
			return errors.New("audit chain does not verify")
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Out, "OK: %d audit entries, chain verified\n", n)
		return nil
	case "user":
		return a.userCommand(ctx, sub, stdin, ua)
	}
	for _, c := range a.commands {
		if c.Name == cmd {
			return c.Run(ctx, a, args)
		}
	}
	fmt.Fprint(a.Out, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func (a *App) userCommand(ctx context.Context, sub string, stdin io.Reader, ua userArgs) error {
	switch sub {
	case "list":
		users, err := a.Accounts.List(ctx, account.UserFilter{})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(a.Out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tFULL NAME\tAGENCY\tROLES\tACTIVE")
		for _, u := range users {
			var rs []string
			for _, r := range u.Roles {
				rs = append(rs, string(r))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\n", u.Username, u.FullName, u.AgencyCode, strings.Join(rs, ","), u.Active)
		}
		return tw.Flush()
	case "create":
		ag, err := a.Agencies.ByCode(ctx, ua.agency)
		if err != nil {
			return fmt.Errorf("--agency %q: %w", ua.agency, err)
		}
		u := &account.User{Username: ua.username, FullName: ua.fullName, Title: ua.title, AgencyID: ag.ID}
		for _, r := range strings.Split(ua.roles, ",") {
			if r = strings.TrimSpace(r); r != "" {
				u.Roles = append(u.Roles, account.Role(r))
			}
		}
		pw, err := readPassword(stdin, a.Out)
		if err != nil {
			return err
		}
		if err := a.Accounts.Create(ctx, audit.System, u, pw); err != nil {
			return err
		}
		fmt.Fprintf(a.Out, "created user %s\n", u.Username)
		return nil
	case "reset-password":
		u, err := a.Accounts.ByUsername(ctx, ua.username)
		if err != nil {
			return fmt.Errorf("--username %q: %w", ua.username, err)
		}
		pw, err := readPassword(stdin, a.Out)
		if err != nil {
			return err
		}
		if err := a.Accounts.SetPassword(ctx, audit.System, u.ID, pw, ""); err != nil {
			return err
		}
		fmt.Fprintf(a.Out, "password of %s changed; their sessions were ended\n", u.Username)
		return nil
	}
	return errors.New("usage: motcua user create|reset-password|list")
}

// readPassword reads one line from stdin (MOTCUA_NEW_PASSWORD is not used on
// purpose: passwords do not belong in the environment or shell history).
func readPassword(stdin io.Reader, out io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(out, "Mật khẩu mới / new password: ")
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password on standard input")
	}
	return textfold.NFC(strings.TrimRight(line, "\r\n")), nil
}

func apperrFields(err error) string {
	var b strings.Builder
	for k, v := range apperrFieldsOf(err) {
		fmt.Fprintf(&b, "  %s: %s\n", k, v)
	}
	return b.String()
}
