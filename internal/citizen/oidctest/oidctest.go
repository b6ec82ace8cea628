// Package oidctest is a small OpenID Connect provider for tests: discovery,
// JWKS, an authorization endpoint that approves at once (redirecting back
// with a code) and a token endpoint that checks the client secret, the
// redirect URI and the PKCE verifier and returns an RS256-signed ID token
// carrying the nonce. Start it with Start(t); it serves on 127.0.0.1 only.
//
// It implements just enough of OpenID Connect Core 1.0 (authorization code
// flow) and RFC 7636 (PKCE, S256 only) to exercise a relying party honestly:
// a missing or wrong state, nonce or verifier is the relying party's bug to
// catch, and the provider refuses what a real one would.
package oidctest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Provider is a running test provider.
type Provider struct {
	// Issuer is the issuer URL (http://127.0.0.1:port).
	Issuer       string
	ClientID     string
	ClientSecret string

	key   *rsa.PrivateKey
	keyID string
	srv   *httptest.Server

	mu sync.Mutex
	// Claims of the user who "signs in" next (sub is required).
	claims map[string]any
	// Deny makes the next authorization answer error=access_denied.
	deny  bool
	codes map[string]*grant
	// Log of what the relying party sent, for assertions.
	Authorizations []url.Values
	Exchanges      []url.Values
}

type grant struct {
	clientID, redirectURI, nonce, challenge string
	claims                                  map[string]any
	expires                                 time.Time
}

// Start runs a provider for the test; clientID and secret are the only
// client it knows, with any redirect URI on 127.0.0.1 or localhost.
func Start(t testing.TB, clientID, secret string) *Provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{ClientID: clientID, ClientSecret: secret, key: key, keyID: "test-key-1", codes: map[string]*grant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", p.jwks)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	p.srv = httptest.NewServer(mux)
	p.Issuer = p.srv.URL
	t.Cleanup(p.srv.Close)
	return p
}

// SetUser sets the claims of the user signed in by the next authorizations
// ("sub" is required; "name", "email", "email_verified", custom claims…).
func (p *Provider) SetUser(claims map[string]any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.claims = claims
	p.deny = false
}

// DenyNext makes the next authorization fail with access_denied, as when the
// user cancels at the provider.
func (p *Provider) DenyNext() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.deny = true
}

func (p *Provider) discovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                p.Issuer,
		"authorization_endpoint":                p.Issuer + "/authorize",
		"token_endpoint":                        p.Issuer + "/token",
		"jwks_uri":                              p.Issuer + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"scopes_supported":                      []string{"openid", "profile", "email"},
	})
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func (p *Provider) jwks(w http.ResponseWriter, r *http.Request) {
	pub := p.key.PublicKey
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": p.keyID,
		"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

func localRedirect(u string) bool {
	x, err := url.Parse(u)
	return err == nil && (x.Scheme == "http" || x.Scheme == "https") && (x.Hostname() == "127.0.0.1" || x.Hostname() == "localhost")
}

func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p.mu.Lock()
	p.Authorizations = append(p.Authorizations, q)
	claims, deny := p.claims, p.deny
	p.deny = false
	p.mu.Unlock()
	redirect := q.Get("redirect_uri")
	if q.Get("client_id") != p.ClientID || !localRedirect(redirect) {
		http.Error(w, "unknown client or redirect_uri", http.StatusBadRequest)
		return
	}
	back := func(v url.Values) {
		v.Set("state", q.Get("state"))
		sep := "?"
		if strings.Contains(redirect, "?") {
			sep = "&"
		}
		http.Redirect(w, r, redirect+sep+v.Encode(), http.StatusFound)
	}
	switch {
	case q.Get("response_type") != "code":
		back(url.Values{"error": {"unsupported_response_type"}})
		return
	case !strings.Contains(" "+q.Get("scope")+" ", " openid "):
		back(url.Values{"error": {"invalid_scope"}})
		return
	case q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256":
		back(url.Values{"error": {"invalid_request"}, "error_description": {"PKCE S256 required"}})
		return
	case deny || claims == nil:
		back(url.Values{"error": {"access_denied"}})
		return
	}
	code := b64(randBytes(24))
	p.mu.Lock()
	p.codes[code] = &grant{clientID: p.ClientID, redirectURI: redirect, nonce: q.Get("nonce"), challenge: q.Get("code_challenge"),
		claims: claims, expires: time.Now().Add(time.Minute)}
	p.mu.Unlock()
	back(url.Values{"code": {code}})
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	f := r.PostForm
	p.mu.Lock()
	p.Exchanges = append(p.Exchanges, f)
	g := p.codes[f.Get("code")]
	delete(p.codes, f.Get("code")) // single use
	p.mu.Unlock()
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = f.Get("client_id"), f.Get("client_secret")
	}
	if id != p.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(p.ClientSecret)) != 1 {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	if f.Get("grant_type") != "authorization_code" || g == nil || time.Now().After(g.expires) || g.redirectURI != f.Get("redirect_uri") {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	sum := sha256.Sum256([]byte(f.Get("code_verifier")))
	if b64(sum[:]) != g.challenge {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "PKCE verification failed"})
		return
	}
	now := time.Now()
	claims := map[string]any{"iss": p.Issuer, "aud": p.ClientID, "iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix()}
	if g.nonce != "" {
		claims["nonce"] = g.nonce
	}
	for k, v := range g.claims {
		claims[k] = v
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": b64(randBytes(24)), "token_type": "Bearer", "expires_in": 3600,
		"id_token": p.Sign(claims)})
}

// Sign returns a compact RS256 JWS of claims signed with the provider's key
// (tests also use it to forge tokens).
func (p *Provider) Sign(claims map[string]any) string {
	h, _ := json.Marshal(map[string]string{"alg": "RS256", "typ": "JWT", "kid": p.keyID})
	c, _ := json.Marshal(claims)
	in := b64(h) + "." + b64(c)
	sum := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(rand.Reader, p.key, crypto.SHA256, sum[:])
	if err != nil {
		panic(fmt.Sprintf("oidctest: sign: %v", err))
	}
	return in + "." + b64(sig)
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
