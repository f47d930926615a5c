#pragma once

#include <array>
#include <functional>
#include <optional>
#include <vector>

#include <QMap>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include "ingest/measurement.h"

// What the readers hand to the importer: readings in canonical units with everything the
// importer needs to match a patient and a device, plus what was skipped or rejected and why.
namespace vd::ingest {

enum class Source : quint8
{
    Device, // transmitted by a device (counts towards device days)
    Manual, // typed in / no device named
};
QString sourceName(Source source); // "device" | "manual" (as in vd::Reading::source)

// Where a record came from. CSV: the physical line a record starts on (1 = header).
// FHIR NDJSON: the line of the resource. FHIR Bundle: the entry index.
struct Location
{
    qint64 line = 0;   // 1-based, 0 = not line-oriented
    qint32 entry = -1; // Bundle.entry index, -1 = not in a Bundle

    bool isNull() const { return line == 0 && entry < 0; }
    // "line 12", "entry[3]", "line 4 entry[2]", or "resource" for a lone resource.
    QString toString() const;
    friend bool operator==(const Location &, const Location &) = default;
};

// The subject of readings, once per distinct subject in the file (readings point to it by
// index, so the importer resolves each patient once, not once per row).
struct PatientInfo
{
    QString reference; // FHIR subject.reference as written ("Patient/1", "urn:uuid:..")
    QString mrn;       // best MRN candidate; CSV: patient_mrn
    QStringList
        identifiers; // every identifier value known (subject.identifier, Patient.identifier)
};

struct DeviceInfo
{
    QString reference;       // FHIR device.reference as written
    QString display;         // FHIR device.display
    QString serial;          // Device.serialNumber, else an identifier value; CSV: device_serial
    QStringList identifiers; // every identifier value known (serialNumber, Device.identifier, ...)
};

struct ParsedReading
{
    qint32 patient = -1; // index into ReadBatch::patients (always set)
    qint32 device = -1;  // index into ReadBatch::devices, -1 = no device named
    Kind kind = Kind::HeartRate;
    Source source = Source::Manual;
    bool dateOnly = false;        // time was a bare date placed by DateOnlyPolicy::AssumeNoon
    double value1 = 0;            // canonical unit; systolic for bp
    std::optional<double> value2; // diastolic for bp, else empty
    qint64 takenAtMs = 0;         // UTC epoch milliseconds
    QString externalSource;       // with externalId: stable key for de-duplication
    QString externalId;
    Location location;
    Location pairedLocation; // bp built from two Observations: where the diastolic came from

    QString kindName() const { return vd::ingest::kindName(kind); }
    QString unit() const { return canonicalUnit(kind); }
};

// Why a record was not turned into a reading although nothing is wrong with it.
enum class SkipReason : quint8
{
    NotAnObservation, // Patient, Device, Encounter ... (used to resolve references)
    EntryWithoutResource,
    StatusExcluded,          // ReadOptions::skippedStatuses
    UnsupportedCode,         // no LOINC code of loincTable(); CSV: unsupported kind
    SubjectNotPatient,       // subject is a Group, Device, Location ...
    DataAbsent,              // dataAbsentReason on the Observation or a needed component
    NotAQuantity,            // valueString, valueCodeableConcept ...
    NoValue,                 // no value[x] at all
    InexactValue,            // valueQuantity.comparator (<, >=, ...)
    IncompleteBloodPressure, // panel without a systolic or a diastolic component
    UnpairedBloodPressure,   // separate systolic/diastolic Observation without its other half
    NoEffectiveTime,         // no effectiveDateTime / effectiveInstant / effectivePeriod.start
    ImpreciseTime,           // date without time of day (see DateOnlyPolicy)
};
inline constexpr int skipReasonCount = 13;
QString skipReasonText(SkipReason reason); // stable short text, the key of skipSummary()

struct Issue
{
    QString file; // source name given to the reader (usually the file name)
    Location location;
    QString reason;                     // specific, e.g. "status entered-in-error"
    std::optional<SkipReason> category; // set for skipped records

