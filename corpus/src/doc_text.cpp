// Word 97-2003 documents (.doc): an OLE2 compound file (read by libgsf) whose WordDocument
// stream holds the text in pieces that the table stream's piece table places ([MS-DOC] 2.4.1,
// "Retrieving Text"). The one library in Debian that reads the Word binary format, libwv
// (wvWare), is a whole Word parser, formatting included, to put between
// downloaded files and the indexer for the text alone; antiword and catdoc are programs. The
// piece table is short work, so it is read here: the File Information Block's few fields it
// needs, then each piece, 8-bit (Windows-1252) or UTF-16, and Word's marks for paragraphs,
// cells, breaks and fields (fuzzed by tests/fuzz/fuzz_doc.cpp).
#include <ctoc/analysis/unicode.h>
#include <ctoc/corpus/formats.h>

#include <gsf/gsf-doc-meta-data.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-meta-names.h>
#include <gsf/gsf-msole-utils.h>
#include <gsf/gsf-utils.h>

#include <unicode/unistr.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace ctoc::corpus {

namespace {

struct GObjectFree {
    void operator()(void* p) const { g_object_unref(p); }
};
template <typename T> using GPtr = std::unique_ptr<T, GObjectFree>;

ExtractionError damaged(const std::string& why) {
    return ExtractionError("damaged Word 97-2003 document (" + why +
                           "), skipped; download it again, or save it as DOCX or PDF");
}

/// libgsf once, its GLib messages and dumps silenced: a damaged file is one line of ours, not
/// also libgsf's "CRITICAL **: ole_seek_block: assertion failed" and hex dumps of the bytes it
/// could not read.
void init_gsf() {
    static std::once_flag once;
    std::call_once(once, [] {
        g_log_set_default_handler([](const gchar*, GLogLevelFlags, const gchar*, gpointer) {},
                                  nullptr);
        g_set_print_handler([](const gchar*) {});
        g_set_printerr_handler([](const gchar*) {});
        gsf_init();
    });
}

/// A whole stream of the compound file of file_bytes bytes; nullopt when the file has no
/// stream of that name. A stream said to be larger than its file is refused before anything
/// is allocated for it.
std::optional<std::string> read_stream(GsfInfile* file, const char* name, std::size_t file_bytes) {
    GPtr<GsfInput> stream(gsf_infile_child_by_name(file, name));
    if (!stream)
        return std::nullopt;
    const gsf_off_t size = gsf_input_size(stream.get());
    if (size < 0 || static_cast<std::uint64_t>(size) > file_bytes)
        throw damaged(std::string("its ") + name + " stream is larger than the file");
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (size > 0 && gsf_input_read(stream.get(), static_cast<std::size_t>(size),
                                   reinterpret_cast<guint8*>(bytes.data())) == nullptr)
        throw damaged(std::string("its ") + name + " stream cannot be read");
    return bytes;
}

/// Little-endian numbers at an offset of a stream, checked against its end.
class Reader {
public:
    Reader(std::string_view bytes, const char* what) : m_bytes(bytes), m_what(what) {}
    std::uint16_t u16(std::size_t at) const { return static_cast<std::uint16_t>(get(at, 2)); }
    std::uint32_t u32(std::size_t at) const { return static_cast<std::uint32_t>(get(at, 4)); }

private:
    std::uint64_t get(std::size_t at, std::size_t n) const {
        if (at > m_bytes.size() || m_bytes.size() - at < n)
            throw damaged(std::string(m_what) + " cut short");
        std::uint64_t v = 0;
        for (std::size_t k = n; k-- > 0;)
            v = (v << 8) | static_cast<unsigned char>(m_bytes[at + k]);
        return v;
    }
    std::string_view m_bytes;
    const char* m_what;
};

/// The text of the character positions [0, end) as Word stores them (UTF-16 code units, its
/// marks included), from the piece table of the table stream.
std::u16string stored_characters(std::string_view word, std::string_view table,
                                 std::uint32_t clx_at, std::uint32_t clx_size, std::uint32_t end) {
    const Reader t(table, "its piece table");
    if (clx_at > table.size() || table.size() - clx_at < clx_size)
        throw damaged("its piece table is outside its table stream");
    // The Clx: formatting entries (0x01, skipped), then the piece table (0x02).
    std::size_t at = clx_at;
    const std::size_t clx_end = std::size_t{clx_at} + clx_size;
    while (at < clx_end && static_cast<unsigned char>(table[at]) == 0x01)
        at += 3 + t.u16(at + 1);
    if (at >= clx_end || static_cast<unsigned char>(table[at]) != 0x02)
        throw damaged("no piece table");
    const std::uint32_t plc_size = t.u32(at + 1);
    at += 5;
    if (plc_size < 4 || (plc_size - 4) % 12 != 0 || plc_size > clx_end - at)
        throw damaged("a piece table of a wrong size");
    const std::size_t pieces = (plc_size - 4) / 12;
    const std::size_t descriptors = at + 4 * (pieces + 1);
    std::u16string out;
    for (std::size_t k = 0; k < pieces && out.size() < end; ++k) {
        const std::uint32_t from = t.u32(at + 4 * k), to = t.u32(at + 4 * (k + 1));
        if (to < from || to - from > word.size())
            throw damaged("a piece of a wrong size");
        const std::uint32_t fc = t.u32(descriptors + 8 * k + 2);
        const bool eight_bit = (fc & 0x40000000u) != 0;
        const std::size_t offset = eight_bit ? (fc & 0x3FFFFFFFu) / 2 : (fc & 0x3FFFFFFFu);
        const std::size_t count = std::min<std::size_t>(to - from, end - out.size());
        const std::size_t bytes = eight_bit ? count : 2 * count;
        if (offset > word.size() || word.size() - offset < bytes || bytes > INT32_MAX / 2)
            throw damaged("a piece outside its WordDocument stream");
        // 8-bit pieces in Windows-1252 ([MS-DOC] 2.4.1's table of 0x82-0x9F is that code
        // page's), the others in UTF-16.
        std::size_t replaced = 0;
        out += analysis::convert_to_utf16(word.substr(offset, bytes),
                                          eight_bit ? "windows-1252" : "UTF-16LE", replaced);
    }
    return out;
}

/// Word's stored characters as text: paragraphs (and table cells) as paragraphs separated by
/// blank lines, line breaks kept; field instructions (between 0x13 and 0x14: HYPERLINK "...",
/// PAGE) dropped and their results kept; object anchors, note references and soft hyphens
/// dropped, non-breaking hyphens as hyphens.
std::string text_of(const std::u16string& stored) {
    icu::UnicodeString text;
    std::vector<bool> in_instruction; // per open field: still in its instruction part
    const auto end_paragraph = [&text] {
        while (!text.isEmpty() && (text.endsWith(u" ") || text.endsWith(u"\t")))
            text.truncate(text.length() - 1);
        if (!text.isEmpty() && !text.endsWith(u"\n\n"))
            text.append(text.endsWith(u"\n") ? u"\n" : u"\n\n");
    };
    for (const char16_t c : stored) {
        if (c == 0x13) {
            in_instruction.push_back(true);
            continue;
        }
        if (c == 0x14) {
            if (!in_instruction.empty())
                in_instruction.back() = false;
            continue;
        }
        if (c == 0x15) {
            if (!in_instruction.empty())
                in_instruction.pop_back();
            continue;
        }
        if (!in_instruction.empty() && in_instruction.back())
            continue;
        switch (c) {
        case 0x0D: // paragraph end
        case 0x07: // cell or row end
        case 0x0C: // page or section break
        case 0x0E: // column break
            end_paragraph();
            break;
        case 0x0B: // line break
            text.append(u'\n');
            break;
        case 0x09:
            text.append(u'\t');
            break;
        case 0x1E: // non-breaking hyphen
            text.append(u'-');
            break;
        default:
            // Other controls: object anchors (0x01, 0x08), note references (0x02), soft
            // hyphens (0x1F), annotation marks (0x05).
            if (c >= 0x20)
                text.append(static_cast<UChar>(c));
        }
    }
    std::string out;
    text.toUTF8String(out);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    return out;
}

/// The title of the SummaryInformation stream; "" when there is none.
std::string summary_title(GsfInfile* file) {
    GPtr<GsfInput> summary(gsf_infile_child_by_name(file, "\005SummaryInformation"));
    if (!summary)
        return {};
    GPtr<GsfDocMetaData> meta(gsf_doc_meta_data_new());
    if (GError* error = gsf_doc_meta_data_read_from_msole(meta.get(), summary.get())) {
        g_error_free(error);
        return {};
    }
    const GsfDocProp* title = gsf_doc_meta_data_lookup(meta.get(), GSF_META_NAME_TITLE);
    if (title == nullptr)
        return {};
    const GValue* value = gsf_doc_prop_get_val(title);
    if (value == nullptr || !G_VALUE_HOLDS_STRING(value) || g_value_get_string(value) == nullptr)
        return {};
    // Word 97 writes it in the file's code page; libgsf converts it to UTF-8.
    return analysis::repair_utf8(g_value_get_string(value));
}

} // namespace

