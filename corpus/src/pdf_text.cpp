// PDF files through poppler (Debian's libpoppler-cpp), which decodes the fonts and gives each
// page's words in reading order with their boxes and sizes. What poppler leaves to its callers,
// and this file does, is the page furniture of a UN document: the running header (the symbol)
// and footer (the job number, "2/12") of every page, page numbers, footnotes at the foot of
// each page (kept, but moved after the text, so that they do not cut its sentences), and
// lines wrapped by the page (joined again) as opposed to lines the author broke.
#include <ctoc/corpus/formats.h>

#include <ctoc/analysis/symbol.h>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

namespace ctoc::corpus {

namespace {

struct Word {
    std::string text;
    double x0 = 0, top = 0, x1 = 0, bottom = 0;
    double size = 0;
    bool space_after = false;
};

struct Line {
    std::string text;
    double x0 = 0, top = 0, x1 = 0, bottom = 0;
    double size = 0;       ///< the font size most of its characters have
    double first_word = 0; ///< width of its first word
    std::size_t chars = 0;
};

struct Page {
    double width = 0, height = 0;
    std::vector<Line> lines;
};

/// poppler reports problems of damaged files on stderr; they are collected instead, and the
/// first one named in the warning when no text could be had.
std::mutex poppler_mutex;
std::string poppler_error;

void collect_error(const std::string& message, void*) {
    if (!poppler_error.empty())
        return;
    // "error (137): Command token too long" -> "poppler: Command token too long"
    const std::size_t colon = message.find("): ");
    poppler_error = "poppler: " + (colon != std::string::npos && message.rfind("error (", 0) == 0
                                       ? message.substr(colon + 3)
                                       : message);
}

std::string utf8(const poppler::ustring& s) {
    const poppler::byte_array bytes = s.to_utf8();
    return std::string(bytes.begin(), bytes.end());
}

/// A note reference or a note's label: digits, "*", "†" set smaller and higher than the line
/// ("réunion¹", "¹ www.unodc.org"); the text of the document has no such marks. A raised
/// ending in letters ("1er", "XXIe") is part of its word.
bool is_note_mark(const Word& w, double line_size, double line_bottom) {
    if (!(w.size < 0.8 * line_size && w.bottom < line_bottom - 0.1 * line_size))
        return false;
    return std::all_of(w.text.begin(), w.text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || c == '*'; }) ||
           w.text == "\xe2\x80\xa0"; // †
}

/// A note label or reference set raised against its word without a space ("¹www.unodc.org",
/// "réunion¹"): poppler gives one word; the raised digits go.
void strip_glued_marks(const poppler::text_box& box, Word& w) {
    const std::size_t n = box.text().size();
    const auto is_mark = [](char c) { return (c >= '0' && c <= '9') || c == '*'; };
    // Only ASCII digits and asterisks are stripped: one byte, one character, one glyph box.
    std::size_t lead = 0;
    while (lead < w.text.size() && lead + 1 < n && is_mark(w.text[lead]))
        ++lead;
    std::size_t trail = 0;
    while (trail < w.text.size() && trail + 1 < n && is_mark(w.text[w.text.size() - 1 - trail]))
        ++trail;
    const auto bottom = [&](std::size_t i) {
        const auto r = box.char_bbox(i);
        return r.y() + r.height();
    };
    const auto raised = [&](std::size_t mark, std::size_t letter) {
        return bottom(mark) < bottom(letter) - 0.15 * std::max(box.get_font_size(), 1.0);
    };
    if (lead > 0 && lead < n && raised(lead - 1, lead)) {
        w.x0 = box.char_bbox(lead).x();
        w.text.erase(0, lead);
    } else if (trail > 0 && trail < n && w.text.size() == n && raised(n - 1, n - 1 - trail)) {
        w.text.erase(w.text.size() - trail);
    }
}

/// Words into lines: a word that overlaps the current line vertically and does not go back
/// to its left continues it.
std::vector<Line> lines_of(const std::vector<Word>& words) {
    std::vector<std::vector<const Word*>> groups;
    double top = 0, bottom = 0, x1 = 0;
    for (const auto& w : words) {
        const bool continues =
            !groups.empty() && w.x0 >= x1 - 1 && w.top < bottom && w.bottom > top;
        if (!continues) {
            groups.emplace_back();
            top = w.top;
            bottom = w.bottom;
        }
        groups.back().push_back(&w);
        top = std::min(top, w.top);
        bottom = std::max(bottom, w.bottom);
        x1 = w.x1;
    }
    std::vector<Line> lines;
    for (const auto& group : groups) {
        // The size of most of the line's characters, and where such characters sit.
        std::map<double, std::size_t> sizes;
        for (const Word* w : group)
            sizes[std::round(w->size * 2) / 2] += w->text.size();
        double size = 0;
        std::size_t most = 0;
        for (const auto& [s, n] : sizes) {
            if (n > most) {
                most = n;
                size = s;
            }
        }
        double base = 0;
        for (const Word* w : group) {
            if (std::round(w->size * 2) / 2 == size)
                base = std::max(base, w->bottom);
        }
        Line l;
        l.size = size;
        bool first = true, space = false;
        double previous_x1 = 0;
        for (const Word* w : group) {
            if (is_note_mark(*w, size, base)) {
                space = space || w->space_after;
                previous_x1 = w->x1;
                continue;
            }
            if (first) {
                l.x0 = w->x0;
                l.top = w->top;
                l.bottom = w->bottom;
                l.first_word = w->x1 - w->x0;
            } else if (space || w->x0 - previous_x1 > 0.15 * std::max(w->size, 1.0)) {
                l.text += ' ';
            }
            first = false;
            l.text += w->text;
            l.x1 = std::max(l.x1, w->x1);
            l.top = std::min(l.top, w->top);
            l.bottom = std::max(l.bottom, w->bottom);
            l.chars += w->text.size();
            space = w->space_after;
            previous_x1 = w->x1;
        }
        if (!first)
            lines.push_back(std::move(l));
    }
    return lines;
}

/// A line's text for comparing across pages: letters only, lower case (page numbers, job
/// numbers and dates differ from page to page).
std::string furniture_key(const std::string& text) {
    std::string key;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalpha(u) || u >= 0x80)
            key += static_cast<char>(std::tolower(u));
    }
    return key;
}

