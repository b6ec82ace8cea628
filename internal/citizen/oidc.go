package citizen

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/textfold"
)

// Provider is an OpenID Connect identity provider configured by the
// administrator (e.g. the national electronic identification system, or a
// provincial single sign-on). ClaimName and ClaimIDNumber name the ID-token
// claims holding the full name and the 12-digit personal ID number.
type Provider struct {
	ID            int64
	Slug          string // in URLs: /dang-nhap-cong-dan/oidc/{slug}
	Name          string // button text: "Đăng nhập bằng …"
	Issuer        string
	ClientID      string
	ClientSecret  string
	Scopes        string // space-separated; "openid" is always asked
	ClaimName     string
	ClaimIDNumber string
	Enabled       bool
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// Normalize trims the fields and fills defaults.
func (p *Provider) Normalize() {
	p.Slug = strings.ToLower(strings.TrimSpace(p.Slug))
	p.Name = textfold.NFC(p.Name)
	p.Issuer = strings.TrimRight(strings.TrimSpace(p.Issuer), "/")
	p.ClientID = strings.TrimSpace(p.ClientID)
	p.Scopes = strings.Join(strings.Fields(p.Scopes), " ")
	if p.Scopes == "" {
		p.Scopes = "openid profile"
	}
	p.ClaimName = strings.TrimSpace(p.ClaimName)
	if p.ClaimName == "" {
		p.ClaimName = "name"
	}
	p.ClaimIDNumber = strings.TrimSpace(p.ClaimIDNumber)
}

// Validate checks the configuration.
func (p *Provider) Validate() error {
	var v apperr.Validation
	v.Check(slugRE.MatchString(p.Slug), "slug", "Mã nhà cung cấp chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (tối đa 40 ký tự).")
	v.Check(p.Name != "", "name", "Vui lòng nhập tên hiển thị.")
	u, err := url.Parse(p.Issuer)
	v.Check(err == nil && (u.Scheme == "https" || (u.Scheme == "http" && isLoopback(u.Hostname()))) && u.Host != "",
		"issuer", "Địa chỉ nhà cung cấp (issuer) phải là URL https:// (http:// chỉ dùng cho máy cục bộ).")
	v.Check(p.ClientID != "", "client_id", "Vui lòng nhập client id.")
	v.Check(p.ClientSecret != "", "client_secret", "Vui lòng nhập client secret.")
	return v.Err()
}

func isLoopback(h string) bool { return h == "127.0.0.1" || h == "localhost" || h == "::1" }

const providerCols = `id, slug, name, issuer, client_id, client_secret, scopes, claim_name, claim_id_number, enabled`

func scanProvider(row interface{ Scan(...any) error }) (*Provider, error) {
	var p Provider
	err := row.Scan(&p.ID, &p.Slug, &p.Name, &p.Issuer, &p.ClientID, &p.ClientSecret, &p.Scopes, &p.ClaimName, &p.ClaimIDNumber, &p.Enabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFound("Không tìm thấy nhà cung cấp định danh.")
	}
	return &p, err
}

// Providers lists the configured providers (only enabled ones when
// enabledOnly), by name.
func (s *Service) Providers(ctx context.Context, enabledOnly bool) ([]Provider, error) {
	q := `SELECT ` + providerCols + ` FROM citizen_oidc_providers`
	if enabledOnly {
		q += ` WHERE enabled`
	}
	rows, err := s.DB.Query(ctx, q+` ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Provider
	for rows.Next() {
		p, err := scanProvider(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// ProviderBySlug returns one provider.
func (s *Service) ProviderBySlug(ctx context.Context, slug string) (*Provider, error) {
	return scanProvider(s.DB.QueryRow(ctx, `SELECT `+providerCols+` FROM citizen_oidc_providers WHERE slug = $1`, slug))
}

// SaveProvider creates (ID 0) or updates a provider. An empty ClientSecret
// on update keeps the stored one. Only administrators may call it.
func (s *Service) SaveProvider(ctx context.Context, actor audit.Actor, p *Provider) error {
	p.Normalize()
	if p.ID != 0 && p.ClientSecret == "" {
		cur, err := scanProvider(s.DB.QueryRow(ctx, `SELECT `+providerCols+` FROM citizen_oidc_providers WHERE id = $1`, p.ID))
		if err != nil {
			return err
		}
		p.ClientSecret = cur.ClientSecret
	}
	if err := p.Validate(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := store.Millis(tx.Now)
		var err error
		if p.ID == 0 {
			err = tx.QueryRow(ctx, `INSERT INTO citizen_oidc_providers (slug, name, issuer, client_id, client_secret, scopes, claim_name, claim_id_number,
				enabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
				p.Slug, p.Name, p.Issuer, p.ClientID, p.ClientSecret, p.Scopes, p.ClaimName, p.ClaimIDNumber, p.Enabled, now).Scan(&p.ID)
		} else {
			var res sql.Result
			res, err = tx.Exec(ctx, `UPDATE citizen_oidc_providers SET slug = $1, name = $2, issuer = $3, client_id = $4, client_secret = $5,
				scopes = $6, claim_name = $7, claim_id_number = $8, enabled = $9, updated_at = $10 WHERE id = $11`,
				p.Slug, p.Name, p.Issuer, p.ClientID, p.ClientSecret, p.Scopes, p.ClaimName, p.ClaimIDNumber, p.Enabled, now, p.ID)
			if n, _ := rowsAffected(res, err); err == nil && n == 0 {
				return apperr.NotFound("Không tìm thấy nhà cung cấp định danh.")
			}
		}
		if store.IsUniqueViolation(err) {
			var v apperr.Validation
			v.Add("slug", "Mã nhà cung cấp này đã được dùng.")
			return v.Err()
		}
		if err != nil {
			return fmt.Errorf("citizen: save provider: %w", err)
		}
		return audit.Record(ctx, tx, actor, "citizen.oidc_provider.save", "oidc_provider", p.Slug, 0, map[string]any{
			"issuer": p.Issuer, "client_id": p.ClientID, "scopes": p.Scopes, "claim_name": p.ClaimName, "claim_id_number": p.ClaimIDNumber, "enabled": p.Enabled})
	})
}

func rowsAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// OIDC runs the authorization-code flow with state, nonce and PKCE (S256)
// against the configured providers and signs citizens in.
type OIDC struct {
	Service *Service
	// BaseURL returns the public base URL (for the redirect URI).
	BaseURL func() string
	// Client is the HTTP client for discovery, keys and token requests
	// (default: 10-second timeout).
	Client *http.Client

	mu    sync.Mutex
	cache map[string]cachedProvider
}

type cachedProvider struct {
	p   *oidc.Provider
	at  time.Time
	key string
}

// stateTTL is how long a sign-in may take at the provider.
const stateTTL = 10 * time.Minute

// RedirectURL is the callback registered at the provider for slug.
func (o *OIDC) RedirectURL(slug string) string {
	return strings.TrimRight(o.BaseURL(), "/") + "/dang-nhap-cong-dan/oidc/" + url.PathEscape(slug) + "/callback"
}

func (o *OIDC) client() *http.Client {
	if o.Client != nil {
		return o.Client
	}
	return &http.Client{Timeout: 10 * time.Second}
}

// discover returns the provider's metadata, cached for an hour (the cache
// only saves round trips; every node can rebuild it).
func (o *OIDC) discover(ctx context.Context, p *Provider) (*oidc.Provider, error) {
	o.mu.Lock()
	if o.cache == nil {
		o.cache = map[string]cachedProvider{}
	}
	c, ok := o.cache[p.Slug]
	o.mu.Unlock()
	if ok && c.key == p.Issuer && time.Since(c.at) < time.Hour {
		return c.p, nil
	}
	op, err := oidc.NewProvider(oidc.ClientContext(ctx, o.client()), p.Issuer)
	if err != nil {
		if o.Service.Log != nil {
			o.Service.Log.Warn("oidc discovery failed", "provider", p.Slug, "err", err)
		}
		return nil, apperr.Unprocessable("Không kết nối được với %s. Vui lòng thử lại sau hoặc đăng nhập bằng mã xác thực.", p.Name)
	}
	o.mu.Lock()
	o.cache[p.Slug] = cachedProvider{p: op, at: time.Now(), key: p.Issuer}
	o.mu.Unlock()
	return op, nil
}

func (o *OIDC) config(op *oidc.Provider, p *Provider) *oauth2.Config {
	scopes := []string{oidc.ScopeOpenID}
	for _, s := range strings.Fields(p.Scopes) {
		if s != oidc.ScopeOpenID {
			scopes = append(scopes, s)
		}
	}
	return &oauth2.Config{ClientID: p.ClientID, ClientSecret: p.ClientSecret, Endpoint: op.Endpoint(), RedirectURL: o.RedirectURL(p.Slug), Scopes: scopes}
}

func stateHash(state string) string {
	h := sha256.Sum256([]byte(state))
	return hex.EncodeToString(h[:])
}

