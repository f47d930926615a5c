#include "readingimport.h"

#include <algorithm>
#include <array>
#include <atomic>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>

#include "ingest/reader.h"
#include "store/auditlog.h"
#include "store/clock.h"
#include "store/patientrepository.h"
#include "store/readingrepository.h"
#include "store/settingsrepository.h"

namespace vd::billing {
using namespace Qt::Literals::StringLiterals;

namespace {

// Readings converted and written per round: bounds memory (the file's ReadBatch is the
// only full copy) and sets how often progress and cancellation are looked at.
constexpr std::size_t kChunk = 8192;

QString formatName(ingest::ReadBatch::Format format)
{
    switch (format) {
    case ingest::ReadBatch::Format::Csv:
        return u"csv"_s;
    case ingest::ReadBatch::Format::FhirJson:
        return u"fhir-json"_s;
    case ingest::ReadBatch::Format::FhirNdjson:
        return u"fhir-ndjson"_s;
    case ingest::ReadBatch::Format::Unknown:
        break;
    }
    return u"unknown"_s;
}

void keep(std::vector<ingest::Issue> &list, const std::vector<ingest::Issue> &more, int max)
{
    for (const ingest::Issue &issue : more) {
        if (list.size() >= std::size_t(max))
            return;
        list.push_back(issue);
    }
}

// Each patient's alert limits: what a practitioner set, else the defaults for the
// conditions of the latest RPM episode.
struct Limits
{
    QHash<PatientId, StoredThresholds> stored;
    QHash<PatientId, Episode> episodes; // latest RPM episode per patient

    Status load(QSqlDatabase db, const Clock &clock)
    {
        Result<QHash<PatientId, StoredThresholds>> s = AlertRepository(db, clock).allThresholds();
        if (!s)
            return fail(s.error());
        stored = std::move(s.value());
        Result<std::vector<Episode>> all = PatientRepository(db, clock).allEpisodes();
        if (!all)
            return fail(all.error());
        for (const Episode &e : *all) {
            if (e.program == u"RPM"_s)
                episodes.insert(e.patientId, e);
        }
        return success();
    }

    AlertThresholds of(PatientId patient) const
    {
        const auto it = stored.constFind(patient);
        return it != stored.cend()
                   ? fromStored(*it)
                   : AlertThresholds::forConditions(episodes.value(patient).conditions);
    }
};

// What the practice knows about patients, devices and alert limits, loaded once per
// import so that a million readings cost hash look-ups, not queries.
class Directory
{
public:
    Status load(QSqlDatabase db, const Clock &clock)
    {
        PatientRepository patients(db, clock);
        Result<std::vector<Patient>> all = patients.all();
        if (!all)
            return fail(all.error());
        for (const Patient &p : *all)
            m_mrns.insert(p.mrn, p.id);
        Result<std::vector<Device>> devices = patients.allDevices();
        if (!devices)
            return fail(devices.error());
        m_devices = std::move(devices.value());
        for (std::size_t i = 0; i < m_devices.size(); ++i)
            m_bySerial[m_devices[i].serial.trimmed()].push_back(i);
        return m_limitsSource.load(db, clock);
    }

    PatientId patientByMrn(const QString &mrn) const { return m_mrns.value(mrn.trimmed(), 0); }

    PatientId resolve(const ingest::PatientInfo &info) const
    {
        if (PatientId id = patientByMrn(info.mrn))
            return id;
        for (const QString &identifier : info.identifiers) {
            if (PatientId id = patientByMrn(identifier))
                return id;
        }
        return 0;
    }

    // The patient's registered device the file names (serial number or any identifier).
    const Device *device(PatientId patient, const ingest::DeviceInfo &info,
                         bool *registeredElsewhere) const
    {
        QStringList candidates = info.identifiers;
        candidates.prepend(info.serial);
        // "Device/<serial>" references, as some gateways write them.
        if (const qsizetype slash = info.reference.lastIndexOf(u'/'); slash >= 0)
            candidates << info.reference.mid(slash + 1);
        *registeredElsewhere = false;
        for (const QString &c : std::as_const(candidates)) {
            const QString key = c.trimmed();
            if (key.isEmpty())
                continue;
            const auto it = m_bySerial.constFind(key);
            if (it == m_bySerial.cend())
                continue;
            for (std::size_t i : *it) {
                if (m_devices[i].patientId == patient)
                    return &m_devices[i];
            }
            *registeredElsewhere = true;
        }
        return nullptr;
    }

