#pragma once

#include <functional>
#include <optional>
#include <vector>

#include <QDate>
#include <QMap>
#include <QString>
#include <QStringList>

#include "billing/clinicalalerts.h"
#include "ingest/readbatch.h"
#include "store/alertrepository.h"
#include "store/database.h"
#include "store/records.h"
#include "store/result.h"

namespace vd {
class Clock;
}

// Device readings in: FHIR R4 and CSV files into the store, with the patient and device
// matched, duplicates left out, and clinical alerts raised; plus the alert upkeep that
// does not depend on an import (no-data alerts, readings written by other paths).
namespace vd::billing {

struct ImportOptions
{
    // Non-empty: every reading in the files belongs to the patient with this MRN (one
    // patient's export); the files' own patient references are ignored.
    QString patientMrn;
    // Overrides the readings' source (device | manual) when set.
    std::optional<ingest::Source> source;
    // false (default): all-or-nothing. Any rejected reading or malformed file leaves the
    // database untouched. true: the valid readings are imported, the rest listed.
    bool partial = false;
    // Bytes read and readings written over all files, in one scale (total is known from
    // the start); return false to cancel, which rolls everything back. Called from the
    // thread running the import (and the reader's own threads while parsing).
    std::function<bool(qint64 done, qint64 total)> progress;
    // Details kept per list (skipped, rejected); the counts are always complete.
    int maxDetails = 1000;
    // Readings later than now + this are rejected (device clock errors).
    qint64 futureToleranceMs = 15 * 60 * 1000;
};

struct ImportFileSummary
{
    QString path;
    QString name;   // file name, as issues name it
    QString format; // csv | fhir-json | fhir-ndjson | unknown
    qint64 imported = 0;
    qint64 duplicates = 0;
    qint64 skipped = 0;
    qint64 rejected = 0;
    qint64 alerts = 0;
    QString fatalError; // malformed file: nothing of it was imported
    qint64 batchId = 0; // import_batches row, 0 when nothing was written
};

// What an import did. imported + duplicates + skipped + rejected covers every record of
// every file; a malformed file counts as one rejection.
struct ImportSummary
{
    qint64 imported = 0;   // new readings stored
    qint64 duplicates = 0; // readings already stored (same source id or natural key)
    qint64 skipped = 0;    // records that are not readings (see skipReasons)
    qint64 rejected = 0;   // bad data: impossible values, unknown patient, malformed file

    QMap<QString, qint64> skipReasons;          // reason -> count
    std::vector<ingest::Issue> skippedDetails;  // the first ImportOptions::maxDetails
    std::vector<ingest::Issue> rejectedDetails; // the first ImportOptions::maxDetails
    // Readings kept that will not count toward device days, and why (device not
    // registered, not FDA-cleared, not transmitting automatically).
    QStringList warnings;
    qint64 alertsRaised = 0;
    std::vector<ImportFileSummary> files;

    bool committed = false; // the readings are stored (false when rejected or cancelled)
    bool cancelled = false;
    qint64 elapsedMs = 0;

    bool accepted() const { return rejected == 0 && !cancelled; }
};

// Imports reading files into the store as `actor`:
// - each file is read with ingest::readFile (CSV, FHIR JSON/Bundle, NDJSON);
// - patients are matched by MRN, else by any identifier the file gives for them (or the
//   ImportOptions::patientMrn override); a reading whose patient is unknown is rejected
//   ("readings.csv line 12: no patient with MRN X");
// - devices are matched by serial number or identifier among the patient's registered
//   devices. A reading naming a device that is not registered to the patient is kept
//   without a device: it is stored but does not count toward device days (the summary's
//   warnings say so). Readings of a registered device that is not FDA-cleared or does
//   not transmit automatically are kept and do not count either;
// - duplicates (same source id, else same patient + device + kind + time, see
//   ReadingRepository::insert) are counted, not stored again;
// - every file is written in ONE transaction, with an import_batches row per file and
//   one audit entry; alerts for the new readings are raised in the same transaction,
//   each against the patient's limits (thresholdsFor()).
// When anything is rejected and partial is off, or on cancellation, nothing is written.
class ReadingImporter
{
public:
    ReadingImporter(Database &db, const Clock &clock, StaffId actor);

    // Fails only for operational reasons (database errors, unknown --patient MRN); bad
    // input is reported in the summary.
    Result<ImportSummary> run(const QStringList &files, const ImportOptions &options = {});

private:
    Database &m_db;
    const Clock &m_clock;
    StaffId m_actor;
};

// ------------------------------------------------------------------ alert limits, alerts

AlertThresholds fromStored(const StoredThresholds &stored);
StoredThresholds toStored(const AlertThresholds &limits, PatientId patient);

// The limits in force for a patient: what a practitioner set, else the defaults.
Result<AlertThresholds> thresholdsFor(Database &db, const Clock &clock, PatientId patient);
// The protocol's defaults for the conditions of the patient's latest RPM episode.
Result<AlertThresholds> defaultThresholdsFor(Database &db, const Clock &clock, PatientId patient);

// The alert an out-of-range reading raises (reading id and patient filled from `r`), or
// nullopt. Kinds: bp_high glucose_low glucose_very_low glucose_high spo2_low hr_low hr_high.
std::optional<Alert> alertFor(const Reading &r, const AlertThresholds &limits);

struct AlertRefresh
{
    qint64 readingAlerts = 0; // raised for readings without one
    qint64 noDataAlerts = 0;
};

// Alert upkeep for `today` (practice-local), idempotent; both run at start-up (on a
// worker) and the CLI runs the second after an import:
// - raiseMissingReadingAlerts: readings of the last kReadingLookbackDays that no import
//   brought (the demo generator, earlier versions) and that are out of range get their
//   alert. Imports raise their own.
// - raiseNoDataAlerts: patients enrolled in RPM for at least their noReadingDays, with no
//   reading in that many days, get one "no reading for N days" alert per silent stretch
//   (keyed by the last reading, so never two for the same silence).
inline constexpr int kReadingLookbackDays = 7;
// The alerts raiseMissingReadingAlerts() would raise (the worklist counts them, so its
// figures do not wait for the upkeep).
Result<std::vector<Alert>> missingReadingAlerts(Database &db, const Clock &clock, QDate today);
Result<qint64> raiseMissingReadingAlerts(Database &db, const Clock &clock, StaffId actor,
                                         QDate today);
Result<qint64> raiseNoDataAlerts(Database &db, const Clock &clock, StaffId actor, QDate today);
// Both of the above, in one transaction. Each writes an audit entry when it raised any.
Result<AlertRefresh> refreshAlerts(Database &db, const Clock &clock, StaffId actor, QDate today);

} // namespace vd::billing
