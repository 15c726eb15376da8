// The documents of ctoc-bench-generate: a header as the bundled documents lay it out, then
// paragraphs of real sentences on the body's topic with a Zipf long tail of dictionary words,
// and citations of symbols, resolutions and decisions planted and recorded (see generator.h).
#include "generator.h"

#include "domain.h"
#include "random.h"
#include "sentences.h"

#include <ctoc/corpus/json.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <vector>

namespace fs = std::filesystem;
namespace json = ctoc::corpus::json;

namespace ctoc::bench {

namespace {

/// What a document cites, as planted: the benchmarks' ground truth.
struct Truth {
    std::string file, symbol, body, date, original;
    std::vector<std::string> cites, resolutions, decisions;
};

class Generator {
public:
    explicit Generator(const Config& config)
        : m_config(config), m_rng(config.seed), m_groups(working_groups()),
          m_citation_zipf(60, 1.1), m_symbol_zipf(200, 0.9) {
        read_bundled(config.bundled, m_pool);
        const std::size_t bundled = m_pool.size();
        const std::size_t unv = config.unv.empty() ? 0 : read_unv(config.unv, m_pool);
        std::fprintf(stderr,
                     "ctoc-bench-generate: %zu sentences (%zu from the bundled corpus, %zu from "
                     "%zu unv1-fr records)\n",
                     m_pool.size(), bundled, m_pool.size() - bundled, unv);
        if (m_pool.empty())
            throw std::runtime_error("no sentences found (bundled corpus: " + config.bundled + ")");
        Rng dict_rng(config.seed ^ 0xd1c7ull);
        m_dictionary = read_dictionary(config.dictionary, dict_rng);
        if (m_dictionary.empty())
            std::fprintf(
                stderr,
                "ctoc-bench-generate: no dictionary at %s (install wfrench); no long tail\n",
                config.dictionary.c_str());
        else
            m_word_zipf = std::make_unique<Zipf>(m_dictionary.size(), 1.0, 2.7);
        for (auto& g : m_groups) {
            std::vector<std::size_t> topical;
            for (std::size_t i = 0; i < m_pool.size(); ++i)
                for (const auto& k : g.keywords)
                    if (m_pool[i].find(k) != std::string::npos) {
                        topical.push_back(i);
                        break;
                    }
            m_topical.push_back(std::move(topical));
        }
        // Popular citations first: Zipf over this order.
        for (int s = 1; s <= 11; ++s)
            for (int n = 1; n <= 6; ++n)
                m_cop_numbers.push_back(std::to_string(s) + "/" + std::to_string(n));
        for (std::size_t i = m_cop_numbers.size(); i > 1; --i)
            std::swap(m_cop_numbers[i - 1], m_cop_numbers[m_rng.below(i)]);
        m_external = {"A/RES/55/25",      "A/RES/55/255",    "A/RES/55/383",     "A/RES/64/293",
                      "E/CN.15/2019/L.3", "E/CN.15/2014/5",  "A/AC.254/4/Rev.4", "E/2013/30",
                      "A/RES/70/1",       "E/CN.15/2021/L.4"};
    }

    void run() {
        const fs::path out = fs::path(m_config.out) / "docs";
        fs::create_directories(out);
        std::ofstream truth(fs::path(m_config.out) / "ground_truth.jsonl", std::ios::binary);
        std::string text, line;
        for (std::size_t i = 0; i < m_config.docs; ++i) {
            char dir[32], name[48];
            std::snprintf(dir, sizeof dir, "%04zu", i / 1000);
            std::snprintf(name, sizeof name, "%07zu.txt", i);
            if (i % 1000 == 0)
                fs::create_directories(out / dir);
            Truth t;
            t.file = std::string(dir) + "/" + name;
            text.clear();
            document(text, t);
            std::ofstream f(out / dir / name, std::ios::binary);
            f.write(text.data(), static_cast<std::streamsize>(text.size()));
            line.clear();
            write_truth(line, t);
            truth << line << '\n';
        }
    }

private:
    const WorkingGroup& pick_group() {
        double u = m_rng.unit();
        for (const auto& g : m_groups)
            if ((u -= g.share) < 0)
                return g;
        return m_groups.front();
    }

    std::string tail_word() { return m_dictionary[m_word_zipf->draw(m_rng)]; }

    /// A body sentence, on topic or not, sometimes with long-tail words.
    void sentence(std::string& out, std::size_t group) {
        const auto& topical = m_topical[group];
        const std::string* s;
        if (m_rng.chance(0.08))
            s = &m_rng.pick(m_groups[group].own_sentences);
        else if (!topical.empty() && m_rng.chance(0.35))
            s = &m_pool[topical[m_rng.below(topical.size())]];
        else
            s = &m_pool[m_rng.below(m_pool.size())];
        if (m_word_zipf && m_rng.chance(0.45)) {
            static const std::vector<std::string> links = {", notamment ",     ", y compris ",
                                                           ", ainsi que ",     ", en particulier ",
                                                           ", s'agissant de ", ", à savoir "};
            out.append(*s, 0, s->size() - 1);
            out += m_rng.pick(links);
            out += tail_word();
            const int more = m_rng.between(0, 3);
            for (int k = 0; k < more; ++k) {
                out += k + 1 == more ? " et " : ", ";
                out += tail_word();
            }
            out += '.';
        } else {
            out += *s;
        }
    }

