#pragma once

#include <optional>
#include <span>

#include <QByteArrayView>
#include <QString>
#include <QStringView>

// The vocabulary of the readers, kept as data in one place: measurement kinds, the LOINC
// codes that map to them, unit conversions to the canonical unit, and the plausible ranges
// a reading must fall in to be imported.
namespace vd::ingest {

// Physiologic kinds the readers produce. Names and canonical units match vd::Reading
// (core/store/records.h); the technical kinds battery and signal are not read from files.
enum class Kind : quint8
{
    BloodPressure,
    HeartRate,
    Weight,
    Glucose,
    SpO2,
    Temperature,
    RespiratoryRate,
};
inline constexpr int kindCount = 7;

// "bp", "heart_rate", "weight", "glucose", "spo2", "temperature", "respiratory_rate".
QString kindName(Kind kind);
// "mm[Hg]", "/min", "kg", "mg/dL", "%", "Cel" (UCUM codes).
QString canonicalUnit(Kind kind);
// Inverse of kindName(), ASCII case-insensitive, surrounding blanks ignored.
std::optional<Kind> kindFromName(QByteArrayView name);

// What a LOINC code stands for. A blood pressure is either one panel Observation with a
// systolic and a diastolic component, or two separate Observations (one per half).
enum class CodeRole : quint8
{
    Single,             // one value of `kind`
    BloodPressurePanel, // value in components Systolic + Diastolic
    Systolic,
    Diastolic,
};

struct LoincMapping
{
    const char *code;
    CodeRole role;
    Kind kind;
    const char *display;
};

inline constexpr QLatin1StringView loincSystem{"http://loinc.org"};

// Every LOINC code the readers import. Anything else is skipped as "unsupported code".
std::span<const LoincMapping> loincTable();
const LoincMapping *findLoinc(QStringView code);
const LoincMapping *findLoinc(QByteArrayView code);

// unit -> canonical: canonical = value * factor + offset. Matching is ASCII
// case-insensitive; UCUM codes first, common spellings seen in the wild after them.
struct UnitConversion
{
    Kind kind;
    const char *unit; // UTF-8
    double factor;
    double offset;
};

std::span<const UnitConversion> unitTable();
// nullopt when `unit` is not a unit of `kind`.
std::optional<double> toCanonical(Kind kind, QByteArrayView unit, double value);
std::optional<double> toCanonical(Kind kind, QStringView unit, double value);
// True when a value without unit is unambiguous (bp, heart rate, SpO2, respiratory rate).
bool hasSingleUnit(Kind kind);

// Plausible ranges, canonical units, bounds inclusive. A value outside is physiologically
// impossible (or a device/entry error) and the reading is rejected.
enum class Measure : quint8
{
    Primary,  // value1; systolic for bp
    Diastolic // value2 of bp
};

struct PlausibleRange
{
    Kind kind;
    Measure measure;
    const char *label; // "systolic", "heart rate", ...
    double min;
    double max;
};

std::span<const PlausibleRange> plausibleRanges();
const PlausibleRange &plausibleRange(Kind kind, Measure measure = Measure::Primary);

// Empty when plausible, otherwise the reason for rejection, e.g.
// "systolic 400 mm[Hg] is outside the plausible range 40-300".
QString checkPlausible(Kind kind, double value1, std::optional<double> value2);

} // namespace vd::ingest