ExtractedText doc_text(std::string_view bytes) {
    init_gsf();
    GPtr<GsfInput> input(gsf_input_memory_new(reinterpret_cast<const guint8*>(bytes.data()),
                                              static_cast<gsf_off_t>(bytes.size()), FALSE));
    GError* error = nullptr;
    GPtr<GsfInfile> file(gsf_infile_msole_new(input.get(), &error));
    if (!file) {
        const std::string why = error != nullptr ? error->message : "not a compound file";
        if (error != nullptr)
            g_error_free(error);
        throw damaged("libgsf: " + why);
    }
    const std::optional<std::string> word = read_stream(file.get(), "WordDocument", bytes.size());
    if (!word)
        throw ExtractionError("a Microsoft Office 97-2003 file that is not a Word document (no "
                              "WordDocument stream in it), skipped");
    // The File Information Block: FibBase, then counted arrays of 16-bit, 32-bit and (fc, lcb)
    // 64-bit entries ([MS-DOC] 2.5.1).
    const Reader fib(*word, "its File Information Block");
    if (fib.u16(0) != 0xA5EC)
        throw damaged("no Word signature in its WordDocument stream");
    const std::uint16_t flags = fib.u16(0x0A);
    if (flags & 0x0100)
        throw ExtractionError("encrypted Word 97-2003 document (it needs a password to open), "
                              "skipped; save a copy without the password, as DOCX or PDF");
    const std::size_t shorts = fib.u16(32);
    const std::size_t longs_at = 34 + 2 * shorts + 2;
    const std::size_t longs = fib.u16(34 + 2 * shorts);
    const std::size_t pairs_at = longs_at + 4 * longs + 2;
    const std::size_t pairs = fib.u16(longs_at + 4 * longs);
    // Word 97 and later write 0xC1 in FibBase.nFib (a later version says its own further on);
    // Word 6 and 95 files (0x65-0x68) lay their FIB out otherwise.
    if (fib.u16(2) < 0x00C0 || longs < 11 || pairs < 34)
        throw ExtractionError("a Word document older than Word 97 (version " +
                              std::to_string(fib.u16(2)) +
                              "), which ctoc-index cannot read: save it as DOCX or PDF, skipped");
    // The text's parts, in order: main text, footnotes, headers (the page furniture: not
    // read), comments, endnotes. The notes go after the text, as in the other formats.
    const std::uint32_t body = fib.u32(longs_at + 4 * 3), footnotes = fib.u32(longs_at + 4 * 4),
                        headers = fib.u32(longs_at + 4 * 5), macros = fib.u32(longs_at + 4 * 6),
                        comments = fib.u32(longs_at + 4 * 7), endnotes = fib.u32(longs_at + 4 * 8);
    const std::uint64_t endnotes_from =
        std::uint64_t{body} + footnotes + headers + macros + comments;
    if (endnotes_from + endnotes > word->size())
        throw damaged("more text than its WordDocument stream holds");
    const std::optional<std::string> table =
        read_stream(file.get(), (flags & 0x0200) ? "1Table" : "0Table", bytes.size());
    if (!table)
        throw damaged("no table stream");
    const std::uint32_t clx_at = fib.u32(pairs_at + 8 * 33),
                        clx_size = fib.u32(pairs_at + 8 * 33 + 4);
    const std::u16string stored = stored_characters(
        *word, *table, clx_at, clx_size, static_cast<std::uint32_t>(endnotes_from + endnotes));
    const auto part = [&stored](std::uint64_t from, std::uint64_t size) {
        if (from >= stored.size())
            return std::u16string();
        return stored.substr(
            static_cast<std::size_t>(from),
            static_cast<std::size_t>(std::min<std::uint64_t>(size, stored.size() - from)));
    };
    ExtractedText out;
    out.text = text_of(part(0, body));
    for (const auto& notes : {part(body, footnotes), part(endnotes_from, endnotes)}) {
        std::string more = text_of(notes);
        if (!more.empty())
            out.text += (out.text.empty() ? "" : "\n\n") + more;
    }
    out.title = summary_title(file.get());
    return out;
}

} // namespace ctoc::corpus