/// "3", "- 3 -", "3/12", "Page 3", "page 3 de 12": a page number.
bool is_page_number(const std::string& text) {
    const std::string key = furniture_key(text);
    const bool has_digit =
        std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    return has_digit &&
           (key.empty() || key == "page" || key == "pagede" || key == "pageof" || key == "p");
}

/// A UN job number, printed in every page's footer: "V.18-04567", "V1804567", "18-04567 (F)".
bool has_job_number(const std::string& text) {
    for (std::size_t i = 0; i + 8 <= text.size(); ++i) {
        const auto digit = [&](std::size_t k) {
            return k < text.size() && text[k] >= '0' && text[k] <= '9';
        };
        if (digit(i) && digit(i + 1) && text[i + 2] == '-' && digit(i + 3) && digit(i + 4) &&
            digit(i + 5) && digit(i + 6) && digit(i + 7) && !digit(i + 8) &&
            (i == 0 || !digit(i - 1)))
            return true;
    }
    return false;
}

/// Removes each page's running header and footer: lines at the top or foot of the page that
/// are page numbers, UN job numbers, the document's symbol repeated from the second page on,
/// or the same words on several pages.
void remove_furniture(std::vector<Page>& pages) {
    const auto in_top = [](const Page& p, const Line& l) { return l.bottom < p.height * 0.12; };
    const auto in_foot = [](const Page& p, const Line& l) { return l.top > p.height * 0.88; };
    std::map<std::string, std::set<std::size_t>> top_keys, foot_keys;
    for (std::size_t k = 0; k < pages.size(); ++k) {
        for (const auto& l : pages[k].lines) {
            const std::string key = furniture_key(l.text);
            if (key.empty())
                continue;
            if (in_top(pages[k], l))
                top_keys[key].insert(k);
            else if (in_foot(pages[k], l))
                foot_keys[key].insert(k);
        }
    }
    const std::size_t repeated = std::max<std::size_t>(2, pages.size() / 3);
    for (std::size_t k = 0; k < pages.size(); ++k) {
        auto& lines = pages[k].lines;
        lines.erase(std::remove_if(lines.begin(), lines.end(),
                                   [&](const Line& l) {
                                       const bool top = in_top(pages[k], l),
                                                  foot = in_foot(pages[k], l);
                                       if (!top && !foot)
                                           return false;
                                       if (is_page_number(l.text) || has_job_number(l.text))
                                           return true;
                                       // The symbol atop the first page is the document's own.
                                       if (top && k > 0 && analysis::looks_like_symbol(l.text))
                                           return true;
                                       const auto& keys = top ? top_keys : foot_keys;
                                       const auto it = keys.find(furniture_key(l.text));
                                       return it != keys.end() && it->second.size() >= repeated;
                                   }),
                    lines.end());
    }
}

