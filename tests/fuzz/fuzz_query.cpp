// libFuzzer target: the query parser, against a small real index so expansions run.
#include <ctoc/index/document_builder.h>
#include <ctoc/search/query_parser.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

Xapian::WritableDatabase& database() {
    static Xapian::WritableDatabase db = [] {
        // A real glass database, as the searcher meets it.
        char dir[] = "/tmp/ctoc-fuzz-query-XXXXXX";
        if (::mkdtemp(dir) == nullptr)
            std::abort();
        Xapian::WritableDatabase d(std::string(dir) + "/db", Xapian::DB_CREATE_OR_OVERWRITE);
        ctoc::index::DocumentBuilder builder;
        const char* texts[] = {
            "Dans sa résolution 7/1, la Conférence des Parties (CTOC/COP/2014/1).",
            "La criminalité et la traite des personnes; les États et l'œuvre du Groupe."};
        for (const char* t : texts) {
            ctoc::corpus::Record record;
            record.id = record.path = t;
            record.text = t;
            d.add_document(builder.build(record).xdoc);
        }
        ctoc::index::store_variants(d, builder.take_variants());
        d.commit();
        return d;
    }();
    return db;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 4096)
        return 0;
    ctoc::search::QueryParser parser(database());
    try {
        const auto parsed = parser.parse(std::string(reinterpret_cast<const char*>(data), size));
        Xapian::Enquire enquire(database());
        enquire.set_query(parsed.query);
        enquire.get_mset(0, 10);
    } catch (const ctoc::search::QueryError&) {
        // Refusing a malformed query is the expected outcome.
    }
    return 0;
}
