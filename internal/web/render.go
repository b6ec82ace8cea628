package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/i18n"
)

//go:embed templates
var coreTemplates embed.FS

//go:embed static
var staticFS embed.FS

// Loc is the time zone every time is shown in.
var Loc = mustLoc()

func mustLoc() *time.Location {
	l, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic(err)
	}
	return l
}

// View is the data every page template receives. Page-specific data goes in
// Data; field errors (from apperr.Invalid) in Errors; submitted values in Form.
type View struct {
	Title     string
	Lang      string
	User      *account.Principal
	Session   *Session
	Path      string // current request URI, for the language switch
	Nav       []NavItem
	SiteName  string
	BaseURL   string
	Version   string
	RequestID string
	Flash     string
	Error     string            // a message shown above the form
	Errors    map[string]string // field → message
	Form      url.Values
	Print     bool // print layout without navigation
	Data      any
}

// T translates a Vietnamese UI string to the page language.
func (v *View) T(s string) string { return i18n.T(v.Lang, s) }

// Val returns the submitted value of a form field (for re-rendering).
func (v *View) Val(name string) string {
	if v.Form == nil {
		return ""
	}
	return v.Form.Get(name)
}

// SetError shows err on the page: its message above the form and its field
// messages at their fields, in the page language (a message with values has
// its format translated, then filled in).
func (v *View) SetError(err error) {
	v.Error, v.Errors = apperr.MessageIn(err, v.T), apperr.FieldsIn(err, v.T)
}

// ErrText is the message of err in the page language.
func (v *View) ErrText(err error) string { return apperr.MessageIn(err, v.T) }

// Err returns the error message of a field, or "".
func (v *View) Err(name string) string { return v.Errors[name] }

// NewView builds the common view for a request.
func (s *Server) NewView(r *http.Request, title string, data any) *View {
	return &View{
		Title: title, Lang: i18n.FromRequest(r), User: account.PrincipalFrom(r.Context()), Session: SessionFrom(r),
		Path: r.URL.RequestURI(), Nav: s.navFor(r.Context(), account.PrincipalFrom(r.Context())), SiteName: s.Opt.SiteName,
		BaseURL: s.Opt.BaseURL, Version: s.Opt.Version, RequestID: RequestID(r), Data: data, Print: r.URL.Query().Get("in") == "1",
	}
}

// Pages is a set of page templates, each parsed with the common layout and
// partials. Every page file defines "content" (and may define "head").
type Pages struct {
	pages map[string]*template.Template
}

var staticHashes = map[string]string{}

func init() {
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := staticFS.ReadFile(p)
		h := sha256.Sum256(b)
		staticHashes[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(h[:6])
		return nil
	})
}

// Funcs are the template functions available to every page.
var Funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(Loc).Format("02/01/2006")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(Loc).Format("15:04 02/01/2006")
	},
	"isodate": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(Loc).Format("2006-01-02")
	},
	"money":  Money,
	"static": func(name string) string { return "/static/" + name + "?v=" + staticHashes[name] },
	"add":    func(a, b int) int { return a + b },
	"join":   strings.Join,
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"langurl": func(p, lang string) string {
		u, err := url.Parse(p)
		if err != nil {
			return "/?lang=" + lang
		}
		q := u.Query()
		q.Set("lang", lang)
		u.RawQuery = q.Encode()
		return u.String()
	},
	"pathescape":  url.PathEscape,
	"queryescape": url.QueryEscape,
}

// Money formats VND the Vietnamese way: 1.250.000 đồng.
func Money(v int64) string {
	s := strconv.FormatInt(abs(v), 10)
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	b.WriteString(" đồng")
	return b.String()
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// MustPages parses the page files matching pattern in fsys with the layout.
// It panics at start-up if a template does not parse.
func MustPages(fsys fs.FS, pattern string) *Pages {
	p, err := NewPages(fsys, pattern)
	if err != nil {
		panic(err)
	}
	return p
}

// NewPages parses the page files matching pattern in fsys with the layout.
func NewPages(fsys fs.FS, pattern string) (*Pages, error) {
	base, err := template.New("layout.html").Funcs(Funcs).ParseFS(coreTemplates, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	files, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("web: no templates match %s", pattern)
	}
	p := &Pages{pages: map[string]*template.Template{}}
	for _, f := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(fsys, f); err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", f, err)
		}
		p.pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return p, nil
}

// Names lists the page names (for tests that render every page).
func (p *Pages) Names() []string {
	var out []string
	for n := range p.pages {
		out = append(out, n)
	}
	return out
}

// Render executes a page with the layout into w with the status.
func (p *Pages) Render(w http.ResponseWriter, status int, name string, v *View) {
	t, ok := p.pages[name]
	if !ok {
		panic("web: unknown page " + name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		panic(fmt.Sprintf("web: render %s: %v", name, err))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// Render renders one of the core pages.
func (s *Server) Render(w http.ResponseWriter, status int, name string, v *View) {
	s.pages.Render(w, status, name, v)
}

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	fsrv := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		fsrv.ServeHTTP(w, r)
	})
}

func contextWith(ctx context.Context, k, v any) context.Context { return context.WithValue(ctx, k, v) }

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
