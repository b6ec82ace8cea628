package app

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is the process configuration, from flags and MOTCUA_* variables
// (flags win). There are no package globals.
type Config struct {
	Addr          string // --addr / MOTCUA_ADDR
	DataDir       string // --data / MOTCUA_DATA: SQLite file and uploaded files
	DatabaseURL   string // --database-url / MOTCUA_DATABASE_URL: postgres:// selects PostgreSQL
	BaseURL       string // --base-url / MOTCUA_BASE_URL: public URL for links and QR codes
	AdminPassword string // MOTCUA_ADMIN_PASSWORD: the first admin's password (else random, printed once)
	DemoPassword  string // MOTCUA_DEMO_PASSWORD: password of the demo staff users
	Demo          bool   // --demo / MOTCUA_DEMO: load the demo province on first start (default true)
	SQLiteSync    string // --sqlite-synchronous / MOTCUA_SQLITE_SYNCHRONOUS: FULL (default) or NORMAL
	LogLevel      string // --log-level / MOTCUA_LOG_LEVEL: debug | info | warn | error
	LogFormat     string // --log-format / MOTCUA_LOG_FORMAT: text | json
	SecureCookies bool   // --secure-cookies / MOTCUA_SECURE_COOKIES (behind HTTPS)
	TrustProxy    bool   // --trust-proxy / MOTCUA_TRUST_PROXY
	Workers       bool   // --workers / MOTCUA_WORKERS: run background jobs in this process (default true)
	SiteName      string // --site-name / MOTCUA_SITE_NAME: header title (default: named after the root agency)

	// Notifications (docs/notifications.md); environment only, since they carry secrets.
	SMTPAddr     string // MOTCUA_SMTP_ADDR: host:port (STARTTLS) or smtps://host:465; empty = email not configured
	SMTPFrom     string // MOTCUA_SMTP_FROM: sender, e.g. "Bộ phận Một cửa <motcua@example.gov.vn>"
	SMTPUser     string // MOTCUA_SMTP_USER: user for AUTH PLAIN (empty = no auth)
	SMTPPassword string // MOTCUA_SMTP_PASSWORD
	SMTPStartTLS string // MOTCUA_SMTP_STARTTLS: auto (default: when offered) | true (required) | false
	SMSProviders string // MOTCUA_SMS_PROVIDERS: "name=a,url=https://…,key=…;name=b,url=…" tried in order
}

// DefaultDemoPassword is the documented password of the demo staff users.
const DefaultDemoPassword = "Motcua@2026"

// DSN returns the database DSN: the PostgreSQL URL, or the SQLite file path.
func (c Config) DSN() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.DataDir, "motcua.db")
}

// FlagSet builds a flag set bound to c with defaults from getenv.
func (c *Config) FlagSet(name string, getenv func(string) string, out io.Writer) *flag.FlagSet {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	envBool := func(k string, def bool) bool {
		if v := getenv(k); v != "" {
			b, err := strconv.ParseBool(v)
			if err == nil {
				return b
			}
		}
		return def
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.Addr, "addr", env("MOTCUA_ADDR", "127.0.0.1:8080"), "listen address")
	fs.StringVar(&c.DataDir, "data", env("MOTCUA_DATA", "./motcua-data"), "data directory (SQLite database, uploaded files)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("MOTCUA_DATABASE_URL", ""), "PostgreSQL URL (postgres://…); empty = SQLite in the data directory")
	fs.StringVar(&c.BaseURL, "base-url", env("MOTCUA_BASE_URL", ""), "public base URL (default http://<addr>)")
	fs.BoolVar(&c.Demo, "demo", envBool("MOTCUA_DEMO", true), "load the demo province on first start")
	fs.StringVar(&c.SQLiteSync, "sqlite-synchronous", env("MOTCUA_SQLITE_SYNCHRONOUS", "FULL"), "SQLite synchronous pragma: FULL or NORMAL")
	fs.StringVar(&c.LogLevel, "log-level", env("MOTCUA_LOG_LEVEL", "info"), "log level: debug, info, warn, error")
	fs.StringVar(&c.LogFormat, "log-format", env("MOTCUA_LOG_FORMAT", "text"), "log format: text or json")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool("MOTCUA_SECURE_COOKIES", false), "mark cookies Secure (serve behind HTTPS)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", envBool("MOTCUA_TRUST_PROXY", false), "trust X-Forwarded-For from a reverse proxy")
	fs.BoolVar(&c.Workers, "workers", envBool("MOTCUA_WORKERS", true), "run background workers (notifications, deadlines) in this process")
	fs.StringVar(&c.SiteName, "site-name", env("MOTCUA_SITE_NAME", ""), "site name in the header (default: after the root agency)")
	c.AdminPassword = getenv("MOTCUA_ADMIN_PASSWORD")
	c.DemoPassword = env("MOTCUA_DEMO_PASSWORD", DefaultDemoPassword)
	c.SMTPAddr, c.SMTPFrom = getenv("MOTCUA_SMTP_ADDR"), getenv("MOTCUA_SMTP_FROM")
	c.SMTPUser, c.SMTPPassword = getenv("MOTCUA_SMTP_USER"), getenv("MOTCUA_SMTP_PASSWORD")
	c.SMTPStartTLS, c.SMSProviders = env("MOTCUA_SMTP_STARTTLS", "auto"), getenv("MOTCUA_SMS_PROVIDERS")
	return fs
}

// finish fills derived defaults and validates.
func (c *Config) finish() error {
	if c.BaseURL == "" {
		host := c.Addr
		if strings.HasPrefix(host, ":") {
			host = "127.0.0.1" + host
		}
		c.BaseURL = "http://" + host
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level must be debug, info, warn or error")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format must be text or json")
	}
	return nil
}
