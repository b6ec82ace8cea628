package notify

import "time"

// breaker is a per-provider circuit breaker kept in process memory (losing
// it on restart costs at most a few slow attempts). After breakerThreshold
// consecutive failures the provider is skipped for breakerCooldown; then it
// is tried again (half-open): a failure reopens the breaker, a success
// closes it. When every provider of a channel is open, all are tried.
type breaker struct {
	failures  int
	openUntil time.Time
}

const (
	breakerThreshold = 3
	breakerCooldown  = time.Minute
)

func (s *Service) breakerFor(name string) *breaker {
	b := s.breakers[name]
	if b == nil {
		b = &breaker{}
		s.breakers[name] = b
	}
	return b
}

// available reports whether the provider may be tried now.
func (s *Service) available(name string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.breakerFor(name)
	if b.failures < breakerThreshold || !now.Before(b.openUntil) {
		return true
	}
	return false
}

// report records the result of a provider call. Refusals of a message say
// nothing about the provider's health and are not reported.
func (s *Service) report(name string, ok bool, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.breakerFor(name)
	if ok {
		b.failures, b.openUntil = 0, time.Time{}
		return
	}
	b.failures++
	if b.failures >= breakerThreshold {
		b.openUntil = now.Add(breakerCooldown)
	}
}