    AlertThresholds limits(PatientId patient)
    {
        auto it = m_limits.find(patient);
        if (it == m_limits.end())
            it = m_limits.insert(patient, m_limitsSource.of(patient));
        return *it;
    }

private:
    QHash<QString, PatientId> m_mrns;
    std::vector<Device> m_devices;
    QHash<QString, std::vector<std::size_t>> m_bySerial;
    Limits m_limitsSource;
    QHash<PatientId, AlertThresholds> m_limits; // looked up once per patient
};

// How one (patient, device) pair of a file maps to the store, decided once per pair.
struct DeviceMatch
{
    qint64 deviceId = 0;
    QString warning; // non-empty: readings kept but not counted toward device days
    QString consequence;
};

const QString kStoredWithoutDevice =
    QStringLiteral("stored without a device, not counted toward device days");
const QString kStoredNotCounted = QStringLiteral("stored, not counted toward device days");

QString deviceLabel(const ingest::DeviceInfo &info)
{
    if (!info.serial.isEmpty())
        return info.serial;
    if (!info.identifiers.isEmpty())
        return info.identifiers.first();
    if (!info.reference.isEmpty())
        return info.reference;
    return info.display;
}

// Writes one file's readings, chunk by chunk, inside the import's transaction.
class FileImport
{
public:
    FileImport(QSqlDatabase db, const Clock &clock, StaffId actor, Directory &directory,
               const ImportOptions &options, ImportSummary &summary, ImportFileSummary &file)
        : m_db(db)
        , m_clock(clock)
        , m_readings(db, clock)
        , m_actor(actor)
        , m_directory(directory)
        , m_options(options)
        , m_summary(summary)
        , m_file(file)
    {
        for (int k = 0; k < ingest::kindCount; ++k) {
            m_kinds[std::size_t(k)] = ingest::kindName(ingest::Kind(k));
            m_units[std::size_t(k)] = ingest::canonicalUnit(ingest::Kind(k));
        }
    }

    // Resolves every patient of the batch; readings of unknown patients are rejected.
    void resolvePatients(const ingest::ReadBatch &batch, PatientId overridePatient)
    {
        m_patients.assign(batch.patients.size(), overridePatient);
        if (overridePatient)
            return;
        for (std::size_t i = 0; i < batch.patients.size(); ++i)
            m_patients[i] = m_directory.resolve(batch.patients[i]);
    }

    qint64 countUnknownPatients(const ingest::ReadBatch &batch)
    {
        qint64 unknown = 0;
        for (const ingest::ParsedReading &r : batch.readings) {
            if (m_patients[std::size_t(r.patient)] != 0)
                continue;
            ++unknown;
            if (m_summary.rejectedDetails.size() < std::size_t(m_options.maxDetails)) {
                const ingest::PatientInfo &p = batch.patientOf(r);
                const QString who = !p.mrn.isEmpty()
                                        ? u"no patient with MRN %1"_s.arg(p.mrn)
                                        : u"no patient matches subject '%1'"_s.arg(p.reference);
                ingest::Issue issue;
                issue.file = batch.sourceName;
                issue.location = r.location;
                issue.reason = who;
                m_summary.rejectedDetails.push_back(std::move(issue));
            }
        }
        return unknown;
    }