    std::string cite_symbol() {
        if (!m_symbols.empty() && m_rng.chance(0.7)) {
            // Recent documents are cited more.
            const std::size_t back = std::min(m_symbol_zipf.draw(m_rng), m_symbols.size() - 1);
            return m_symbols[m_symbols.size() - 1 - back];
        }
        return m_rng.pick(m_external);
    }

    /// A sentence carrying citations, recorded in t.
    void citation_sentence(std::string& out, Truth& t, bool markdown) {
        const auto resolution = [&] { return m_cop_numbers[m_citation_zipf.draw(m_rng)]; };
        const auto add = [](std::vector<std::string>& v, const std::string& x) {
            if (std::find(v.begin(), v.end(), x) == v.end())
                v.push_back(x);
        };
        switch (m_rng.below(7)) {
        case 0: {
            const std::string r = resolution();
            add(t.resolutions, r);
            out += "Conformément à la résolution " + r +
                   " de la Conférence des Parties, le Groupe de travail a poursuivi ses travaux.";
            break;
        }
        case 1: {
            const std::string a = resolution(), b = resolution();
            add(t.resolutions, a);
            add(t.resolutions, b);
            out += "Dans ses résolutions " + a + " et " + b +
                   ", la Conférence a prié le Secrétariat de lui faire rapport.";
            break;
        }
        case 2: {
            const std::string d = m_cop_numbers[m_citation_zipf.draw(m_rng)];
            add(t.decisions, d);
            out += "Dans sa décision " + d +
                   ", la Conférence a décidé de poursuivre l'examen de cette question.";
            break;
        }
        case 3: {
            add(t.resolutions, "55/25");
            out += "La Convention a été adoptée par l'Assemblée générale dans sa résolution 55/25 "
                   "du 15 novembre 2000.";
            break;
        }
        case 4: {
            const std::string a = resolution(), b = resolution(), c = resolution();
            add(t.resolutions, a);
            add(t.resolutions, b);
            add(t.resolutions, c);
            out += "Le Secrétariat a donné suite aux résolutions " + a + ", " + b + " et " + c +
                   " de la Conférence.";
            break;
        }
        default: {
            const std::string s = cite_symbol();
            add(t.cites, s);
            out += "Le rapport correspondant (" + (markdown ? "[" + s + "](#)" : s) +
                   ") a été mis à la disposition de la Conférence.";
            break;
        }
        }
    }

    void document(std::string& out, Truth& t) {
        const bool markdown = m_rng.chance(0.5);
        const bool ad_hoc = m_rng.chance(0.04);
        std::size_t group = 0;
        int year;
        if (ad_hoc) {
            year = m_rng.between(1999, 2003);
        } else {
            const WorkingGroup& g = pick_group();
            group = static_cast<std::size_t>(&g - m_groups.data());
            year = m_rng.between(g.first_year, 2025);
        }
        const WorkingGroup& g = m_groups[group];
        const int month = m_rng.between(1, 12), day = m_rng.between(1, days_in(month));
        char iso[48];
        std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
        t.date = iso;
        t.body = ad_hoc ? "AHC" : g.id;
        header(out, t, g, ad_hoc, markdown, day, month, year);
        body(out, t, group, markdown);
        if (!t.symbol.empty())
            m_symbols.push_back(t.symbol);
    }

    /// The header, as the bundled documents lay it out: symbol, body, distribution, date,
    /// languages, session, place and dates, agenda item, title and kind of document.
    void header(std::string& out, Truth& t, const WorkingGroup& g, bool ad_hoc, bool markdown,
                int day, int month, int year) {
        const std::string nl = markdown ? "  \n" : "\n";
        if (m_rng.chance(0.6)) {
            // The Ad Hoc Committee numbered its documents in one series; the others by year.
            const int n = ++m_counters[ad_hoc ? t.body : t.body + std::to_string(year)];
            if (ad_hoc)
                t.symbol = "A/AC.254/" + std::to_string(n);
            else
                t.symbol = "CTOC/COP/" + (g.id == "COP" ? std::string() : g.id + "/") +
                           std::to_string(year) + "/" + std::to_string(n);
            out += "\n\n" + t.symbol + "\n\n";
        } else {
            out += "\n\n\n\n";
        }
        out += markdown ? "# " : "";
        out += ad_hoc ? "Comité spécial sur l'élaboration d'une convention contre la criminalité "
                        "transnationale organisée\n\n"
                      : "Conférence des Parties à la Convention des Nations Unies contre la "
                        "criminalité transnationale organisée\n\n";
        static const std::vector<std::string> distributions = {"générale", "générale", "générale",
                                                               "limitée", "restreinte"};
        static const std::vector<std::string> originals = {
            "anglais",  "anglais",  "anglais", "anglais", "anglais",
            "français", "espagnol", "russe",   "arabe",   "chinois"};
        t.original = m_rng.pick(originals);
        out += "Distr. " + m_rng.pick(distributions) + nl +
               french_date(day, month, year, markdown) + nl + "Français" + nl +
               (m_rng.chance(0.5) ? "Original : " : "Original: ") + t.original + "\n\n";
        session_lines(out, g, ad_hoc, markdown, month, year);
        static const std::vector<std::string> types = {
            "Note du Secrétariat", "Note du Secrétariat", "Rapport du Secrétariat",
            "Document d'information établi par le Secrétariat"};
        out += (markdown ? "### " : "") + m_rng.pick(types) + "\n\n";
    }

