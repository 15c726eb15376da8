// Hand-written: the shapes of citation lists in UN French prose (citations.h) are a small
// grammar over the analyzer's tokens and the text between them, which no library knows.
#include <ctoc/analysis/citations.h>

#include <ctoc/analysis/symbol.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace ctoc::analysis {

namespace {

constexpr std::size_t max_range = 50;

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_roman(std::string_view s) {
    return !s.empty() && s.size() <= 8 && std::all_of(s.begin(), s.end(), [](char c) {
        return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C';
    });
}

/// Bytes of the space at text[i]: a space, a no-break space or a narrow no-break space; 0 if none.
std::size_t space_at(std::string_view text, std::size_t i) {
    if (i < text.size() && text[i] == ' ')
        return 1;
    if (text.substr(i, 2) == "\xC2\xA0")
        return 2;
    if (text.substr(i, 3) == "\xE2\x80\xAF")
        return 3;
    return 0;
}

/// text[a, b) without the spaces and commas around it; "\n" (which joins nothing) when a and b
/// are not an interval of text.
std::string_view between(std::string_view text, std::size_t a, std::size_t b) {
    if (a > b || b > text.size())
        return "\n";
    std::string_view s = text.substr(a, b - a);
    for (;;) {
        if (!s.empty() && s.front() == ',') {
            s.remove_prefix(1);
        } else if (const std::size_t n = space_at(s, 0)) {
            s.remove_prefix(n);
        } else {
            break;
        }
    }
    for (;;) {
        if (!s.empty() && s.back() == ',') {
            s.remove_suffix(1);
        } else if (s.size() >= 1 && s.back() == ' ') {
            s.remove_suffix(1);
        } else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") {
            s.remove_suffix(2);
        } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\xAF") {
            s.remove_suffix(3);
        } else {
            break;
        }
    }
    return s;
}

/// Whether tokens separated by text[a, b) belong to one item: only spaces and commas between.
bool joined(std::string_view text, std::size_t a, std::size_t b) {
    return text.empty() || between(text, a, b).empty();
}

enum class Separator { none, list, range };

/// What joins two list items: a comma, "et", "ou", "ainsi que" (a list), "à" (a range).
Separator separator(std::string_view text, std::size_t a, std::size_t b) {
    if (text.empty())
        return Separator::list;
    const std::string_view s = between(text, a, b);
    if (s.empty() || s == "et" || s == "ou" || s == "ainsi que" || s == "et/ou")
        return Separator::list;
    if (s == "\xC3\xA0" || s == "a")
        return Separator::range;
    return Separator::none;
}

/// The issuing body named at tokens[i] ("de l'Assemblée générale"), if any.
struct Body {
    bool named = false;
    std::string code; ///< "AG", "ECOSOC", "CS", "COP", "CCPCJ"; "" for another body
    std::size_t end = 0;
};

bool is_linking_word(std::string_view w) {
    return w == "de" || w == "du" || w == "des" || w == "la" || w == "le";
}