    // "readings.csv line 12: systolic 400 mm[Hg] is outside the plausible range 40-300"
    QString toString() const;
};

struct ReadBatch
{
    enum class Format : quint8
    {
        Unknown,
        Csv,
        FhirJson,   // one resource or one Bundle
        FhirNdjson, // one resource per line
    };

    QString sourceName;
    Format format = Format::Unknown;
    std::vector<ParsedReading> readings;
    std::vector<PatientInfo> patients;
    std::vector<DeviceInfo> devices;
    // Details of the first ReadOptions::maxIssues skipped / rejected records; the counts
    // below are always complete.
    std::vector<Issue> skipped;
    std::vector<Issue> rejected;
    qint64 skippedCount = 0;
    qint64 rejectedCount = 0;
    std::array<qint64, skipReasonCount> skipCounts{};
    qint64 recordsSeen = 0; // CSV data rows, FHIR resources (Bundle entries, NDJSON lines)
    qint64 bytesRead = 0;
    // A malformed file (bad JSON, wrong JSON type, unterminated quote, missing column ...)
    // or cancellation: readings is then empty and the message names the file and location.
    QString fatalError;
    bool cancelled = false;

    bool ok() const { return fatalError.isEmpty(); }
    // All-or-nothing import rule: nothing malformed and nothing rejected.
    bool importable() const { return ok() && rejectedCount == 0; }
    qint64 skipCount(SkipReason reason) const
    {
        return skipCounts[static_cast<std::size_t>(reason)];
    }
    QMap<QString, qint64> skipSummary() const; // skipReasonText -> count, non-zero only

    const PatientInfo &patientOf(const ParsedReading &r) const
    {
        return patients[static_cast<std::size_t>(r.patient)];
    }
    const DeviceInfo *deviceOf(const ParsedReading &r) const
    {
        return r.device < 0 ? nullptr : &devices[static_cast<std::size_t>(r.device)];
    }
    QString locationOf(const ParsedReading &r) const; // "file line 12"
};

// Called from the reading thread with the bytes consumed so far and the total (-1 when
// unknown); return false to cancel. Called roughly every ReadOptions::progressInterval bytes
// and once at the end.
using ProgressCallback = std::function<bool(qint64 bytesDone, qint64 bytesTotal)>;

// A FHIR effectiveDateTime without time of day ("2024-03-05"), or a partial date.
enum class DateOnlyPolicy : quint8
{
    Skip,       // default: skipped as ImpreciseTime; a bare date cannot be placed in the
                // practice's local day reliably, and a reading must not count for a day it
                // may not belong to.
    AssumeNoon, // full dates become 12:00 in dateOnlyZone, flagged dateOnly; partial dates
                // (year, year-month) are still skipped.
};

struct ReadOptions
{
    // FHIR Observation.status values skipped (StatusExcluded). final, amended and corrected
    // are imported; anything outside the FHIR value set is rejected.
    QStringList skippedStatuses{QStringLiteral("registered"), QStringLiteral("preliminary"),
                                QStringLiteral("cancelled"), QStringLiteral("entered-in-error"),
                                QStringLiteral("unknown")};
    DateOnlyPolicy dateOnly = DateOnlyPolicy::Skip;
    QTimeZone dateOnlyZone; // invalid = the system time zone
    // Readings taken outside [notBeforeMs, notAfterMs] are rejected; 0 = no bound. The
    // importer sets notAfterMs to "now + a small tolerance" to catch device clock errors.
    qint64 notBeforeMs = 0;
    qint64 notAfterMs = 0;
    int maxIssues = 1000; // details kept per list (skipped, rejected)
    // Threads that parse NDJSON lines (JSON parsing dominates); results do not depend on it.
    // 0 = automatic (up to 4), 1 = only the calling thread.
    int parseThreads = 0;
    ProgressCallback progress;
    qint64 progressInterval = 1 << 20;
};

} // namespace vd::ingest
