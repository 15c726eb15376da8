#include <ctoc/analysis/citations.h>

#include <array>
#include <string_view>

namespace ctoc::analysis {

namespace {

/// Words that may stand between a citation list and the body that issued it.
bool is_linking_word(std::string_view w) {
    return w == "de" || w == "du" || w == "des" || w == "la" || w == "le" || w == "l";
}

/// The issuing body named right after a citation list, if any.
std::string body_after(const std::vector<Token>& tokens, std::size_t i) {
    // "de la Conférence", "du Conseil": a body is attached by "de", never just named after.
    if (i >= tokens.size() || !(tokens[i].term == "de" || tokens[i].term == "du" || tokens[i].term == "des"))
        return {};
    std::size_t seen = 0;
    while (i < tokens.size() && seen < 3 && is_linking_word(tokens[i].term)) {
        ++i;
        ++seen;
    }
    if (i >= tokens.size())
        return {};
    const std::string& w = tokens[i].term;
    const std::string_view next = i + 1 < tokens.size() ? std::string_view(tokens[i + 1].term) : "";
    const std::string_view after = i + 2 < tokens.size() ? std::string_view(tokens[i + 2].term) : "";
    if (w == "assemblee" && next == "generale")
        return "AG";
    if (w == "conseil" && next == "economique")
        return "ECOSOC";
    if (w == "conseil" && (next == "securite" || after == "securite"))
        return "CS";
    if (w == "conference")
        return "COP";
    if (w == "commission" && (next == "prevention" || after == "prevention"))
        return "CCPCJ";
    return {};
}

struct ResolutionSymbol {
    std::string_view prefix;
    std::string_view body;
};
constexpr std::array<ResolutionSymbol, 3> resolution_symbols{
    {{"a/res/", "AG"}, {"e/res/", "ECOSOC"}, {"s/res/", "CS"}}};

} // namespace

std::vector<Citation> find_citations(const std::vector<Token>& tokens) {
    std::vector<Citation> out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind == TokenKind::symbol) {
            for (const auto& rs : resolution_symbols) {
                if (t.term.rfind(rs.prefix, 0) == 0 && t.term.size() > rs.prefix.size())
                    out.push_back({CitationKind::resolution, t.term.substr(rs.prefix.size()),
                                   std::string(rs.body), i});
            }
            continue;
        }
        CitationKind kind;
        if (t.term == "resolution" || t.term == "resolutions")
            kind = CitationKind::resolution;
        else if (t.term == "decision" || t.term == "decisions")
            kind = CitationKind::decision;
        else
            continue;
        // A list of numbers joined by commas, "et" or "ou".
        const std::size_t first = out.size();
        std::size_t j = i + 1;
        while (j < tokens.size() && tokens[j].kind == TokenKind::citation) {
            out.push_back({kind, tokens[j].term, {}, j});
            ++j;
            if (j + 1 < tokens.size() && (tokens[j].term == "et" || tokens[j].term == "ou") &&
                tokens[j + 1].kind == TokenKind::citation)
                ++j;
        }
        if (out.size() == first)
            continue;
        const std::string body = body_after(tokens, j);
        for (std::size_t k = first; k < out.size(); ++k)
            out[k].body = body;
        i = j - 1;
    }
    return out;
}

} // namespace ctoc::analysis
