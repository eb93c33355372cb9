package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/ttdn/monitor/rules"
)

// Token filter types this package registers with bleve's registry. Bleve
// looks filters up by type name when it opens an index, so the names are
// part of the on-disk mapping: renaming one needs a MappingVersion bump.
const (
	// FoldFilterType replaces each token with rules.Fold of it: NFC, lower
	// case, combining marks dropped after NFD, đ→d. Unlike bleve's
	// ASCII-folding char filter it leaves the tokenizer's byte offsets
	// pointing into the original text and handles NFD input.
	FoldFilterType = "ttdn_fold"
	// ExactFilterType replaces each token with rules.Exact of it: NFC and
	// lower case, diacritics kept.
	ExactFilterType = "ttdn_exact"
)

func init() {
	// Registration is how bleve finds analysis components by name; it has
	// to happen once per process, before any index is opened.
	for name, f := range map[string]termFilter{FoldFilterType: rules.Fold, ExactFilterType: rules.Exact} {
		err := registry.RegisterTokenFilter(name, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
			return f, nil
		})
		if err != nil {
			panic(err) // a duplicate name is a programming error, as in bleve itself
		}
	}
}

// termFilter is a token filter that rewrites each token's term with a
// function, keeping position and offsets.
type termFilter func(string) string

// Filter implements analysis.TokenFilter.
func (f termFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		s := string(tok.Term)
		if out := f(s); out != s {
			tok.Term = []byte(out)
		}
	}
	return input
}
