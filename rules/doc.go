// Package rules is the keyword-rule language of TTĐN Monitor: folding
// (Fold, Exact, Tokenize), the parser (Parse) and its syntax tree, the
// matcher that runs many rules over one article (Compile, Matcher.Match,
// Eval), the province profile (Profile) and the built-in rule packs
// (BuiltinPacks). The same language is the search language of
// "monitor search" and the dashboard. The package imports nothing of the
// project.
//
// # Grammar
//
//	query    = "" | "*" | or
//	or       = and { "OR" and }
//	and      = near { [ "AND" ] near }        bare neighbours are ANDed
//	near     = unary [ "NEAR/" n unary ]      1 <= n <= 1000
//	unary    = "NOT" unary | primary
//	primary  = "(" or ")" | field ":" primary | "=" word-or-phrase | word | phrase
//	field    = "title" | "body"
//	word     = letters and digits, optionally ending in "*"
//	phrase   = '"' ... '"', optionally followed by "*"
//
// Precedence, tightest first: NOT, NEAR, AND (written or implied), OR. So
// "a b OR c" is "(a AND b) OR c" and "NOT a b" is "(NOT a) AND b". The
// operators are written in capitals; "and", "or", "not" and "near" in
// lower case are ordinary words (English text is full of them).
//
// # Terms
//
// Matching is case- and diacritic-insensitive: a term and the text are
// both compared in Fold form, so "nhân quyền", "NHAN QUYEN" and
// "nhân quyền" written in decomposed Unicode are one term. A word is split
// into words the way Tokenize splits text, so Kon-Tum is the phrase
// "kon tum" and 10:30 the phrase "10 30". A phrase (in straight or curly
// double quotes, with \" and \\ as escapes) matches its words in order
// and adjacent.
//
// Prefix: a trailing * makes the last word of its term a prefix, and only
// that word, compared in folded form: "biên*" matches biên, biển and
// biênphòng alike (every word folding to "bien…"). At least two letters
// must come before the *. Bare words are still
// separate terms, so
//
//	tự do*     is  tự AND do*   (any "tự", and any word starting "do")
//	"tự do"*   is  the phrase "tự do…": tự followed by a word starting "do"
//	               (tự do, tự doanh)
//
// Exact: ="Đăk" and =Đăk compare with diacritics kept (Exact form:
// NFC and lower case), so ="Đăk" matches Đăk and ĐĂK but not Đắk or Dak.
//
// Fields: title:x and body:x match only in the title or the body; an
// unscoped term matches in the title, the summary or the body. A field
// before a group scopes every term in it: title:(a OR b). Any other name
// before a colon ("summary:", "url:") is an error, so a typo never turns
// into a silent search for the word.
//
// NEAR: a NEAR/n b matches when a match of a and a match of b in the same
// field have at most n words between them, in either order (adjacent
// words have none). Both sides must be terms, phrases or ORs of them:
//
//	"tôn giáo" NEAR/10 ("đàn áp" OR "cấm đoán")
//
// NOT: NOT x matches a document in which x does not match. A rule made
// only of NOTs matches every document lacking the words, so the matcher
// evaluates it for every document.
//
// # Limits and errors
//
// Parse returns a *ParseError naming the 1-based column (in characters)
// and what was expected there, e.g.
//
//	col 13: expected ")" after "biên giới"
//
// Expressions longer than MaxExprLen bytes, nested deeper than MaxDepth
// (parentheses and NOTs), or not valid UTF-8 are refused the same way.
package rules
