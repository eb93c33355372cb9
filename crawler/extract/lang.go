package extract

import (
	"unicode"

	"github.com/abadojack/whatlanggo"
)

// detectable are the languages the office reads, plus the neighbours they
// are most often confused with; detection picks among these only.
var detectable = map[whatlanggo.Lang]bool{
	whatlanggo.Vie: true, whatlanggo.Eng: true, whatlanggo.Fra: true, whatlanggo.Khm: true,
	whatlanggo.Cmn: true, whatlanggo.Deu: true, whatlanggo.Spa: true, whatlanggo.Por: true,
	whatlanggo.Ita: true, whatlanggo.Rus: true, whatlanggo.Jpn: true, whatlanggo.Kor: true,
	whatlanggo.Tha: true, whatlanggo.Ind: true, whatlanggo.Nld: true,
}

// DetectLanguage returns the ISO 639-1 code of text's language (vi, en,
// fr, km, lo, zh, …), or "" when the text is too short or unclear.
func DetectLanguage(text string) string {
	if len(text) > 4000 {
		text = text[:4000]
	}
	var lao, letters int
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if unicode.Is(unicode.Lao, r) {
				lao++
			}
		}
	}
	if letters < 10 {
		return ""
	}
	if lao*2 > letters {
		return "lo"
	}
	info := whatlanggo.DetectWithOptions(text, whatlanggo.Options{Whitelist: detectable})
	if info.Confidence < 0.1 && letters < 40 {
		return ""
	}
	return info.Lang.Iso6391()
}