Body body_at(const std::vector<Token>& tokens, std::size_t i) {
    // "de la Conférence", "du Conseil": a body is attached by "de", never just named after.
    Body body;
    if (i >= tokens.size() ||
        !(tokens[i].term == "de" || tokens[i].term == "du" || tokens[i].term == "des"))
        return body;
    std::size_t seen = 0;
    while (i < tokens.size() && seen < 3 && is_linking_word(tokens[i].term)) {
        ++i;
        ++seen;
    }
    if (i >= tokens.size())
        return body;
    const auto term = [&](std::size_t k) {
        return k < tokens.size() ? std::string_view(tokens[k].term) : "";
    };
    const std::string_view w = term(i), next = term(i + 1), after = term(i + 2);
    body.named = true;
    body.end = i + 1;
    if (w == "assemblee" && next == "generale") {
        body.code = "AG";
        body.end = i + 2;
    } else if (w == "conseil" && next == "economique") {
        body.code = "ECOSOC";
        body.end = term(i + 2) == "et" && term(i + 3) == "social" ? i + 4 : i + 2;
    } else if (w == "conseil" && (next == "securite" || after == "securite")) {
        body.code = "CS";
        body.end = next == "securite" ? i + 2 : i + 3;
    } else if (w == "conference") {
        body.code = "COP";
    } else if (w == "commission" && (next == "prevention" || after == "prevention")) {
        body.code = "CCPCJ";
    } else if (w == "nations" && next == "unies") {
        body.end = i + 2;
    } else if (!(w == "conseil" || w == "commission" || w == "comite" || w == "assemblee" ||
                 w == "organisation" || w == "groupe" || w == "sommet" || w == "union" ||
                 w == "cour" || w == "bureau" || w == "autorite" || w == "reunion")) {
        body = Body{};
    }
    // "du Conseil de sécurité des Nations Unies"
    if (body.named && term(body.end) == "des" && term(body.end + 1) == "nations" &&
        term(body.end + 2) == "unies")
        body.end += 3;
    return body;
}

constexpr std::array<std::string_view, 12> months{"janvier",   "fevrier", "mars",     "avril",
                                                  "mai",       "juin",    "juillet",  "aout",
                                                  "septembre", "octobre", "novembre", "decembre"};

/// The end of the date at tokens[i] ("du 15 octobre 1999", "en date du 1er mars 2015"); 0 if none.
std::size_t date_at(const std::vector<Token>& tokens, std::size_t i) {
    const auto term = [&](std::size_t k) {
        return k < tokens.size() ? std::string_view(tokens[k].term) : "";
    };
    if (term(i) == "en" && term(i + 1) == "date")
        i += 2;
    if (term(i) != "du")
        return 0;
    const std::string_view day = term(i + 1), month = term(i + 2), year = term(i + 3);
    const bool day_ok = day == "1er" || day == "1e" || (all_digits(day) && day.size() <= 2);
    if (!day_ok || std::find(months.begin(), months.end(), month) == months.end() ||
        year.size() != 4 || !all_digits(year))
        return 0;
    return i + 4;
}

/// The part in parentheses right after byte offset a, when it is exactly tokens[k]:
/// where it closes (just past ')'); 0 if none.
std::size_t paren_around(std::string_view text, std::size_t a, const Token& t) {
    if (text.empty() || t.begin < a || t.end > text.size() || between(text, a, t.begin) != "(")
        return 0;
    std::size_t close = t.end;
    while (const std::size_t n = space_at(text, close))
        close += n;
    return close < text.size() && text[close] == ')' ? close + 1 : 0;
}

/// A number that may be a citation: "5/3", or 1 to 4 digits without a leading zero.
bool is_citable(const Token& t) {
    if (t.kind == TokenKind::citation)
        return true;
    return t.kind == TokenKind::number && t.term.size() <= 4 && all_digits(t.term) &&
           t.term[0] != '0';
}

enum class Shape { numbered, year, session, bare };

struct Item {
    std::size_t token = 0, last = 0;
    std::size_t end = 0; ///< byte offset just past the item and what qualifies it
    std::string number;
    Shape shape = Shape::bare;
    bool dated = false;
    bool range_end = false; ///< "2178" in "2170 à 2178"
    Body body;
};

struct ResolutionSymbol {
    std::string_view prefix;
    std::string_view body;
};
constexpr std::array<ResolutionSymbol, 3> resolution_symbols{
    {{"A/RES/", "AG"}, {"E/RES/", "ECOSOC"}, {"S/RES/", "CS"}}};

/// "5/3" -> {5, 3}; "2178" -> {0, 2178}; {-1, -1} for anything else.
std::pair<long, long> split_number(std::string_view n) {
    const std::size_t slash = n.find('/');
    if (slash == std::string_view::npos)
        return all_digits(n) ? std::pair<long, long>{0, std::stol(std::string(n))}
                             : std::pair<long, long>{-1, -1};
    const std::string_view a = n.substr(0, slash), b = n.substr(slash + 1);
    if (!all_digits(a) || !all_digits(b) || a.size() > 6 || b.size() > 6)
        return {-1, -1};
    return {std::stol(std::string(a)), std::stol(std::string(b))};
}

