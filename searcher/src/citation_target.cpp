// What a researcher means by the argument of --cited-by or --cites: a symbol or family in either
// spelling, or resolutions and decisions as written in French, as a clause of the query language.
#include "query_parser_detail.h"

#include <ctoc/search/query_parser.h>

#include <ctoc/analysis/citations.h>
#include <ctoc/analysis/unicode.h>

#include <algorithm>

namespace ctoc::search {

using namespace detail;

namespace {

std::string body_name(const std::string& body) {
    if (body == "AG")
        return " (General Assembly)";
    if (body == "CS")
        return " (Security Council)";
    if (body == "ECOSOC")
        return " (Economic and Social Council)";
    if (body == "COP")
        return " (Conference of the Parties)";
    if (body == "CCPCJ")
        return " (Commission on Crime Prevention and Criminal Justice)";
    return {};
}

std::string quoted_field(const std::string& name, const std::string& value) {
    return value.find(' ') == std::string::npos ? name + ":" + value : name + ":\"" + value + "\"";
}

} // namespace

CitationTarget read_citation_target(const std::string& raw) {
    std::string text = analysis::to_nfc(raw);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.pop_back();
    text.erase(0, std::min(text.find_first_not_of(" \t"), text.size()));
    CitationTarget target;
    // A symbol or a family, in either spelling.
    std::string base = text;
    while (!base.empty() && (base.back() == '*' || base.back() == '/'))
        base.pop_back();
    const bool family = base.size() != text.size();
    if (analysis::looks_like_symbol(base) || (family && analysis::looks_like_symbol(base + "/0"))) {
        const std::string canon = analysis::canonical_symbol(base);
        if (family) {
            target.query = quoted_field("cites", canon + "/*");
            target.description =
                "documents citing a symbol of the family " + analysis::display_symbol(canon) + "/";
            return target;
        }
        target.query = quoted_field("cites", canon);
        target.description = "documents citing " + analysis::display_symbol(canon);
        const std::string undated = analysis::undated_symbol(canon);
        for (const std::string_view res : {"A/RES/", "E/RES/", "S/RES/"}) {
            if (undated.rfind(res, 0) == 0 && undated.size() > res.size())
                target.description += " or resolution " + undated.substr(res.size()) + " by number";
        }
        return target;
    }
    // A resolution or decision, with or without the word: "2178", "décision 4/4".
    analysis::Analyzer analyzer;
    auto tokens = analyzer.tokens(text);
    if (tokens.empty() || !analysis::is_citing_word(tokens.front().term) || tokens.size() < 2) {
        text = "résolution " + text;
        tokens = analyzer.tokens(text);
    }
    std::vector<analysis::RejectedNumber> rejected;
    const auto citations = analysis::find_citations(tokens, text, &rejected);
    std::vector<std::string> queries;
    std::string listed;
    for (const auto& c : citations) {
        const bool res = c.kind == analysis::CitationKind::resolution;
        queries.push_back(quoted_field(res ? "res" : "dec", c.number));
        listed +=
            (listed.empty() ? std::string(res ? "resolution " : "decision ") : std::string(", ")) +
            c.number + body_name(c.body);
    }
    // "--cited-by 2": a short number typed on purpose.
    if (citations.empty() && rejected.size() == 1 && tokens.size() == 2 &&
        rejected[0].number.size() <= 2) {
        const bool res = rejected[0].kind == analysis::CitationKind::resolution;
        queries.push_back(quoted_field(res ? "res" : "dec", rejected[0].number));
        listed = (res ? "resolution " : "decision ") + rejected[0].number;
    }
    const bool whole = !citations.empty() && citations.back().last + 1 == tokens.size();
    if (queries.empty() || (!citations.empty() && !whole))
        throw QueryError(
            "'" + raw +
                "' is neither a UN symbol (CTOC/COP/2014/1, S/RES/2178 (2014), CTOC/COP/WG.7/*) "
                "nor a resolution or decision (7/1, 2178, \"résolution 2178 (2014)\", \"décision "
                "4/4\")",
            0);
    if (queries.size() == 1) {
        target.query = queries.front();
        target.description = "documents citing " + listed;
    } else {
        target.query = "(";
        for (const auto& q : queries)
            target.query += (target.query.size() > 1 ? " OR " : "") + q;
        target.query += ")";
        const std::size_t space = listed.find(' ');
        target.description =
            "documents citing any of " + listed.substr(0, space) + "s" + listed.substr(space);
    }
    return target;
}

} // namespace ctoc::search