    // Converts and writes the batch's readings of known patients.
    // Returns false when cancelled through the progress callback.
    Result<bool> write(const ingest::ReadBatch &batch, qint64 batchId,
                       const std::function<bool(double fraction)> &progress)
    {
        std::vector<Reading> chunk;
        chunk.reserve(std::min(kChunk, batch.readings.size()));
        std::vector<std::pair<std::size_t, Alert>> candidates;
        std::vector<Alert> alerts;
        const QString csv = u"csv"_s;
        const QString device = u"device"_s;
        const QString manual = u"manual"_s;
        const bool isCsv = batch.format == ingest::ReadBatch::Format::Csv;

        const auto flush = [&]() -> Status {
            std::size_t next = 0;
            Result<ReadingWriteStats> stats =
                m_readings.write(m_actor, chunk, [&](std::size_t index, qint64 id) {
                    while (next < candidates.size() && candidates[next].first < index)
                        ++next;
                    if (next < candidates.size() && candidates[next].first == index) {
                        Alert a = candidates[next].second;
                        a.readingId = id;
                        a.dedupeKey = AlertRepository::readingKey(id);
                        a.batchId = batchId;
                        alerts.push_back(std::move(a));
                    }
                });
            if (!stats)
                return fail(stats.error());
            m_file.imported += stats->inserted;
            m_file.duplicates += stats->duplicates;
            chunk.clear();
            candidates.clear();
            return success();
        };

        const std::size_t total = batch.readings.size();
        for (std::size_t i = 0; i < total; ++i) {
            const ingest::ParsedReading &p = batch.readings[i];
            const PatientId patient = m_patients[std::size_t(p.patient)];
            if (!patient)
                continue; // rejected above
            Reading r;
            r.patientId = patient;
            r.kind = m_kinds[std::size_t(p.kind)];
            r.unit = m_units[std::size_t(p.kind)];
            r.value1 = p.value1;
            r.value2 = p.value2;
            r.takenAtMs = p.takenAtMs;
            const ingest::Source source = m_options.source.value_or(p.source);
            r.source = source == ingest::Source::Device ? device : manual;
            r.batchId = batchId;
            if (p.device >= 0)
                r.deviceId = deviceFor(batch, p, patient).deviceId;
            else if (source == ingest::Source::Device)
                warn(u"device readings name no device"_s, kStoredWithoutDevice);
            // A CSV row without external_id carries a key the reader made up from the
            // MRN, serial, kind and time: that is no source id, so the reading is stored
            // under the store's natural key instead (patient id, device id, kind, time),
            // the same whatever file format or --patient brought it.
            if (!(isCsv && p.externalSource == csv && isMadeUpCsvKey(batch, p))) {
                r.externalSource = p.externalSource;
                r.externalId = p.externalId;
            }
            if (std::optional<Alert> a = alertFor(r, m_directory.limits(patient)))
                candidates.emplace_back(chunk.size(), std::move(*a));
            chunk.push_back(std::move(r));
            if (chunk.size() == kChunk) {
                if (Status s = flush(); !s)
                    return fail(s.error());
                if (progress && !progress(double(i + 1) / double(total)))
                    return false;
            }
        }
        if (!chunk.empty()) {
            if (Status s = flush(); !s)
                return fail(s.error());
        }
        if (!alerts.empty()) {
            Result<qint64> raised = AlertRepository(m_db, m_clock).raise(m_actor, alerts);
            if (!raised)
                return fail(raised.error());
            m_file.alerts += *raised;
        }
        for (auto it = m_warnings.cbegin(); it != m_warnings.cend(); ++it) {
            const qint64 n = it.value().second;
            m_summary.warnings << u"%1: %2 - %3 %4"_s.arg(batch.sourceName, it.key())
                                          .arg(n)
                                          .arg(n == 1 ? u"reading "_s : u"readings "_s) +
                                      it.value().first;
        }
        return true;
    }

private:
    void warn(const QString &what, const QString &consequence)
    {
        auto &w = m_warnings[what];
        w.first = consequence;
        ++w.second;
    }

    bool isMadeUpCsvKey(const ingest::ReadBatch &batch, const ingest::ParsedReading &p) const
    {
        // "<mrn>|<serial>|<kind>|<epoch ms>" (see CsvReader)
        const ingest::PatientInfo &patient = batch.patientOf(p);
        const ingest::DeviceInfo *device = batch.deviceOf(p);
        const QStringView id(p.externalId);
        const QString &kind = m_kinds[std::size_t(p.kind)];
        const qsizetype mrnEnd = patient.mrn.size();
        if (!id.startsWith(patient.mrn) || id.size() <= mrnEnd || id[mrnEnd] != u'|')
            return false;
        QStringView rest = id.mid(mrnEnd + 1);
        const QString serial = device ? device->serial : QString();
        if (!rest.startsWith(serial) || rest.size() <= serial.size() || rest[serial.size()] != u'|')
            return false;
        rest = rest.mid(serial.size() + 1);
        if (!rest.startsWith(kind) || rest.size() <= kind.size() || rest[kind.size()] != u'|')
            return false;
        bool ok = false;
        return rest.mid(kind.size() + 1).toLongLong(&ok) == p.takenAtMs && ok;
    }

