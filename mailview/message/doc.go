// Package message reads mail as mail clients do: RFC 5322 headers, MIME
// (RFC 2045-2049) with its parameters (RFC 2231), encoded words (RFC 2047)
// and the charsets of real mail (ISO-2022-JP, Shift_JIS/CP932, EUC-JP, raw
// 8-bit), leniently. Parsing never fails: what could not be read by the
// rules is read best-effort and listed as a Problem. Each part is
// transfer-decoded once, and its bytes are shared by every later stage.
package message
