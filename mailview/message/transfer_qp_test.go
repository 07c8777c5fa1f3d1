package message

import (
	"bytes"
	"testing"
)

// decodeQuotedPrintableByByte is decodeQuotedPrintable as it was before it
// copied the runs between "=" in one piece: the reference it must equal.
func decodeQuotedPrintableByByte(src []byte) (out []byte, damaged int) {
	out = make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c != '=' {
			out = append(out, c)
			continue
		}
		if i+2 < len(src) && isHex(src[i+1]) && isHex(src[i+2]) {
			out = append(out, unhex(src[i+1])<<4|unhex(src[i+2]))
			i += 2
			continue
		}
		j := i + 1
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		switch {
		case j == len(src):
			i = j - 1
		case src[j] == '\n':
			i = j
		case src[j] == '\r' && j+1 < len(src) && src[j+1] == '\n':
			i = j + 1
		default:
			out = append(out, '=')
			damaged++
		}
	}
	return out, damaged
}

func FuzzDecodeQuotedPrintable(f *testing.F) {
	for _, s := range []string{
		"", "=", "==", "=4", "=41", "=41=42", "plain text", "caf=C3=A9 =\r\nnext=\nline= \t\r\nend=",
		"a=zz b", "=\r", "= \t", "x=3D=3d=", "trailing=  ", "=e9=E9\r\n=\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		got, gotDamaged := decodeQuotedPrintable(src, false)
		want, wantDamaged := decodeQuotedPrintableByByte(src)
		if !bytes.Equal(got, want) || gotDamaged != wantDamaged {
			t.Fatalf("decodeQuotedPrintable(%q) = %q, %d; byte by byte: %q, %d", src, got, gotDamaged, want, wantDamaged)
		}
	})
}
