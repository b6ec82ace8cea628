package account

import (
	"context"
	"strings"
)

// Principal is the signed-in staff user as seen by handlers.
type Principal struct {
	UserID     int64
	Username   string
	FullName   string
	Title      string
	AgencyID   int64
	AgencyCode string
	AgencyName string
	AgencyPath string // "/1/4/"; the user's scope is this subtree
	Roles      []Role
}

// Has reports whether the user holds any of the roles.
func (p *Principal) Has(roles ...Role) bool {
	if p == nil {
		return false
	}
	for _, r := range p.Roles {
		for _, want := range roles {
			if r == want {
				return true
			}
		}
	}
	return false
}

// InScope reports whether an agency (by its path) lies in the user's subtree.
func (p *Principal) InScope(agencyPath string) bool {
	return p != nil && p.AgencyPath != "" && strings.HasPrefix(agencyPath, p.AgencyPath)
}

type ctxKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// PrincipalFrom returns the staff principal in ctx, or nil.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}
