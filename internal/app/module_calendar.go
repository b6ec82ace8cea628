package app

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/calendarsvc"
	"github.com/motcua/motcua/internal/calendarui"
)

// mountCalendar mounts the working-time calendar (internal/calendarsvc,
// internal/calendarui): it seeds the official years on first start,
// provides the service as "calendar" (dossier.Calendars: For(ctx,
// officeHours)) and the office-hours validator as "officeHoursCheck".
func mountCalendar(a *App) error {
	svc := calendarsvc.New(a.DB)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if added, err := svc.Seed(ctx); err != nil {
		return err
	} else if len(added) > 0 {
		a.Log.Info("official calendar years stored", "years", added)
	}
	a.Provide("calendar", svc)
	a.Provide("officeHoursCheck", calendar.ValidateOfficeHours)
	calendarui.New(a.Server, svc).Register()
	return nil
}
