// A UN document's type ("Note du Secrétariat" -> "note-du-secretariat") and title (the
// subject heading of its header).
#include "header_reader.h"

#include <algorithm>
#include <array>

namespace ctoc::corpus::header {

namespace {

struct TypeRule {
    std::string_view heading; ///< folded heading
    bool prefix;              ///< the heading may be followed by more words
    std::string_view slug;
};

constexpr std::array<TypeRule, 22> type_rules = {{
    {"ordre du jour provisoire annote", false, "ordre-du-jour-provisoire-annote"},
    {"ordre du jour provisoire et annotations", false, "ordre-du-jour-provisoire-annote"},
    {"ordre du jour annote", false, "ordre-du-jour-provisoire-annote"},
    {"ordre du jour provisoire", false, "ordre-du-jour-provisoire"},
    {"note du secretariat", false, "note-du-secretariat"},
    {"note du secretaire general", false, "note-du-secretaire-general"},
    {"note de la presidence", false, "note-de-la-presidence"},
    {"note du president", false, "note-de-la-presidence"},
    {"note d'information", true, "note-information"},
    {"document d'information", true, "document-information"},
    {"document de base", true, "document-information"},
    {"document de travail", true, "document-travail"},
    {"document de seance", true, "document-seance"},
    {"projet de resolution", true, "projet-resolution"},
    {"projet de decision", true, "projet-decision"},
    {"projet de rapport", true, "projet-rapport"},
    {"resolution adoptee par", true, "resolution"},
    {"decision adoptee par", true, "decision"},
    {"liste des participants", true, "liste-participants"},
    {"liste provisoire des participants", true, "liste-participants"},
    {"rectificatif", false, "rectificatif"},
    {"additif", false, "additif"},
}};

/// A report's heading ("Rapport de la Conférence ..."): the type of a header without another.
constexpr std::string_view report_slug = "rapport";

bool is_report_heading(std::string_view folded) {
    return (folded.starts_with("rapport ") || folded.starts_with("rapports ")) &&
           folded.size() <= 300;
}

std::string join_block(const std::vector<Line>& lines, const Block& b) {
    std::string out;
    for (std::size_t k = b.first; k <= b.last; ++k) {
        const std::string_view part = trim(lines[k].text);
        if (part.empty())
            continue;
        if (!out.empty())
            out += ' ';
        out += part;
    }
    return std::string(trim_trailing_marks(out));
}

/// Whether block b may be the title: a block of no other kind, past the organ's name, not a
/// type heading, a date or a symbol.
bool is_title_candidate(const HeaderReading& h, const HeaderFacts& facts, std::size_t b) {
    // The first block names the organ ("Commission du désarmement"), never the title.
    const auto& blocks = h.blocks;
    const std::size_t first_title_block =
        (!blocks.empty() && !facts.symbol.empty() && blocks[0].first == blocks[0].last) ? 2 : 1;
    if (b >= blocks.size() || b < first_title_block || blocks[b].kind != BlockKind::other ||
        b == h.agenda_block || !type_of_heading(h.lines[blocks[b].first].folded).empty())
        return false;
    const Line& first = h.lines[blocks[b].first];
    return !parse_date_range(words_and_marks(first.folded)) && !is_symbol_line(first.text);
}

/// The block holding a type heading, blocks.size() if none; sets facts.type, and facts.title
/// when the title runs into the type heading without a blank line.
std::size_t read_type(const HeaderReading& h, HeaderFacts& facts) {
    for (std::size_t b = 0; b < h.blocks.size(); ++b) {
        const Block& block = h.blocks[b];
        if (block.kind != BlockKind::other)
            continue;
        for (std::size_t k = block.first; k <= block.last; ++k) {
            std::string type = type_of_heading(h.lines[k].folded);
            if (type.empty())
                continue;
            facts.type = std::move(type);
            if (k > block.first && b != h.agenda_block && b >= 1 &&
                !parse_date_range(words_and_marks(h.lines[block.first].folded)))
                facts.title = join_block(h.lines, Block{block.first, k - 1, BlockKind::other});
            return b;
        }
    }
    return h.blocks.size();
}

/// Whether the header is a real one: a "Rapport ..." heading or a title block only counts
/// there, fragments of body text being full of such lines.
bool has_header(const HeaderReading& h, const HeaderFacts& facts) {
    return h.has_distribution || h.session.has_value() || !facts.agenda_item.empty() ||
           !facts.place.empty() || !facts.symbol.empty() || h.ctoc_header;
}

} // namespace

std::string type_of_heading(std::string_view folded) {
    const std::string_view bare = trim_trailing_marks(folded);
    for (const auto& rule : type_rules) {
        if (rule.prefix
                ? (bare.starts_with(rule.heading) && word_boundary_after(bare, rule.heading.size()))
                : bare == rule.heading)
            return std::string(rule.slug);
    }
    return {};
}

void read_type_and_title(const HeaderReading& h, HeaderFacts& facts) {
    const bool real_header = has_header(h, facts);
    const std::size_t type_block = read_type(h, facts);
    if (type_block < h.blocks.size()) {
        if (facts.title.empty() && type_block > 0 && is_title_candidate(h, facts, type_block - 1))
            facts.title = join_block(h.lines, h.blocks[type_block - 1]);
        if (facts.title.empty() && facts.type.starts_with("ordre-du-jour")) {
            // An agenda's own heading is its title.
            facts.title =
                std::string(trim_trailing_marks(h.lines[h.blocks[type_block].first].text));
        }
    } else if (real_header) {
        for (std::size_t b = 0; b < h.blocks.size(); ++b) {
            if (is_title_candidate(h, facts, b) &&
                is_report_heading(h.lines[h.blocks[b].first].folded)) {
                facts.type = report_slug;
                facts.title = join_block(h.lines, h.blocks[b]);
                break;
            }
        }
    }
    if ((!real_header && !facts.type.starts_with("ordre-du-jour")) || facts.title.size() > 1000)
        facts.title.clear();
}

} // namespace ctoc::corpus::header

namespace ctoc::corpus {

std::vector<std::string> document_type_slugs() {
    std::vector<std::string> out;
    for (const auto& rule : header::type_rules) {
        if (std::find(out.begin(), out.end(), rule.slug) == out.end())
            out.emplace_back(rule.slug);
    }
    out.emplace_back(header::report_slug);
    return out;
}

} // namespace ctoc::corpus
