// ReadingImporter: third-party FHIR fixtures, all-or-nothing and partial imports,
// de-duplication, patient and device matching, alerts and their acknowledgement.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "billing/monthfacts.h"
#include "billing/readingimport.h"
#include "billing/worklist.h"
#include "fakeclock.h"
#include "practicebuilder.h"
#include "store/alertrepository.h"
#include "store/auditlog.h"
#include "store/patientrepository.h"
#include "store/readingrepository.h"
#include "tempdatabase.h"

using namespace Qt::Literals::StringLiterals;
using vd::billing::ImportOptions;
using vd::billing::ImportSummary;

namespace {

QString fixtureDir()
{
    return qEnvironmentVariable("VITALDESK_SHARED_DIR") + u"/fixtures/fhir"_s;
}

QString fixturePath(const QString &prefix)
{
    const QStringList found =
        QDir(fixtureDir()).entryList({prefix + u"_*.json"_s}, QDir::Files, QDir::Name);
    return found.size() == 1 ? fixtureDir() + u'/' + found.first() : QString();
}

// Everything an import may write, to show that a rejected one wrote nothing.
struct Counts
{
    qint64 readings = 0;
    qint64 batches = 0;
    qint64 alerts = 0;
    qint64 audit = 0;
    friend bool operator==(const Counts &, const Counts &) = default;
};

char *toString(const Counts &c)
{
    return qstrdup(QByteArray(
        "readings=" + QByteArray::number(c.readings) + " batches=" + QByteArray::number(c.batches) +
        " alerts=" + QByteArray::number(c.alerts) + " audit=" + QByteArray::number(c.audit)));
}

QJsonObject observation(const QString &id, const QString &mrn, const QString &loinc,
                        const QJsonValue &value, const QString &unit, const QString &when)
{
    QJsonObject o{
        {u"resourceType"_s, u"Observation"_s},
        {u"status"_s, u"final"_s},
        {u"code"_s,
         QJsonObject{{u"coding"_s, QJsonArray{QJsonObject{{u"system"_s, u"http://loinc.org"_s},
                                                          {u"code"_s, loinc}}}}}},
        {u"subject"_s, QJsonObject{{u"identifier"_s, QJsonObject{{u"value"_s, mrn}}}}},
        {u"effectiveDateTime"_s, when},
        {u"valueQuantity"_s, QJsonObject{{u"value"_s, value},
                                         {u"unit"_s, unit},
                                         {u"system"_s, u"http://unitsofmeasure.org"_s},
                                         {u"code"_s, unit}}},
    };
    if (!id.isEmpty())
        o.insert(u"id"_s, id);
    return o;
}

} // namespace

class TestReadingImport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void fixtures_data();
    void fixtures();
    void fixturePatientsMatchedByIdentifier();
    void fixtureDeviceMatchedBySerial();

    void csvImportsAndRaisesAlerts();
    void reimportIsANoOp();
    void naturalKeyWhenNoSourceId();
    void oneImpossibleValueLeavesTheDatabaseUntouched();
    void bundleWithOneBadEntryIsAllOrNothing();
    void malformedFiles_data();
    void malformedFiles();
    void partialImportsTheValidPart();
    void severalFilesAreOneTransaction();
    void unknownPatientIsRejectedWithLocation();
    void patientOverrideAssignsEveryReading();
    void unknownDeviceIsKeptWithoutDevice();
    void nonQualifyingDeviceDoesNotCountDeviceDays();
    void futureReadingsAreRejected();
    void cancelWritesNothing();
    void progressCoversTheWholeImport();
    void hugeFile();

    void thresholdsPerPatientChangeTheOutcome();
    void onlyPractitionersSetThresholds();
    void acknowledgementRecordsWhoWhenAndNote();
    void noDataAlertsAreIdempotent();
    void missingReadingAlertsForReadingsNotImported();
    void worklistCountsOpenAlerts();
    void worklistCountsAlertsNotRaisedYet();

private:
    QString write(const QString &name, const QByteArray &content);
    Counts counts();
    ImportSummary run(const QStringList &files, ImportOptions options = {});

    vd::test::FakeClock m_clock;
    std::unique_ptr<vd::test::TempDatabase> m_temp;
    std::unique_ptr<vd::test::PracticeBuilder> m_practice;
    std::unique_ptr<QTemporaryDir> m_files;
    vd::PatientId m_adams = 0;
    vd::PatientId m_baker = 0;
    const QDate m_today{2026, 3, 20};
};

void TestReadingImport::initTestCase()
{
    QVERIFY2(QDir(fixtureDir()).exists(),
             qPrintable(u"fixtures not found in "_s + fixtureDir() + u" (VITALDESK_SHARED_DIR)"_s));
}

void TestReadingImport::init()
{
    // 11:00 in New York on 2026-03-20.
    m_clock.setNowUtc(QDateTime(m_today, QTime(15, 0), QTimeZone::utc()));
    m_temp = std::make_unique<vd::test::TempDatabase>();
    QVERIFY2(m_temp->isValid(), qPrintable(m_temp->error()));
    m_practice = std::make_unique<vd::test::PracticeBuilder>(m_temp->db(), m_clock);
    m_adams = m_practice->addEnrolledPatient(u"MRN-A"_s, u"Adams"_s, QDate(2026, 1, 10));
    m_baker = m_practice->addEnrolledPatient(u"MRN-B"_s, u"Baker"_s, QDate(2026, 1, 10));
    m_files = std::make_unique<QTemporaryDir>();
}

void TestReadingImport::cleanup()
{
    m_practice.reset();
    m_temp.reset();
    m_files.reset();
}

QString TestReadingImport::write(const QString &name, const QByteArray &content)
{
    const QString path = m_files->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        QTest::qFail("cannot write a test file", __FILE__, __LINE__);
    return path;
}

