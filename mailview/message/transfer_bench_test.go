package message

import (
	"encoding/base64"
	"strings"
	"testing"
)

// The lenient base64 decoder against the standard one, on the same 4 MB of
// line-wrapped base64 with one junk character that sends it down the lenient
// path: a part the standard decoder refuses costs this ratio more.
func benchBase64(b *testing.B) []byte {
	payload := make([]byte, 3<<20)
	for i := range payload {
		payload[i] = byte(i * 13)
	}
	enc := base64.StdEncoding.EncodeToString(payload)
	var s strings.Builder
	for len(enc) > 76 {
		s.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	s.WriteString(enc)
	return []byte(s.String())
}

func BenchmarkBase64Standard(b *testing.B) {
	src := benchBase64(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		decodeBase64(src)
	}
}

func BenchmarkBase64Lenient(b *testing.B) {
	src := benchBase64(b)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		decodeBase64Lenient(make([]byte, 0, len(src)*3/4), src)
	}
}
