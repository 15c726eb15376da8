#include <ctoc/analysis/citations.h>

#include <algorithm>
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

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Whether tokens[i + 1] is a year in parentheses right after tokens[i]: "2331 (2016)".
bool followed_by_year(const std::vector<Token>& tokens, std::size_t i, std::string_view text) {
    if (text.empty() || i + 1 >= tokens.size())
        return false;
    const Token& year = tokens[i + 1];
    if (year.term.size() != 4 || !all_digits(year.term) || year.term < "1945" || year.term > "2099")
        return false;
    const std::size_t from = tokens[i].end, to = year.begin;
    if (from > to || to > text.size() || year.end > text.size())
        return false;
    std::string_view between = text.substr(from, to - from);
    while (!between.empty() && between.front() == ' ')
        between.remove_prefix(1);
    while (!between.empty() && between.back() == ' ')
        between.remove_suffix(1);
    const std::size_t close = text.find_first_not_of(' ', year.end);
    return between == "(" && close != std::string_view::npos && text[close] == ')';
}

/// What a citation list item at tokens[i] looks like.
enum class Item { none, numbered, with_year, bare };

Item item_at(const std::vector<Token>& tokens, std::size_t i, std::string_view text) {
    if (i >= tokens.size())
        return Item::none;
    const Token& t = tokens[i];
    if (t.kind == TokenKind::citation)
        return Item::numbered;
    if (t.kind != TokenKind::number || t.term.size() > 4 || !all_digits(t.term) || t.term[0] == '0')
        return Item::none;
    if (followed_by_year(tokens, i, text))
        return Item::with_year;
    return text.empty() ? Item::none : Item::bare;
}

} // namespace

std::vector<Citation> find_citations(const std::vector<Token>& tokens, std::string_view text) {
    std::vector<Citation> out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind == TokenKind::symbol) {
            for (const auto& rs : resolution_symbols) {
                if (t.term.rfind(rs.prefix, 0) == 0 && t.term.size() > rs.prefix.size())
                    out.push_back({CitationKind::resolution, t.term.substr(rs.prefix.size()),
                                   std::string(rs.body), i, i});
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
        std::vector<Item> items;
        std::size_t j = i + 1;
        for (Item item = item_at(tokens, j, text); item != Item::none; item = item_at(tokens, j, text)) {
            const std::size_t last = item == Item::with_year ? j + 1 : j;
            out.push_back({kind, tokens[j].term, {}, j, last});
            items.push_back(item);
            j = last + 1;
            if (j + 1 < tokens.size() && (tokens[j].term == "et" || tokens[j].term == "ou") &&
                item_at(tokens, j + 1, text) != Item::none)
                ++j;
        }
        if (out.size() == first)
            continue;
        std::string body = body_after(tokens, j);
        // Only the Security Council numbers its resolutions without a slash: a year in
        // parentheses says so; a bare number counts only when the Council is named.
        const bool council = body == "CS" || (body.empty() && kind == CitationKind::resolution);
        std::size_t kept = first;
        for (std::size_t k = first; k < out.size(); ++k) {
            const Item item = items[k - first];
            if (item == Item::bare && body != "CS")
                continue;
            if (item == Item::with_year && !council)
                continue;
            out[kept] = out[k];
            out[kept].body = item == Item::numbered || !body.empty() ? body : "CS";
            ++kept;
        }
        out.resize(kept);
        i = j - 1;
    }
    return out;
}

} // namespace ctoc::analysis
