package app

import "github.com/motcua/motcua/internal/apperr"

func apperrFieldsOf(err error) map[string]string { return apperr.FieldsOf(err) }
