package app

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

func TestHitRecorderCountsRequestsAndRawConnections(t *testing.T) {
	h, err := StartHitRecorder(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close(context.Background())
	req, _ := http.NewRequest("GET", "http://"+h.Addr()+"/o.gif?u=42", nil)
	req.Header.Set("User-Agent", "TestMail/1.0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "image/gif" || string(body[:6]) != "GIF89a" {
		t.Errorf("pixel response: %s %q", resp.Header.Get("Content-Type"), body)
	}
	// A TLS client (an https:// URL pointed at this port) is a connection too.
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: time.Second}, "tcp", h.Addr(), &tls.Config{InsecureSkipVerify: true})
	if err == nil {
		conn.Close()
	}
	deadline := time.Now().Add(2 * time.Second)
	for h.Connections() < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if h.Connections() != 2 {
		t.Errorf("connections = %d, want 2", h.Connections())
	}
	hits := h.Hits()
	if len(hits) != 1 || hits[0].URL != "/o.gif?u=42" || hits[0].UserAgent != "TestMail/1.0" || hits[0].RemoteIP != "127.0.0.1" {
		t.Errorf("hits = %+v", hits)
	}
}
