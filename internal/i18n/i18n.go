// Package i18n translates the user interface. Vietnamese is the source
// language: templates and messages are written in Vietnamese and looked up
// here for English. A missing translation falls back to Vietnamese.
//
// All modules share one table. A Vietnamese string registered twice with
// different English is a conflict: which English shows would depend on the
// order packages initialise. Add records every registration so Conflicts
// can list them (internal/app's test fails on any).
package i18n

import (
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Languages supported by the UI.
const (
	VI = "vi"
	EN = "en"
)

var (
	mu      sync.RWMutex
	en      = map[string]string{}
	sources = map[string][]Source{} // Vietnamese → every registration of it
)

// Source is one registration of an English translation: the package that
// made it (file and line of the i18n.Add call) and its English.
type Source struct {
	Where   string
	English string
}

// Conflict is a Vietnamese string registered with different English texts.
type Conflict struct {
	Vietnamese string
	Sources    []Source
}

func (c Conflict) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q:", c.Vietnamese)
	for _, s := range c.Sources {
		fmt.Fprintf(&b, "\n\t%s: %q", s.Where, s.English)
	}
	return b.String()
}

// Add registers English translations keyed by the Vietnamese text. Feature
// packages call it from init.
func Add(m map[string]string) {
	where := "?"
	if _, file, line, ok := runtime.Caller(1); ok {
		where = fmt.Sprintf("%s:%d", shortPath(file), line)
	}
	mu.Lock()
	defer mu.Unlock()
	for k, v := range m {
		en[k] = v
		sources[k] = append(sources[k], Source{Where: where, English: v})
	}
}

// shortPath keeps the path from "internal/" (or the last two elements).
func shortPath(file string) string {
	if i := strings.LastIndex(file, "/internal/"); i >= 0 {
		return file[i+1:]
	}
	parts := strings.Split(file, "/")
	if len(parts) > 2 {
		parts = parts[len(parts)-2:]
	}
	return strings.Join(parts, "/")
}

// Conflicts returns every Vietnamese string registered with more than one
// English text, sorted, each with all its registrations.
func Conflicts() []Conflict {
	mu.RLock()
	defer mu.RUnlock()
	var out []Conflict
	for k, ss := range sources {
		for _, s := range ss[1:] {
			if s.English != ss[0].English {
				c := Conflict{Vietnamese: k, Sources: slices.Clone(ss)}
				sort.SliceStable(c.Sources, func(i, j int) bool { return c.Sources[i].Where < c.Sources[j].Where })
				out = append(out, c)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Vietnamese < out[j].Vietnamese })
	return out
}

// T returns vi translated to lang.
func T(lang, vi string) string {
	if lang != EN {
		return vi
	}
	mu.RLock()
	s, ok := en[vi]
	mu.RUnlock()
	if !ok {
		return vi
	}
	return s
}

// Sprintf translates the format to lang, then fills in the arguments. The
// arguments are data (codes, names, numbers) and are not translated.
func Sprintf(lang, format string, args ...any) string {
	return fmt.Sprintf(T(lang, format), args...)
}

// Lookup returns the translation of vi into lang and whether one is
// registered (Vietnamese always has one: itself).
func Lookup(lang, vi string) (string, bool) {
	if lang != EN {
		return vi, true
	}
	mu.RLock()
	defer mu.RUnlock()
	s, ok := en[vi]
	return s, ok
}

// English returns a copy of every registered English translation, keyed by
// the Vietnamese text (for tests and tools).
func English() map[string]string {
	mu.RLock()
	defer mu.RUnlock()
	m := make(map[string]string, len(en))
	for k, v := range en {
		m[k] = v
	}
	return m
}

// FromRequest picks the language: ?lang= wins, then the "lang" cookie, then
// Vietnamese.
func FromRequest(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == EN || l == VI {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == EN || c.Value == VI) {
		return c.Value
	}
	return VI
}