/// Items of the list after a citing word at tokens[j]; j is left just past the list.
std::vector<Item> read_list(const std::vector<Token>& tokens, std::string_view text,
                            std::size_t& j) {
    std::vector<Item> items;
    bool range_next = false;
    while (j < tokens.size() && is_citable(tokens[j])) {
        const Token& t = tokens[j];
        Item item;
        item.token = item.last = j;
        item.end = t.end;
        item.number = t.term;
        item.shape = t.kind == TokenKind::citation ? Shape::numbered : Shape::bare;
        item.range_end = range_next;
        std::size_t k = j + 1;
        // "2178 (2014)": the year is not the number; "1514 (XV)": the session is part of it.
        if (const std::size_t close =
                k < tokens.size() ? paren_around(text, t.end, tokens[k]) : 0) {
            const std::string_view raw =
                text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
            const std::string& inside = tokens[k].term;
            bool qualifies = true;
            if (inside.size() == 4 && all_digits(inside) && inside >= "1945" && inside <= "2099") {
                if (item.shape == Shape::bare)
                    item.shape = Shape::year;
            } else if (is_roman(raw) && item.shape == Shape::bare) {
                item.shape = Shape::session;
                item.number += " (" + std::string(raw) + ")";
            } else {
                qualifies = false;
            }
            if (qualifies) {
                item.last = k;
                item.end = close;
                ++k;
            }
        }
        // A date and the body, in either order: "2100 (2013) du Conseil de sécurité en date du
        // 25 avril 2013", "263, en date du 5 novembre 2013, de la Commission africaine".
        for (int qualifier = 0; qualifier < 2 && k < tokens.size(); ++qualifier) {
            if (!joined(text, item.end, tokens[k].begin))
                break;
            if (const std::size_t date_end = item.dated ? 0 : date_at(tokens, k)) {
                item.dated = true;
                item.last = date_end - 1;
                item.end = tokens[date_end - 1].end;
                k = date_end;
                continue;
            }
            if (const Body body = item.body.named ? Body{} : body_at(tokens, k); body.named) {
                item.body = body;
                item.last = body.end - 1;
                item.end = tokens[body.end - 1].end;
                k = body.end;
                continue;
            }
            break;
        }
        // A bare number goes on a list of bare numbers only: "1540 (2004), 20 États" ends at 2004.
        if (!items.empty() && (item.shape == Shape::bare) != (items.front().shape == Shape::bare))
            break;
        items.push_back(item);
        j = k;
        // The next item, after the words that may join it: "et", "ou", "ainsi que", "à".
        std::size_t next = j;
        while (next < tokens.size() && next < j + 2 &&
               (tokens[next].term == "et" || tokens[next].term == "ou" ||
                tokens[next].term == "ainsi" || tokens[next].term == "que" ||
                tokens[next].term == "a"))
            ++next;
        if (next >= tokens.size() || !is_citable(tokens[next]))
            break;
        const Separator sep = separator(text, item.end, tokens[next].begin);
        if (sep == Separator::none)
            break;
        range_next = sep == Separator::range;
        j = next;
    }
    return items;
}

} // namespace

std::string own_resolution_number(std::string_view canonical) {
    const std::string undated = undated_symbol(canonical);
    for (const auto& rs : resolution_symbols) {
        if (undated.rfind(rs.prefix, 0) == 0 && undated.size() > rs.prefix.size())
            return undated.substr(rs.prefix.size());
    }
    return {};
}

bool is_citing_word(std::string_view term) {
    // "rés. 7/1", "res 7/1": the abbreviation researchers and some texts write.
    return term == "resolution" || term == "resolutions" || term == "res" || term == "decision" ||
           term == "decisions";
}