    const DeviceMatch &deviceFor(const ingest::ReadBatch &batch, const ingest::ParsedReading &p,
                                 PatientId patient)
    {
        const quint64 key = (quint64(quint32(p.patient)) << 32) | quint32(p.device);
        auto it = m_deviceMatches.find(key);
        if (it == m_deviceMatches.end()) {
            const ingest::DeviceInfo &info = *batch.deviceOf(p);
            DeviceMatch match;
            bool elsewhere = false;
            if (const Device *d = m_directory.device(patient, info, &elsewhere)) {
                match.deviceId = d->id;
                match.consequence = kStoredNotCounted;
                if (!d->fdaCleared)
                    match.warning = u"device %1 is not FDA-cleared"_s.arg(d->serial);
                else if (!d->autoTransmit)
                    match.warning = u"device %1 does not transmit automatically"_s.arg(d->serial);
            } else {
                match.consequence = kStoredWithoutDevice;
                match.warning =
                    elsewhere
                        ? u"device %1 is registered to another patient"_s.arg(deviceLabel(info))
                        : u"device %1 is not registered to the patient "
                          "(register it under Devices)"_s.arg(deviceLabel(info));
            }
            it = m_deviceMatches.insert(key, std::move(match));
        }
        if (!it->warning.isEmpty())
            warn(it->warning, it->consequence);
        return *it;
    }