Counts TestReadingImport::counts()
{
    Counts c;
    QSqlQuery q(m_temp->connection());
    const auto one = [&](const QString &sql) {
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    };
    c.readings = one(u"SELECT COUNT(*) FROM readings"_s);
    c.batches = one(u"SELECT COUNT(*) FROM import_batches"_s);
    c.alerts = one(u"SELECT COUNT(*) FROM alerts"_s);
    c.audit = vd::AuditLog(m_temp->connection(), m_clock).count();
    return c;
}

ImportSummary TestReadingImport::run(const QStringList &files, ImportOptions options)
{
    vd::billing::ReadingImporter importer(m_temp->db(), m_clock, m_practice->nurse());
    auto result = importer.run(files, options);
    if (!result) {
        QTest::qFail(qPrintable(result.error()), __FILE__, __LINE__);
        return {};
    }
    return std::move(result.value());
}

// ------------------------------------------------------------------------ fixtures

void TestReadingImport::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("imported");
    QTest::addColumn<int>("skipped");
    QTest::addColumn<int>("rejected");

    // Counted by hand from the files (see tests/ingest/tst_fhirreader.cpp for the reasons):
    // a bare date without time of day is skipped, codes outside the LOINC vitals are
    // skipped, non-Observation resources are skipped. Nothing in them is implausible.
    QTest::addRow("F01 bp panel, date only") << u"F01"_s << 0 << 1 << 0;
    QTest::addRow("F02 heart rate, date only") << u"F02"_s << 0 << 1 << 0;
    QTest::addRow("F03 weight kg, date only") << u"F03"_s << 0 << 1 << 0;
    QTest::addRow("F04 temperature, date only") << u"F04"_s << 0 << 1 << 0;
    QTest::addRow("F05 respiratory rate, date only") << u"F05"_s << 0 << 1 << 0;
    QTest::addRow("F06 SpO2 two codes, one reading") << u"F06"_s << 1 << 0 << 0;
    QTest::addRow("F07 serum glucose, date only") << u"F07"_s << 0 << 1 << 0;
    QTest::addRow("F08 average bp is not a reading") << u"F08"_s << 0 << 1 << 0;
    QTest::addRow("F09 bp with diastolic absent") << u"F09"_s << 0 << 1 << 0;
    QTest::addRow("F10 PHD compound bp") << u"F10"_s << 1 << 0 << 0;
    QTest::addRow("F11 PHD glucose, MDC code only") << u"F11"_s << 0 << 1 << 0;
    QTest::addRow("F12 PHD private code") << u"F12"_s << 0 << 1 << 0;
    QTest::addRow("F13 PHG transaction bundle") << u"F13"_s << 2 << 4 << 0;
    QTest::addRow("F14 cancelled weight") << u"F14"_s << 0 << 1 << 0;
    QTest::addRow("F15 entered-in-error") << u"F15"_s << 0 << 1 << 0;
    QTest::addRow("F16 weight in lb, date only") << u"F16"_s << 0 << 1 << 0;
    QTest::addRow("F17 Apgar score") << u"F17"_s << 0 << 1 << 0;
    QTest::addRow("F18 heart rate in a component") << u"F18"_s << 1 << 0 << 0;
    QTest::addRow("F19 masked code") << u"F19"_s << 0 << 1 << 0;
    QTest::addRow("F20 Synthea bundle, 137 entries") << u"F20"_s << 9 << 128 << 0;
    QTest::addRow("F21 Synthea bundle, 70 entries") << u"F21"_s << 6 << 64 << 0;
    QTest::addRow("F22 US Core bundle, all vitals") << u"F22"_s << 0 << 54 << 0;
}

void TestReadingImport::fixtures()
{
    QFETCH(QString, file);
    QFETCH(int, imported);
    QFETCH(int, skipped);
    QFETCH(int, rejected);
    const QString path = fixturePath(file);
    QVERIFY2(!path.isEmpty(), qPrintable(file));

    // One patient's export: every reading goes to Adams.
    ImportOptions options;
    options.patientMrn = u"MRN-A"_s;
    const Counts before = counts();
    ImportSummary s = run({path}, options);
    QCOMPARE(s.imported, imported);
    QCOMPARE(s.duplicates, 0);
    QCOMPARE(s.skipped, skipped);
    QCOMPARE(s.rejected, rejected);
    QVERIFY(s.committed);
    QCOMPARE(s.files.size(), std::size_t(1));
    QCOMPARE(s.files[0].batchId > 0, true);
    QCOMPARE(counts().readings, before.readings + imported);

    // The same file again adds no reading.
    s = run({path}, options);
    QCOMPARE(s.imported, 0);
    QCOMPARE(s.duplicates, imported);
    QCOMPARE(s.skipped, skipped);
    QCOMPARE(counts().readings, before.readings + imported);
}

void TestReadingImport::fixturePatientsMatchedByIdentifier()
{
    // Without --patient, readings find their patient by MRN or identifier; the Synthea
    // bundle's patient is not in this practice, so all of its readings are rejected.
    m_practice->addEnrolledPatient(u"sisansarahId"_s, u"Sisan"_s, QDate(2026, 1, 10));
    const Counts before = counts();
    ImportSummary s = run({fixturePath(u"F13"_s), fixturePath(u"F20"_s)});
    QCOMPARE(s.rejected, 9);
    QVERIFY(!s.committed);
    QCOMPARE(counts(), before);
    QVERIFY(!s.rejectedDetails.empty());
    QCOMPARE(s.rejectedDetails.front().toString(),
             u"F20_synthea_inferno_bundle_85354-9_glucose_tz-0400.json entry[8]: no patient "
             "with MRN 7b4cf3d5-26bd-4c44-8f45-f11928c63c0e"_s);

    s = run({fixturePath(u"F13"_s)});
    QCOMPARE(s.imported, 2);
    QCOMPARE(s.rejected, 0);
    QVERIFY(s.committed);
}

