package delivery

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// UnsubscribeToken is the signed token of customer's unsubscribe link:
// the customer id and an HMAC-SHA256 of it under secret, so that nobody
// can opt out someone else by editing the link.
func UnsubscribeToken(secret []byte, customer string) string {
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(customer)) + "." + enc.EncodeToString(sign(secret, customer))
}

// CheckUnsubscribeToken returns the customer of a token UnsubscribeToken
// made with secret; ok is false for any other string.
func CheckUnsubscribeToken(secret []byte, token string) (customer string, ok bool) {
	id, mac, found := strings.Cut(token, ".")
	if !found {
		return "", false
	}
	enc := base64.RawURLEncoding
	raw, err1 := enc.DecodeString(id)
	sum, err2 := enc.DecodeString(mac)
	if err1 != nil || err2 != nil || !hmac.Equal(sum, sign(secret, string(raw))) {
		return "", false
	}
	return string(raw), true
}

func sign(secret []byte, customer string) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte("contactgraph unsubscribe\x00" + customer))
	return h.Sum(nil)
}
