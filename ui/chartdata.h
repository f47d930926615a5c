#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <QString>

#include "billing/clinicalalerts.h"
#include "store/records.h"

// What the vitals chart draws, independent of the charting library: the kinds, their
// display units, the readings as plain sorted arrays, and the alert guides. QtCore only.
namespace vd::ui {

enum class VitalKind
{
    BloodPressure,
    HeartRate,
    Weight,
    Glucose,
    SpO2,
    Temperature
};
inline constexpr std::size_t kVitalKindCount = 6;
inline constexpr std::array<VitalKind, kVitalKindCount> kVitalKinds = {
    VitalKind::BloodPressure, VitalKind::HeartRate, VitalKind::Weight,
    VitalKind::Glucose,       VitalKind::SpO2,      VitalKind::Temperature};

inline std::size_t indexOf(VitalKind kind)
{
    return static_cast<std::size_t>(kind);
}

// The store's reading kind ("bp", "heart_rate", ...).
QString storeKind(VitalKind kind);
std::optional<VitalKind> vitalKindFromStore(QStringView kind);

// Display units are what US nurses read: weight in lb and temperature in °F; the store
// keeps kg and Cel. Blood pressure, heart rate, glucose and SpO2 are shown as stored.
double toDisplayUnit(VitalKind kind, double canonical);
QString displayUnit(VitalKind kind); // "mmHg", "bpm", "lb", "mg/dL", "%", "°F"
int displayDecimals(VitalKind kind);
// "128/82 mmHg", "72 bpm", "182.4 lb" (values already in display units).
QString formatValue(VitalKind kind, double value1, std::optional<double> value2 = std::nullopt);

// Per-point flags.
enum PointFlag : std::uint8_t
{
    ManualEntry = 0x1,  // typed in by hand (source "manual")
    PrimaryOut = 0x2,   // value1 (systolic, heart rate, ...) raises an alert
    SecondaryOut = 0x4, // value2 (diastolic) raises an alert
};
inline constexpr std::uint8_t kOutOfRange = PrimaryOut | SecondaryOut;

// Which values of a reading lie outside the patient's alert limits. The same comparisons
// as billing::checkReading() (tests hold the two together), without building the alert's
// text, so a year of per-minute readings is classified in a few milliseconds.
std::uint8_t outOfRangeFlags(VitalKind kind, double value1, std::optional<double> value2,
                             const billing::AlertThresholds &limits);

// One kind's readings as plain arrays sorted by time, values in display units.
struct VitalSeries
{
    std::vector<double> x;  // UTC epoch milliseconds
    std::vector<double> y1; // systolic, or the value
    std::vector<double> y2; // diastolic; empty for other kinds
    std::vector<std::uint8_t> flags;

    std::size_t size() const { return x.size(); }
    bool empty() const { return x.empty(); }
    bool hasSecondary() const { return !y2.empty(); }
    void clear();
    void reserve(std::size_t n, bool secondary);
    // Indices [first, last) of the points with fromMs <= x <= toMs.
    std::pair<std::size_t, std::size_t> indexRange(double fromMs, double toMs) const;
    // Smallest and largest value (both series) in [first, last); nullopt when empty.
    std::optional<std::pair<double, double>> valueRange(std::size_t first, std::size_t last) const;
};

// Splits readings by kind (non-charted kinds are skipped), converting to display units and
// flagging manual and out-of-range readings. Readings need not be sorted.
std::array<VitalSeries, kVitalKindCount> buildVitalSeries(const std::vector<Reading> &readings,
                                                          const billing::AlertThresholds &limits);

// Alert limits drawn on the chart, in display units.
struct AlertBand
{
    double low = 0;  // -infinity: down to the axis
    double high = 0; // +infinity: up to the axis
    bool critical = false;
    QString label; // legend text, e.g. "Systolic > 180"
};
struct AlertLine
{
    double value = 0;
    QString label; // "Diastolic > 120"
};
struct AlertGuides
{
    std::vector<AlertBand> bands;
    std::vector<AlertLine> lines;
};
AlertGuides alertGuides(VitalKind kind, const billing::AlertThresholds &limits);

// A y axis that shows the values, the alert limits and some air, on round numbers.
struct ValueAxisRange
{
    double min = 0;
    double max = 0;
    int tickCount = 2;
    int decimals = 0; // for the labels
};
ValueAxisRange valueAxisRange(VitalKind kind, std::optional<std::pair<double, double>> values,
                              const AlertGuides &guides);

} // namespace vd::ui
