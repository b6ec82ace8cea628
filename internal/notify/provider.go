package notify

import (
	"context"
	"errors"
	"strings"
)

// Provider delivers messages of one channel: an SMTP server, an SMS gateway.
// Several providers of a channel are tried in order (fail-over).
type Provider interface {
	// Name identifies the provider in the delivery log ("smtp", "viettel").
	Name() string
	// Send delivers m and returns the provider's message id. It must pass
	// m.Ref to the provider as the request's idempotency key. Errors should be
	// made with Refused (the message itself was refused: do not retry) or
	// Unknown (the outcome is unknown: the provider may have accepted it);
	// any other error is a failure of the provider.
	Send(ctx context.Context, m Outgoing) (id string, err error)
}

// Outgoing is one message handed to a provider.
type Outgoing struct {
	Ref      string // idempotency key: SMS client_ref, e-mail Message-ID
	To       string // e-mail address or +84… number
	Subject  string // e-mail
	Body     string
	Encoding string // SMS: GSM-7 or UCS-2
	Segments int    // SMS
}

// Outcome of one provider call, as recorded in notify_attempts.
const (
	outcomeSent    = "sent"
	outcomeFailed  = "failed"  // the provider failed; try another or later
	outcomeRefused = "refused" // the provider refused this message (bad number, rejected address)
	outcomeTimeout = "timeout" // no answer in time: it may have been accepted
)

// SendError classifies a provider error.
type SendError struct {
	Outcome string // outcomeRefused or outcomeTimeout
	Err     error
}

func (e *SendError) Error() string { return e.Err.Error() }
func (e *SendError) Unwrap() error { return e.Err }

// Refused marks err as a refusal of the message itself (HTTP 400/422, SMTP
// 5xx on a recipient): retrying it later would not help.
func Refused(err error) error { return &SendError{Outcome: outcomeRefused, Err: err} }

// Unknown marks err as an attempt whose outcome is unknown (a timeout after
// the request was sent): a retry must use the same reference.
func Unknown(err error) error { return &SendError{Outcome: outcomeTimeout, Err: err} }

// outcomeOf classifies the result of a provider call.
func outcomeOf(err error) string {
	if err == nil {
		return outcomeSent
	}
	var se *SendError
	if errors.As(err, &se) {
		return se.Outcome
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return outcomeTimeout
	}
	return outcomeFailed
}

// errorText is the error as stored in the log: prefixed with the provider
// name when given, at most 500 bytes.
func errorText(provider string, err error) string {
	s := err.Error()
	if provider != "" {
		s = provider + ": " + s
	}
	if len(s) > 500 {
		s = strings.ToValidUTF8(s[:500], "")
	}
	return s
}
