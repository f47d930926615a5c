#include "ingest/measurement.h"

#include <array>
#include <cmath>

#include "ingest/guard_p.h"

using namespace Qt::Literals::StringLiterals;

namespace vd::ingest {

namespace {

constexpr std::array kindNames{"bp",   "heart_rate",  "weight",          "glucose",
                               "spo2", "temperature", "respiratory_rate"};
constexpr std::array canonicalUnits{"mm[Hg]", "/min", "kg", "mg/dL", "%", "Cel"};

// clang-format off
constexpr LoincMapping loincRows[] = {
    {"85354-9", CodeRole::BloodPressurePanel, Kind::BloodPressure, "Blood pressure panel with all children optional"},
    {"55284-4", CodeRole::BloodPressurePanel, Kind::BloodPressure, "Blood pressure systolic and diastolic"},
    {"35094-2", CodeRole::BloodPressurePanel, Kind::BloodPressure, "Blood pressure panel"},
    {"8480-6",  CodeRole::Systolic,           Kind::BloodPressure, "Systolic blood pressure"},
    {"8462-4",  CodeRole::Diastolic,          Kind::BloodPressure, "Diastolic blood pressure"},
    {"8867-4",  CodeRole::Single, Kind::HeartRate,       "Heart rate"},
    {"8889-8",  CodeRole::Single, Kind::HeartRate,       "Heart rate by Pulse oximetry"},
    {"29463-7", CodeRole::Single, Kind::Weight,          "Body weight"},
    {"3141-9",  CodeRole::Single, Kind::Weight,          "Body weight Measured"},
    {"2708-6",  CodeRole::Single, Kind::SpO2,            "Oxygen saturation in Arterial blood"},
    {"59408-5", CodeRole::Single, Kind::SpO2,            "Oxygen saturation in Arterial blood by Pulse oximetry"},
    {"8310-5",  CodeRole::Single, Kind::Temperature,     "Body temperature"},
    {"8331-1",  CodeRole::Single, Kind::Temperature,     "Oral temperature"},
    {"8328-7",  CodeRole::Single, Kind::Temperature,     "Axillary temperature"},
    {"8332-9",  CodeRole::Single, Kind::Temperature,     "Rectal temperature"},
    {"8333-7",  CodeRole::Single, Kind::Temperature,     "Tympanic membrane temperature"},
    {"9279-1",  CodeRole::Single, Kind::RespiratoryRate, "Respiratory rate"},
    {"41653-7", CodeRole::Single, Kind::Glucose,         "Glucose [Mass/volume] in Capillary blood by Glucometer"},
    {"2339-0",  CodeRole::Single, Kind::Glucose,         "Glucose [Mass/volume] in Blood"},
    {"2345-7",  CodeRole::Single, Kind::Glucose,         "Glucose [Mass/volume] in Serum or Plasma"},
    {"32016-8", CodeRole::Single, Kind::Glucose,         "Glucose [Mass/volume] in Capillary blood"},
    {"15074-8", CodeRole::Single, Kind::Glucose,         "Glucose [Moles/volume] in Blood"},
    {"14749-6", CodeRole::Single, Kind::Glucose,         "Glucose [Moles/volume] in Serum or Plasma"},
};
// clang-format on

constexpr double lbToKg = 0.45359237;
// 1 mmol/L of glucose (C6H12O6, 180.16 g/mol) = 18.016 mg/dL.
constexpr double glucoseMmolToMg = 18.016;
constexpr double fToCFactor = 5.0 / 9.0;
constexpr double fToCOffset = -32.0 * 5.0 / 9.0;

// clang-format off
constexpr UnitConversion unitRows[] = {
    {Kind::BloodPressure,   "mm[Hg]",        1, 0},
    {Kind::BloodPressure,   "mmHg",          1, 0},
    {Kind::HeartRate,       "/min",          1, 0},
    {Kind::HeartRate,       "{beats}/min",   1, 0},
    {Kind::HeartRate,       "{beat}/min",    1, 0},
    {Kind::HeartRate,       "1/min",         1, 0},
    {Kind::HeartRate,       "beats/min",     1, 0},
    {Kind::HeartRate,       "bpm",           1, 0},
    {Kind::RespiratoryRate, "/min",          1, 0},
    {Kind::RespiratoryRate, "{breaths}/min", 1, 0},
    {Kind::RespiratoryRate, "{breath}/min",  1, 0},
    {Kind::RespiratoryRate, "1/min",         1, 0},
    {Kind::RespiratoryRate, "breaths/min",   1, 0},
    {Kind::Weight,          "kg",            1, 0},
    {Kind::Weight,          "g",             0.001, 0},
    {Kind::Weight,          "[lb_av]",       lbToKg, 0},
    {Kind::Weight,          "lb",            lbToKg, 0},
    {Kind::Weight,          "lbs",           lbToKg, 0},
    {Kind::Glucose,         "mg/dL",         1, 0},
    {Kind::Glucose,         "mmol/L",        glucoseMmolToMg, 0},
    {Kind::SpO2,            "%",             1, 0},
    {Kind::Temperature,     "Cel",           1, 0},
    {Kind::Temperature,     "[degF]",        fToCFactor, fToCOffset},
    {Kind::Temperature,     "degC",          1, 0},
    {Kind::Temperature,     "degF",          fToCFactor, fToCOffset},
    {Kind::Temperature,     "\xC2\xB0" "C",  1, 0},
    {Kind::Temperature,     "\xC2\xB0" "F",  fToCFactor, fToCOffset},
    {Kind::Temperature,     "C",             1, 0},
    {Kind::Temperature,     "F",             fToCFactor, fToCOffset},
};
// clang-format on

// clang-format off
constexpr PlausibleRange rangeRows[] = {
    {Kind::BloodPressure,   Measure::Primary,   "systolic",         40,  300},
    {Kind::BloodPressure,   Measure::Diastolic, "diastolic",        20,  200},
    {Kind::HeartRate,       Measure::Primary,   "heart rate",       20,  300},
    {Kind::Weight,          Measure::Primary,   "weight",           1,   650},
    {Kind::Glucose,         Measure::Primary,   "glucose",          10,  1500},
    {Kind::SpO2,            Measure::Primary,   "SpO2",             40,  100},
    {Kind::Temperature,     Measure::Primary,   "temperature",      25,  45},
    {Kind::RespiratoryRate, Measure::Primary,   "respiratory rate", 2,   80},
};
// clang-format on

char asciiLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && isBlank(v.front()))
        v = v.sliced(1);
    while (!v.isEmpty() && isBlank(v.back()))
        v.chop(1);
    return v;
}

