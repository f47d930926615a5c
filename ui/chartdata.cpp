#include "chartdata.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <QCoreApplication>
#include <QLocale>

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr double kPoundsPerKilogram = 2.20462262185;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Applies a permutation (sorted order) to one array.
template<typename T>
void permute(std::vector<T> &values, const std::vector<std::size_t> &order)
{
    if (values.empty())
        return;
    std::vector<T> sorted(values.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        sorted[i] = values[order[i]];
    values.swap(sorted);
}

void sortByTime(VitalSeries &s)
{
    if (std::is_sorted(s.x.begin(), s.x.end()))
        return;
    std::vector<std::size_t> order(s.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&s](std::size_t a, std::size_t b) { return s.x[a] < s.x[b]; });
    permute(s.x, order);
    permute(s.y1, order);
    permute(s.y2, order);
    permute(s.flags, order);
}

// Padding a y axis needs at least, in display units.
double minimumPadding(VitalKind kind)
{
    switch (kind) {
    case VitalKind::BloodPressure:
        return 10;
    case VitalKind::HeartRate:
        return 5;
    case VitalKind::Weight:
        return 5;
    case VitalKind::Glucose:
        return 10;
    case VitalKind::SpO2:
        return 2;
    case VitalKind::Temperature:
        return 1;
    }
    return 1;
}

std::pair<double, double> defaultValues(VitalKind kind)
{
    switch (kind) {
    case VitalKind::BloodPressure:
        return {60, 160};
    case VitalKind::HeartRate:
        return {50, 100};
    case VitalKind::Weight:
        return {120, 220};
    case VitalKind::Glucose:
        return {70, 180};
    case VitalKind::SpO2:
        return {90, 100};
    case VitalKind::Temperature:
        return {96.8, 99.5};
    }
    return {0, 1};
}

} // namespace

QString storeKind(VitalKind kind)
{
    switch (kind) {
    case VitalKind::BloodPressure:
        return u"bp"_s;
    case VitalKind::HeartRate:
        return u"heart_rate"_s;
    case VitalKind::Weight:
        return u"weight"_s;
    case VitalKind::Glucose:
        return u"glucose"_s;
    case VitalKind::SpO2:
        return u"spo2"_s;
    case VitalKind::Temperature:
        return u"temperature"_s;
    }
    return {};
}

std::optional<VitalKind> vitalKindFromStore(QStringView kind)
{
    // Called for every reading of a year of per-minute data: one comparison, by length.
    static constexpr QStringView bp = u"bp";
    static constexpr QStringView heartRate = u"heart_rate";
    static constexpr QStringView weight = u"weight";
    static constexpr QStringView glucose = u"glucose";
    static constexpr QStringView spo2 = u"spo2";
    static constexpr QStringView temperature = u"temperature";
    const auto is = [kind](QStringView name) {
        return std::equal(kind.begin(), kind.end(), name.begin(), name.end());
    };
    switch (kind.size()) {
    case bp.size():
        return is(bp) ? std::optional(VitalKind::BloodPressure) : std::nullopt;
    case heartRate.size():
        return is(heartRate) ? std::optional(VitalKind::HeartRate) : std::nullopt;
    case weight.size():
        return is(weight) ? std::optional(VitalKind::Weight) : std::nullopt;
    case glucose.size():
        return is(glucose) ? std::optional(VitalKind::Glucose) : std::nullopt;
    case spo2.size():
        return is(spo2) ? std::optional(VitalKind::SpO2) : std::nullopt;
    case temperature.size():
        return is(temperature) ? std::optional(VitalKind::Temperature) : std::nullopt;
    default:
        return std::nullopt;
    }
}

double toDisplayUnit(VitalKind kind, double canonical)
{
    switch (kind) {
    case VitalKind::Weight:
        return canonical * kPoundsPerKilogram;
    case VitalKind::Temperature:
        return canonical * 9.0 / 5.0 + 32.0;
    default:
        return canonical;
    }
}

QString displayUnit(VitalKind kind)
{
    switch (kind) {
    case VitalKind::BloodPressure:
        return u"mmHg"_s;
    case VitalKind::HeartRate:
        return u"bpm"_s;
    case VitalKind::Weight:
        return u"lb"_s;
    case VitalKind::Glucose:
        return u"mg/dL"_s;
    case VitalKind::SpO2:
        return u"%"_s;
    case VitalKind::Temperature:
        return u"°F"_s;
    }
    return {};
}

