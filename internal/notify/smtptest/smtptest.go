// Package smtptest is a minimal SMTP server for tests: it speaks real SMTP
// over TCP on 127.0.0.1 (EHLO/HELO, AUTH PLAIN when configured, MAIL, RCPT,
// DATA, RSET, NOOP, QUIT; no STARTTLS) and records every message it accepts,
// decoded (RFC 2047 subject, quoted-printable or base64 body). Browser tests
// read one-time codes from it:
//
//	srv := smtptest.Start(t)
//	// … configure MOTCUA_SMTP_ADDR=srv.Addr(), trigger a code …
//	m, ok := srv.WaitFor(func(m smtptest.Message) bool { return m.To[0] == "an@example.vn" }, 10*time.Second)
package smtptest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one accepted message.
type Message struct {
	From      string   // MAIL FROM address
	To        []string // RCPT TO addresses
	Data      []byte   // the message as received (dot-unstuffed, "\n" line ends)
	Header    mail.Header
	Subject   string // decoded
	Body      string // decoded text with "\n" line ends
	MessageID string
}

// Options configure the server.
type Options struct {
	// User and Password, when set, are required through AUTH PLAIN.
	User, Password string
}

// Server is a running test SMTP server.
type Server struct {
	opt     Options
	ln      net.Listener
	mu      sync.Mutex
	msgs    []Message
	changed chan struct{}
	reject  *textproto.Error
	conns   map[net.Conn]bool
	wg      sync.WaitGroup
	closed  bool
}

// Start starts a server on 127.0.0.1 that stops when the test ends.
func Start(t testing.TB, opts ...Options) *Server {
	t.Helper()
	s := &Server{changed: make(chan struct{}), conns: map[net.Conn]bool{}}
	if len(opts) > 0 {
		s.opt = opts[0]
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: %v", err)
	}
	s.ln = ln
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.Close)
	return s
}

// Addr is host:port of the server (for MOTCUA_SMTP_ADDR).
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// WaitFor waits up to timeout for an accepted message matching match (nil
// matches any) and returns the first one.
func (s *Server) WaitFor(match func(Message) bool, timeout time.Duration) (Message, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		for _, m := range s.msgs {
			if match == nil || match(m) {
				s.mu.Unlock()
				return m, true
			}
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-deadline.C:
			return Message{}, false
		}
	}
}

// Reject makes the server answer RCPT TO with code and text (e.g. 550 for a
// permanent refusal, 451 for a temporary one); code 0 accepts again.
func (s *Server) Reject(code int, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == 0 {
		s.reject = nil
		return
	}
	s.reject = &textproto.Error{Code: code, Msg: text}
}

// Close stops the server and waits for its connections to end.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.ln.Close()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = true
		s.wg.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.wg.Done()
			s.session(c)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
			c.Close()
		}()
	}
}

func (s *Server) session(c net.Conn) {
	tp := textproto.NewConn(c)
	reply := func(code int, text string) bool {
		c.SetWriteDeadline(time.Now().Add(10 * time.Second))
		return tp.PrintfLine("%d %s", code, text) == nil
	}
	if !reply(220, "smtptest ESMTP ready") {
		return
	}
	var hello, authed bool
	var from string
	var to []string
	for {
		c.SetReadDeadline(time.Now().Add(time.Minute))
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			hello = true
			ext := []string{"250-smtptest", "250-8BITMIME"}
			if s.opt.User != "" {
				ext = append(ext, "250-AUTH PLAIN")
			}
			ext = append(ext, "250 SIZE 10485760")
			for _, l := range ext {
				if tp.PrintfLine("%s", l) != nil {
					return
				}
			}
		case "HELO":
			hello = true
			reply(250, "smtptest")
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			if !strings.EqualFold(mech, "PLAIN") || s.opt.User == "" {
				reply(504, "5.5.4 unrecognised authentication type")
				continue
			}
			b, err := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(b), "\x00")
			if err != nil || len(parts) != 3 || parts[1] != s.opt.User || parts[2] != s.opt.Password {
				reply(535, "5.7.8 authentication credentials invalid")
				continue
			}
			authed = true
			reply(235, "2.7.0 authentication successful")
		case "MAIL":
			switch {
			case !hello:
				reply(503, "5.5.1 EHLO first")
			case s.opt.User != "" && !authed:
				reply(530, "5.7.0 authentication required")
			default:
				from, to = address(arg, "FROM:"), nil
				reply(250, "2.1.0 OK")
			}
		case "RCPT":
			s.mu.Lock()
			rej := s.reject
			s.mu.Unlock()
			switch {
			case from == "" && !strings.Contains(strings.ToUpper(arg), "FROM:<>"):
				reply(503, "5.5.1 MAIL first")
			case rej != nil:
				reply(rej.Code, rej.Msg)
			default:
				to = append(to, address(arg, "TO:"))
				reply(250, "2.1.5 OK")
			}
		case "DATA":
			if len(to) == 0 {
				reply(503, "5.5.1 RCPT first")
				continue
			}
			reply(354, "end data with <CR><LF>.<CR><LF>")
			c.SetReadDeadline(time.Now().Add(time.Minute))
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			n := s.record(from, to, data)
			from, to = "", nil
			reply(250, fmt.Sprintf("2.0.0 OK queued as %d", n))
		case "RSET":
			from, to = "", nil
			reply(250, "2.0.0 OK")
		case "NOOP":
			reply(250, "2.0.0 OK")
		case "QUIT":
			reply(221, "2.0.0 bye")
			return
		default:
			reply(502, "5.5.2 command not implemented")
		}
	}
}

// address extracts the address from "FROM:<a@b> BODY=8BITMIME".
func address(arg, prefix string) string {
	arg = strings.TrimSpace(arg)
	if len(arg) >= len(prefix) && strings.EqualFold(arg[:len(prefix)], prefix) {
		arg = strings.TrimSpace(arg[len(prefix):])
	}
	if i := strings.Index(arg, "<"); i >= 0 {
		if j := strings.Index(arg[i:], ">"); j >= 0 {
			return arg[i+1 : i+j]
		}
	}
	a, _, _ := strings.Cut(arg, " ")
	return a
}

func (s *Server) record(from string, to []string, data []byte) int {
	m := Message{From: from, To: to, Data: data}
	if pm, err := mail.ReadMessage(bytes.NewReader(data)); err == nil {
		m.Header = pm.Header
		m.MessageID = pm.Header.Get("Message-Id")
		dec := new(mime.WordDecoder)
		if subj, err := dec.DecodeHeader(pm.Header.Get("Subject")); err == nil {
			m.Subject = subj
		} else {
			m.Subject = pm.Header.Get("Subject")
		}
		var r io.Reader = pm.Body
		switch strings.ToLower(pm.Header.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			r = quotedprintable.NewReader(r)
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, &stripNewlines{r: bufio.NewReader(r)})
		}
		b, _ := io.ReadAll(r)
		m.Body = strings.ReplaceAll(string(b), "\r\n", "\n")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	close(s.changed)
	s.changed = make(chan struct{})
	return len(s.msgs)
}

type stripNewlines struct{ r *bufio.Reader }

func (s *stripNewlines) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		b, err := s.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if b != '\r' && b != '\n' {
			p[n] = b
			n++
		}
	}
	return n, nil
}