bool equalsIgnoreCase(QByteArrayView a, const char *b)
{
    const QByteArrayView bv(b);
    if (a.size() != bv.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (asciiLower(a[i]) != asciiLower(bv[i]))
            return false;
    }
    return true;
}

bool equalsExact(QByteArrayView a, const char *b)
{
    return a == QByteArrayView(b);
}

bool equalsExact(QStringView a, const char *b)
{
    return a == QLatin1StringView(b);
}

template<typename View>
const LoincMapping *findLoincImpl(View code)
{
    for (const LoincMapping &row : loincRows) {
        if (equalsExact(code, row.code))
            return &row;
    }
    return nullptr;
}

QString formatNumber(double v)
{
    return QString::number(v, 'g', 6);
}

} // namespace

QString kindName(Kind kind)
{
    return QLatin1StringView(kindNames[static_cast<std::size_t>(kind)]);
}

QString canonicalUnit(Kind kind)
{
    switch (kind) {
    case Kind::BloodPressure:
        return QLatin1StringView(canonicalUnits[0]);
    case Kind::HeartRate:
    case Kind::RespiratoryRate:
        return QLatin1StringView(canonicalUnits[1]);
    case Kind::Weight:
        return QLatin1StringView(canonicalUnits[2]);
    case Kind::Glucose:
        return QLatin1StringView(canonicalUnits[3]);
    case Kind::SpO2:
        return QLatin1StringView(canonicalUnits[4]);
    case Kind::Temperature:
        return QLatin1StringView(canonicalUnits[5]);
    }
    return {};
}