std::vector<Citation> find_citations(const std::vector<Token>& tokens, std::string_view text,
                                     std::vector<RejectedNumber>* rejected) {
    std::vector<Citation> out;
    const auto reject = [&](CitationKind kind, const Item& item, const char* reason) {
        if (rejected)
            rejected->push_back({kind, item.number, reason, item.token});
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind == TokenKind::symbol) {
            const std::string symbol = undated_symbol(canonical_symbol(t.term));
            for (const auto& rs : resolution_symbols) {
                if (symbol.rfind(rs.prefix, 0) == 0 && symbol.size() > rs.prefix.size())
                    out.push_back({CitationKind::resolution, symbol.substr(rs.prefix.size()),
                                   std::string(rs.body), i, i, i, false, false});
            }
            continue;
        }
        if (!is_citing_word(t.term))
            continue;
        const CitationKind kind =
            t.term[0] == 'r' ? CitationKind::resolution : CitationKind::decision;
        std::size_t j = i + 1;
        // "résolution no 984", "résolution n° 984"
        bool marker = false;
        if (j + 1 < tokens.size() &&
            (tokens[j].term == "no" || tokens[j].term == "nos" || tokens[j].term == "n") &&
            is_citable(tokens[j + 1])) {
            marker = true;
            ++j;
        }
        if (j < tokens.size() && !is_citable(tokens[j]) &&
            (tokens[j].kind == TokenKind::number || tokens[j].kind == TokenKind::citation) &&
            joined(text, t.end, tokens[j].begin) && rejected) {
            Item item;
            item.number = tokens[j].term;
            item.token = j;
            reject(kind, item, "not a number of the form 5/3 or 2178");
        }
        std::vector<Item> items = read_list(tokens, text, j);
        if (items.empty())
            continue;
        // A body named after an item applies to the items before it that name none.
        std::size_t pending = 0;
        for (std::size_t k = 0; k < items.size(); ++k) {
            if (!items[k].body.named)
                continue;
            for (; pending < k; ++pending)
                items[pending].body = items[k].body;
            pending = k + 1;
        }
        std::size_t previous = out.size(); // the citation of the item before, for ranges
        bool previous_taken = false;
        for (std::size_t k = 0; k < items.size(); ++k) {
            const Item& item = items[k];
            std::string body = item.body.code;
            bool take = true;
            switch (item.shape) {
            case Shape::numbered:
            case Shape::session:
                break;
            case Shape::year:
                // Only the Security Council numbers its resolutions without a slash and a year.
                if (kind == CitationKind::decision && !item.body.named) {
                    reject(kind, item, "a decision with a year but no body");
                    take = false;
                } else if (kind == CitationKind::resolution && body.empty()) {
                    body = "CS";
                }
                break;
            case Shape::bare:
                if (item.number.size() <= 2 && !item.body.named && !item.dated && !marker) {
                    reject(kind, item,
                           "one or two digits with neither body nor date (a heading or an item)");
                    take = false;
                }
                break;
            }
            if (!take) {
                previous_taken = false;
                continue;
            }
            if (item.range_end && previous_taken) {
                // The numbers between the two ends of a range, when they can be counted.
                const auto [session_lo, lo] = split_number(out[previous].number);
                const auto [session_hi, hi] = split_number(item.number);
                if (lo >= 0 && hi > lo && hi - lo <= static_cast<long>(max_range) &&
                    session_lo == session_hi) {
                    for (long n = lo + 1; n < hi; ++n) {
                        const std::string number =
                            (session_lo > 0 ? std::to_string(session_lo) + "/" : std::string()) +
                            std::to_string(n);
                        out.push_back(
                            {kind, number, body, out[previous].token, item.last, i, true, false});
                    }
                }
            }
            previous = out.size();
            previous_taken = true;
            const bool bare = item.shape == Shape::bare && !item.body.named && !item.dated;
            out.push_back({kind, item.number, body, item.token, item.last, i, false, bare});
        }
        i = j - 1;
    }
    return out;
}

} // namespace ctoc::analysis
