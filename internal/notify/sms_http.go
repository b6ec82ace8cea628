package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// GatewayConfig configures one HTTP SMS gateway.
type GatewayConfig struct {
	Name    string        // shown in the delivery log
	URL     string        // the endpoint that accepts the JSON POST
	Key     string        // API key, sent in Header
	Header  string        // default "X-API-Key"
	Sender  string        // brand name (tên định danh), when the gateway wants it per request
	Timeout time.Duration // per request (default 10 s)
}

// Gateway is an SMS provider speaking a small JSON protocol over HTTP. It
// POSTs
//
//	{"to":"+84912345678","text":"…","client_ref":"<key>","encoding":"UCS-2","segments":2,"sender":"…"}
//
// with the API key header and Idempotency-Key: <key>, and expects a 2xx
// answer {"message_id":"…"}. A gateway must treat a repeated client_ref as
// the same message (answer 2xx or 409 with the first message_id, and not
// send it again). 400, 404 and 422 are refusals of the message; other
// statuses, connection errors and timeouts make the worker try the next
// gateway. A commercial gateway with another protocol needs a small adapter
// implementing Provider.
type Gateway struct {
	cfg    GatewayConfig
	client *http.Client
}

// NewGateway returns the provider.
func NewGateway(cfg GatewayConfig) *Gateway {
	if cfg.Header == "" {
		cfg.Header = "X-API-Key"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	return &Gateway{cfg: cfg, client: &http.Client{Timeout: cfg.Timeout, Transport: tr}}
}

// Name implements Provider.
func (g *Gateway) Name() string { return g.cfg.Name }

type gatewayRequest struct {
	To        string `json:"to"`
	Text      string `json:"text"`
	ClientRef string `json:"client_ref"`
	Encoding  string `json:"encoding,omitempty"`
	Segments  int    `json:"segments,omitempty"`
	Sender    string `json:"sender,omitempty"`
}

type gatewayResponse struct {
	MessageID string `json:"message_id"`
	Error     string `json:"error"`
}

// Send implements Provider.
func (g *Gateway) Send(ctx context.Context, m Outgoing) (string, error) {
	body, _ := json.Marshal(gatewayRequest{To: m.To, Text: m.Body, ClientRef: m.Ref, Encoding: m.Encoding, Segments: m.Segments, Sender: g.cfg.Sender})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", m.Ref)
	if g.cfg.Key != "" {
		req.Header.Set(g.cfg.Header, g.cfg.Key)
	}
	res, err := g.client.Do(req)
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			return "", fmt.Errorf("không kết nối được: %w", op.Err) // nothing was sent
		}
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() || errors.Is(err, context.DeadlineExceeded) {
			return "", Unknown(fmt.Errorf("quá thời gian chờ (%s)", g.cfg.Timeout))
		}
		return "", err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	var out gatewayResponse
	json.Unmarshal(raw, &out)
	switch {
	case res.StatusCode/100 == 2 || res.StatusCode == http.StatusConflict && out.MessageID != "":
		return out.MessageID, nil // accepted (409: accepted before, under the same client_ref)
	case res.StatusCode == http.StatusBadRequest || res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusUnprocessableEntity:
		return "", Refused(fmt.Errorf("HTTP %d: %s", res.StatusCode, gatewayDetail(out, raw)))
	}
	return "", fmt.Errorf("HTTP %d: %s", res.StatusCode, gatewayDetail(out, raw))
}

func gatewayDetail(out gatewayResponse, raw []byte) string {
	if out.Error != "" {
		return out.Error
	}
	s := strings.TrimSpace(string(raw))
	if len(s) > 200 {
		s = s[:200]
	}
	return strings.ToValidUTF8(s, "")
}

// ParseSMSProviders parses MOTCUA_SMS_PROVIDERS: gateways separated by ";",
// each a list of key=value separated by ",": name (required, unique), url
// (required, http or https), key, header, sender, timeout (Go duration,
// e.g. 8s). Values cannot contain "," or ";".
func ParseSMSProviders(s string) ([]GatewayConfig, error) {
	var out []GatewayConfig
	names := map[string]bool{}
	for i, item := range strings.Split(s, ";") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		var g GatewayConfig
		for _, kv := range strings.Split(item, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
			if !ok {
				return nil, fmt.Errorf("MOTCUA_SMS_PROVIDERS #%d: %q is not key=value", i+1, kv)
			}
			switch k = strings.TrimSpace(k); k {
			case "name":
				g.Name = v
			case "url":
				g.URL = v
			case "key":
				g.Key = v
			case "header":
				g.Header = v
			case "sender":
				g.Sender = v
			case "timeout":
				d, err := time.ParseDuration(v)
				if err != nil || d <= 0 {
					return nil, fmt.Errorf("MOTCUA_SMS_PROVIDERS #%d: timeout %q is not a duration like 10s", i+1, v)
				}
				g.Timeout = d
			default:
				return nil, fmt.Errorf("MOTCUA_SMS_PROVIDERS #%d: unknown setting %q (name, url, key, header, sender, timeout)", i+1, k)
			}
		}
		if g.Name == "" || names[g.Name] {
			return nil, fmt.Errorf("MOTCUA_SMS_PROVIDERS #%d: each provider needs a unique name=", i+1)
		}
		names[g.Name] = true
		if u, err := url.Parse(g.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("MOTCUA_SMS_PROVIDERS %s: url=%q must be an http(s) URL", g.Name, g.URL)
		}
		out = append(out, g)
	}
	return out, nil
}
