package search

import (
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ttdn/monitor/rules"
)

// term translates one word or phrase of the query language.
func (t *translator) term(tm *rules.Term) query.Query {
	q, boost := t.termParts(tm)
	switch {
	case boost == nil || t.noTiers:
		return q
	case t.tiers != nil && len(tm.Words) == 1:
		*t.tiers = append(*t.tiers, boost)
		return q
	case len(tm.Words) == 1:
		return query.NewDisjunctionQuery([]query.Query{q, boost})
	}
	return query.NewBooleanQuery([]query.Query{q}, []query.Query{boost}, nil)
}

// termParts returns the query matching tm and, when tm is written with
// diacritics, the exact tier that ranks documents spelling it so first
// (nil otherwise). The tier asks for the exact words, not their order.
func (t *translator) termParts(tm *rules.Term) (q, boost query.Query) {
	fs := fieldsFor(tm.Field)
	switch {
	case len(tm.Words) == 0:
		return query.NewMatchNoneQuery(), nil
	case tm.Exact:
		return exactTerm(tm, fs), nil
	case len(tm.Words) == 1:
		q = t.word(tm, fs)
	default:
		q = phrase(tm, fs)
	}
	if ex := exactWords(tm); ex != nil && !tm.Prefix {
		boost = exactTier(fs.exact, ex)
	}
	return q, boost
}

// word matches one folded word in the folded fields, its exact form in
// the exact fields (ranking those first, see exactTier), and its English and French stems in those
// languages' fields, so "checkpoint" finds "checkpoints" in English items.
func (t *translator) word(tm *rules.Term, fs fieldSet) query.Query {
	w := tm.Words[0]
	var qs []query.Query
	if tm.Prefix {
		for _, f := range fs.fold {
			qs = append(qs, prefixQuery(f, w))
		}
		return disjunction(qs)
	}
	for _, f := range fs.fold {
		qs = append(qs, termQuery(f, w))
	}
	for _, lang := range []struct {
		fields []string
		stem   string
	}{{fs.en, stem(t.en, w)}, {fs.fr, stem(t.fr, w)}} {
		if lang.stem == "" {
			continue
		}
		for _, f := range lang.fields {
			qs = append(qs, termQuery(f, lang.stem))
		}
	}
	return disjunction(qs)
}

// phrase answers a phrase from the bigram fields: two words are one term
// lookup ("nhan quyen"), more are a phrase of consecutive bigrams, which
// bleve checks by position. A trailing prefix turns the last bigram into a
// prefix lookup; with three or more words the candidates are verified
// against the stored text. When the words are written with diacritics,
// documents spelling them so rank first (exactTier).
func phrase(tm *rules.Term, fs fieldSet) query.Query {
	bg := bigrams(tm.Words)
	var qs []query.Query
	for _, f := range fs.bigram {
		switch {
		case !tm.Prefix:
			qs = append(qs, bigramPhrase(f, coverBigrams(bg)))
		case len(bg) == 1:
			qs = append(qs, prefixQuery(f, bg[0]))
		default:
			head := phraseQuery(f, bg[:len(bg)-1])
			tail := prefixQuery(f, bg[len(bg)-1])
			qs = append(qs, query.NewConjunctionQuery([]query.Query{head, tail}))
		}
	}
	q := disjunction(qs)
	if tm.Prefix && len(bg) > 1 {
		q = &verifyQuery{inner: q, accept: func(d *storedDoc) bool { return d.has(tm) }}
	}
	return q
}

// exactTerm matches words with their diacritics in the exact fields; a
// phrase is a conjunction of its words per field, verified for adjacency
// against the stored text (exact phrases are rare; no exact bigrams are
// indexed for them).
func exactTerm(tm *rules.Term, fs fieldSet) query.Query {
	last := len(tm.Words) - 1
	var qs []query.Query
	for _, f := range fs.exact {
		conj := make([]query.Query, 0, len(tm.Words))
		for i, w := range tm.Words {
			if i == last && tm.Prefix {
				conj = append(conj, prefixQuery(f, w))
			} else {
				conj = append(conj, termQuery(f, w))
			}
		}
		if len(conj) == 1 {
			qs = append(qs, conj[0])
		} else {
			qs = append(qs, query.NewConjunctionQuery(conj))
		}
	}
	q := disjunction(qs)
	if len(tm.Words) == 1 {
		return q
	}
	return &verifyQuery{inner: q, accept: func(d *storedDoc) bool { return d.has(tm) }}
}

// coverBigrams keeps the bigrams at even positions and the last one, and
// leaves the others as gaps ("" matches any term in a bleve phrase): pairs
// at positions p and p+2 pin four consecutive words, so the bigram between
// them is implied. Every position check skipped is a term-vector decode
// saved per candidate, and the common middle pairs of a long phrase
// ("sử dụng" in "quyền sử dụng đất") are the costliest.
func coverBigrams(bg []string) []string {
	out := make([]string, len(bg))
	for i, b := range bg {
		if i%2 == 0 || i == len(bg)-1 {
			out[i] = b
		}
	}
	return out
}

func bigramPhrase(field string, terms []string) query.Query {
	if len(terms) == 1 {
		return termQuery(field, terms[0])
	}
	return &bigramPhraseQuery{field: field, terms: terms}
}
