#include "rules/facts.h"

#include <array>
#include <utility>

namespace vd::rules {

namespace {

template<typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::pair<std::string_view, Enum>, N> &table,
                           std::string_view text)
{
    for (const auto &[name, value] : table) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

template<typename Enum, std::size_t N>
std::string_view name(const std::array<std::pair<std::string_view, Enum>, N> &table, Enum value)
{
    for (const auto &[n, v] : table) {
        if (v == value)
            return n;
    }
    return {};
}

constexpr std::array<std::pair<std::string_view, ReadingSource>, 2> kSources{{
    {"device", ReadingSource::Device},
    {"manual", ReadingSource::Manual},
}};

constexpr std::array<std::pair<std::string_view, ReadingKind>, 3> kKinds{{
    {"physiologic", ReadingKind::Physiologic},
    {"battery", ReadingKind::Battery},
    {"signal", ReadingKind::Signal},
}};

constexpr std::array<std::pair<std::string_view, ContactMode>, 7> kModes{{
    {"phone", ContactMode::Phone},
    {"video", ContactMode::Video},
    {"sms", ContactMode::Sms},
    {"portal", ContactMode::Portal},
    {"email", ContactMode::Email},
    {"voicemail", ContactMode::Voicemail},
    {"automated", ContactMode::Automated},
}};

constexpr std::array<std::pair<std::string_view, Counterpart>, 2> kCounterparts{{
    {"patient", Counterpart::Patient},
    {"caregiver", Counterpart::Caregiver},
}};

} // namespace

std::optional<ReadingSource> parseReadingSource(std::string_view text)
{
    return lookup(kSources, text);
}

std::optional<ReadingKind> parseReadingKind(std::string_view text)
{
    return lookup(kKinds, text);
}

std::optional<ContactMode> parseContactMode(std::string_view text)
{
    return lookup(kModes, text);
}

std::optional<Counterpart> parseCounterpart(std::string_view text)
{
    return lookup(kCounterparts, text);
}

std::string_view toString(ReadingSource value)
{
    return name(kSources, value);
}

std::string_view toString(ReadingKind value)
{
    return name(kKinds, value);
}

std::string_view toString(ContactMode value)
{
    return name(kModes, value);
}

std::string_view toString(Counterpart value)
{
    return name(kCounterparts, value);
}

} // namespace vd::rules