    /// The session or working group, the place and dates of the meeting, the agenda item and
    /// the title.
    void session_lines(std::string& out, const WorkingGroup& g, bool ad_hoc, bool markdown,
                       int month, int year) {
        const int meeting_month = std::min(12, month + m_rng.between(0, 3));
        const int first_day = m_rng.between(1, days_in(meeting_month) - 4);
        const std::string meeting =
            std::to_string(first_day) + "-" + std::to_string(first_day + m_rng.between(1, 4)) +
            " " + months[static_cast<std::size_t>(meeting_month - 1)] + " " + std::to_string(year);
        if (ad_hoc || g.id == "COP") {
            int session = m_rng.between(1, 11);
            if (!ad_hoc) {
                auto it = cop_sessions.upper_bound(year);
                session = it == cop_sessions.end() ? 12 : it->second;
            }
            out += (markdown ? "## " : "") +
                   std::string(ordinals[static_cast<std::size_t>(session)]) + " session\n\n";
        } else {
            out += (markdown ? "## " : "") + g.name + "\n\n";
        }
        out += "Vienne, " + meeting + "\n\n";
        out += "Point " + std::to_string(m_rng.between(1, 9));
        if (m_rng.chance(0.5))
            out += std::string(" ") + static_cast<char>('a' + m_rng.below(5)) + ")";
        out += std::string(" de l'ordre du jour provisoire") + (markdown ? "\\*" : "*") + "\n\n";
        out += "**" + m_rng.pick(g.titles) + "**\n\n";
    }

    /// Numbered paragraphs of sentences, with citations planted among them.
    void body(std::string& out, Truth& t, std::size_t group, bool markdown) {
        const int paragraphs = std::clamp(static_cast<int>(m_rng.lognormal(5, 0.7)), 2, 80);
        const int citations = std::clamp(static_cast<int>(m_rng.lognormal(2.5, 0.8)), 0, 30);
        std::vector<int> cite_at(static_cast<std::size_t>(citations));
        for (auto& c : cite_at)
            c = m_rng.between(1, paragraphs);
        for (int p = 1; p <= paragraphs; ++p) {
            out += std::to_string(p) + ". ";
            const int sentences = m_rng.between(1, 4);
            for (int s = 0; s < sentences; ++s) {
                if (s)
                    out += ' ';
                sentence(out, group);
            }
            for (const int c : cite_at)
                if (c == p) {
                    out += ' ';
                    citation_sentence(out, t, markdown);
                }
            out += "\n\n";
        }
    }

    static void write_truth(std::string& line, const Truth& t) {
        json::Object o;
        const auto arr = [](const std::vector<std::string>& v) {
            json::Array a;
            for (const auto& s : v)
                a.emplace_back(s);
            return json::Value(std::move(a));
        };
        o["file"] = t.file;
        o["symbol"] = t.symbol;
        o["body"] = t.body;
        o["date"] = t.date;
        o["original"] = t.original;
        o["cites"] = arr(t.cites);
        o["resolutions"] = arr(t.resolutions);
        o["decisions"] = arr(t.decisions);
        json::append_value(line, json::Value(std::move(o)));
    }

    const Config& m_config;
    Rng m_rng;
    std::vector<WorkingGroup> m_groups;
    std::vector<std::string> m_pool;
    std::vector<std::vector<std::size_t>> m_topical;
    std::vector<std::string> m_dictionary;
    std::unique_ptr<Zipf> m_word_zipf;
    Zipf m_citation_zipf;
    Zipf m_symbol_zipf;
    std::vector<std::string> m_cop_numbers;
    std::vector<std::string> m_external;
    std::vector<std::string> m_symbols;
    std::map<std::string, int> m_counters;
};

} // namespace

void generate(const Config& config) {
    Generator(config).run();
}

} // namespace ctoc::bench
