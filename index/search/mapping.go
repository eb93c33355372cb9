package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion is the version of Mapping. Bump it whenever Mapping, an
// analyzer or the document layout changes: Open then finds the stored
// version different and recreates the index, and the caller rebuilds it
// from the store.
const MappingVersion = 1

// Analyzer names of the mapping.
const (
	AnalyzerFolded = "ttdn_folded" // unicode words, rules.Fold
	AnalyzerBigram = "ttdn_bigram" // folded words joined in pairs: "nhan quyen"
	AnalyzerExact  = "ttdn_exact"  // unicode words, rules.Exact (diacritics kept)
	AnalyzerEN     = "ttdn_en"     // folded, possessives dropped, Porter stem
	AnalyzerFR     = "ttdn_fr"     // folded, elisions dropped, light French stem
)

const bigramFilter = "ttdn_bigram2"

// docType is the one document type of the index.
const docType = "item"

// Index field names. Text comes in title and body (the summary and the body
// text, as two values of one field); each is indexed several ways.
const (
	fTitle       = "title"       // folded words, stored (snippets, verification)
	fBody        = "body"        // folded words, stored
	fTitleBigram = "title_bi"    // folded word pairs, with positions
	fBodyBigram  = "body_bi"     // folded word pairs, with positions
	fTitleExact  = "title_exact" // exact words
	fBodyExact   = "body_exact"  // exact words
	fTitleEN     = "title_en"    // English items only: stemmed
	fBodyEN      = "body_en"     //
	fTitleFR     = "title_fr"    // French items only: stemmed
	fBodyFR      = "body_fr"     //

	fTopic     = "topic"
	fSource    = "source"
	fOrigin    = "origin"
	fLanguage  = "language"
	fStatus    = "status"
	fMonth     = "month" // "2006-01" of published_at
	fTags      = "tags"
	fCluster   = "cluster"
	fSeverity  = "severity"
	fSevRank   = "sev_rank" // "0".."3", for sorting by severity
	fFlagged   = "flagged"  // "true" or "false"
	fPublished = "published_at"
)

// Mapping returns the index mapping: named custom analyzers, one static
// document type, no default mapping and no dynamic fields, keyword fields
// with doc values for facets and sorting, and text fields without doc
// values. It returns an error only if an analyzer definition is refused.
func Mapping() (*mapping.IndexMappingImpl, error) {
	im, err := newMapping()
	if err != nil {
		return nil, err
	}
	im.AddDocumentMapping(docType, itemMapping(true))
	return im, nil
}

// unigramMapping is Mapping without the bigram fields and with positions
// on the folded title and body instead, the way plain bleve answers
// phrases. Only the benchmarks use it, as the baseline the bigram fields
// are measured against.
func unigramMapping() (*mapping.IndexMappingImpl, error) {
	im, err := newMapping()
	if err != nil {
		return nil, err
	}
	im.AddDocumentMapping(docType, itemMapping(false))
	return im, nil
}

func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	im.DefaultMapping = mapping.NewDocumentDisabledMapping()
	im.DefaultType = docType
	im.TypeField = "_type"
	im.DefaultAnalyzer = AnalyzerFolded
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false

	if err := im.AddCustomTokenFilter(bigramFilter, map[string]any{
		"type": shingle.Name, "min": 2.0, "max": 2.0, "output_original": false, "separator": " ",
	}); err != nil {
		return nil, fmt.Errorf("bigram filter: %w", err)
	}
	analyzers := map[string][]string{
		AnalyzerFolded: {FoldFilterType},
		AnalyzerBigram: {FoldFilterType, bigramFilter},
		AnalyzerExact:  {ExactFilterType},
		AnalyzerEN:     {en.PossessiveName, FoldFilterType, porter.Name},
		AnalyzerFR:     {FoldFilterType, fr.ElisionName, fr.LightStemmerName},
	}
	for name, filters := range analyzers {
		err := im.AddCustomAnalyzer(name, map[string]any{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": filters,
		})
		if err != nil {
			return nil, fmt.Errorf("analyzer %s: %w", name, err)
		}
	}
	return im, nil
}

func itemMapping(bigrams bool) *mapping.DocumentMapping {
	dm := mapping.NewDocumentStaticMapping()
	dm.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	text := func(name, analyzer string, store, positions bool) {
		dm.AddFieldMappingsAt(name, &mapping.FieldMapping{
			Name: name, Type: "text", Analyzer: analyzer, Index: true,
			Store: store, IncludeTermVectors: positions,
		})
	}
	text(fTitle, AnalyzerFolded, true, !bigrams)
	text(fBody, AnalyzerFolded, true, !bigrams)
	if bigrams {
		text(fTitleBigram, AnalyzerBigram, false, true)
		text(fBodyBigram, AnalyzerBigram, false, true)
	}
	text(fTitleExact, AnalyzerExact, false, false)
	text(fBodyExact, AnalyzerExact, false, false)
	text(fTitleEN, AnalyzerEN, false, false)
	text(fBodyEN, AnalyzerEN, false, false)
	text(fTitleFR, AnalyzerFR, false, false)
	text(fBodyFR, AnalyzerFR, false, false)

	for _, name := range []string{fTopic, fSource, fOrigin, fLanguage, fStatus, fMonth, fTags, fCluster, fSeverity, fSevRank, fFlagged} {
		dm.AddFieldMappingsAt(name, &mapping.FieldMapping{
			Name: name, Type: "text", Analyzer: keyword.Name, Index: true,
			DocValues: true, SkipFreqNorm: true,
			Store: name == fLanguage, // snippets stem English and French words
		})
	}
	dm.AddFieldMappingsAt(fPublished, &mapping.FieldMapping{
		Name: fPublished, Type: "datetime", Index: true, DocValues: true,
	})
	return dm
}