std::optional<Kind> kindFromName(QByteArrayView name)
{
    name = trimmed(name);
    for (std::size_t i = 0; i < kindNames.size(); ++i) {
        if (equalsIgnoreCase(name, kindNames[i]))
            return static_cast<Kind>(i);
    }
    return std::nullopt;
}

std::span<const LoincMapping> loincTable()
{
    return loincRows;
}

const LoincMapping *findLoinc(QStringView code)
{
    return findLoincImpl(code.trimmed());
}

const LoincMapping *findLoinc(QByteArrayView code)
{
    return findLoincImpl(trimmed(code));
}

std::span<const UnitConversion> unitTable()
{
    return unitRows;
}

std::optional<double> toCanonical(Kind kind, QByteArrayView unit, double value)
{
    unit = trimmed(unit);
    const UnitConversion *match = nullptr;
    for (const UnitConversion &row : unitRows) {
        if (row.kind == kind && equalsExact(unit, row.unit)) {
            match = &row;
            break;
        }
    }
    for (const UnitConversion &row : unitRows) {
        if (match)
            break;
        if (row.kind == kind && equalsIgnoreCase(unit, row.unit))
            match = &row;
    }
    if (!match)
        return std::nullopt;
    return value * match->factor + match->offset;
}

std::optional<double> toCanonical(Kind kind, QStringView unit, double value)
{
    // Units are short and nearly always ASCII: convert on the stack.
    std::array<char, 32> buf{};
    if (unit.size() <= qsizetype(buf.size())) {
        bool ascii = true;
        for (qsizetype i = 0; i < unit.size() && ascii; ++i) {
            const char16_t ch = unit[i].unicode();
            ascii = ch < 0x80;
            buf[std::size_t(i)] = char(ch);
        }
        if (ascii)
            return toCanonical(kind, QByteArrayView(buf.data(), unit.size()), value);
    }
    const QByteArray utf8 = unit.toUtf8();
    return toCanonical(kind, QByteArrayView(utf8), value);
}

bool hasSingleUnit(Kind kind)
{
    return kind == Kind::BloodPressure || kind == Kind::HeartRate || kind == Kind::SpO2 ||
           kind == Kind::RespiratoryRate;
}

std::span<const PlausibleRange> plausibleRanges()
{
    return rangeRows;
}

const PlausibleRange &plausibleRange(Kind kind, Measure measure)
{
    for (const PlausibleRange &row : rangeRows) {
        if (row.kind == kind && row.measure == measure)
            return row;
    }
    return rangeRows[0]; // unreachable: every kind has a Primary row, bp a Diastolic one
}

QString checkPlausible(Kind kind, double value1, std::optional<double> value2)
{
    const auto outside = [](const PlausibleRange &r, double v) -> QString {
        if (std::isfinite(v) && v >= r.min && v <= r.max)
            return {};
        return QLatin1StringView(r.label) + u' ' + formatNumber(v) + u' ' + canonicalUnit(r.kind) +
               u" is outside the plausible range "_s + formatNumber(r.min) + u'-' +
               formatNumber(r.max);
    };
    if (QString why = outside(plausibleRange(kind), value1); !why.isEmpty())
        return why;
    if (kind != Kind::BloodPressure)
        return {};
    if (!value2)
        return u"blood pressure without a diastolic value"_s;
    if (QString why = outside(plausibleRange(kind, Measure::Diastolic), *value2); !why.isEmpty())
        return why;
    if (*value2 >= value1) {
        return u"diastolic "_s + formatNumber(*value2) + u" is not below systolic "_s +
               formatNumber(value1);
    }
    return {};
}

} // namespace vd::ingest