// Begin starts a sign-in at the provider: it stores the state (hashed),
// the nonce and the PKCE verifier, and returns the provider's authorization
// URL and the state, which the caller also binds to the browser (cookie).
func (o *OIDC) Begin(ctx context.Context, slug, next string) (authURL, state string, err error) {
	p, err := o.Service.ProviderBySlug(ctx, slug)
	if err != nil || !p.Enabled {
		return "", "", apperr.NotFound("Không tìm thấy nhà cung cấp định danh.")
	}
	op, err := o.discover(ctx, p)
	if err != nil {
		return "", "", err
	}
	state, nonce, verifier := randomToken(24), randomToken(24), oauth2.GenerateVerifier()
	now := o.Service.DB.Now()
	if _, err := o.Service.DB.Exec(ctx, `INSERT INTO citizen_oidc_states (state_hash, provider_id, nonce, verifier, next, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, stateHash(state), p.ID, nonce, verifier, next, store.Millis(now), store.Millis(now.Add(stateTTL))); err != nil {
		return "", "", fmt.Errorf("citizen: store oidc state: %w", err)
	}
	return o.config(op, p).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), state, nil
}

// Claims are what an ID token says about the citizen.
type Claims struct {
	Subject       string
	Name          string
	IDNumber      string
	BirthDate     string
	Email         string
	EmailVerified bool
	Phone         string
	PhoneVerified bool
}

var errOIDCFailed = apperr.Unauthorized("Đăng nhập qua tài khoản định danh không thành công. Vui lòng thử lại.")

// Complete finishes a sign-in: it consumes the state (once), exchanges the
// code with the PKCE verifier, verifies the ID token (signature, issuer,
// audience, expiry, nonce), maps the claims and returns the citizen and the
// local path to go to next.
func (o *OIDC) Complete(ctx context.Context, slug, state, code, clientAddr string) (*Citizen, string, error) {
	db := o.Service.DB
	var providerID int64
	var nonce, verifier, next string
	var expires int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `DELETE FROM citizen_oidc_states WHERE state_hash = $1 RETURNING provider_id, nonce, verifier, next, expires_at`,
			stateHash(state)).Scan(&providerID, &nonce, &verifier, &next, &expires)
	})
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !store.Time(expires).After(db.Now())) {
		return nil, "", apperr.Unauthorized("Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.")
	}
	if err != nil {
		return nil, "", fmt.Errorf("citizen: load oidc state: %w", err)
	}
	p, err := o.Service.ProviderBySlug(ctx, slug)
	if err != nil || p.ID != providerID || !p.Enabled {
		return nil, "", errOIDCFailed
	}
	op, err := o.discover(ctx, p)
	if err != nil {
		return nil, "", err
	}
	hctx := oidc.ClientContext(ctx, o.client())
	hctx = context.WithValue(hctx, oauth2.HTTPClient, o.client())
	tok, err := o.config(op, p).Exchange(hctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		o.warn("oidc token exchange failed", p, err)
		return nil, "", errOIDCFailed
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		o.warn("oidc: no id_token", p, nil)
		return nil, "", errOIDCFailed
	}
	idt, err := op.VerifierContext(hctx, &oidc.Config{ClientID: p.ClientID}).Verify(hctx, raw)
	if err != nil {
		o.warn("oidc: id token refused", p, err)
		return nil, "", errOIDCFailed
	}
	if idt.Nonce != nonce {
		o.warn("oidc: nonce mismatch", p, nil)
		return nil, "", errOIDCFailed
	}
	var all map[string]any
	if err := idt.Claims(&all); err != nil {
		return nil, "", errOIDCFailed
	}
	cl := mapClaims(idt.Subject, all, p)
	c, err := o.Service.signInIdentity(ctx, p, cl, clientAddr)
	return c, next, err
}

func (o *OIDC) warn(msg string, p *Provider, err error) {
	if o.Service.Log != nil {
		o.Service.Log.Warn(msg, "provider", p.Slug, "err", err)
	}
}

func claimString(all map[string]any, name string) string {
	if name == "" {
		return ""
	}
	switch v := all[name].(type) {
	case string:
		return textfold.NFC(v)
	case float64:
		return fmt.Sprintf("%.0f", v)
	}
	return ""
}

func claimBool(all map[string]any, name string) bool {
	switch v := all[name].(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

func mapClaims(sub string, all map[string]any, p *Provider) Claims {
	c := Claims{Subject: sub, Name: collapseSpaces(claimString(all, p.ClaimName))}
	if id := digitsOnly(claimString(all, p.ClaimIDNumber)); len(id) == 12 {
		c.IDNumber = id
	}
	if b := claimString(all, "birthdate"); len(b) == 10 {
		if _, err := time.Parse("2006-01-02", b); err == nil {
			c.BirthDate = b
		}
	}
	c.Email, c.EmailVerified = NormalizeEmail(claimString(all, "email")), claimBool(all, "email_verified")
	c.Phone, c.PhoneVerified = NormalizePhone(claimString(all, "phone_number")), claimBool(all, "phone_number_verified")
	return c
}

// signInIdentity links the provider identity to a citizen and returns it:
// the identity itself if known; else the account whose ID number was
// verified as the same; else the account holding the same verified e-mail
// or phone; else a new account. The provider is trusted for the name and
// ID number it asserts (the administrator configured it), which become the
// account's verified name and ID number.
func (s *Service) signInIdentity(ctx context.Context, p *Provider, cl Claims, clientAddr string) (*Citizen, error) {
	if cl.Subject == "" {
		return nil, errOIDCFailed
	}
	var out *Citizen
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var cid int64
		err := tx.QueryRow(ctx, `SELECT citizen_id FROM citizen_identities WHERE provider_id = $1 AND subject = $2`, p.ID, cl.Subject).Scan(&cid)
		linked := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var c *Citizen
		if linked {
			if c, err = byID(ctx, tx, cid); err != nil {
				return err
			}
		}
		if c == nil && cl.IDNumber != "" {
			c, err = scanCitizen(tx.QueryRow(ctx, `SELECT `+citizenCols+` FROM citizens WHERE id_number = $1 AND id_verified ORDER BY id LIMIT 1`, cl.IDNumber))
			if err != nil && !apperr.Is(err, apperr.CodeNotFound) {
				return err
			}
		}
		if c == nil && cl.Email != "" && cl.EmailVerified {
			if c, err = byContact(ctx, tx, ChannelEmail, cl.Email); err != nil && !apperr.Is(err, apperr.CodeNotFound) {
				return err
			}
		}
		if c == nil && cl.Phone != "" && cl.PhoneVerified {
			if c, err = byContact(ctx, tx, ChannelSMS, cl.Phone); err != nil && !apperr.Is(err, apperr.CodeNotFound) {
				return err
			}
		}
		if c != nil && c.IDVerified && cl.IDNumber != "" && c.IDNumber != cl.IDNumber {
			return apperr.Conflict("Số định danh từ %s không khớp với tài khoản hiện có. Vui lòng liên hệ Bộ phận Một cửa để được hỗ trợ.", p.Name)
		}
		created := false
		if c == nil {
			c = &Citizen{FullName: cl.Name, IDNumber: cl.IDNumber, IDVerified: cl.IDNumber != "", BirthDate: cl.BirthDate}
			if cl.EmailVerified && cl.Email != "" {
				c.Email, c.NotifyEmail = cl.Email, true
			}
			if cl.PhoneVerified && cl.Phone != "" {
				c.Phone, c.NotifySMS = cl.Phone, true
			}
			if err := insertCitizen(ctx, tx, c); err != nil {
				return err
			}
			created = true
		} else if !c.Active {
			return apperr.Forbidden("Tài khoản này đã bị khóa. Vui lòng liên hệ Bộ phận Một cửa.")
		}
		if !created {
			if err := s.applyClaims(ctx, tx, c, cl); err != nil {
				return err
			}
		}
		if !linked {
			if _, err := tx.Exec(ctx, `INSERT INTO citizen_identities (provider_id, subject, citizen_id, created_at, last_login_at) VALUES ($1, $2, $3, $4, $4)`,
				p.ID, cl.Subject, c.ID, store.Millis(tx.Now)); err != nil {
				return fmt.Errorf("citizen: link identity: %w", err)
			}
		} else if _, err := tx.Exec(ctx, `UPDATE citizen_identities SET last_login_at = $1 WHERE provider_id = $2 AND subject = $3`,
			store.Millis(tx.Now), p.ID, cl.Subject); err != nil {
			return err
		}
		if err := touchLogin(ctx, tx, c.ID); err != nil {
			return err
		}
		action := "citizen.signin"
		if created {
			action = "citizen.signup"
		}
		if err := audit.Record(ctx, tx, actorOf(c), action, "citizen", fmt.Sprint(c.ID), 0, map[string]any{
			"via": "oidc:" + p.Slug, "client": clientAddr, "linked": !linked}); err != nil {
			return err
		}
		out, err = byID(ctx, tx, c.ID)
		return err
	})
	return out, err
}

// applyClaims refreshes the verified name and ID number of an existing
// account from the provider, and fills an empty birth date.
func (s *Service) applyClaims(ctx context.Context, tx *store.Tx, c *Citizen, cl Claims) error {
	name, id, verified, birth := c.FullName, c.IDNumber, c.IDVerified, c.BirthDate
	if cl.IDNumber != "" {
		id, verified = cl.IDNumber, true
		if cl.Name != "" {
			name = cl.Name
		}
	} else if name == "" {
		name = cl.Name
	}
	if birth == "" {
		birth = cl.BirthDate
	}
	if name == c.FullName && id == c.IDNumber && verified == c.IDVerified && birth == c.BirthDate {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE citizens SET full_name = $1, name_folded = $2, id_number = $3, id_verified = $4, birth_date = $5, updated_at = $6 WHERE id = $7`,
		name, textfold.Fold(name), id, verified, birth, store.Millis(tx.Now), c.ID)
	return err
}