int displayDecimals(VitalKind kind)
{
    return kind == VitalKind::Weight || kind == VitalKind::Temperature ? 1 : 0;
}

QString formatValue(VitalKind kind, double value1, std::optional<double> value2)
{
    const QLocale locale;
    const int decimals = displayDecimals(kind);
    QString text = locale.toString(value1, 'f', decimals);
    if (value2 && !std::isnan(*value2))
        text += u'/' + locale.toString(*value2, 'f', decimals);
    return text + u' ' + displayUnit(kind);
}

std::uint8_t outOfRangeFlags(VitalKind kind, double v1, std::optional<double> v2,
                             const billing::AlertThresholds &t)
{
    // Keep in step with billing::checkReading(); tst_vitalschart compares the two.
    switch (kind) {
    case VitalKind::BloodPressure: {
        std::uint8_t flags = 0;
        if (v1 > t.systolicHigh)
            flags |= PrimaryOut;
        if (v2.value_or(0) > t.diastolicHigh)
            flags |= SecondaryOut;
        return flags;
    }
    case VitalKind::Glucose:
        return v1 <= t.glucoseLow || v1 > t.glucoseHigh ? PrimaryOut : 0;
    case VitalKind::SpO2:
        return v1 < t.spo2Low ? PrimaryOut : 0;
    case VitalKind::HeartRate:
        return v1 < t.heartRateLow || v1 > t.heartRateHigh ? PrimaryOut : 0;
    case VitalKind::Weight:
    case VitalKind::Temperature:
        return 0;
    }
    return 0;
}

void VitalSeries::clear()
{
    x.clear();
    y1.clear();
    y2.clear();
    flags.clear();
}

void VitalSeries::reserve(std::size_t n, bool secondary)
{
    x.reserve(n);
    y1.reserve(n);
    if (secondary)
        y2.reserve(n);
    flags.reserve(n);
}

std::pair<std::size_t, std::size_t> VitalSeries::indexRange(double fromMs, double toMs) const
{
    const auto first = std::lower_bound(x.begin(), x.end(), fromMs);
    const auto last = std::upper_bound(first, x.end(), toMs);
    return {std::size_t(first - x.begin()), std::size_t(last - x.begin())};
}

std::optional<std::pair<double, double>> VitalSeries::valueRange(std::size_t first,
                                                                 std::size_t last) const
{
    double lo = kInf;
    double hi = -kInf;
    const auto scan = [&](const std::vector<double> &ys) {
        for (std::size_t i = first; i < last && i < ys.size(); ++i) {
            const double v = ys[i];
            if (v < lo)
                lo = v;
            if (v > hi)
                hi = v; // NaN fails both comparisons
        }
    };
    scan(y1);
    scan(y2);
    if (lo > hi)
        return std::nullopt;
    return std::make_pair(lo, hi);
}

std::array<VitalSeries, kVitalKindCount> buildVitalSeries(const std::vector<Reading> &readings,
                                                          const billing::AlertThresholds &limits)
{
    std::array<VitalSeries, kVitalKindCount> out;
    std::vector<std::int8_t> kinds(readings.size(), -1);
    std::array<std::size_t, kVitalKindCount> counts{};
    for (std::size_t i = 0; i < readings.size(); ++i) {
        if (const auto kind = vitalKindFromStore(readings[i].kind)) {
            kinds[i] = static_cast<std::int8_t>(indexOf(*kind));
            ++counts[indexOf(*kind)];
        }
    }
    for (VitalKind kind : kVitalKinds)
        out[indexOf(kind)].reserve(counts[indexOf(kind)], kind == VitalKind::BloodPressure);

    for (std::size_t i = 0; i < readings.size(); ++i) {
        if (kinds[i] < 0)
            continue;
        const Reading &r = readings[i];
        const auto kind = static_cast<VitalKind>(kinds[i]);
        VitalSeries &s = out[std::size_t(kinds[i])];
        std::uint8_t flags = outOfRangeFlags(kind, r.value1, r.value2, limits);
        static constexpr QStringView manual = u"manual";
        if (std::equal(r.source.begin(), r.source.end(), manual.begin(), manual.end()))
            flags |= ManualEntry;
        s.x.push_back(double(r.takenAtMs));
        s.y1.push_back(toDisplayUnit(kind, r.value1));
        if (kind == VitalKind::BloodPressure)
            s.y2.push_back(r.value2 ? toDisplayUnit(kind, *r.value2) : kNaN);
        s.flags.push_back(flags);
    }
    for (VitalSeries &s : out)
        sortByTime(s);
    return out;
}

