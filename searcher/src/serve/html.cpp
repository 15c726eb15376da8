#include <ctoc/serve/html.h>

#include <ctoc/search/output.h>

#include <array>

namespace ctoc::serve {

std::string escape_html(std::string_view text) {
    return search::escape_html(text, true);
}

std::string url_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3 / 2);
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string query_string(const Params& params) {
    std::string out;
    for (const auto& [name, value] : params) {
        if (value.empty())
            continue;
        out += out.empty() ? '?' : '&';
        out += url_encode(name);
        out += '=';
        out += url_encode(value);
    }
    return out;
}

std::string marked_html(std::string_view marked_text) {
    std::string out;
    out.reserve(marked_text.size() + 32);
    bool open = false;
    std::size_t run = 0; ///< where the text since the last marker starts
    for (std::size_t i = 0; i < marked_text.size(); ++i) {
        const char c = marked_text[i];
        if (c != '\x01' && c != '\x02')
            continue;
        out += escape_html(marked_text.substr(run, i - run));
        run = i + 1;
        // An unbalanced marker is dropped: never a stray tag.
        if (c == '\x01' && !open) {
            out += "<mark>";
            open = true;
        } else if (c == '\x02' && open) {
            out += "</mark>";
            open = false;
        }
    }
    out += escape_html(marked_text.substr(run));
    if (open)
        out += "</mark>";
    return out;
}

std::string french_date(std::string_view iso) {
    static constexpr std::array<const char*, 12> months = {
        "janvier", "février", "mars",      "avril",   "mai",      "juin",
        "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
    const auto digits = [&](std::size_t at, std::size_t n) {
        if (iso.size() < at + n)
            return -1;
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (iso[i] < '0' || iso[i] > '9')
                return -1;
            v = v * 10 + (iso[i] - '0');
        }
        return v;
    };
    if ((iso.size() != 7 && iso.size() != 10) || digits(0, 4) < 0 || iso[4] != '-')
        return std::string(iso);
    const int month = digits(5, 2);
    if (month < 1 || month > 12)
        return std::string(iso);
    std::string out = std::string(months[static_cast<std::size_t>(month - 1)]) + " " +
                      std::string(iso.substr(0, 4));
    if (iso.size() == 10) {
        const int day = digits(8, 2);
        if (iso[7] != '-' || day < 1 || day > 31)
            return std::string(iso);
        out = (day == 1 ? std::string("1er") : std::to_string(day)) + " " + out;
    }
    return out;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes)
        return text;
    std::size_t end = max_bytes;
    // Back off continuation bytes (10xxxxxx) so as not to split a character.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end);
}

} // namespace ctoc::serve
