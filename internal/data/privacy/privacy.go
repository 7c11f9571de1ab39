// Package privacy finds personal data in text values: email addresses,
// phone numbers and payment-card numbers, for the columns a schema marks as
// not allowed to carry personal data.
//
// The scanners are deliberately conservative, to keep false alarms on
// ordinary data (ids, decimals, timestamps) rare:
//
//   - email: a local part, "@", and a domain with a dot and a final label of
//     at least two letters, bounded by non-address characters;
//   - card: 13 to 19 digits, optionally grouped by single spaces or dashes,
//     that pass the Luhn check;
//   - phone: 10 to 15 digits (E.164 allows at most 15) written as a phone
//     number is: with a leading "+", or with parentheses, or in at least three
//     groups separated by spaces, dashes or dots. A bare run of digits is not
//     a phone number here (it is more often an id), and neither is a decimal.
package privacy

// Kind is a kind of personal data.
type Kind string

// The kinds of personal data the scanner finds.
const (
	Email Kind = "email"
	Phone Kind = "phone"
	Card  Kind = "card"
)

// Scan reports the first kind of personal data found in s, in the order
// card, email, phone, and whether any was found.
func Scan(s string) (Kind, bool) {
	hasAt, digits := false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '@' {
			hasAt = true
		} else if c >= '0' && c <= '9' {
			digits++
		}
	}
	if digits >= 13 && hasCard(s) {
		return Card, true
	}
	if hasAt && hasEmail(s) {
		return Email, true
	}
	if digits >= 10 && hasPhone(s) {
		return Phone, true
	}
	return "", false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isLocalChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c >= 0x80 || indexByte("!#$%&'*+/=?^_`{|}~.-", c)
}

func isDomainChar(c byte) bool { return isLetter(c) || isDigit(c) || c >= 0x80 || c == '-' || c == '.' }

func indexByte(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

// hasEmail looks for local@domain.tld around each '@'.
func hasEmail(s string) bool {
	for at := 0; at < len(s); at++ {
		if s[at] != '@' {
			continue
		}
		start := at
		for start > 0 && isLocalChar(s[start-1]) {
			start--
		}
		end := at + 1
		for end < len(s) && isDomainChar(s[end]) {
			end++
		}
		if start == at || end == at+1 {
			continue
		}
		domain := s[at+1 : end]
		for len(domain) > 0 && (domain[len(domain)-1] == '.' || domain[len(domain)-1] == '-') {
			domain = domain[:len(domain)-1]
		}
		dot := -1
		for i := len(domain) - 1; i >= 0; i-- {
			if domain[i] == '.' {
				dot = i
				break
			}
		}
		if dot <= 0 {
			continue
		}
		tld := domain[dot+1:]
		ok := len(tld) >= 2
		for i := 0; i < len(tld) && ok; i++ {
			ok = isLetter(tld[i]) || tld[i] >= 0x80
		}
		if ok {
			return true
		}
	}
	return false
}

// hasCard looks for 13-19 digits, grouped by single spaces or dashes, that
// pass the Luhn check, not glued to other digits or letters.
func hasCard(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || (i > 0 && (isDigit(s[i-1]) || isLetter(s[i-1]))) {
			continue
		}
		var buf [19]byte
		n, j := 0, i
		for j < len(s) && n < 20 {
			c := s[j]
			if isDigit(c) {
				if n == 19 {
					n++
					break
				}
				buf[n] = c
				n++
				j++
				continue
			}
			if (c == ' ' || c == '-') && j+1 < len(s) && isDigit(s[j+1]) && isDigit(s[j-1]) {
				j++
				continue
			}
			break
		}
		if n >= 13 && n <= 19 && (j == len(s) || !isLetter(s[j])) && luhn(buf[:n]) {
			return true
		}
		i = j
	}
	return false
}

// luhn reports whether the digits pass the Luhn checksum.
func luhn(d []byte) bool {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if (len(d)-1-i)%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

// hasPhone looks for a phone-shaped run: digits and separators, 10-15
// digits, with a leading '+', parentheses, or at least three digit groups.
func hasPhone(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '+' || c == '(' || isDigit(c)) || (i > 0 && (isDigit(s[i-1]) || isLetter(s[i-1]) || s[i-1] == '.')) {
			continue
		}
		plus := c == '+'
		digits, groups, parens, seps := 0, 0, false, map[byte]int{}
		inGroup := false
		j := i
		if plus {
			j++
		}
		for ; j < len(s); j++ {
			c := s[j]
			switch {
			case isDigit(c):
				digits++
				if !inGroup {
					groups++
					inGroup = true
				}
			case c == ' ' || c == '-' || c == '.':
				if (!inGroup && s[j-1] != ')') || j+1 >= len(s) {
					goto done
				}
				seps[c]++
				inGroup = false
			case c == '(' || c == ')':
				parens = true
				inGroup = false
			default:
				goto done
			}
		}
	done:
		for j > i && !isDigit(s[j-1]) {
			j--
		}
		if j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
			i = j
			continue
		}
		// A single dot between two groups is a decimal, not a phone number.
		decimal := groups == 2 && seps['.'] == 1
		if digits >= 10 && digits <= 15 && !decimal && (plus || parens || groups >= 3) {
			return true
		}
		if j > i {
			i = j
		}
	}
	return false
}