/// The font size of most of the document's characters.
double body_size(const std::vector<Page>& pages) {
    std::map<double, std::size_t> chars;
    for (const auto& p : pages)
        for (const auto& l : p.lines)
            chars[l.size] += l.chars;
    double best = 0;
    std::size_t most = 0;
    for (const auto& [size, n] : chars) {
        if (n > most) {
            most = n;
            best = size;
        }
    }
    return best;
}

/// A footnote's own label, "1 " or "* " before its text: the document's text has no such mark.
void strip_note_label(std::string& text) {
    std::size_t i = 0;
    while (i < text.size() && i < 4 && ((text[i] >= '0' && text[i] <= '9') || text[i] == '*'))
        ++i;
    if (i > 0 && i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        text.erase(0, i + 1);
}

bool ends_sentence(const std::string& text) {
    return !text.empty() && std::string_view(".:;!?").find(text.back()) != std::string_view::npos;
}

/// "4.", "12.", "a)", "-", "•": the start of an item of a list.
bool starts_item(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size() && i < 3 &&
           ((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'z')))
        ++i;
    if (i > 0 && i < text.size() && (text[i] == '.' || text[i] == ')'))
        return true;
    return text.rfind("- ", 0) == 0 || text.rfind("\xe2\x80\xa2", 0) == 0; // •
}

/// Lines into text: a larger gap than the lines' own spacing, or another font size, starts a
/// paragraph; a line that reached the right margin was wrapped by the page and goes on with
/// the next one; a shorter one was broken by the author (a header block, a list) and stays.
class Writer {
public:
    explicit Writer(std::string& out) : m_out(out) {}

    void write(const std::vector<Line>& lines, double right) {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const Line& l = lines[i];
            if (m_previous && m_same_page) {
                const Line& p = *m_previous;
                const double gap = l.top - p.bottom;
                // Lines of a paragraph overlap a little (their boxes include the accents'
                // room); paragraphs are set apart by a few points at least.
                const bool new_paragraph = gap > 0.2 * (p.bottom - p.top) ||
                                           std::fabs(l.size - p.size) > 0.6 || l.top < p.top;
                if (new_paragraph)
                    paragraph();
                else if (p.x1 + l.first_word + p.size > right &&
                         !(ends_sentence(p.text) && starts_item(l.text)))
                    m_out += ' ';
                else
                    m_out += '\n';
            } else if (m_previous) {
                // Across a page: a paragraph goes on when the last line had no room for the
                // next one's first word and did not end a sentence.
                const char last = m_out.empty() ? '.' : m_out.back();
                const bool full =
                    m_previous->x1 + l.first_word + m_previous->size > m_previous_right;
                if (full && std::string_view(".:;!?»)").find(last) == std::string_view::npos &&
                    std::fabs(l.size - m_previous->size) <= 0.6)
                    m_out += ' ';
                else
                    paragraph();
            }
            m_out += l.text;
            m_previous = l;
            m_same_page = true;
            m_previous_right = right;
        }
    }

    /// The next lines are on another page.
    void next_page() { m_same_page = false; }

    void paragraph() {
        while (!m_out.empty() && m_out.back() == ' ')
            m_out.pop_back();
        if (!m_out.empty())
            m_out += "\n\n";
    }

private:
    std::string& m_out;
    std::optional<Line> m_previous;
    bool m_same_page = false;
    double m_previous_right = 0;
};

} // namespace

