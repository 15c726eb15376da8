// Text in another encoding than UTF-8 (UTF-16, Windows-1252), read through ICU's converters.
// A file of its own, so that a program that never converts (ctoc-search, linked with ICU's
// static library) does not link the converters of every encoding ICU knows.
#include <ctoc/analysis/unicode.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/unistr.h>

#include <climits>
#include <cstdint>
#include <memory>
#include <stdexcept>

namespace ctoc::analysis {

std::u16string convert_to_utf16(std::string_view bytes, const char* encoding,
                                std::size_t& replaced) {
    replaced = 0;
    if (bytes.size() > INT32_MAX / 2)
        throw std::runtime_error("text too large to convert");
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(ucnv_open(encoding, &status),
                                                                 ucnv_close);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("unknown encoding ") + encoding);
    // ICU's own callback substitutes; this one also counts what it replaced.
    const auto count = [](const void* context, UConverterToUnicodeArgs* args,
                          const char* code_units, int32_t length, UConverterCallbackReason reason,
                          UErrorCode* error) {
        if (reason <= UCNV_IRREGULAR)
            ++*static_cast<std::size_t*>(const_cast<void*>(context));
        UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, code_units, length, reason, error);
    };
    ucnv_setToUCallBack(converter.get(), count, &replaced, nullptr, nullptr, &status);
    if (U_FAILURE(status))
        throw std::runtime_error(std::string("cannot convert from ") + encoding);
    // One UTF-16 unit a byte at most for the encodings this is used with; the converter says
    // when it needs more (U_BUFFER_OVERFLOW_ERROR, with the length it needs) and it is asked
    // again.
    std::u16string out(bytes.size(), u'\0');
    for (;;) {
        status = U_ZERO_ERROR;
        replaced = 0;
        const int32_t length =
            ucnv_toUChars(converter.get(), out.data(), static_cast<int32_t>(out.size()),
                          bytes.data(), static_cast<int32_t>(bytes.size()), &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            ucnv_reset(converter.get());
            out.assign(static_cast<std::size_t>(length), u'\0');
            continue;
        }
        if (U_FAILURE(status))
            throw std::runtime_error(std::string("cannot convert from ") + encoding + ": " +
                                     u_errorName(status));
        out.resize(static_cast<std::size_t>(length));
        return out;
    }
}

std::string convert_to_utf8(std::string_view bytes, const char* encoding, std::size_t& replaced) {
    const std::u16string units = convert_to_utf16(bytes, encoding, replaced);
    std::string out;
    // A read-only alias of the units, not a copy.
    icu::UnicodeString(false, units.data(), static_cast<int32_t>(units.size())).toUTF8String(out);
    return out;
}

} // namespace ctoc::analysis
