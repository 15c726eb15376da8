// ctoc-bench-generate: a deterministic, realistic scale corpus of French CTOC/COP documents,
// with the ground truth of what each document cites.
//
// Bodies are real French sentences (the bundled corpus, and the UN Parallel Corpus sample when
// present) with a Zipf-distributed long tail of dictionary words, so that vocabulary grows with
// corpus size as it does in real collections. Headers follow the bundled documents' layout.
// Citations of symbols, resolutions and decisions are planted and written to ground_truth.jsonl.
#include <ctoc/corpus/json.h>

#include "options.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;
namespace po = boost::program_options;
namespace json = ctoc::corpus::json;

namespace {

/// splitmix64: small, fast and the same on every platform (std distributions are not).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n).
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    /// Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }
    /// Uniform integer in [lo, hi].
    int between(int lo, int hi) {
        return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1)));
    }
    /// Log-normal with the given median.
    double lognormal(double median, double sigma) {
        const double u1 = std::max(unit(), 1e-12), u2 = unit();
        const double n = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
        return median * std::exp(sigma * n);
    }
    template <class T> const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

private:
    std::uint64_t m_state;
};

/// Ranks drawn with probability proportional to 1 / (rank + offset)^s.
class Zipf {
public:
    Zipf(std::size_t n, double s, double offset = 1.0) : m_cumulative(n) {
        double total = 0;
        for (std::size_t r = 0; r < n; ++r)
            m_cumulative[r] = total += 1.0 / std::pow(static_cast<double>(r) + offset, s);
        for (auto& c : m_cumulative)
            c /= total;
    }
    std::size_t draw(Rng& rng) const {
        const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), rng.unit());
        return std::min(static_cast<std::size_t>(it - m_cumulative.begin()),
                        m_cumulative.size() - 1);
    }

private:
    std::vector<double> m_cumulative;
};

struct WorkingGroup {
    std::string id;   ///< "WG.7", or "COP"
    std::string name; ///< line of the header
    int first_year;
    double share;
    std::vector<std::string> keywords; ///< sentences with these are on topic
    std::vector<std::string> titles;
    std::vector<std::string> own_sentences;
};

std::vector<WorkingGroup> working_groups() {
    return {
        {"COP",
         "",
         2004,
         0.30,
         {"criminalité transnationale organisée", "criminalité organisée",
          "Conférence des Parties"},
         {"Examen de l'application de la Convention des Nations Unies contre la criminalité "
          "transnationale organisée",
          "Mécanisme d'examen de l'application de la Convention et des Protocoles s'y rapportant",
          "Questions financières et budgétaires", "Adoption du rapport de la Conférence",
          "Rapport de la Conférence des Parties sur les travaux de sa session"},
         {"La Conférence des Parties a examiné l'état de l'application de la Convention des "
          "Nations Unies contre la criminalité transnationale organisée.",
          "Le mécanisme d'examen de l'application de la Convention et des Protocoles s'y "
          "rapportant est entré dans sa phase de dialogue constructif.",
          "Les États parties ont été invités à communiquer au Secrétariat les informations "
          "relatives à leur législation nationale."}},
        {"WG.2",
         "Groupe de travail sur l'assistance technique",
         2006,
         0.12,
         {"assistance technique", "renforcement des capacités"},
         {"Assistance technique",
          "Activités d'assistance technique menées par l'Office des Nations Unies contre la drogue "
          "et le crime",
          "Renforcement des capacités des autorités nationales"},
         {"Le Groupe de travail sur l'assistance technique a recommandé de renforcer les capacités "
          "des autorités nationales.",
          "Les activités d'assistance technique devraient répondre aux besoins recensés par les "
          "États demandeurs.",
          "L'Office a fourni une assistance technique législative à plusieurs États parties."}},
        {"WG.3",
         "Groupe de travail sur la coopération internationale",
         2008,
         0.15,
         {"coopération internationale", "entraide judiciaire", "extradition"},
         {"Coopération internationale aux fins de confiscation",
          "Entraide judiciaire et extradition", "Coopération internationale en matière pénale"},
         {"Le Groupe de travail sur la coopération internationale a examiné les obstacles à "
          "l'entraide judiciaire.",
          "Les demandes d'extradition et d'entraide judiciaire devraient être transmises par les "
          "autorités centrales.",
          "La coopération internationale aux fins de confiscation du produit du crime reste "
          "insuffisante."}},
        {"WG.4",
         "Groupe de travail sur la traite des personnes",
         2009,
         0.18,
         {"traite des personnes", "traite des êtres humains", "victimes de la traite"},
         {"Protocole visant à prévenir, réprimer et punir la traite des personnes, en particulier "
          "des femmes et des enfants",
          "Mesures de prévention de la criminalité relatives à la traite des personnes",
          "Protection et assistance aux victimes de la traite des personnes"},
         {"Le Groupe de travail sur la traite des personnes a souligné l'importance d'une approche "
          "centrée sur les victimes.",
          "Les victimes de la traite des personnes devraient bénéficier d'une assistance et d'une "
          "protection appropriées.",
          "La traite des êtres humains à des fins d'exploitation sexuelle et de travail forcé "
          "demeure préoccupante."}},
        {"WG.6",
         "Groupe de travail sur les armes à feu",
         2014,
         0.10,
         {"armes à feu", "munitions", "armes légères"},
         {"Protocole contre la fabrication et le trafic illicites d'armes à feu, de leurs pièces, "
          "éléments et munitions",
          "Marquage et traçage des armes à feu", "Trafic illicite d'armes à feu"},
         {"Le Groupe de travail sur les armes à feu a examiné les mesures de marquage et "
          "d'enregistrement des armes.",
          "La fabrication et le trafic illicites d'armes à feu, de leurs pièces, éléments et "
          "munitions alimentent la violence armée.",
          "Les États ont été encouragés à établir des registres nationaux des armes à feu et à en "
          "assurer le traçage."}},
        {"WG.7",
         "Groupe de travail sur le trafic illicite de migrants",
         2012,
         0.15,
         {"migrants", "migration"},
         {"Protocole contre le trafic illicite de migrants par terre, air et mer",
          "Trafic illicite de migrants par mer",
          "Poursuites dans les affaires de trafic illicite de migrants"},
         {"Le Groupe de travail sur le trafic illicite de migrants a examiné les moyens de "
          "renforcer les poursuites.",
          "Le trafic illicite de migrants par mer met en danger la vie des personnes migrantes.",
          "Les passeurs ont adapté leurs modes opératoires aux restrictions des déplacements."}},
    };
}

