package notify

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/motcua/motcua/internal/store"
)

var (
	queueDesc = prometheus.NewDesc("motcua_notify_queue", "Messages waiting (queued) or being delivered (sending), by channel.",
		[]string{"channel", "status"}, nil)
	oldestDesc = prometheus.NewDesc("motcua_notify_oldest_waiting_seconds", "Age of the oldest queued or sending message, by channel.",
		[]string{"channel"}, nil)
)

func newAttemptsCounter() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_notify_attempts_total",
		Help: "Provider calls by channel, provider and outcome (sent, failed, refused, timeout)."}, []string{"channel", "provider", "outcome"})
}

// RegisterMetrics adds the module's metrics to r: provider calls made by
// this process, and the queue read from the database at scrape time (the
// queue is shared by every process).
func (s *Service) RegisterMetrics(r prometheus.Registerer) error {
	if err := r.Register(s.attempts); err != nil {
		return err
	}
	return r.Register(queueCollector{s})
}

type queueCollector struct{ s *Service }

func (c queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- queueDesc
	ch <- oldestDesc
}

func (c queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rows, err := c.s.db.Query(ctx, `SELECT channel, status, COUNT(*), MIN(created_at) FROM notify_messages
		WHERE status IN ('queued', 'sending') GROUP BY channel, status`)
	if err != nil {
		c.s.log.Warn("notify: queue metrics", "err", err)
		return
	}
	defer rows.Close()
	now := c.s.db.Now()
	oldest := map[string]time.Time{}
	seen := map[[2]string]bool{}
	for rows.Next() {
		var channel, status string
		var n, first int64
		if err := rows.Scan(&channel, &status, &n, &first); err != nil {
			return
		}
		seen[[2]string{channel, status}] = true
		ch <- prometheus.MustNewConstMetric(queueDesc, prometheus.GaugeValue, float64(n), channel, status)
		if t := store.Time(first); oldest[channel].IsZero() || t.Before(oldest[channel]) {
			oldest[channel] = t
		}
	}
	for _, c := range Channels {
		for _, st := range []Status{StatusQueued, StatusSending} {
			if !seen[[2]string{string(c), string(st)}] {
				ch <- prometheus.MustNewConstMetric(queueDesc, prometheus.GaugeValue, 0, string(c), string(st))
			}
		}
		age := 0.0
		if t := oldest[string(c)]; !t.IsZero() {
			age = now.Sub(t).Seconds()
		}
		ch <- prometheus.MustNewConstMetric(oldestDesc, prometheus.GaugeValue, age, string(c))
	}
}
