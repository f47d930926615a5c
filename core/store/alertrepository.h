#pragma once

#include <optional>
#include <vector>

#include <QHash>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include "practicecalendar.h"
#include "records.h"
#include "result.h"

namespace vd {

class Clock;

// A patient's alert limits as stored (schema v3, table alert_thresholds). Rows are never
// updated: setting new limits appends a row, the newest row is in force and the older
// rows are its history. Patients without a row use the practice defaults, which live in
// billing (AlertThresholds::forConditions); the store only keeps what a practitioner set.
struct StoredThresholds
{
    qint64 id = 0;
    PatientId patientId = 0;
    double systolicHigh = 180;
    double diastolicHigh = 120;
    double glucoseLow = 70;
    double glucoseVeryLow = 54;
    double glucoseHigh = 250;
    double spo2Low = 92;
    double heartRateLow = 50;
    double heartRateHigh = 100;
    int noReadingDays = 3;
    QString note; // why the limits were changed
    StaffId setBy = 0;
    qint64 setAtMs = 0;
};

// One clinical alert: an out-of-range reading or a stretch without readings.
struct Alert
{
    qint64 id = 0;
    PatientId patientId = 0;
    qint64 readingId = 0; // 0 for no_data
    // bp_high glucose_low glucose_very_low glucose_high spo2_low hr_low hr_high no_data
    QString kind;
    QString severity = QStringLiteral("warning"); // warning | critical
    QString message;                              // "blood pressure 192/100 mm[Hg] above 180/120"
    qint64 observedAtMs = 0; // the reading's time; no_data: the last reading (0 = none)
    qint64 raisedAtMs = 0;
    StaffId raisedBy = 0;
    qint64 batchId = 0; // the import that brought the reading, 0 = none
    QString dedupeKey;  // see AlertRepository::readingKey() / noDataKey()

    // Filled by list(): who the alert is about and its acknowledgement.
    QString patientMrn;
    QString patientName; // "Family, Given"
    StaffId acknowledgedBy = 0;
    QString acknowledgedByName; // "Name, RN"
    qint64 acknowledgedAtMs = 0;
    QString ackNote;

    bool isOpen() const { return acknowledgedBy == 0; }
};

struct AlertFilter
{
    bool openOnly = true;
    PatientId patient = 0; // 0 = every patient
    int limit = 5000;      // newest first
};

// Open alerts of one patient.
struct OpenAlertCount
{
    int total = 0;
    int noData = 0; // of which "no reading for N days"
};

// Alert limits and the alerts queue (schema v3).
class AlertRepository
{
public:
    AlertRepository(QSqlDatabase db, const Clock &clock);

    // The limits in force (newest row), or nullopt when none were ever set.
    Result<std::optional<StoredThresholds>> thresholds(PatientId patient) const;
    // The limits in force for every patient who has any.
    Result<QHash<PatientId, StoredThresholds>> allThresholds() const;
    // Every row for the patient, newest first.
    Result<std::vector<StoredThresholds>> thresholdHistory(PatientId patient) const;
    // Appends new limits for t.patientId, set by `actor`, who must be a practitioner (MD DO
    // NP PA CNS CNM). Checks the limits are consistent; writes an audit entry.
    Result<qint64> setThresholds(StaffId actor, const StoredThresholds &t);

    // Raises alerts in bulk; an alert whose dedupeKey exists is left out (raising is
    // idempotent). Returns how many were new. No audit entry of its own: the caller's
    // unit of work (an import, the daily check) records one.
    Result<qint64> raise(StaffId actor, const std::vector<Alert> &alerts);
    Result<std::vector<Alert>> list(const AlertFilter &filter = {}) const;
    Result<Alert> byId(qint64 id) const;
    Result<QHash<PatientId, OpenAlertCount>> openCounts() const;
    // Ids of the readings taken in `observed` that have an alert (open or acknowledged).
    Result<QSet<qint64>> alertedReadings(UtcRange observed) const;
    // Records who acknowledged the alert, when, and their note (required). An alert is
    // acknowledged once; the acknowledgement is its own row and is audited.
    Status acknowledge(StaffId actor, qint64 alertId, const QString &note);

    static QString readingKey(qint64 readingId);
    static QString noDataKey(PatientId patient, qint64 lastReadingMs);

private:
    QSqlDatabase m_db;
    const Clock &m_clock;
};

} // namespace vd