void TestReadingImport::fixtureDeviceMatchedBySerial()
{
    const vd::PatientId p =
        m_practice->addEnrolledPatient(u"sisansarahId"_s, u"Sisan"_s, QDate(2026, 1, 10));
    vd::Device oximeter{
        0, p, u"pulse_oximeter"_s, u"Nonin 3230"_s, u"0400007825"_s, true, true, QDate(2026, 1, 10),
        {}};
    const auto deviceId = vd::PatientRepository(m_temp->connection(), m_clock)
                              .addDevice(m_practice->admin(), oximeter);
    QVERIFY2(deviceId, qPrintable(deviceId.error()));
    ImportSummary s = run({fixturePath(u"F13"_s)});
    QCOMPARE(s.imported, 2);
    QVERIFY2(s.warnings.isEmpty(), qPrintable(s.warnings.join(u'\n')));
    auto readings =
        vd::ReadingRepository(m_temp->connection(), m_clock).forPatient(p, {0, m_clock.nowUtcMs()});
    QVERIFY(readings);
    QCOMPARE(readings->size(), std::size_t(2));
    for (const vd::Reading &r : *readings) {
        QCOMPARE(r.deviceId, *deviceId);
        QCOMPARE(r.source, u"device"_s);
    }
    // The heart rate of 47 /min in the bundle is below 50: one alert.
    QCOMPARE(s.alertsRaised, 1);
}

// ------------------------------------------------------------------------ CSV

void TestReadingImport::csvImportsAndRaisesAlerts()
{
    const QString path =
        write(u"week.csv"_s, "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n"
                             "MRN-A,SN-MRN-A,2026-03-16T08:00:00-04:00,bp,128,82,mm[Hg],device\n"
                             "MRN-A,SN-MRN-A,2026-03-17T08:00:00-04:00,bp,192,100,mm[Hg],device\n"
                             "MRN-B,SN-MRN-B,2026-03-17T08:05:00-04:00,heart_rate,72,,/min,device\n"
                             "MRN-B,,2026-03-17T09:00:00-04:00,glucose,3.2,,mmol/L,manual\n"
                             "MRN-B,,2026-03-17T09:30:00-04:00,battery,80,,%,device\n");
    const Counts before = counts();
    const ImportSummary s = run({path});
    QCOMPARE(s.imported, 4);
    QCOMPARE(s.duplicates, 0);
    QCOMPARE(s.skipped, 1); // battery: not a physiologic reading
    QCOMPARE(s.rejected, 0);
    QVERIFY(s.committed);
    QCOMPARE(s.alertsRaised, 2); // the crisis and 58 mg/dL; not the normal ones
    const Counts after = counts();
    QCOMPARE(after.readings, before.readings + 4);
    QCOMPARE(after.batches, before.batches + 1);
    QCOMPARE(after.alerts, before.alerts + 2);
    QCOMPARE(after.audit, before.audit + 1); // one entry for the whole import

    vd::AlertRepository alerts(m_temp->connection(), m_clock);
    auto open = alerts.list();
    QVERIFY(open);
    QCOMPARE(open->size(), std::size_t(2));
    const vd::Alert &crisis = open->at(1); // newest first: the glucose is later
    QCOMPARE(crisis.kind, u"bp_high"_s);
    QCOMPARE(crisis.severity, u"critical"_s);
    QCOMPARE(crisis.patientMrn, u"MRN-A"_s);
    QCOMPARE(crisis.message, u"blood pressure 192/100 mm[Hg] above 180/120"_s);
    QVERIFY(crisis.readingId > 0);
    QVERIFY(crisis.batchId > 0);
    QCOMPARE(open->at(0).kind, u"glucose_low"_s); // 3.2 mmol/L = 57.7 mg/dL, level 1
    QCOMPARE(open->at(0).severity, u"warning"_s);

    auto batches = vd::ReadingRepository(m_temp->connection(), m_clock).batches();
    QVERIFY(batches);
    QCOMPARE(batches->front().sourceName, u"week.csv"_s);
    QCOMPARE(batches->front().format, u"csv"_s);
    QCOMPARE(batches->front().imported, 4);
    QCOMPARE(batches->front().skipped, 1);
    QCOMPARE(batches->front().staffId, m_practice->nurse());
}

void TestReadingImport::reimportIsANoOp()
{
    const QString path =
        write(u"r.csv"_s, "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n"
                          "MRN-A,SN-MRN-A,2026-03-16T08:00:00-04:00,bp,128,82,mm[Hg],device\n"
                          "MRN-A,SN-MRN-A,2026-03-17T08:00:00-04:00,bp,195,90,mm[Hg],device\n");
    const ImportSummary first = run({path});
    QCOMPARE(first.imported, 2);
    const Counts between = counts();
    const ImportSummary second = run({path});
    QCOMPARE(second.imported, 0);
    QCOMPARE(second.duplicates, first.imported);
    QCOMPARE(second.alertsRaised, 0);
    const Counts after = counts();
    QCOMPARE(after.readings, between.readings);
    QCOMPARE(after.alerts, between.alerts);
}

void TestReadingImport::naturalKeyWhenNoSourceId()
{
    // The same reading as CSV (no external_id) and as FHIR NDJSON without any id: the
    // natural key (patient, device, kind, time) finds it.
    const QString csv =
        write(u"a.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                          "MRN-A,2026-03-16T08:00:00-04:00,heart_rate,66,/min,manual\n"
                          "MRN-A,2026-03-16T08:00:00-04:00,heart_rate,66,/min,manual\n");
    ImportSummary s = run({csv});
    QCOMPARE(s.imported, 1);
    QCOMPARE(s.duplicates, 1); // the second row is the same reading
    const QJsonObject o =
        observation({}, u"MRN-A"_s, u"8867-4"_s, 66, u"/min"_s, u"2026-03-16T12:00:00Z"_s);
    const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact);
    const QString ndjson = write(u"a.ndjson"_s, line + '\n' + line + '\n');
    s = run({ndjson});
    QCOMPARE(s.imported, 0);
    QCOMPARE(s.duplicates, 2);

    // With an external_id column the source id decides, not the natural key.
    const QString withId =
        write(u"b.csv"_s, "patient_mrn,measured_at,kind,value,unit,source,external_id\n"
                          "MRN-A,2026-03-16T08:00:00-04:00,heart_rate,66,/min,manual,x1\n"
                          "MRN-A,2026-03-16T08:00:00-04:00,heart_rate,66,/min,manual,x2\n");
    s = run({withId});
    QCOMPARE(s.imported, 2);
    s = run({withId});
    QCOMPARE(s.duplicates, 2);
}

