// Package smstest is an SMS gateway for tests speaking the JSON protocol of
// notify.Gateway. It can succeed, fail (HTTP 500), refuse (HTTP 400), hang
// past the client's timeout, or accept a message and then hang (the answer
// is lost), and it de-duplicates by client_ref as real gateways must:
// Messages returns each accepted client_ref once, however often it was sent.
package smstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Mode is how the gateway answers.
type Mode int

// Modes.
const (
	Succeed        Mode = iota // 200 {"message_id": …}
	Fail                       // 500
	Refuse                     // 400: the message is refused
	Hang                       // no answer until the client gives up; nothing accepted
	AcceptThenHang             // the message is accepted, then no answer (lost response)
)

// Request is one request as the gateway received it.
type Request struct {
	To        string `json:"to"`
	Text      string `json:"text"`
	ClientRef string `json:"client_ref"`
	Encoding  string `json:"encoding"`
	Segments  int    `json:"segments"`
	Sender    string `json:"sender"`
	Key       string `json:"-"` // the API key header received
	MessageID string `json:"-"` // the id given (accepted messages)
	At        time.Time
}

// Options configure the gateway.
type Options struct {
	Name string // prefix of message ids (default "gw")
	Key  string // when set, requests without X-API-Key: Key get 401
}

// Gateway is a running test gateway.
type Gateway struct {
	opt      Options
	srv      *httptest.Server
	done     chan struct{}
	mu       sync.Mutex
	mode     Mode
	requests []Request
	accepted map[string]Request
	order    []string
}

// Start starts a gateway that stops when the test ends.
func Start(t testing.TB, opts ...Options) *Gateway {
	t.Helper()
	g := &Gateway{done: make(chan struct{}), accepted: map[string]Request{}}
	if len(opts) > 0 {
		g.opt = opts[0]
	}
	if g.opt.Name == "" {
		g.opt.Name = "gw"
	}
	g.srv = httptest.NewServer(http.HandlerFunc(g.handle))
	t.Cleanup(g.Close)
	return g
}

// URL is the endpoint to POST to.
func (g *Gateway) URL() string { return g.srv.URL + "/sms" }

// SetMode changes how the gateway answers from now on.
func (g *Gateway) SetMode(m Mode) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.mode = m
}

// Requests returns every request received, including failed and repeated ones.
func (g *Gateway) Requests() []Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Request(nil), g.requests...)
}

// Messages returns the distinct accepted messages (one per client_ref), in
// the order first accepted: what the citizens' phones received.
func (g *Gateway) Messages() []Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []Request
	for _, ref := range g.order {
		out = append(out, g.accepted[ref])
	}
	return out
}

// Close stops the gateway, releasing hanging requests.
func (g *Gateway) Close() {
	select {
	case <-g.done:
		return
	default:
	}
	close(g.done)
	g.srv.CloseClientConnections()
	g.srv.Close()
}

func (g *Gateway) handle(w http.ResponseWriter, r *http.Request) {
	var req Request
	if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&req) != nil || req.ClientRef == "" || req.To == "" {
		http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
		return
	}
	req.Key, req.At = r.Header.Get("X-API-Key"), time.Now()
	g.mu.Lock()
	g.requests = append(g.requests, req)
	mode := g.mode
	if g.opt.Key != "" && req.Key != g.opt.Key {
		g.mu.Unlock()
		http.Error(w, `{"error":"bad key"}`, http.StatusUnauthorized)
		return
	}
	var id string
	if mode == Succeed || mode == AcceptThenHang {
		if prev, ok := g.accepted[req.ClientRef]; ok {
			id = prev.MessageID // de-duplicated: not sent again
		} else {
			id = fmt.Sprintf("%s-%d", g.opt.Name, len(g.order)+1)
			req.MessageID = id
			g.accepted[req.ClientRef] = req
			g.order = append(g.order, req.ClientRef)
		}
	}
	g.mu.Unlock()
	switch mode {
	case Fail:
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
	case Refuse:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"invalid number"}`))
	case Hang, AcceptThenHang:
		select {
		case <-r.Context().Done():
		case <-g.done:
		}
	default:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"message_id": id})
	}
}
