package citizen

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limiter is a token bucket per client address, in this process's memory:
// each client gets Burst requests at once and then Rate per minute. With N
// application nodes behind a load balancer a client may get up to N times
// the limit; the limit protects the database from scraping, it is not an
// access control (docs/citizen.md). Buckets idle for 10 minutes are dropped.
type Limiter struct {
	Rate  float64 // tokens per minute
	Burst float64
	Now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewLimiter returns a limiter of rate requests per minute with burst.
func NewLimiter(rate, burst float64) *Limiter {
	return &Limiter{Rate: rate, Burst: burst, Now: time.Now, buckets: map[string]*bucket{}}
}

// ParseRate reads a rate setting "60/min", "60/min,20" (rate, burst),
// "10/s", or "0"/"off" (disabled: nil limiter).
func ParseRate(s string) (*Limiter, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" || s == "0" || s == "off" {
		return nil, nil
	}
	spec, burstS, hasBurst := strings.Cut(s, ",")
	num, unit, ok := strings.Cut(spec, "/")
	if !ok {
		unit = "min"
	}
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("rate %q: want N/min or N/s", s)
	}
	switch unit {
	case "min", "m", "phut":
	case "s", "sec":
		n *= 60
	case "h", "hour":
		n /= 60
	default:
		return nil, fmt.Errorf("rate %q: unit must be s, min or h", s)
	}
	if n == 0 {
		return nil, nil
	}
	burst := n / 3
	if hasBurst {
		if burst, err = strconv.ParseFloat(burstS, 64); err != nil || burst < 1 {
			return nil, fmt.Errorf("rate %q: bad burst", s)
		}
	}
	if burst < 1 {
		burst = 1
	}
	return NewLimiter(n, burst), nil
}

// Allow takes a token for key, or reports how long to wait for one.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	now := l.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.at) > 10*time.Minute {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.Burst, at: now}
		l.buckets[key] = b
	}
	b.tokens += now.Sub(b.at).Minutes() * l.Rate
	if b.tokens > l.Burst {
		b.tokens = l.Burst
	}
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.Rate * float64(time.Minute))
	return false, wait
}
