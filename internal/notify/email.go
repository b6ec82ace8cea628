package notify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"os"
	"strings"
	"time"
)

// SMTPConfig configures the e-mail provider (MOTCUA_SMTP_*).
type SMTPConfig struct {
	// Addr is host:port (plain connection, STARTTLS per StartTLS) or
	// smtps://host:port (TLS from the first byte, usually port 465).
	Addr string
	// From is the sender, "Name <address>" or a bare address.
	From string
	// User and Password enable AUTH PLAIN. net/smtp refuses to send them
	// over an unencrypted connection except to localhost.
	User, Password string
	// StartTLS: "auto" (default: upgrade when the server offers it), "true"
	// (required: fail when not offered), "false" (never).
	StartTLS string
	// Timeout bounds a whole delivery (default 30 s).
	Timeout time.Duration
	// TLS overrides the TLS configuration (tests).
	TLS *tls.Config
	// Now is the clock of the Date header (default time.Now).
	Now func() time.Time
}

// SMTP is the e-mail provider: one SMTP transaction per message, with the
// standard library's client.
type SMTP struct {
	cfg      SMTPConfig
	host     string
	addr     string
	implicit bool
	from     *mail.Address
	domain   string
}

// NewSMTP checks cfg and returns the provider.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	s := &SMTP{cfg: cfg, addr: cfg.Addr}
	if a, ok := strings.CutPrefix(cfg.Addr, "smtps://"); ok {
		s.addr, s.implicit = a, true
	}
	host, _, err := net.SplitHostPort(s.addr)
	if err != nil {
		return nil, fmt.Errorf("MOTCUA_SMTP_ADDR %q: want host:port or smtps://host:port", cfg.Addr)
	}
	s.host = host
	if s.from, err = mail.ParseAddress(cfg.From); err != nil {
		return nil, fmt.Errorf("MOTCUA_SMTP_FROM %q: not an e-mail address", cfg.From)
	}
	_, s.domain, _ = strings.Cut(s.from.Address, "@")
	switch s.cfg.StartTLS {
	case "":
		s.cfg.StartTLS = "auto"
	case "auto", "true", "false":
	default:
		return nil, fmt.Errorf("MOTCUA_SMTP_STARTTLS must be auto, true or false, not %q", cfg.StartTLS)
	}
	if s.cfg.Timeout <= 0 {
		s.cfg.Timeout = 30 * time.Second
	}
	if s.cfg.Now == nil {
		s.cfg.Now = time.Now
	}
	return s, nil
}

// Name implements Provider.
func (s *SMTP) Name() string { return "smtp" }

// MessageID is the Message-ID header of the message with reference ref: the
// same for every attempt, so that a receiving system can recognise a copy.
func MessageID(ref, domain string) string {
	h := sha256.Sum256([]byte(ref))
	return "<" + hex.EncodeToString(h[:16]) + ".motcua@" + domain + ">"
}

// Send implements Provider: it returns the Message-ID as the message id.
func (s *SMTP) Send(ctx context.Context, m Outgoing) (string, error) {
	id := MessageID(m.Ref, s.domain)
	msg, err := s.compose(m, id)
	if err != nil {
		return "", Refused(err)
	}
	deadline := time.Now().Add(s.cfg.Timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	dialer := &net.Dialer{Deadline: deadline}
	var conn net.Conn
	if s.implicit {
		conn, err = tls.DialWithDialer(dialer, "tcp", s.addr, s.tlsConfig())
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", s.addr)
	}
	if err != nil {
		return "", fmt.Errorf("kết nối máy chủ thư %s: %w", s.addr, err)
	}
	defer conn.Close()
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return "", fmt.Errorf("máy chủ thư: %w", err)
	}
	defer c.Close()
	if err := s.session(c, m, msg); err != nil {
		return "", err
	}
	c.Quit()
	return id, nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	if s.cfg.TLS != nil {
		return s.cfg.TLS
	}
	return &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
}

func (s *SMTP) session(c *smtp.Client, m Outgoing, msg []byte) error {
	hostname, _ := os.Hostname()
	if hostname == "" || !strings.Contains(hostname, ".") {
		hostname = "localhost"
	}
	if err := c.Hello(hostname); err != nil {
		return fmt.Errorf("EHLO: %w", err)
	}
	if !s.implicit && s.cfg.StartTLS != "false" {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return fmt.Errorf("STARTTLS: %w", err)
			}
		} else if s.cfg.StartTLS == "true" {
			return errors.New("máy chủ thư không hỗ trợ STARTTLS (MOTCUA_SMTP_STARTTLS=true)")
		}
	}
	if s.cfg.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.User, s.cfg.Password, s.host)); err != nil {
			return fmt.Errorf("AUTH: %w", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return fmt.Errorf("RCPT TO: %w", classify(err))
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", classify(err))
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	// The message is sent; if the server's answer does not come, it may
	// have been accepted.
	if err := w.Close(); err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return Unknown(fmt.Errorf("không nhận được xác nhận sau khi gửi nội dung: %w", err))
		}
		return fmt.Errorf("DATA: %w", classify(err))
	}
	return nil
}

// classify turns a permanent SMTP reply (5xx) to a recipient or message
// into a refusal; 4xx replies and other errors are temporary.
func classify(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return Refused(err)
	}
	return err
}

// compose builds the message: UTF-8 headers in RFC 2047 encoded words, a
// text/plain UTF-8 body in quoted-printable, and the stable Message-ID.
func (s *SMTP) compose(m Outgoing, id string) ([]byte, error) {
	if strings.ContainsAny(m.To, "\r\n<>") {
		return nil, fmt.Errorf("địa chỉ nhận không hợp lệ: %q", m.To)
	}
	var b bytes.Buffer
	header := func(k, v string) {
		// Keep lines within 78 characters: an encoded word is up to 75, so
		// a long first word starts on a continuation line.
		sep := " "
		if first, _, _ := strings.Cut(v, "\r\n"); len(k)+2+len(first) > 78 && strings.HasPrefix(v, "=?") {
			sep = "\r\n "
		}
		fmt.Fprintf(&b, "%s:%s%s\r\n", k, sep, v)
	}
	header("From", fold(s.from.String()))
	header("To", m.To)
	header("Subject", encodeHeader(m.Subject))
	header("Date", s.cfg.Now().Format(time.RFC1123Z))
	header("Message-ID", id)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated") // RFC 3834: no auto-replies
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(strings.ReplaceAll(m.Body, "\r\n", "\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	b.WriteString("\r\n")
	return b.Bytes(), nil
}

// encodeHeader encodes a header value as RFC 2047 B-words when it is not
// plain ASCII, folded so that no line grows beyond about 78 characters.
func encodeHeader(v string) string {
	v = strings.Join(strings.Fields(v), " ")
	ascii := true
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 || v[i] < 0x20 {
			ascii = false
			break
		}
	}
	if ascii {
		return v
	}
	// mime.BEncoding splits long text into several encoded words of at most
	// 75 characters, separated by spaces; fold between them.
	return fold(mime.BEncoding.Encode("utf-8", v))
}

// fold breaks a header between the encoded words the mime package produces.
func fold(v string) string { return strings.ReplaceAll(v, "?= =?", "?=\r\n =?") }