void TestReadingImport::oneImpossibleValueLeavesTheDatabaseUntouched()
{
    QByteArray rows = "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n";
    for (int d = 1; d <= 15; ++d)
        rows += "MRN-A,SN-MRN-A,2026-03-" + QByteArray::number(d).rightJustified(2, '0') +
                "T08:00:00-04:00,bp,190,100,mm[Hg],device\n";
    rows += "MRN-A,SN-MRN-A,2026-03-16T08:00:00-04:00,bp,400,100,mm[Hg],device\n";
    const QString path = write(u"month.csv"_s, rows);
    const Counts before = counts();
    const ImportSummary s = run({path});
    QCOMPARE(s.rejected, 1);
    QCOMPARE(s.imported, 0);
    QCOMPARE(s.alertsRaised, 0);
    QVERIFY(!s.committed);
    QVERIFY(!s.accepted());
    QCOMPARE(s.rejectedDetails.size(), std::size_t(1));
    QCOMPARE(s.rejectedDetails[0].toString(),
             u"month.csv line 17: systolic 400 mm[Hg] is outside the plausible range 40-300"_s);
    QCOMPARE(counts(), before);
}

void TestReadingImport::bundleWithOneBadEntryIsAllOrNothing()
{
    QJsonArray entries;
    entries.append(
        QJsonObject{{u"resource"_s, observation(u"o1"_s, u"MRN-A"_s, u"8867-4"_s, 70, u"/min"_s,
                                                u"2026-03-16T08:00:00-04:00"_s)}});
    entries.append(
        QJsonObject{{u"resource"_s, observation(u"o2"_s, u"MRN-A"_s, u"59408-5"_s, 140, u"%"_s,
                                                u"2026-03-16T08:00:00-04:00"_s)}});
    entries.append(
        QJsonObject{{u"resource"_s, observation(u"o3"_s, u"MRN-A"_s, u"29463-7"_s, 81.5, u"kg"_s,
                                                u"2026-03-16T08:00:00-04:00"_s)}});
    const QJsonObject bundle{
        {u"resourceType"_s, u"Bundle"_s}, {u"type"_s, u"collection"_s}, {u"entry"_s, entries}};
    const QString path = write(u"bundle.json"_s, QJsonDocument(bundle).toJson());
    const Counts before = counts();
    ImportSummary s = run({path});
    QCOMPARE(s.rejected, 1);
    QCOMPARE(s.rejectedDetails.size(), std::size_t(1));
    QCOMPARE(s.rejectedDetails[0].location.entry, 1);
    QVERIFY2(s.rejectedDetails[0].reason.contains(u"140"_s),
             qPrintable(s.rejectedDetails[0].reason));
    QCOMPARE(counts(), before);

    ImportOptions partial;
    partial.partial = true;
    s = run({path}, partial);
    QCOMPARE(s.imported, 2);
    QCOMPARE(s.rejected, 1);
    QVERIFY(s.committed);
}

void TestReadingImport::malformedFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");

    const QByteArray good = QJsonDocument(observation(u"o1"_s, u"MRN-A"_s, u"8867-4"_s, 70,
                                                      u"/min"_s, u"2026-03-16T08:00:00-04:00"_s))
                                .toJson();
    QTest::addRow("truncated JSON")
        << u"cut.json"_s << good.left(good.size() / 2) << u"cut.json line "_s;
    QByteArray wrongType = good;
    wrongType.replace("\"value\": 70", "\"value\": \"70\"");
    QVERIFY(wrongType != good);
    QTest::addRow("value given as a string") << u"type.json"_s << wrongType << u"type.json"_s;
    QTest::addRow("array instead of a resource")
        << u"array.json"_s << QByteArray("[1, 2]") << u"array.json"_s;
    QTest::addRow("CSV without the kind column")
        << u"cols.csv"_s
        << QByteArray("patient_mrn,measured_at,value,unit,source\n"
                      "MRN-A,2026-03-16T08:00:00-04:00,70,/min,manual\n")
        << u"missing required column kind"_s;
    QTest::addRow("CSV with an unterminated quote")
        << u"quote.csv"_s
        << QByteArray("patient_mrn,measured_at,kind,value,unit,source\n"
                      "\"MRN-A,2026-03-16T08:00:00-04:00,heart_rate,70,/min,manual\n")
        << u"quote.csv"_s;
}

void TestReadingImport::malformedFiles()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString good =
        write(u"good.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                             "MRN-A,2026-03-16T08:00:00-04:00,heart_rate,70,/min,manual\n");
    const QString bad = write(name, content);
    const Counts before = counts();
    ImportSummary s = run({good, bad});
    QCOMPARE(s.rejected, 1);
    QCOMPARE(s.imported, 0);
    QVERIFY(!s.committed);
    QCOMPARE(s.files.size(), std::size_t(2));
    QVERIFY(!s.files[1].fatalError.isEmpty());
    QCOMPARE(s.rejectedDetails.size(), std::size_t(1));
    QVERIFY2(s.rejectedDetails[0].reason.contains(message) ||
                 s.files[1].fatalError.contains(message),
             qPrintable(s.files[1].fatalError));
    QCOMPARE(counts(), before);
}

