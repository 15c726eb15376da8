#pragma once

#include <ctoc/analysis/analyzer.h>
#include <ctoc/search/word_forms.h>

#include <xapian.h>

#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ctoc::search {

/// A malformed query; column is 1-based in the query text (0 when not about one place).
class QueryError : public std::runtime_error {
public:
    QueryError(const std::string& what, std::size_t column)
        : std::runtime_error(what), m_column(column) {}
    std::size_t column() const { return m_column; }

private:
    std::size_t m_column;
};

/// What the query looks for in text, so that snippets highlight the same words.
struct Highlight {
    std::set<std::string> terms; ///< symbols, numbers and citations, as tokens' terms
    std::set<std::string> forms; ///< word forms as written (Token::form()): "traité", "traite"
    std::set<std::string> stems; ///< folded stems
    std::vector<std::string> prefixes; ///< wildcard prefixes, folded
};

/// A parsed query.
struct ParsedQuery {
    /// What matches, each word weighed by how close its form is to the one typed.
    Xapian::Query query;
    /// Weight added to matching documents where the words typed stand together (a phrase of the
    /// words typed, the words in order within a few sentences): positional checks, costly on
    /// every match, so a searcher may apply them to its best few hundred matches only.
    std::vector<Xapian::Query> boosts;
    /// The query with its boosts, as one query.
    Xapian::Query ranked() const;
    /// When it differs from query: the same with each word's own forms only (not the rest of
    /// its stem), where a search looks for its best matches first (set by Searcher).
    Xapian::Query first;
    /// When it differs from query: the same with the words as typed only
    /// (QueryParserOptions::typed_only), whose matches a search ranks first (set by Searcher).
    Xapian::Query typed;
    /// When three or more words were typed and one of them, typed without accents, is a word of
    /// the index of its own and, with accents, another one too (forme, formé): every word in any
    /// of its own forms, with or without accents, in the order typed within a few sentences'
    /// span. The other words tell which one was meant: among its best matches a search ranks
    /// those where the words so stand together before those merely holding the words as typed.
    Xapian::Query context;
    Highlight highlight;
    std::vector<std::string> words; ///< free-text words as typed (for spelling suggestions)
    bool has_text = false;          ///< false when the query is only filters
    /// Some word reaches other words of its stem (the related tier): the query with the
    /// words' own forms only (QueryParserOptions::forms_only) differs from this one.
    bool reaches_stems = false;
    /// Some word reaches other forms than its own as typed: an inflection, a spelling with other
    /// accents, or its stem (the query with typed_only differs from this one).
    bool reaches_forms = false;
    /// Some word reaching other forms has no form as typed that every document holds: the
    /// query with typed_only matches fewer documents than this one (when false, the same ones,
    /// and a search need not look among them first).
    bool typed_narrows = false;
    /// Symbols that no document carries or cites, with the base document of their family
    /// that some document does ("E/CN.15/2015/11/Corr.1" -> "E/CN.15/2015/11").
    std::vector<std::pair<std::string, std::string>> symbol_suggestions;
    /// What the parser understood where a reader could doubt it, one sentence each, for
    /// --explain: "résolutions 5/3 et 6/1: documents citing any of resolutions 5/3, 6/1, ...".
    std::vector<std::string> notes;
};

/// How much a match weighs by how close it is to the word typed (scale factors of BM25).
struct FormWeights {
    double typed = 1.0;     ///< the word as typed ("traite")
    double inflected = 0.5; ///< another inflection ("traites")
    double accents = 0.4;   ///< written with other accents ("traité" for traite)
    double related = 0.2;   ///< another word of the same stem ("traitement")
};

/// Options of the query language.
struct QueryParserOptions {
    bool any = false; ///< OR between words instead of AND
    FormWeights weights;
    /// Words reach their forms only (as typed, inflected, with other accents), not the rest of
    /// their stem: the documents a search ranks first, found at a fraction of the cost.
    bool forms_only = false;
    /// Words reach their form as typed only (or, when that spelling is rare beside the same
    /// letters with accents, that spelling too: FormFinder): no other inflection, accent variant
    /// or stem. The documents holding the words as typed, which a search ranks first.
    bool typed_only = false;
};

/// A filter given as a program's option (--wg 4, --from 2014): a field of the query language
/// with its value taken whole, never read again as query text (--wg 'traite "des' is a working
/// group name with a quote in it, not an unclosed phrase).
struct FieldValue {
    std::string field; ///< a field of the query language: wg, date, year, res, dec, symbol...
    std::string value;
    std::string
        option; ///< the option as the user gave it, for messages ("--wg 'x'"); empty: field:value
};

/// The query language of ctoc-search, built on the same analyzer as the index:
/// words (AND by default), "phrases", -exclusion, +required, =exact, AND, OR, NOT, NEAR,
/// parentheses, trailing wildcards (migra*), fields (symbol:, cites:, resolution:/res:,
/// decision:/dec:, wg:, date:, year:, type:, session:, original:), bare UN symbols and
/// "résolution 5/3".
class QueryParser {
public:
    /// db gives wildcard and accent expansions; variants the accent variants (default: db's own
    /// metadata, which for several shards is the first shard's: pass ShardSet's union).
    QueryParser(const Xapian::Database& db, QueryParserOptions options = {},
                VariantSource variants = {});