ExtractedText pdf_text(std::string_view bytes) {
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw ExtractionError("PDF too large to read, skipped");
    std::lock_guard lock(poppler_mutex);
    poppler_error.clear();
    poppler::set_debug_error_function(collect_error, nullptr);
    const std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    const std::string encrypted =
        "encrypted PDF (it needs a password to open), skipped; save a copy without the "
        "password, e.g. with qpdf --decrypt --password=... in.pdf out.pdf";
    if (!doc && poppler_error.find("password") != std::string::npos)
        throw ExtractionError(encrypted);
    if (!doc) {
        throw ExtractionError("damaged PDF" +
                              (poppler_error.empty() ? std::string() : " (" + poppler_error + ")") +
                              ", skipped; download it again");
    }
    if (doc->is_locked())
        throw ExtractionError(encrypted);
    std::vector<Page> pages;
    for (int k = 0; k < doc->pages(); ++k) {
        const std::unique_ptr<poppler::page> page(doc->create_page(k));
        if (!page)
            continue;
        Page p;
        const poppler::rectf box = page->page_rect();
        p.width = box.width();
        p.height = box.height();
        std::vector<Word> words;
        for (const auto& box_word : page->text_list(poppler::page::text_list_include_font)) {
            Word w;
            w.text = utf8(box_word.text());
            if (w.text.empty())
                continue;
            const poppler::rectf b = box_word.bbox();
            w.x0 = b.x();
            strip_glued_marks(box_word, w);
            w.top = b.y();
            w.x1 = b.x() + b.width();
            w.bottom = b.y() + b.height();
            w.size = box_word.get_font_size();
            w.space_after = box_word.has_space_after();
            words.push_back(std::move(w));
        }
        p.lines = lines_of(words);
        pages.push_back(std::move(p));
    }
    std::size_t chars = 0;
    for (const auto& p : pages)
        for (const auto& l : p.lines)
            chars += l.chars;
    if (chars == 0) {
        if (pages.empty())
            throw ExtractionError("damaged PDF (no page can be read" +
                                  (poppler_error.empty() ? std::string() : ": " + poppler_error) +
                                  "), skipped");
        throw ExtractionError(
            "image-only PDF (" + std::to_string(pages.size()) +
            (pages.size() == 1 ? " page" : " pages") +
            " without a text layer: a scan?), skipped; make its text searchable first, e.g. "
            "with ocrmypdf -l fra in.pdf out.pdf");
    }
    remove_furniture(pages);

    // Footnotes: the lines in a smaller size than the text at the foot of a page.
    const double body = body_size(pages);
    ExtractedText out;
    std::string notes;
    Writer text(out.text), note_writer(notes);
    for (auto& p : pages) {
        std::size_t first_note = p.lines.size();
        while (first_note > 0 && p.lines[first_note - 1].size < body * 0.9 &&
               p.lines[first_note - 1].top > p.height * 0.5)
            --first_note;
        // A page of small print only is text, not notes.
        if (first_note == 0)
            first_note = p.lines.size();
        double right = 0;
        for (const auto& l : p.lines)
            right = std::max(right, l.x1);
        const std::vector<Line> body_lines(p.lines.begin(),
                                           p.lines.begin() + static_cast<long>(first_note));
        const std::vector<Line> note_lines(p.lines.begin() + static_cast<long>(first_note),
                                           p.lines.end());
        text.write(body_lines, right);
        text.next_page();
        if (!note_lines.empty()) {
            // A note starts at its label; with a hanging indent, its other lines start further in.
            std::vector<Line> labelled = note_lines;
            double left = labelled.front().x0;
            for (const auto& l : labelled)
                left = std::min(left, l.x0);
            const bool hanging = std::any_of(labelled.begin(), labelled.end(),
                                             [&](const Line& l) { return l.x0 > left + l.size; });
            for (std::size_t i = 0; i < labelled.size(); ++i) {
                if (i == 0 || (hanging && labelled[i].x0 <= left + 1))
                    strip_note_label(labelled[i].text);
            }
            note_writer.write(labelled, right);
            note_writer.next_page();
            note_writer.paragraph();
        }
    }
    while (!notes.empty() && (notes.back() == '\n' || notes.back() == ' '))
        notes.pop_back();
    if (!notes.empty()) {
        text.paragraph();
        out.text += notes;
    }
    out.title = utf8(doc->get_title());
    return out;
}

} // namespace ctoc::corpus