void TestReadingImport::partialImportsTheValidPart()
{
    const QString path =
        write(u"p.csv"_s, "patient_mrn,measured_at,kind,value,value2,unit,source\n"
                          "MRN-A,2026-03-16T08:00:00-04:00,heart_rate,70,,/min,manual\n"
                          "MRN-A,2026-03-16T09:00:00,heart_rate,71,,/min,manual\n"
                          "MRN-A,2026-03-16T10:00:00-04:00,bp,80,120,mm[Hg],manual\n"
                          "MRN-A,2026-03-16T11:00:00-04:00,heart_rate,72,,/min,manual\n");
    ImportOptions options;
    options.partial = true;
    const ImportSummary s = run({path}, options);
    QCOMPARE(s.imported, 2);
    QCOMPARE(s.rejected, 2);
    QVERIFY(s.committed);
    QCOMPARE(s.rejectedDetails.size(), std::size_t(2));
    QCOMPARE(s.rejectedDetails[0].location.line, 3); // no UTC offset
    QCOMPARE(s.rejectedDetails[1].location.line, 4); // diastolic above systolic
    QCOMPARE(s.files[0].rejected, 2);
    auto batches = vd::ReadingRepository(m_temp->connection(), m_clock).batches();
    QVERIFY(batches);
    QCOMPARE(batches->front().rejected, 2);
    QCOMPARE(batches->front().imported, 2);
}

