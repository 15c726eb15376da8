#include <ctoc/analysis/symbol.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace ctoc::analysis {

namespace {

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool all_ascii_letters(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) != 0;
    });
}

/// Splits on a one-byte separator.
std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t b = 0;
    for (;;) {
        const std::size_t e = s.find(sep, b);
        parts.push_back(s.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
        if (e == std::string_view::npos)
            return parts;
        b = e + 1;
    }
}

} // namespace

bool looks_like_symbol(std::string_view text) {
    if (text.find('/') == std::string_view::npos)
        return false;
    const auto parts = split(text, '/');
    if (parts.size() < 2 || !all_ascii_letters(parts.front()))
        return false;
    bool digit = false;
    for (const auto part : parts) {
        if (part.empty())
            return false;
        for (const char c : part) {
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'))
                return false;
        }
        digit = digit || has_digit(part);
    }
    return digit;
}

std::string canonical_symbol(std::string_view symbol) {
    while (!symbol.empty() && (symbol.back() == '.' || symbol.back() == ',' || symbol.back() == ';' ||
                               symbol.back() == ':' || symbol.back() == '/'))
        symbol.remove_suffix(1);
    std::string out(symbol);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    // "CTOC/COP/WG7/2017/5", as researchers type it, is "CTOC/COP/WG.7/2017/5".
    for (std::size_t part = 0; part < out.size();) {
        std::size_t end = out.find('/', part);
        if (end == std::string::npos)
            end = out.size();
        if (end - part > 2 && end - part <= 5 && out.compare(part, 2, "WG") == 0 &&
            std::all_of(out.begin() + static_cast<long>(part) + 2, out.begin() + static_cast<long>(end),
                        [](char c) { return c >= '0' && c <= '9'; })) {
            out.insert(part + 2, 1, '.');
            ++end;
        }
        part = end + 1;
    }
    return out;
}

std::string display_symbol(std::string_view canonical) {
    std::string out = canonical_symbol(canonical);
    std::size_t part = 0;
    while (part < out.size()) {
        std::size_t end = out.find('/', part);
        if (end == std::string::npos)
            end = out.size();
        const std::string_view p(out.data() + part, end - part);
        std::size_t word = 0;
        while (word < p.size() && std::isalpha(static_cast<unsigned char>(p[word])))
            ++word;
        const std::string_view head = p.substr(0, word);
        const bool suffix = head == "ADD" || head == "CORR" || head == "REV" || head == "AMEND";
        if (suffix && (word == p.size() || p[word] == '.')) {
            for (std::size_t k = part + 1; k < part + word; ++k)
                out[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[k])));
        }
        part = end + 1;
    }
    return out;
}

std::string family_of_symbol(std::string_view canonical) {
    const auto parts = split(canonical, '/');
    std::size_t keep = parts.size();
    while (keep > 1) {
        const std::string_view last = parts[keep - 1];
        if (last.rfind("ADD.", 0) == 0 || last.rfind("CORR.", 0) == 0 || last.rfind("REV.", 0) == 0 ||
            last == "CORR" || last == "ADD" || last == "REV")
            --keep;
        else
            break;
    }
    std::string out;
    for (std::size_t i = 0; i < keep; ++i) {
        if (i)
            out.push_back('/');
        out.append(parts[i]);
    }
    return out;
}

} // namespace ctoc::analysis
