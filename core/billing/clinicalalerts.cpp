#include "clinicalalerts.h"

namespace vd::billing {
using namespace Qt::Literals::StringLiterals;

AlertThresholds AlertThresholds::forConditions(const QStringList &icd10)
{
    AlertThresholds t;
    for (const QString &code : icd10) {
        if (code.startsWith(u"J44"_s)) // COPD: a lower SpO2 target
            t.spo2Low = 88;
    }
    return t;
}

std::optional<ReadingAlert> checkReading(const Reading &r, const AlertThresholds &t)
{
    const auto alert = [](AlertSeverity s, QString why) {
        return std::optional<ReadingAlert>(ReadingAlert{s, std::move(why)});
    };
    const QString v1 = QString::number(r.value1, 'f', r.kind == u"weight"_s ? 1 : 0);
    if (r.kind == u"bp"_s) {
        const double dia = r.value2.value_or(0);
        if (r.value1 > t.systolicHigh || dia > t.diastolicHigh)
            return alert(AlertSeverity::Critical,
                         u"blood pressure %1/%2 mm[Hg] above %3/%4"_s.arg(v1)
                             .arg(dia, 0, 'f', 0)
                             .arg(t.systolicHigh)
                             .arg(t.diastolicHigh));
    } else if (r.kind == u"glucose"_s) {
        if (r.value1 < t.glucoseVeryLow)
            return alert(AlertSeverity::Critical,
                         u"glucose %1 mg/dL below %2"_s.arg(v1).arg(t.glucoseVeryLow));
        if (r.value1 <= t.glucoseLow)
            return alert(AlertSeverity::Warning,
                         u"glucose %1 mg/dL at or below %2"_s.arg(v1).arg(t.glucoseLow));
        if (r.value1 > t.glucoseHigh)
            return alert(AlertSeverity::Warning,
                         u"glucose %1 mg/dL above %2"_s.arg(v1).arg(t.glucoseHigh));
    } else if (r.kind == u"spo2"_s) {
        if (r.value1 < t.spo2Low)
            return alert(AlertSeverity::Critical, u"SpO2 %1 % below %2"_s.arg(v1).arg(t.spo2Low));
    } else if (r.kind == u"heart_rate"_s) {
        if (r.value1 < t.heartRateLow)
            return alert(AlertSeverity::Warning,
                         u"heart rate %1 /min below %2"_s.arg(v1).arg(t.heartRateLow));
        if (r.value1 > t.heartRateHigh)
            return alert(AlertSeverity::Warning,
                         u"heart rate %1 /min above %2"_s.arg(v1).arg(t.heartRateHigh));
    }
    return std::nullopt;
}

} // namespace vd::billing