void TestReadingImport::severalFilesAreOneTransaction()
{
    const QString a =
        write(u"a.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                          "MRN-A,2026-03-16T08:00:00-04:00,heart_rate,70,/min,manual\n");
    const QString b =
        write(u"b.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                          "MRN-B,2026-03-16T08:00:00-04:00,heart_rate,70,/min,manual\n");
    const Counts before = counts();
    ImportSummary s = run({a, b});
    QCOMPARE(s.imported, 2);
    QCOMPARE(s.files.size(), std::size_t(2));
    const Counts after = counts();
    QCOMPARE(after.batches, before.batches + 2); // one row per file
    QCOMPARE(after.audit, before.audit + 1);     // one audit entry per import
}

void TestReadingImport::unknownPatientIsRejectedWithLocation()
{
    const QString path =
        write(u"who.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                            "MRN-A,2026-03-16T08:00:00-04:00,heart_rate,70,/min,manual\n"
                            "MRN-X,2026-03-16T08:00:00-04:00,heart_rate,70,/min,manual\n");
    const ImportSummary s = run({path});
    QCOMPARE(s.rejected, 1);
    QCOMPARE(s.rejectedDetails.size(), std::size_t(1));
    QCOMPARE(s.rejectedDetails[0].toString(), u"who.csv line 3: no patient with MRN MRN-X"_s);
    QVERIFY(!s.committed);
}

void TestReadingImport::patientOverrideAssignsEveryReading()
{
    const QString path =
        write(u"export.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                               "VENDOR-77,2026-03-16T08:00:00-04:00,heart_rate,70,/min,device\n"
                               "VENDOR-78,2026-03-16T09:00:00-04:00,heart_rate,71,/min,manual\n");
    ImportOptions options;
    options.patientMrn = u"MRN-B"_s;
    options.source = vd::ingest::Source::Manual;
    const ImportSummary s = run({path}, options);
    QCOMPARE(s.imported, 2);
    auto readings = vd::ReadingRepository(m_temp->connection(), m_clock)
                        .forPatient(m_baker, {0, m_clock.nowUtcMs()});
    QVERIFY(readings);
    QCOMPARE(readings->size(), std::size_t(2));
    for (const vd::Reading &r : *readings)
        QCOMPARE(r.source, u"manual"_s);

    options.patientMrn = u"NOBODY"_s;
    auto refused = vd::billing::ReadingImporter(m_temp->db(), m_clock, m_practice->nurse())
                       .run({path}, options);
    QVERIFY(!refused);
    QCOMPARE(refused.error(), u"no patient with MRN NOBODY"_s);
}

void TestReadingImport::unknownDeviceIsKeptWithoutDevice()
{
    const QString path =
        write(u"dev.csv"_s, "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n"
                            "MRN-A,SN-OTHER,2026-03-16T08:00:00-04:00,bp,120,80,mm[Hg],device\n"
                            "MRN-A,SN-MRN-B,2026-03-17T08:00:00-04:00,bp,120,80,mm[Hg],device\n");
    const ImportSummary s = run({path});
    QCOMPARE(s.imported, 2);
    QCOMPARE(s.rejected, 0);
    QCOMPARE(s.warnings.size(), 2);
    QVERIFY2(s.warnings.join(u'\n').contains(u"device SN-OTHER is not registered to the patient"_s),
             qPrintable(s.warnings.join(u'\n')));
    QVERIFY2(s.warnings.join(u'\n').contains(u"device SN-MRN-B is registered to another patient"_s),
             qPrintable(s.warnings.join(u'\n')));
    auto readings = vd::ReadingRepository(m_temp->connection(), m_clock)
                        .forPatient(m_adams, {0, m_clock.nowUtcMs()});
    QVERIFY(readings);
    QCOMPARE(readings->size(), std::size_t(2));
    for (const vd::Reading &r : *readings) {
        QCOMPARE(r.deviceId, 0);
        QCOMPARE(r.source, u"device"_s);
    }
    // Not counted toward device days: nothing shows the device is FDA-cleared.
    vd::billing::MonthFactsBuilder builder(m_temp->db(), m_clock);
    auto pm =
        builder.onePatient(m_adams, {2026, 3}, m_today, vd::billing::ReadingWindow::CurrentPeriods);
    QVERIFY2(pm, qPrintable(pm.error()));
    QCOMPARE(pm->facts.readings.size(), std::size_t(2));
    for (const auto &r : pm->facts.readings)
        QVERIFY(!r.deviceQualifies);
}

void TestReadingImport::nonQualifyingDeviceDoesNotCountDeviceDays()
{
    vd::PatientRepository patients(m_temp->connection(), m_clock);
    vd::Device app{
        0, m_adams, u"scale"_s, u"Phone app"_s, u"APP-1"_s, false, true, QDate(2026, 1, 10), {}};
    vd::Device typed{0,    m_adams, u"glucometer"_s,    u"Meter"_s, u"GLU-1"_s,
                     true, false,   QDate(2026, 1, 10), {}};
    QVERIFY(patients.addDevice(m_practice->admin(), app));
    QVERIFY(patients.addDevice(m_practice->admin(), typed));
    // Period Feb 9 - Mar 10 (it ends in March): ten days of weight from an app that is not
    // FDA-cleared, ten of glucose typed into a meter that does not transmit, and one day
    // with a reading from the cuff.
    QByteArray rows = "patient_mrn,device_serial,measured_at,kind,value,unit,source\n";
    for (int d = 1; d <= 10; ++d) {
        const QByteArray day = "2026-03-" + QByteArray::number(d).rightJustified(2, '0');
        rows += "MRN-A,APP-1," + day + "T07:00:00-05:00,weight,80.5,kg,device\n";
        rows += "MRN-A,GLU-1," + day + "T07:30:00-05:00,glucose,110,mg/dL,device\n";
    }
    rows += "MRN-A,SN-MRN-A,2026-03-02T08:00:00-05:00,heart_rate,70,/min,device\n";
    const ImportSummary s = run({write(u"mixed.csv"_s, rows)});
    QCOMPARE(s.imported, 21);
    QCOMPARE(s.warnings.size(), 2);
    QVERIFY2(s.warnings.join(u'\n').contains(u"device APP-1 is not FDA-cleared"_s),
             qPrintable(s.warnings.join(u'\n')));
    QVERIFY2(s.warnings.join(u'\n').contains(u"device GLU-1 does not transmit automatically"_s),
             qPrintable(s.warnings.join(u'\n')));

    // Stored, but only the cuff's day counts; the reasons say why the rest does not.
    vd::billing::MonthFactsBuilder builder(m_temp->db(), m_clock);
    auto pm =
        builder.onePatient(m_adams, {2026, 3}, m_today, vd::billing::ReadingWindow::CurrentPeriods);
    QVERIFY2(pm, qPrintable(pm.error()));
    QCOMPARE(pm->facts.readings.size(), std::size_t(21));
    const vd::rules::Decision d = vd::rules::evaluate(pm->facts);
    QVERIFY2(d.ok(), d.error.c_str());
    QCOMPARE(d.devicePeriods.size(), std::size_t(1));
    QCOMPARE(d.devicePeriods[0].days, 1);
    QString reasons;
    for (const std::string &r : d.reasons)
        reasons += QString::fromStdString(r) + u'\n';
    QVERIFY2(reasons.contains(u"20 readings from a device that is not FDA-cleared or does not "
                              "transmit automatically"_s),
             qPrintable(reasons));
}

void TestReadingImport::futureReadingsAreRejected()
{
    const QString path =
        write(u"f.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                          "MRN-A,2026-03-20T11:10:00-04:00,heart_rate,70,/min,manual\n"
                          "MRN-A,2026-03-21T08:00:00-04:00,heart_rate,70,/min,manual\n");
    const ImportSummary s = run({path});
    QCOMPARE(s.rejected, 1); // tomorrow; ten minutes ahead is clock skew, accepted
    QCOMPARE(s.rejectedDetails[0].location.line, 3);
}

void TestReadingImport::cancelWritesNothing()
{
    QByteArray rows = "patient_mrn,measured_at,kind,value,unit,source\n";
    for (int i = 0; i < 30000; ++i)
        rows += "MRN-A," +
                QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc())
                    .addSecs(i * 60)
                    .toString(Qt::ISODate)
                    .toLatin1() +
                ",heart_rate,70,/min,manual\n";
    const QString path = write(u"big.csv"_s, rows);
    const Counts before = counts();
    ImportOptions options;
    qint64 last = 0;
    options.progress = [&](qint64 done, qint64 total) {
        last = done;
        return done < total * 3 / 4; // cancel while writing
    };
    const ImportSummary s = run({path}, options);
    QVERIFY(s.cancelled);
    QVERIFY(!s.committed);
    QCOMPARE(s.imported, 0);
    QVERIFY(last > 0);
    QCOMPARE(counts(), before);
}

void TestReadingImport::progressCoversTheWholeImport()
{
    const QString a =
        write(u"a.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                          "MRN-A,2026-03-16T08:00:00-04:00,heart_rate,70,/min,manual\n");
    const QString b = fixturePath(u"F20"_s);
    ImportOptions options;
    options.patientMrn = u"MRN-A"_s;
    qint64 lastDone = -1;
    qint64 lastTotal = 0;
    bool monotonic = true;
    options.progress = [&](qint64 done, qint64 total) {
        monotonic = monotonic && done >= lastDone && (lastTotal == 0 || total == lastTotal);
        lastDone = done;
        lastTotal = total;
        return true;
    };
    const ImportSummary s = run({a, b}, options);
    QVERIFY(s.committed);
    QVERIFY(monotonic);
    QVERIFY(lastTotal > 0);
    QCOMPARE(lastDone, lastTotal);
}

void TestReadingImport::hugeFile()
{
    // 200,000 rows (about 13 MB): imported in one go, within seconds.
    QByteArray rows = "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n";
    rows.reserve(14'000'000);
    const qint64 start =
        QDateTime(QDate(2025, 3, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    for (int i = 0; i < 200'000; ++i) {
        const QByteArray when =
            QDateTime::fromMSecsSinceEpoch(start + qint64(i) * 60'000, QTimeZone::utc())
                .toString(Qt::ISODate)
                .toLatin1();
        rows += (i % 2 ? "MRN-A,SN-MRN-A," : "MRN-B,SN-MRN-B,") + when + ",bp," +
                QByteArray::number(110 + i % 40) + ',' + QByteArray::number(70 + i % 20) +
                ",mm[Hg],device\n";
    }
    const QString path = write(u"huge.csv"_s, rows);
    QElapsedTimer timer;
    timer.start();
    const ImportSummary s = run({path});
    QCOMPARE(s.imported, 200'000);
    QCOMPARE(s.rejected, 0);
    QCOMPARE(s.alertsRaised, 0);
    qInfo("200,000 CSV readings imported in %lld ms", timer.elapsed());
}

// ------------------------------------------------------------------------ alerts

void TestReadingImport::thresholdsPerPatientChangeTheOutcome()
{
    vd::AlertRepository alerts(m_temp->connection(), m_clock);
    vd::StoredThresholds t = vd::billing::toStored(vd::billing::AlertThresholds{}, m_adams);
    t.systolicHigh = 160;
    t.diastolicHigh = 100;
    t.note = u"target after stroke"_s;
    auto id = alerts.setThresholds(m_practice->physician(), t);
    QVERIFY2(id, qPrintable(id.error()));
    auto limits = vd::billing::thresholdsFor(m_temp->db(), m_clock, m_adams);
    QVERIFY(limits);
    QCOMPARE(limits->systolicHigh, 160.0);
    QCOMPARE(vd::billing::thresholdsFor(m_temp->db(), m_clock, m_baker)->systolicHigh, 180.0);

    const QString path =
        write(u"t.csv"_s, "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n"
                          "MRN-A,SN-MRN-A,2026-03-16T08:00:00-04:00,bp,170,90,mm[Hg],device\n"
                          "MRN-B,SN-MRN-B,2026-03-16T08:00:00-04:00,bp,170,90,mm[Hg],device\n");
    const ImportSummary s = run({path});
    QCOMPARE(s.alertsRaised, 1);
    auto list = alerts.list();
    QVERIFY(list);
    QCOMPARE(list->size(), std::size_t(1));
    QCOMPARE(list->front().patientId, m_adams);
    QCOMPARE(list->front().message, u"blood pressure 170/90 mm[Hg] above 160/100"_s);

    // History is kept: a second change appends, the newest is in force.
    t.systolicHigh = 170;
    QVERIFY(alerts.setThresholds(m_practice->physician(), t));
    auto history = alerts.thresholdHistory(m_adams);
    QVERIFY(history);
    QCOMPARE(history->size(), std::size_t(2));
    QCOMPARE(history->front().systolicHigh, 170.0);
    QCOMPARE(history->back().systolicHigh, 160.0);
    QCOMPARE(history->front().setBy, m_practice->physician());
    QCOMPARE(history->front().setAtMs, m_clock.nowUtcMs());
}

void TestReadingImport::onlyPractitionersSetThresholds()
{
    vd::AlertRepository alerts(m_temp->connection(), m_clock);
    vd::StoredThresholds t = vd::billing::toStored(vd::billing::AlertThresholds{}, m_adams);
    auto byNurse = alerts.setThresholds(m_practice->nurse(), t);
    QVERIFY(!byNurse);
    QVERIFY2(byNurse.error().contains(u"practitioner"_s), qPrintable(byNurse.error()));
    t.systolicHigh = 1800; // a typo
    auto typo = alerts.setThresholds(m_practice->physician(), t);
    QVERIFY(!typo);
    QVERIFY2(typo.error().contains(u"systolic"_s), qPrintable(typo.error()));
    t.systolicHigh = 180;
    t.heartRateLow = 110;
    QVERIFY(!alerts.setThresholds(m_practice->physician(), t));
    QCOMPARE(alerts.thresholdHistory(m_adams)->size(), std::size_t(0));
}

void TestReadingImport::acknowledgementRecordsWhoWhenAndNote()
{
    const QString path =
        write(u"c.csv"_s, "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n"
                          "MRN-A,SN-MRN-A,2026-03-19T08:00:00-04:00,bp,200,125,mm[Hg],device\n");
    QCOMPARE(run({path}).alertsRaised, 1);
    vd::AlertRepository alerts(m_temp->connection(), m_clock);
    const qint64 id = alerts.list()->front().id;
    QVERIFY(!alerts.acknowledge(m_practice->nurse(), id, u"   "_s)); // a note is required

    m_clock.advanceSeconds(600);
    const qint64 auditBefore = vd::AuditLog(m_temp->connection(), m_clock).count();
    QVERIFY(alerts.acknowledge(m_practice->nurse(), id, u"called patient, repeat 150/92"_s));
    QCOMPARE(vd::AuditLog(m_temp->connection(), m_clock).count(), auditBefore + 1);
    QVERIFY(alerts.list()->empty()); // no open alert left
    vd::AlertFilter all;
    all.openOnly = false;
    const vd::Alert a = alerts.list(all)->front();
    QVERIFY(!a.isOpen());
    QCOMPARE(a.acknowledgedBy, m_practice->nurse());
    QCOMPARE(a.acknowledgedByName, u"Rita Nurse, RN"_s);
    QCOMPARE(a.acknowledgedAtMs, m_clock.nowUtcMs());
    QCOMPARE(a.ackNote, u"called patient, repeat 150/92"_s);
    auto again = alerts.acknowledge(m_practice->physician(), id, u"seen"_s);
    QVERIFY(!again);
    QVERIFY2(again.error().contains(u"already acknowledged"_s), qPrintable(again.error()));
    QVERIFY(vd::AuditLog(m_temp->connection(), m_clock).verify());
}

void TestReadingImport::noDataAlertsAreIdempotent()
{
    // Adams transmits until 2026-03-15, Baker never did.
    m_practice->addReading(m_adams, QDate(2026, 3, 15), QTime(8, 0), u"bp"_s, 120, 80);
    auto raised =
        vd::billing::raiseNoDataAlerts(m_temp->db(), m_clock, m_practice->nurse(), m_today);
    QVERIFY2(raised, qPrintable(raised.error()));
    QCOMPARE(*raised, 2);
    vd::AlertRepository alerts(m_temp->connection(), m_clock);
    auto list = alerts.list();
    QCOMPARE(list->size(), std::size_t(2));
    QStringList messages;
    for (const vd::Alert &a : *list) {
        QCOMPARE(a.kind, u"no_data"_s);
        QCOMPARE(a.readingId, 0);
        messages << a.patientMrn + u": "_s + a.message;
    }
    messages.sort();
    QCOMPARE(messages,
             (QStringList{u"MRN-A: no reading for 5 days (last on 2026-03-15)"_s,
                          u"MRN-B: no reading since monitoring started on 2026-01-10"_s}));

    // Again, the next day, and after an acknowledgement: the same silence, no new alert.
    QCOMPARE(*vd::billing::raiseNoDataAlerts(m_temp->db(), m_clock, m_practice->nurse(), m_today),
             0);
    QVERIFY(alerts.acknowledge(m_practice->nurse(), list->front().id, u"left a message"_s));
    m_clock.advanceSeconds(86'400);
    QCOMPARE(*vd::billing::raiseNoDataAlerts(m_temp->db(), m_clock, m_practice->nurse(),
                                             m_today.addDays(1)),
             0);

    // Adams transmits again, then falls silent again: a new alert for the new silence.
    m_practice->addReading(m_adams, QDate(2026, 3, 21), QTime(8, 0), u"bp"_s, 120, 80);
    QCOMPARE(*vd::billing::raiseNoDataAlerts(m_temp->db(), m_clock, m_practice->nurse(),
                                             m_today.addDays(1)),
             0);
    m_clock.advanceSeconds(4 * 86'400);
    QCOMPARE(*vd::billing::raiseNoDataAlerts(m_temp->db(), m_clock, m_practice->nurse(),
                                             m_today.addDays(5)),
             1);
}

void TestReadingImport::missingReadingAlertsForReadingsNotImported()
{
    m_practice->addReading(m_adams, QDate(2026, 3, 18), QTime(8, 0), u"bp"_s, 186, 90);
    m_practice->addReading(m_adams, QDate(2026, 3, 1), QTime(8, 0), u"bp"_s, 186, 90); // older
    m_practice->addReading(m_baker, QDate(2026, 3, 19), QTime(8, 0), u"spo2"_s, 89);
    m_practice->addReading(m_baker, QDate(2026, 3, 19), QTime(9, 0), u"spo2"_s, 95);
    auto raised =
        vd::billing::raiseMissingReadingAlerts(m_temp->db(), m_clock, m_practice->nurse(), m_today);
    QVERIFY2(raised, qPrintable(raised.error()));
    QCOMPARE(*raised, 2);
    QCOMPARE(*vd::billing::raiseMissingReadingAlerts(m_temp->db(), m_clock, m_practice->nurse(),
                                                     m_today),
             0);
    // Imported readings are not looked at again: the import raised theirs.
    const QString path =
        write(u"i.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                          "MRN-B,2026-03-19T10:00:00-04:00,heart_rate,120,/min,manual\n");
    QCOMPARE(run({path}).alertsRaised, 1);
    QCOMPARE(*vd::billing::raiseMissingReadingAlerts(m_temp->db(), m_clock, m_practice->nurse(),
                                                     m_today),
             0);
}

void TestReadingImport::worklistCountsOpenAlerts()
{
    const QString path =
        write(u"w.csv"_s, "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n"
                          "MRN-A,SN-MRN-A,2026-03-19T08:00:00-04:00,bp,200,100,mm[Hg],device\n"
                          "MRN-A,SN-MRN-A,2026-03-20T08:00:00-04:00,bp,190,100,mm[Hg],device\n"
                          "MRN-B,SN-MRN-B,2026-03-20T08:00:00-04:00,bp,120,80,mm[Hg],device\n");
    QCOMPARE(run({path}).alertsRaised, 2);
    const auto openOf = [&](vd::PatientId p) {
        auto rows = vd::billing::buildWorklist(m_temp->db(), m_clock, m_today);
        if (!rows)
            return -1;
        for (const auto &r : *rows) {
            if (r.patientId == p)
                return r.openAlerts;
        }
        return -1;
    };
    QCOMPARE(openOf(m_adams), 2);
    QCOMPARE(openOf(m_baker), 0);
    vd::AlertRepository alerts(m_temp->connection(), m_clock);
    QVERIFY(alerts.acknowledge(m_practice->nurse(), alerts.list()->front().id, u"called"_s));
    QCOMPARE(openOf(m_adams), 1);
}

void TestReadingImport::worklistCountsAlertsNotRaisedYet()
{
    // Readings written without an import (demo practice, earlier versions) count before the
    // upkeep raises their alerts, and once, not twice, after it.
    m_practice->addReading(m_adams, QDate(2026, 3, 19), QTime(8, 0), u"bp"_s, 200, 100);
    m_practice->addReading(m_adams, QDate(2026, 3, 1), QTime(8, 0), u"bp"_s, 200, 100); // old
    m_practice->addReading(m_baker, QDate(2026, 3, 20), QTime(8, 0), u"bp"_s, 120, 80);
    const auto openOf = [&](vd::PatientId p) {
        auto rows = vd::billing::buildWorklist(m_temp->db(), m_clock, m_today);
        if (!rows)
            return -1;
        for (const auto &r : *rows) {
            if (r.patientId == p)
                return r.openAlerts;
        }
        return -1;
    };
    QCOMPARE(openOf(m_adams), 1);
    QCOMPARE(openOf(m_baker), 0);
    QVERIFY(vd::billing::refreshAlerts(m_temp->db(), m_clock, m_practice->nurse(), m_today));
    QCOMPARE(openOf(m_adams), 1);
    vd::AlertRepository alerts(m_temp->connection(), m_clock);
    QVERIFY(alerts.acknowledge(m_practice->nurse(), alerts.list()->front().id, u"called"_s));
    QCOMPARE(openOf(m_adams), 0);
}

QTEST_GUILESS_MAIN(TestReadingImport)
#include "tst_readingimport.moc"