    QSqlDatabase m_db;
    const Clock &m_clock;
    ReadingRepository m_readings;
    StaffId m_actor;
    Directory &m_directory;
    const ImportOptions &m_options;
    ImportSummary &m_summary;
    ImportFileSummary &m_file;
    std::vector<PatientId> m_patients;
    QHash<quint64, DeviceMatch> m_deviceMatches;
    QMap<QString, std::pair<QString, qint64>> m_warnings; // what -> consequence, readings
    std::array<QString, ingest::kindCount> m_kinds;
    std::array<QString, ingest::kindCount> m_units;
};

} // namespace

ReadingImporter::ReadingImporter(Database &db, const Clock &clock, StaffId actor)
    : m_db(db)
    , m_clock(clock)
    , m_actor(actor)
{}

Result<ImportSummary> ReadingImporter::run(const QStringList &files, const ImportOptions &options)
{
    QElapsedTimer timer;
    timer.start();
    ImportSummary summary;
    QSqlDatabase db = m_db.connection();

    Directory directory;
    if (Status s = directory.load(db, m_clock); !s)
        return fail(s.error());
    PatientId overridePatient = 0;
    if (!options.patientMrn.trimmed().isEmpty()) {
        overridePatient = directory.patientByMrn(options.patientMrn);
        if (!overridePatient)
            return fail(u"no patient with MRN %1"_s.arg(options.patientMrn.trimmed()));
    }

    // Progress in one scale over all files: each file's bytes twice, once for reading it
    // and once for writing its readings.
    qint64 totalBytes = 0;
    for (const QString &path : files)
        totalBytes += std::max<qint64>(1, QFileInfo(path).size());
    const qint64 scale = 2 * totalBytes;
    qint64 base = 0;
    std::atomic<bool> cancelled{false};
    const auto report = [&](qint64 done) {
        if (options.progress && !options.progress(std::min(done, scale), scale))
            cancelled = true;
        return !cancelled;
    };

    const BulkWriteCache cache(db);
    ScopedTransaction tx(db);
    if (!tx.isActive())
        return fail(u"cannot start a transaction on %1"_s.arg(m_db.path()));
    ReadingRepository readings(db, m_clock);
    const qint64 startedAt = m_clock.nowUtcMs();
    bool writing = true; // false once something is rejected in all-or-nothing mode
    qint64 firstBatchId = 0;

    for (const QString &path : files) {
        const qint64 fileBytes = std::max<qint64>(1, QFileInfo(path).size());
        ImportFileSummary &file = summary.files.emplace_back();
        file.path = path;
        file.name = QFileInfo(path).fileName();

        ingest::ReadOptions read;
        read.maxIssues = options.maxDetails;
        read.notAfterMs = m_clock.nowUtcMs() + options.futureToleranceMs;
        read.progress = [&, base](qint64 done, qint64) { return report(base + done); };
        const ingest::ReadBatch batch = ingest::readFile(path, read);
        if (batch.cancelled || cancelled) {
            summary.cancelled = true;
            break;
        }
        file.format = formatName(batch.format);
        if (!batch.ok()) {
            file.rejected = 1;
            file.fatalError = batch.fatalError;
            ++summary.rejected;
            ingest::Issue issue;
            issue.file = file.name;
            issue.reason = batch.fatalError;
            if (summary.rejectedDetails.size() < std::size_t(options.maxDetails))
                summary.rejectedDetails.push_back(std::move(issue));
            writing = writing && options.partial;
            base += 2 * fileBytes;
            continue;
        }

        file.skipped = batch.skippedCount;
        summary.skipped += batch.skippedCount;
        const QMap<QString, qint64> skips = batch.skipSummary();
        for (auto it = skips.cbegin(); it != skips.cend(); ++it)
            summary.skipReasons[it.key()] += it.value();
        keep(summary.skippedDetails, batch.skipped, options.maxDetails);
        keep(summary.rejectedDetails, batch.rejected, options.maxDetails);

        FileImport import(db, m_clock, m_actor, directory, options, summary, file);
        import.resolvePatients(batch, overridePatient);
        file.rejected = batch.rejectedCount + import.countUnknownPatients(batch);
        summary.rejected += file.rejected;
        if (file.rejected > 0 && !options.partial)
            writing = false;

        if (writing) {
            ImportBatch row;
            row.startedAtMs = startedAt;
            row.staffId = m_actor;
            row.sourceName = file.name;
            row.format = file.format;
            Result<qint64> batchId = readings.addBatch(row);
            if (!batchId)
                return fail(batchId.error());
            file.batchId = *batchId;
            if (!firstBatchId)
                firstBatchId = *batchId;
            const qint64 writeBase = base + fileBytes;
            Result<bool> done = import.write(batch, file.batchId, [&](double fraction) {
                return report(writeBase + qint64(fraction * double(fileBytes)));
            });
            if (!done)
                return fail(u"%1: %2"_s.arg(file.name, done.error()));
            if (!*done) {
                summary.cancelled = true;
                break;
            }
            row.id = file.batchId;
            row.imported = file.imported;
            row.duplicates = file.duplicates;
            row.skipped = file.skipped;
            row.rejected = file.rejected;
            if (Status s = readings.setBatchCounts(row); !s)
                return fail(s.error());
            summary.imported += file.imported;
            summary.duplicates += file.duplicates;
            summary.alertsRaised += file.alerts;
        }
        base += 2 * fileBytes;
        if (!report(base)) {
            summary.cancelled = true;
            break;
        }
    }

    if (summary.cancelled || !writing) {
        // Nothing stays: the transaction rolls back when tx goes out of scope.
        summary.imported = 0;
        summary.duplicates = 0;
        summary.alertsRaised = 0;
        for (ImportFileSummary &f : summary.files) {
            f.batchId = 0;
            f.alerts = 0;
        }
        summary.elapsedMs = timer.elapsed();
        return summary;
    }

    const QString detail = u"%1 files: %2 imported, %3 duplicates, %4 skipped, %5 rejected, "
                           "%6 alerts"_s.arg(files.size())
                               .arg(summary.imported)
                               .arg(summary.duplicates)
                               .arg(summary.skipped)
                               .arg(summary.rejected)
                               .arg(summary.alertsRaised);
    if (Status s = AuditLog(db, m_clock)
                       .append(m_actor, u"import"_s, u"import_batches"_s, firstBatchId, detail);
        !s)
        return fail(s.error());
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    summary.committed = true;
    summary.elapsedMs = timer.elapsed();
    return summary;
}

// ------------------------------------------------------------------ alert limits, alerts

AlertThresholds fromStored(const StoredThresholds &s)
{
    AlertThresholds t;
    t.systolicHigh = s.systolicHigh;
    t.diastolicHigh = s.diastolicHigh;
    t.glucoseLow = s.glucoseLow;
    t.glucoseVeryLow = s.glucoseVeryLow;
    t.glucoseHigh = s.glucoseHigh;
    t.spo2Low = s.spo2Low;
    t.heartRateLow = s.heartRateLow;
    t.heartRateHigh = s.heartRateHigh;
    t.noReadingDays = s.noReadingDays;
    return t;
}

StoredThresholds toStored(const AlertThresholds &t, PatientId patient)
{
    StoredThresholds s;
    s.patientId = patient;
    s.systolicHigh = t.systolicHigh;
    s.diastolicHigh = t.diastolicHigh;
    s.glucoseLow = t.glucoseLow;
    s.glucoseVeryLow = t.glucoseVeryLow;
    s.glucoseHigh = t.glucoseHigh;
    s.spo2Low = t.spo2Low;
    s.heartRateLow = t.heartRateLow;
    s.heartRateHigh = t.heartRateHigh;
    s.noReadingDays = t.noReadingDays;
    return s;
}

Result<AlertThresholds> thresholdsFor(Database &db, const Clock &clock, PatientId patient)
{
    Result<std::optional<StoredThresholds>> stored =
        AlertRepository(db.connection(), clock).thresholds(patient);
    if (!stored)
        return fail(stored.error());
    if (*stored)
        return fromStored(**stored);
    return defaultThresholdsFor(db, clock, patient);
}

Result<AlertThresholds> defaultThresholdsFor(Database &db, const Clock &clock, PatientId patient)
{
    Result<std::vector<Episode>> episodes =
        PatientRepository(db.connection(), clock).episodes(patient);
    if (!episodes)
        return fail(episodes.error());
    QStringList conditions;
    for (const Episode &e : *episodes) {
        if (e.program == u"RPM"_s)
            conditions = e.conditions; // ordered by start: the latest wins
    }
    return AlertThresholds::forConditions(conditions);
}

std::optional<Alert> alertFor(const Reading &r, const AlertThresholds &limits)
{
    const std::optional<ReadingAlert> check = checkReading(r, limits);
    if (!check)
        return std::nullopt;
    Alert a;
    a.patientId = r.patientId;
    a.readingId = r.id;
    a.severity = check->severity == AlertSeverity::Critical ? u"critical"_s : u"warning"_s;
    a.message = check->reason;
    a.observedAtMs = r.takenAtMs;
    a.batchId = r.batchId;
    if (r.kind == u"bp"_s)
        a.kind = u"bp_high"_s;
    else if (r.kind == u"spo2"_s)
        a.kind = u"spo2_low"_s;
    else if (r.kind == u"heart_rate"_s)
        a.kind = r.value1 < limits.heartRateLow ? u"hr_low"_s : u"hr_high"_s;
    else if (r.kind == u"glucose"_s)
        a.kind = r.value1 < limits.glucoseVeryLow ? u"glucose_very_low"_s
                 : r.value1 <= limits.glucoseLow  ? u"glucose_low"_s
                                                  : u"glucose_high"_s;
    else
        return std::nullopt; // checkReading knows a kind this mapping does not
    if (r.id)
        a.dedupeKey = AlertRepository::readingKey(r.id);
    return a;
}

namespace {

Result<qint64> raiseAudited(QSqlDatabase db, const Clock &clock, StaffId actor,
                            const std::vector<Alert> &alerts, const QString &what)
{
    ScopedTransaction tx(db);
    if (!tx.isActive())
        return fail(u"cannot start a transaction to raise alerts"_s);
    Result<qint64> raised = AlertRepository(db, clock).raise(actor, alerts);
    if (!raised)
        return raised;
    if (*raised > 0) {
        if (Status s = AuditLog(db, clock).append(actor, u"create"_s, u"alerts"_s, 0,
                                                  u"%1 %2"_s.arg(*raised).arg(what));
            !s)
            return fail(s.error());
    }
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return raised;
}

} // namespace

Result<std::vector<Alert>> missingReadingAlerts(Database &db, const Clock &clock, QDate today)
{
    QSqlDatabase connection = db.connection();
    Limits limits;
    if (Status s = limits.load(connection, clock); !s)
        return fail(s.error());
    const PracticeCalendar calendar = SettingsRepository(connection, clock).calendar();
    const UtcRange range = calendar.dateRange(today.addDays(-(kReadingLookbackDays - 1)), today);
    Result<QSet<qint64>> alerted = AlertRepository(connection, clock).alertedReadings(range);
    if (!alerted)
        return fail(alerted.error());
    std::vector<Alert> alerts;
    PatientId current = 0;
    AlertThresholds patientLimits;
    Status scanned =
        ReadingRepository(connection, clock).scanNotImported(range, [&](const Reading &r) {
            if (alerted->contains(r.id))
                return;
            if (r.patientId != current) {
                current = r.patientId;
                patientLimits = limits.of(current);
            }
            if (std::optional<Alert> a = alertFor(r, patientLimits))
                alerts.push_back(std::move(*a));
        });
    if (!scanned)
        return fail(scanned.error());
    return alerts;
}

Result<qint64> raiseMissingReadingAlerts(Database &db, const Clock &clock, StaffId actor,
                                         QDate today)
{
    Result<std::vector<Alert>> alerts = missingReadingAlerts(db, clock, today);
    if (!alerts)
        return fail(alerts.error());
    return raiseAudited(db.connection(), clock, actor, *alerts, u"reading alerts"_s);
}

Result<qint64> raiseNoDataAlerts(Database &db, const Clock &clock, StaffId actor, QDate today)
{
    QSqlDatabase connection = db.connection();
    Limits limits;
    if (Status s = limits.load(connection, clock); !s)
        return fail(s.error());
    Result<QHash<PatientId, qint64>> last = ReadingRepository(connection, clock).lastReadingTimes();
    if (!last)
        return fail(last.error());
    const PracticeCalendar calendar = SettingsRepository(connection, clock).calendar();
    const qint64 now = clock.nowUtcMs();
    std::vector<Alert> alerts;
    for (auto it = limits.episodes.cbegin(); it != limits.episodes.cend(); ++it) {
        const Episode &e = it.value();
        if (!e.isActiveOn(today))
            continue;
        const AlertThresholds t = limits.of(e.patientId);
        // The worklist's "not transmitting": whole local days since the last transmission
        // (a physiologic device reading), as of `today`.
        const qint64 lastMs = last->value(e.patientId, 0);
        const QDate lastDay = lastMs ? calendar.localDate(lastMs) : e.monitoringStart;
        const qint64 silentDays = lastDay.daysTo(today);
        if (e.monitoringStart.daysTo(today) < t.noReadingDays || silentDays < t.noReadingDays)
            continue;
        Alert a;
        a.patientId = e.patientId;
        a.kind = u"no_data"_s;
        a.severity = u"warning"_s;
        a.observedAtMs = now;
        a.message = lastMs ? u"no reading for %1 days (last on %2)"_s.arg(silentDays)
                                 .arg(lastDay.toString(Qt::ISODate))
                           : u"no reading since monitoring started on %1"_s.arg(
                                 e.monitoringStart.toString(Qt::ISODate));
        a.dedupeKey = AlertRepository::noDataKey(e.patientId, lastMs);
        alerts.push_back(std::move(a));
    }
    return raiseAudited(connection, clock, actor, alerts, u"no-data alerts"_s);
}

Result<AlertRefresh> refreshAlerts(Database &db, const Clock &clock, StaffId actor, QDate today)
{
    ScopedTransaction tx(db.connection());
    if (!tx.isActive())
        return fail(u"cannot start a transaction to raise alerts"_s);
    AlertRefresh out;
    Result<qint64> readings = raiseMissingReadingAlerts(db, clock, actor, today);
    if (!readings)
        return fail(readings.error());
    out.readingAlerts = *readings;
    Result<qint64> silent = raiseNoDataAlerts(db, clock, actor, today);
    if (!silent)
        return fail(silent.error());
    out.noDataAlerts = *silent;
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return out;
}

} // namespace vd::billing
