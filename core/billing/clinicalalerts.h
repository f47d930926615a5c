#pragma once

#include <optional>

#include <QString>

#include "store/records.h"

namespace vd::billing {

// Alert limits for one patient. Defaults are the reference points of the practice's
// protocol (hypertensive crisis, hypoglycaemia, hypoxaemia, brady-/tachycardia,
// non-transmission); a practitioner may change them per patient.
struct AlertThresholds
{
    double systolicHigh = 180;  // mm[Hg], alert above
    double diastolicHigh = 120; // mm[Hg], alert above
    double glucoseLow = 70;     // mg/dL, alert at or below (level 1)
    double glucoseVeryLow = 54; // mg/dL, below: level 2
    double glucoseHigh = 250;   // mg/dL, alert above
    double spo2Low = 92;        // %, alert below (88 for COPD patients)
    double heartRateLow = 50;   // /min, alert below
    double heartRateHigh = 100; // /min, alert above
    int noReadingDays = 3;      // days without any reading

    static AlertThresholds forConditions(const QStringList &icd10);
};

enum class AlertSeverity
{
    Warning,
    Critical
};

struct ReadingAlert
{
    AlertSeverity severity = AlertSeverity::Warning;
    QString reason; // "systolic 186 mm[Hg] > 180"
};

// The alert a reading raises, if any. Technical readings (battery, signal) never alert.
std::optional<ReadingAlert> checkReading(const Reading &reading, const AlertThresholds &limits);

} // namespace vd::billing
