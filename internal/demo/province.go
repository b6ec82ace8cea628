// Package demo holds the realistic demo province (data/*.json, documented in
// data/README.md) and loads its agencies and staff users. The catalog part is
// loaded by the catalog module's importer from data/catalog.json.
package demo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/agency"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/store"
)

// Province is the shape of data/province.json.
type Province struct {
	Province string `json:"province"`
	Place    string `json:"place"`
	Agencies []struct {
		Code        string `json:"code"`
		Name        string `json:"name"`
		ShortName   string `json:"short_name"`
		Kind        string `json:"kind"`
		Parent      string `json:"parent"`
		Address     string `json:"address"`
		Phone       string `json:"phone"`
		Email       string `json:"email"`
		OfficeHours string `json:"office_hours"`
	} `json:"agencies"`
	Users []struct {
		Username string   `json:"username"`
		FullName string   `json:"full_name"`
		Title    string   `json:"title"`
		Phone    string   `json:"phone"`
		Email    string   `json:"email"`
		Agency   string   `json:"agency"`
		Roles    []string `json:"roles"`
		OnDuty   bool     `json:"on_duty"`
	} `json:"users"`
}

// LoadProvince parses data/province.json.
func LoadProvince() (*Province, error) {
	b, err := Files.ReadFile("data/province.json")
	if err != nil {
		return nil, err
	}
	var p Province
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("demo: province.json: %w", err)
	}
	return &p, nil
}

// SeedAgenciesAndUsers inserts the demo agencies and staff users (all with
// the given password) in one transaction. officeHoursCheck validates office
// hours (nil accepts any). It returns the number of users created.
func SeedAgenciesAndUsers(ctx context.Context, db *store.DB, password string, officeHoursCheck func(string) error) (int, error) {
	p, err := LoadProvince()
	if err != nil {
		return 0, err
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		return 0, err
	}
	n := 0
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for _, x := range p.Agencies {
			a := &agency.Agency{Code: x.Code, Name: x.Name, ShortName: x.ShortName, Kind: agency.Kind(x.Kind), ParentCode: x.Parent,
				Address: x.Address, Phone: x.Phone, Email: x.Email, OfficeHours: x.OfficeHours}
			a.Normalize()
			if err := a.Validate(officeHoursCheck); err != nil {
				return fmt.Errorf("demo agency %s: %v %v", x.Code, err, apperr.FieldsOf(err))
			}
			if err := agency.CreateTx(ctx, tx, audit.System, a); err != nil {
				return fmt.Errorf("demo agency %s: %w", x.Code, err)
			}
		}
		for _, x := range p.Users {
			ag, err := agency.ByCodeTx(ctx, tx, x.Agency)
			if err != nil {
				return fmt.Errorf("demo user %s: agency %s: %w", x.Username, x.Agency, err)
			}
			u := &account.User{Username: x.Username, FullName: x.FullName, Title: x.Title, Phone: x.Phone, Email: x.Email, AgencyID: ag.ID, OnDuty: x.OnDuty}
			for _, r := range x.Roles {
				u.Roles = append(u.Roles, account.Role(r))
			}
			u.Normalize()
			if err := u.Validate(); err != nil {
				return fmt.Errorf("demo user %s: %v %v", x.Username, err, apperr.FieldsOf(err))
			}
			if err := account.CreateTx(ctx, tx, audit.System, u, hash); err != nil {
				return fmt.Errorf("demo user %s: %w", x.Username, err)
			}
			n++
		}
		return nil
	})
	return n, err
}