AlertGuides alertGuides(VitalKind kind, const billing::AlertThresholds &t)
{
    const QLocale locale;
    const auto n = [&locale](double v) { return locale.toString(v, 'f', 0); };
    AlertGuides g;
    switch (kind) {
    case VitalKind::BloodPressure:
        g.bands.push_back({t.systolicHigh, kInf, true,
                           QCoreApplication::translate("vd::ui::VitalsChart", "Systolic > %1")
                               .arg(n(t.systolicHigh))});
        g.lines.push_back(
            {t.diastolicHigh, QCoreApplication::translate("vd::ui::VitalsChart", "Diastolic > %1")
                                  .arg(n(t.diastolicHigh))});
        break;
    case VitalKind::HeartRate: {
        const QString label = QCoreApplication::translate("vd::ui::VitalsChart", "< %1 or > %2 bpm")
                                  .arg(n(t.heartRateLow), n(t.heartRateHigh));
        g.bands.push_back({-kInf, t.heartRateLow, false, label});
        g.bands.push_back({t.heartRateHigh, kInf, false, label});
        break;
    }
    case VitalKind::Glucose: {
        const QString label =
            QCoreApplication::translate("vd::ui::VitalsChart", "≤ %1 or > %2 mg/dL")
                .arg(n(t.glucoseLow), n(t.glucoseHigh));
        g.bands.push_back({-kInf, t.glucoseLow, false, label});
        g.bands.push_back({t.glucoseHigh, kInf, false, label});
        g.bands.push_back({-kInf, t.glucoseVeryLow, true,
                           QCoreApplication::translate("vd::ui::VitalsChart", "< %1 mg/dL")
                               .arg(n(t.glucoseVeryLow))});
        break;
    }
    case VitalKind::SpO2:
        g.bands.push_back(
            {-kInf, t.spo2Low, true,
             QCoreApplication::translate("vd::ui::VitalsChart", "< %1 %").arg(n(t.spo2Low))});
        break;
    case VitalKind::Weight:
    case VitalKind::Temperature:
        // Weight alerts are about gain over days, temperature has no limit of its own.
        break;
    }
    return g;
}

ValueAxisRange valueAxisRange(VitalKind kind, std::optional<std::pair<double, double>> values,
                              const AlertGuides &guides)
{
    auto [lo, hi] = values.value_or(defaultValues(kind));
    for (const AlertBand &b : guides.bands) {
        for (double edge : {b.low, b.high}) {
            if (std::isfinite(edge)) {
                lo = std::min(lo, edge);
                hi = std::max(hi, edge);
            }
        }
    }
    for (const AlertLine &l : guides.lines) {
        lo = std::min(lo, l.value);
        hi = std::max(hi, l.value);
    }
    const double pad = std::max((hi - lo) * 0.08, minimumPadding(kind));
    lo -= pad;
    hi += pad;
    if (kind == VitalKind::SpO2)
        hi = std::min(hi, 100.0);
    lo = std::max(lo, 0.0);

    // Round numbers: a step of 1, 2 or 5 times a power of ten, about six intervals.
    const double raw = (hi - lo) / 6.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normalized = raw / magnitude;
    const double step = (normalized < 1.5 ? 1
                         : normalized < 3 ? 2
                         : normalized < 7 ? 5
                                          : 10) *
                        magnitude;
    ValueAxisRange r;
    r.min = std::floor(lo / step + 1e-9) * step;
    r.max = std::ceil(hi / step - 1e-9) * step;
    r.tickCount = int(std::lround((r.max - r.min) / step)) + 1;
    r.decimals = step < 1 ? 1 : 0;
    return r;
}

} // namespace vd::ui
