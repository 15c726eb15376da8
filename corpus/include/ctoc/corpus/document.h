#pragma once

#include <ctoc/analysis/analyzer.h>
#include <ctoc/corpus/json.h>
#include <ctoc/corpus/metadata.h>
#include <ctoc/corpus/record.h>
#include <ctoc/schema.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ctoc::corpus {

/// A count of something cited, in order of first citation.
struct Cited {
    std::string id;          ///< canonical symbol ("CTOC/COP/2014/1") or number ("5/3")
    std::string body;        ///< issuing body of a resolution or decision when stated ("AG")
    std::uint32_t count = 0; ///< how many times the document cites it
};

/// A record analysed: its prepared text and the facts researchers filter on.
struct Document : RecordInfo {
    std::string text;  ///< prepared text (valid UTF-8, markup removed, NFC)
    HeaderFacts facts; ///< facts read from the header
    std::string year;  ///< "2018" when known
    /// A date written in the header or given by the input that breaks the date rule
    /// (corpus::parse_date), as written; the document is indexed without it. "" when none.
    std::string bad_date;
    std::vector<Cited> cites_symbols;
    std::vector<Cited> cites_resolutions;
    std::vector<Cited> cites_decisions;

    /// The document as the index stores it (schema::StoredDocument).
    schema::StoredDocument stored() const;
    /// The document's metadata as a JSON object (stored in the index, printed by the searcher):
    /// stored().to_json().
    json::Object to_json() const;
};

/// Analyses a record: prepares its text (analysis::prepare_text), cuts it into tokens (left in
/// tokens, positions from 1), reads the header facts and counts the citations. Facts given by
/// the input win over extracted ones.
Document analyze(const Record& record, analysis::Analyzer& analyzer,
                 std::vector<analysis::Token>& tokens);

/// Fills a document's cited symbols, resolutions and decisions from the tokens of its text,
/// its own symbol and its own resolution number left out (called by analyze).
void count_citations(Document& doc, const std::vector<analysis::Token>& tokens);

} // namespace ctoc::corpus
