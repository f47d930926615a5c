#pragma once

#include <functional>
#include <span>
#include <vector>

#include <QHash>
#include <QSqlDatabase>
#include <QVariant>

#include "practicecalendar.h"
#include "records.h"
#include "result.h"

namespace vd {

class Clock;

// Instant and qualification of one reading, enough to count device days.
struct ReadingInstant
{
    PatientId patientId = 0;
    qint64 takenAtMs = 0;
    bool physiologic = true; // false for battery / signal
    bool manual = false;     // typed in by hand
    // A registered device, FDA-cleared and transmitting automatically. A device reading
    // without a registered device does not qualify (nothing shows the device is cleared).
    bool deviceQualifies = true;
};

// What one bulk write did.
struct ReadingWriteStats
{
    qint64 inserted = 0;
    qint64 duplicates = 0;
};

// One file of an import (table import_batches): who, when, which file, what came of it.
struct ImportBatch
{
    qint64 id = 0;
    qint64 startedAtMs = 0;
    StaffId staffId = 0;
    QString sourceName; // the file's name (no folder)
    QString format;     // csv | fhir-json | fhir-ndjson | unknown
    qint64 imported = 0;
    qint64 duplicates = 0;
    qint64 skipped = 0;
    qint64 rejected = 0;
};

// While alive, gives this connection a large page cache (SQLite; nothing elsewhere), so a
// bulk write of readings keeps the table's indexes in memory instead of re-reading pages
// it has just spilled. Restores the previous size when destroyed.
class BulkWriteCache
{
public:
    explicit BulkWriteCache(QSqlDatabase db, int mebibytes = 256);
    ~BulkWriteCache();
    BulkWriteCache(const BulkWriteCache &) = delete;
    BulkWriteCache &operator=(const BulkWriteCache &) = delete;

private:
    QSqlDatabase m_db;
    QVariant m_previous;
};

class ReadingRepository
{
public:
    ReadingRepository(QSqlDatabase db, const Clock &clock);

    // Inserts readings as one unit of work (a savepoint inside an outer transaction).
    // Readings whose (external_source, external_id) already exists are skipped and
    // counted in *duplicates. The batch's audit entry names the count, not the patients.
    //
    // De-duplication: a reading with a source id (externalId) is the same reading when
    // its (externalSource, externalId) is; a reading without one is stored under its
    // natural key, externalSource naturalKeySource() and externalId naturalKey()
    // ("<patient id>|<device id or 0>|<kind>|<taken at, epoch ms>"), so the one UNIQUE
    // (external_source, external_id) constraint de-duplicates both cases.
    Status insert(StaffId actor, const std::vector<Reading> &readings,
                  qint64 *duplicates = nullptr);

    // Called for every reading write() stored (not a duplicate): its index in the input
    // and its new id.
    using InsertedSink = std::function<void(std::size_t index, qint64 id)>;
    // insert() without an audit entry, for a caller whose own unit of work records one
    // (the importer). Call it inside the caller's transaction. Same de-duplication.
    Result<ReadingWriteStats> write(StaffId actor, std::span<const Reading> readings,
                                    const InsertedSink &inserted = {});

    // Import batches, written inside the importer's transaction: the row first (readings
    // point to it), its counts once the file is done.
    Result<qint64> addBatch(const ImportBatch &batch);
    Status setBatchCounts(const ImportBatch &batch);
    Result<std::vector<ImportBatch>> batches(int limit = 100) const; // newest first

    // Whether write() binds through the SQLite C API on this connection (see
    // VITALDESK_NATIVE_SQLITE in core/store/CMakeLists.txt); tests and benchmarks switch it
    // off to run the portable QSqlQuery path, as PostgreSQL will.
    static bool usesNativeBinding(const QSqlDatabase &db);
    static void setNativeBindingEnabled(bool enabled);

    static QString naturalKeySource(); // "vitaldesk:natural"
    static QString naturalKey(const Reading &reading);

    Result<std::vector<Reading>> forPatient(PatientId patient, UtcRange range,
                                            const QString &kind = {}) const;
    // Streams the readings taken in range that no import brought (batch_id NULL: the demo
    // generator, entries made by hand, earlier versions), ordered by patient and time.
    Status scanNotImported(UtcRange range, const std::function<void(const Reading &)> &sink) const;
    // Streams instants of all patients' readings in range, ordered by patient then time.
    Status instants(UtcRange range, const std::function<void(const ReadingInstant &)> &sink,
                    PatientId patientOrZero = 0) const;
    // Latest physiologic reading per patient (epoch ms). transmittedOnly: only readings a
    // device sent (a transmission); otherwise hand-typed readings too.
    Result<QHash<PatientId, qint64>> lastReadingTimes(bool transmittedOnly = true) const;
    Result<qint64> count() const;

private:
    QSqlDatabase m_db;
    const Clock &m_clock;
};

} // namespace vd