    /// Parses a query; throws QueryError saying what is wrong and where.
    ParsedQuery parse(const std::string& query);
    /// The query (may be blank) restricted by fields given as options and by clauses of the
    /// query language that every document must match too (a citation target), each read alone.
    /// Filter fields (wg, date...) never change the ranking; citations add their weight.
    ParsedQuery parse(const std::string& query, const std::vector<FieldValue>& fields,
                      const std::vector<std::string>& clauses = {});

private:
    enum class LexKind { word, phrase, field, lparen, rparen, op_and, op_or, op_not, op_near };
    struct Lexeme {
        LexKind kind = LexKind::word;
        std::string text;        ///< word, phrase or field value
        std::string field;       ///< field name, for fields
        std::string typed_field; ///< the field's name as typed ("année"), for messages
        char sign = 0;           ///< '-' or '+' before it
        bool exact = false;      ///< '=' before a word: that form only
        std::size_t column = 0;
        unsigned near_window = 10;
    };
    Xapian::Query parse_or(std::size_t& i, int depth);
    Xapian::Query parse_and(std::size_t& i, int depth);
    Xapian::Query parse_unary(std::size_t& i, int depth, bool& is_filter);
    Xapian::Query text_query(const std::string& text, std::size_t column);
    /// "résolution 5/3", "résolutions 5/3 et 6/1": one part per list, the documents citing any
    /// of its items, those citing more of them first.
    void add_citations(const std::vector<analysis::Token>& tokens, const std::string& text,
                       std::vector<bool>& consumed, std::vector<Xapian::Query>& parts);
    /// "résolution 1325" without year or body: the citation, or the two words side by side.
    void add_bare_resolutions(const std::vector<analysis::Token>& tokens,
                              std::vector<bool>& consumed, std::vector<Xapian::Query>& parts);
    /// Names of one thing (analysis/aliases.h) in the tokens; returns whether any was found.
    bool add_other_names(const std::vector<analysis::Token>& tokens, std::vector<bool>& consumed,
                         std::vector<Xapian::Query>& parts);
    Xapian::Query phrase_query(const std::string& text, std::size_t column);
    /// A field's query; place says where it was typed, for messages (" in 'wg:x' at column 3").
    Xapian::Query field_query(const std::string& field, const std::string& value,
                              const std::string& place, std::size_t column);
    /// Documents of the years first..last (their year terms).
    Xapian::Query years_query(int first, int last);
    /// A term that filters or excludes (its weight unused): Query::MatchAll when every document
    /// holds it. Xapian 1.4.22 reads an unweighted term every document holds through the list of
    /// document lengths under the term's own name, and past that list's first chunk reports the
    /// index corrupt ("Unexpected end of posting list") once a document has been deleted;
    /// MatchAll reads the same list under its own name.
    Xapian::Query boolean_term(const std::string& term) const;
    /// Whether every document of a non-empty index holds term.
    bool in_every_document(const std::string& term) const;
    /// A word's query; positional, when given, receives the forms typed (and their inflections)
    /// that it matches with positions, and accents the forms written with other accents that
    /// are words of their own beside the one typed (WordForms::accents). With weight_only, for
    /// a word that must match: when its stems are in every document any of its forms is in, the
    /// query returned is the stems alone and *weight_only the forms, which add their weight
    /// where they are (all_of).
    Xapian::Query word_query(const analysis::Token& token,
                             std::vector<std::string>* positional = nullptr,
                             Xapian::Query* weight_only = nullptr,
                             std::vector<std::string>* accents = nullptr);
    /// The conjunction of the words' match queries, with the forms that only weigh under
    /// AND_MAYBE: the same documents and the same weights as the conjunction of each word's
    /// forms and stems, but a pass that counts without ranking (BoolWeight, where Xapian drops
    /// an AND_MAYBE's right side) walks one posting list a word.
    static Xapian::Query all_of(const std::vector<Xapian::Query>& must,
                                const std::vector<Xapian::Query>& weight_only);
    /// One position of a phrase or NEAR: the forms that may stand there (FormFinder::phrase_forms).
    Xapian::Query position_query(const analysis::Token& token);
    /// Words typed as a sequence, as a phrase: their positions with the elided articles between
    /// them; ordinals as typed, or as their common form matching every spelling ("9e").
    Xapian::Query sequence_query(const std::vector<analysis::Token>& tokens, bool as_typed);
    Xapian::Query exact_query(const std::string& text, std::size_t column);
    Xapian::Query expand_prefix(const std::string& prefix, Xapian::Query::op op);
    /// A symbol's query; `shortened`: it may be a symbol typed without its first parts (false
    /// for the symbols of the index that such a query is read as).
    Xapian::Query symbol_query(const std::string& symbol, bool own_only, bool cited_only,
                               bool shortened = true);
    void tokenize(const std::string& query);

    const Xapian::Database& m_db;
    QueryParserOptions m_options;
    FormFinder m_forms;
    bool m_excluding = false; ///< parsing what -word or NOT excludes: only what it names
    analysis::Analyzer m_analyzer;
    std::vector<Lexeme> m_lexemes;
    ParsedQuery m_result;
};

/// What a researcher means by the argument of --cited-by or --cites.
struct CitationTarget {
    std::string
        query; ///< in the query language: cites:"S/RES/2178 (2014)", res:2178, (res:5/3 OR res:6/1)
    std::string
        description; ///< what was understood: "documents citing resolution 2178 (Security Council)"
};

/// Reads a symbol or family in either spelling ("S/RES/2178 (2014)", "A/70/6._SECT__16_",
/// "CTOC/COP/WG.7/*"), a resolution or decision as researchers write it ("résolution 2178
/// (2014)", "2178", "7/1", "décision 4/4", "résolutions 5/3 et 6/1"); throws QueryError
/// naming what it accepts otherwise.
CitationTarget read_citation_target(const std::string& text);

/// A date bound typed by a researcher: "2018", "2018-07" or "2018-07-20".
/// Returns "YYYYMMDD" of the first (or, when last is true, the last) day it covers; "" if
/// malformed.
std::string date_bound(const std::string& text, bool last);

} // namespace ctoc::search
