// Package i18n translates the user interface. Vietnamese is the source
// language: templates and messages are written in Vietnamese and looked up
// here for English. A missing translation falls back to Vietnamese.
package i18n

import (
	"net/http"
	"sync"
)

// Languages supported by the UI.
const (
	VI = "vi"
	EN = "en"
)

var (
	mu sync.RWMutex
	en = map[string]string{}
)

// Add registers English translations keyed by the Vietnamese text. Feature
// packages call it from init.
func Add(m map[string]string) {
	mu.Lock()
	defer mu.Unlock()
	for k, v := range m {
		en[k] = v
	}
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