const std::array<const char*, 12> months = {"janvier",   "février", "mars",     "avril",
                                            "mai",       "juin",    "juillet",  "août",
                                            "septembre", "octobre", "novembre", "décembre"};
const std::array<const char*, 13> ordinals = {
    "",         "Première", "Deuxième", "Troisième", "Quatrième", "Cinquième", "Sixième",
    "Septième", "Huitième", "Neuvième", "Dixième",   "Onzième",   "Douzième"};
/// COP sessions by year.
const std::map<int, int> cop_sessions = {{2004, 1}, {2005, 2},  {2006, 3},  {2008, 4},
                                         {2010, 5}, {2012, 6},  {2014, 7},  {2016, 8},
                                         {2018, 9}, {2020, 10}, {2022, 11}, {2024, 12}};

int days_in(int month) {
    return month == 2 ? 28 : (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
}

std::string french_date(int day, int month, int year, bool markdown) {
    std::string d = day == 1 ? (markdown ? "1^{er}" : "1er") : std::to_string(day);
    return d + " " + months[static_cast<std::size_t>(month - 1)] + " " + std::to_string(year);
}

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

struct Config {
    std::size_t docs = 1000;
    std::uint64_t seed = 42;
    std::string out;
    std::string bundled;
    std::string unv;
    std::string dictionary = "/usr/share/dict/french";
};

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
        const std::string nl = markdown ? "  \n" : "\n";
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
        static const std::vector<std::string> types = {
            "Note du Secrétariat", "Note du Secrétariat", "Rapport du Secrétariat",
            "Document d'information établi par le Secrétariat"};
        out += (markdown ? "### " : "") + m_rng.pick(types) + "\n\n";

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
        if (!t.symbol.empty())
            m_symbols.push_back(t.symbol);
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

/// Writes the "text" of each JSON Lines record as out/docs/NNNN/NNNNNNN.txt (record number,
/// 0-based), so that omindex and ctoc-index index the same passages as separate files.
std::size_t export_json_lines(const std::string& file, const fs::path& out) {
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error(file + ": cannot read");
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        const json::Value v = json::parse(line);
        const json::Value* text = json::find(v, "text");
        char dir[32], name[48];
        std::snprintf(dir, sizeof dir, "%04zu", n / 1000);
        std::snprintf(name, sizeof name, "%07zu.txt", n);
        ++n;
        if (!text || !text->is_string())
            continue;
        fs::create_directories(out / "docs" / dir);
        std::ofstream f(out / "docs" / dir / name, std::ios::binary);
        f << text->get_ref<const std::string&>();
    }
    return n;
}

} // namespace

int main(int argc, char** argv) {
    Config config;
    std::string export_jsonl;
    config.bundled = CTOC_BUNDLED_CORPUS_DIR;
    config.unv = CTOC_UNV_JSONL;
    po::options_description options(
        "Usage: ctoc-bench-generate --out DIR [--docs N] [--seed S]\n"
        "Writes a deterministic corpus of CTOC/COP-like French documents "
        "(DIR/docs/NNNN/NNNNNNN.txt,\n"
        "at most 1000 files a directory) and beside it DIR/ground_truth.jsonl (file relative to\n"
        "DIR/docs, planted citations, body, date).\n\nOptions");
    options.add_options()("help,h", "print this help and exit")(
        "docs,n", po::value(&config.docs), "number of documents (default 1000)")(
        "seed,s", po::value(&config.seed),
        "random seed (default 42); the same seed gives the same bytes")(
        "out,o", po::value(&config.out), "output directory")(
        "bundled", po::value(&config.bundled), "directory of the bundled corpus (sentences)")(
        "unv", po::value(&config.unv), "unv1-fr JSON Lines (sentences; skipped when absent)")(
        "dictionary", po::value(&config.dictionary),
        "word list for the long tail (default /usr/share/dict/french)")(
        "export-jsonl", po::value(&export_jsonl),
        "instead: write each record of this JSON Lines file to DIR/docs/NNNN/NNNNNNN.txt");
    try {
        po::variables_map vm;
        if (!ctoc::bench::parse_command_line(argc, argv, options, vm))
            return 0;
        if (config.out.empty())
            throw po::error("--out is required");
    } catch (const po::error& e) {
        std::cerr << "ctoc-bench-generate: " << e.what() << "\n";
        return 2;
    }
    try {
        const auto start = std::chrono::steady_clock::now();
        if (!export_jsonl.empty()) {
            const std::size_t n = export_json_lines(export_jsonl, config.out);
            std::fprintf(stderr, "ctoc-bench-generate: %zu records of %s written to %s/docs\n", n,
                         export_jsonl.c_str(), config.out.c_str());
            return 0;
        }
        Generator(config).run();
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::fprintf(stderr, "ctoc-bench-generate: %zu documents in %s in %.1f s\n", config.docs,
                     config.out.c_str(), s);
    } catch (const std::exception& e) {
        std::cerr << "ctoc-bench-generate: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
