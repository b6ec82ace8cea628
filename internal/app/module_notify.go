package app

import (
	"fmt"

	"github.com/motcua/motcua/internal/notify"
)

// mountNotify mounts the notification module (internal/notify,
// docs/notifications.md): the outbox service, provided as "notify" for the
// modules that enqueue messages (dossier, citizen) and set its Directory;
// the delivery worker; and the administrator's template and outbox pages.
// Providers come from MOTCUA_SMTP_* and MOTCUA_SMS_PROVIDERS; a channel
// without a provider keeps its messages queued.
func mountNotify(a *App) error {
	opt := notify.Options{DB: a.DB, Log: a.Log, BaseURL: func() string { return a.Server.Opt.BaseURL }}
	if a.Cfg.SMTPAddr != "" {
		smtp, err := notify.NewSMTP(notify.SMTPConfig{Addr: a.Cfg.SMTPAddr, From: a.Cfg.SMTPFrom, User: a.Cfg.SMTPUser,
			Password: a.Cfg.SMTPPassword, StartTLS: a.Cfg.SMTPStartTLS})
		if err != nil {
			return fmt.Errorf("notify: %w", err)
		}
		opt.Email = []notify.Provider{smtp}
	}
	gateways, err := notify.ParseSMSProviders(a.Cfg.SMSProviders)
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	for _, g := range gateways {
		opt.SMS = append(opt.SMS, notify.NewGateway(g))
	}
	svc := notify.New(opt)
	if !svc.Configured(notify.ChannelEmail) {
		a.Log.Info("notify: e-mail not configured (MOTCUA_SMTP_ADDR); e-mails stay queued")
	}
	if !svc.Configured(notify.ChannelSMS) {
		a.Log.Info("notify: SMS not configured (MOTCUA_SMS_PROVIDERS); SMS stay queued")
	}
	if err := svc.RegisterMetrics(a.Server.Metrics); err != nil {
		return fmt.Errorf("notify: metrics: %w", err)
	}
	a.Provide("notify", svc)
	svc.Mount(a.Server)
	a.AddWorker(Worker{Name: "notify", Run: svc.Run})
	return nil
}
