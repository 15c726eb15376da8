// Reads the facts of a UN document's header: its lines in blocks (header_lines.cpp), each
// line read for the fact it holds, then the body, working group, session, type and title.
#include "header_reader.h"

#include <utility>

namespace ctoc::corpus::header {

namespace {

constexpr std::string_view conference_phrase =
    "conference des parties a la convention des nations unies contre la criminalite "
    "transnationale organisee";

/// Runs of consecutive non-empty lines.
std::vector<Block> make_blocks(const std::vector<Line>& lines) {
    std::vector<Block> blocks;
    for (std::size_t k = 0; k < lines.size(); ++k) {
        if (lines[k].text.empty())
            continue;
        if (blocks.empty() || blocks.back().last + 1 != k)
            blocks.push_back(Block{k, k, BlockKind::other});
        else
            blocks.back().last = k;
    }
    return blocks;
}

/// The date of a "Distr." line: on the same line, or on one of the next lines, possibly
/// after the symbol.
void read_distribution_date(const std::vector<Line>& lines, std::size_t k, std::string_view rest,
                            HeaderFacts& facts) {
    if (std::string date = parse_french_date(trim(rest)); !date.empty()) {
        facts.date = std::move(date);
        return;
    }
    if (impossible_french_date(trim(rest))) {
        facts.unreadable_date = std::string(trim(rest));
        return;
    }
    int looked = 0;
    for (std::size_t n = k + 1; n < lines.size() && looked < 3; ++n) {
        if (lines[n].text.empty())
            continue;
        ++looked;
        if (is_symbol_line(lines[n].text))
            continue;
        facts.date = parse_french_date(lines[n].text);
        if (facts.date.empty() && impossible_french_date(lines[n].text))
            facts.unreadable_date = std::string(trim(lines[n].text));
        return;
    }
}

/// Reads header line k of block b for the first fact of each kind it may hold.
void read_line(HeaderReading& h, std::size_t b, std::size_t k, HeaderFacts& facts) {
    Block& block = h.blocks[b];
    const Line& line = h.lines[k];
    std::string_view rest;
    if (std::string distribution = parse_distribution(line.folded, rest);
        !distribution.empty() && !h.has_distribution) {
        h.has_distribution = true;
        block.kind = BlockKind::distribution;
        facts.distribution = std::move(distribution);
        read_distribution_date(h.lines, k, rest, facts);
        return;
    }
    if (facts.original_language.empty()) {
        if (std::string lang = parse_original_language(line.folded); !lang.empty()) {
            facts.original_language = std::move(lang);
            block.kind = BlockKind::distribution;
            return;
        }
    }
    if (is_language_line(line.folded) && block.kind == BlockKind::distribution)
        return;
    if (!h.session) {
        if (auto s = parse_session_heading(line.folded)) {
            h.session = std::move(s);
            block.kind = BlockKind::session;
            return;
        }
    }
    if (facts.agenda_item.empty()) {
        if (std::string item = parse_agenda_item(line.folded); !item.empty()) {
            facts.agenda_item = std::move(item);
            block.kind = BlockKind::agenda_point;
            h.agenda_block = b + 1;
            return;
        }
    }
    if (facts.place.empty()) {
        if (auto m = parse_place_line(line)) {
            facts.place = std::move(m->place);
            facts.meeting_dates = std::move(m->dates);
            facts.meeting_start = std::move(m->start);
            facts.meeting_end = std::move(m->end);
            block.kind = BlockKind::place;
            return;
        }
    }
    std::size_t end = 0;
    if (h.heading_group != nullptr)
        return;
    if (const WorkingGroup* wg = match_working_group_name(line.folded, 0, end);
        wg != nullptr && trim_trailing_marks(std::string_view(line.folded).substr(end)).empty()) {
        h.heading_group = wg;
        block.kind = BlockKind::group;
    }
}

/// Reads the blocks' lines, within the first header_block_lines non-empty ones; a block
/// naming the Conference of the Parties counts wherever it is.
void read_blocks(HeaderReading& h, HeaderFacts& facts) {
    std::size_t non_empty = 0;
    for (std::size_t b = 0; b < h.blocks.size(); ++b) {
        Block& block = h.blocks[b];
        if (h.lines[block.first].folded.starts_with("conference des parties")) {
            block.kind = BlockKind::conference;
            std::string joined;
            for (std::size_t k = block.first; k <= block.last; ++k)
                joined += h.lines[k].folded + ' ';
            h.ctoc_header = h.ctoc_header || joined.starts_with(conference_phrase);
        }
        for (std::size_t k = block.first; k <= block.last; ++k) {
            if (++non_empty > header_block_lines)
                break;
            read_line(h, b, k, facts);
        }
    }
}

/// A date line without a "Distr." line, followed by the language lines.
void read_date_without_distribution(const HeaderReading& h, HeaderFacts& facts) {
    const auto& lines = h.lines;
    for (std::size_t k = 0; k + 1 < lines.size(); ++k) {
        const std::string date = parse_french_date(lines[k].text);
        if (date.empty())
            continue;
        std::size_t n = k + 1;
        while (n < lines.size() && lines[n].text.empty())
            ++n;
        if (n < lines.size() && (is_language_line(lines[n].folded) ||
                                 !parse_original_language(lines[n].folded).empty()))
            facts.date = date;
        return;
    }
}

/// The body that issued the document (its symbol's group, a group heading, the Conference)
/// and the working group it is by or about.
void read_body_and_group(const HeaderReading& h, HeaderFacts& facts) {
    const std::string symbol_group = working_group_of_symbol(facts.symbol);
    const bool ctoc_symbol = fold_line(facts.symbol).starts_with("ctoc/cop/");
    if (!symbol_group.empty())
        facts.body = symbol_group;
    else if (h.heading_group != nullptr && (h.ctoc_header || ctoc_symbol || h.has_distribution))
        facts.body = std::string(id_of(*h.heading_group));
    else if (h.ctoc_header || ctoc_symbol)
        facts.body = "COP";
    if (facts.body != "COP") {
        facts.working_group = facts.body;
        return;
    }
    // The Conference's documents about a working group: the first group named in the title
    // block.
    std::string header_folded;
    for (const auto& line : h.lines)
        header_folded += line.folded + ' ';
    if (const WorkingGroup* wg = first_working_group_mention(header_folded))
        facts.working_group = std::string(id_of(*wg));
}

} // namespace

} // namespace ctoc::corpus::header

namespace ctoc::corpus {

HeaderFacts extract_header_facts(std::string_view text) {
    using namespace header;
    HeaderFacts facts;
    HeaderReading h;
    h.lines = header_lines(text, h.all_lines);
    facts.symbol = own_symbol(h.lines);
    h.blocks = make_blocks(h.lines);
    h.agenda_block = h.blocks.size();
    read_blocks(h, facts);
    if (facts.date.empty() && !h.has_distribution)
        read_date_without_distribution(h, facts);
    read_body_and_group(h, facts);
    // Session: a heading line; for a working group's agenda, its opening sentence.
    if (!h.session && facts.body.starts_with("WG."))
        h.session = find_opening_sentence(h.all_lines);
    if (h.session) {
        facts.session = h.session->number;
        facts.session_kind = h.session->kind;
    }
    read_type_and_title(h, facts);
    return facts;
}

} // namespace ctoc::corpus
