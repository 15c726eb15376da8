// Sentences fit for a generated body, read from the bundled corpus and unv1-fr; the
// dictionary's long tail (see sentences.h).
#include "sentences.h"

#include <ctoc/corpus/json.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
namespace json = ctoc::corpus::json;

namespace ctoc::bench {

namespace {

/// Removes the markdown of the bundled corpus from one line.
std::string strip_markdown(std::string line) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '*' || c == '#' || c == '\\' || c == '[' || c == ']')
            continue;
        if (c == '(' && line.compare(i, 3, "(#)") == 0) {
            i += 2;
            continue;
        }
        out += c;
    }
    return out;
}

/// Splits a paragraph into sentences and keeps those fit for a body: long enough, no
/// symbol or citation of their own (they would spoil the ground truth), no table cells.
void add_sentences(const std::string& paragraph, std::vector<std::string>& pool) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= paragraph.size(); ++i) {
        const bool end =
            i == paragraph.size() || ((paragraph[i] == '.' || paragraph[i] == ';') &&
                                      (i + 1 == paragraph.size() || paragraph[i + 1] == ' '));
        if (!end)
            continue;
        std::string s = paragraph.substr(start, i - start + (i < paragraph.size() ? 1 : 0));
        start = i + 1;
        while (!s.empty() && (s.front() == ' ' || s.front() == '-' || s.front() == '\t'))
            s.erase(0, 1);
        // Drop list numbering ("3. ", "a) ").
        if (s.size() > 3 && std::isdigit(static_cast<unsigned char>(s[0])) && s.find(". ") < 4)
            s.erase(0, s.find(". ") + 2);
        if (s.size() < 50 || s.size() > 600 || s.find('/') != std::string::npos ||
            s.find('\t') != std::string::npos || s.find('<') != std::string::npos ||
            s.find("http") != std::string::npos || s.back() != '.')
            continue;
        if (!std::isupper(static_cast<unsigned char>(s[0])) &&
            static_cast<unsigned char>(s[0]) < 0x80)
            continue;
        pool.push_back(std::move(s));
    }
}

} // namespace

void read_bundled(const fs::path& dir, std::vector<std::string>& pool) {
    std::vector<fs::path> files;
    if (fs::is_directory(dir))
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".txt")
                files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::ifstream in(f);
        std::string line, paragraph;
        while (std::getline(in, line)) {
            line = strip_markdown(line);
            while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
                line.pop_back();
            if (line.empty()) {
                add_sentences(paragraph, pool);
                paragraph.clear();
            } else {
                paragraph += (paragraph.empty() ? "" : " ") + line;
            }
        }
        add_sentences(paragraph, pool);
    }
}

std::size_t read_unv(const fs::path& file, std::vector<std::string>& pool) {
    std::ifstream in(file);
    if (!in)
        return 0;
    std::string line;
    std::size_t records = 0;
    while (std::getline(in, line)) {
        try {
            const json::Value v = json::parse(line);
            const json::Value* text = json::find(v, "text");
            if (!text || !text->is_string())
                continue;
            ++records;
            std::istringstream paragraphs(text->get_ref<const std::string&>());
            std::string p;
            while (std::getline(paragraphs, p))
                add_sentences(p, pool);
        } catch (const json::ParseError&) {
            // A malformed line in the sample: the generator only needs sentences.
        }
    }
    return records;
}

std::vector<std::string> read_dictionary(const fs::path& file, Rng& rng) {
    std::vector<std::string> words;
    std::ifstream in(file);
    std::string w;
    while (std::getline(in, w))
        if (w.size() >= 4 && w.find('\'') == std::string::npos &&
            static_cast<unsigned char>(w[0]) >= 'a')
            words.push_back(w);
    // A fixed shuffle gives each word its Zipf rank.
    for (std::size_t i = words.size(); i > 1; --i)
        std::swap(words[i - 1], words[rng.below(i)]);
    return words;
}

} // namespace ctoc::bench
