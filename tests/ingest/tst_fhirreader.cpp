// FhirReader against the 22 third-party fixtures in $VITALDESK_SHARED_DIR/fixtures/fhir
// (read in place; expected counts written by hand from reading each file), plus
// generated resources for mapping, time, units, pairing, malformed input and NDJSON.

#include <cmath>

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "ingest/fhirreader.h"
#include "ingest/reader.h"

using namespace Qt::Literals::StringLiterals;
using namespace vd::ingest;

namespace {

constexpr qint64 t0 = Q_INT64_C(1709645400000); // 2024-03-05T13:30:00Z

QString fixtureDir()
{
    const QString shared = qEnvironmentVariable("VITALDESK_SHARED_DIR");
    return QDir(shared).filePath(u"fixtures/fhir"_s);
}

QString fixturePath(const QString &prefix)
{
    const QStringList files =
        QDir(fixtureDir()).entryList({prefix + u"_*.json"_s}, QDir::Files, QDir::Name);
    return files.size() == 1 ? QDir(fixtureDir()).filePath(files.first()) : QString();
}

QJsonObject coding(const QString &code, const QString &system = u"http://loinc.org"_s)
{
    return QJsonObject{{u"system"_s, system}, {u"code"_s, code}};
}

QJsonObject codeable(const QJsonArray &codings)
{
    return QJsonObject{{u"coding"_s, codings}};
}

QJsonObject quantity(double value, const QString &unit)
{
    QJsonObject q{{u"value"_s, value}, {u"system"_s, u"http://unitsofmeasure.org"_s}};
    if (!unit.isEmpty())
        q.insert(u"code"_s, unit);
    return q;
}

// A final Observation of `loinc` for Patient/p1 at t0 with a valueQuantity.
QJsonObject observation(const QString &id, const QString &loinc, double value, const QString &unit)
{
    return QJsonObject{
        {u"resourceType"_s, u"Observation"_s},
        {u"id"_s, id},
        {u"status"_s, u"final"_s},
        {u"code"_s, codeable({coding(loinc)})},
        {u"subject"_s, QJsonObject{{u"reference"_s, u"Patient/p1"_s}}},
        {u"effectiveDateTime"_s, u"2024-03-05T08:30:00-05:00"_s},
        {u"valueQuantity"_s, quantity(value, unit)},
    };
}

QJsonObject bpPanel(const QString &id, double systolic, double diastolic)
{
    QJsonObject o = observation(id, u"85354-9"_s, 0, {});
    o.remove(u"valueQuantity"_s);
    o.insert(u"component"_s,
             QJsonArray{
                 QJsonObject{{u"code"_s, codeable({coding(u"8480-6"_s)})},
                             {u"valueQuantity"_s, quantity(systolic, u"mm[Hg]"_s)}},
                 QJsonObject{{u"code"_s, codeable({coding(u"8462-4"_s)})},
                             {u"valueQuantity"_s, quantity(diastolic, u"mm[Hg]"_s)}},
             });
    return o;
}

QJsonObject patient(const QString &id, const QString &mrn)
{
    return QJsonObject{
        {u"resourceType"_s, u"Patient"_s},
        {u"id"_s, id},
        {u"identifier"_s,
         QJsonArray{QJsonObject{{u"system"_s, u"http://hl7.org/fhir/sid/us-ssn"_s},
                                {u"value"_s, u"999-00-1234"_s}},
                    QJsonObject{{u"type"_s, codeable({coding(u"MR"_s, u"http://terminology.hl7.org/"
                                                                      u"CodeSystem/v2-0203"_s)})},
                                {u"value"_s, mrn}}}},
    };
}

QJsonObject deviceResource(const QString &id, const QString &serial)
{
    return QJsonObject{
        {u"resourceType"_s, u"Device"_s},
        {u"id"_s, id},
        {u"serialNumber"_s, serial},
        {u"identifier"_s, QJsonArray{QJsonObject{{u"value"_s, QString(u"MAC-"_s + serial)}}}},
    };
}

QByteArray bundle(const QList<QJsonObject> &resources, const QStringList &fullUrls = {})
{
    QJsonArray entries;
    for (qsizetype i = 0; i < resources.size(); ++i) {
        QJsonObject entry{{u"resource"_s, resources[i]}};
        if (i < fullUrls.size() && !fullUrls[i].isEmpty())
            entry.insert(u"fullUrl"_s, fullUrls[i]);
        entries.append(entry);
    }
    const QJsonObject b{
        {u"resourceType"_s, u"Bundle"_s}, {u"type"_s, u"collection"_s}, {u"entry"_s, entries}};
    return QJsonDocument(b).toJson(QJsonDocument::Indented);
}

QByteArray toNdjson(const QList<QJsonObject> &resources)
{
    QByteArray out;
    for (const QJsonObject &r : resources)
        out += QJsonDocument(r).toJson(QJsonDocument::Compact) + '\n';
    return out;
}

QByteArray single(const QJsonObject &resource)
{
    return QJsonDocument(resource).toJson(QJsonDocument::Indented);
}

ReadBatch readFhir(const QByteArray &data, const ReadOptions &options = {},
                   const QString &name = u"test.json"_s)
{
    return FhirReader(options).read(QByteArrayView(data), name);
}

ReadOptions lenient()
{
    ReadOptions o;
    o.dateOnly = DateOnlyPolicy::AssumeNoon;
    o.dateOnlyZone = QTimeZone("America/New_York");
    return o;
}

QString issues(const ReadBatch &b)
{
    QStringList out;
    if (!b.fatalError.isEmpty())
        out << u"fatal: "_s + b.fatalError;
    for (const Issue &i : b.rejected)
        out << u"rejected: "_s + i.toString();
    for (const Issue &i : b.skipped)
        out << u"skipped: "_s + i.toString();
    return out.join(u"\n"_s);
}

QString summaryText(const ReadBatch &b)
{
    QStringList parts;
    const QMap<QString, qint64> s = b.skipSummary();
    for (auto it = s.begin(); it != s.end(); ++it)
        parts << it.key() + u'=' + QString::number(it.value());
    return parts.join(u';');
}

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-9;
}

} // namespace

class TestFhirReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fixtures_data();
    void fixtures();
    void fixtureSpO2WithFlowComponent();
    void fixtureCompoundBpWithMdcCodes();
    void fixtureTransactionBundleResolvesPatientAndDevice();
    void fixtureValueInComponent();
    void fixtureDiastolicAbsent();
    void fixtureWeightInPounds();
    void fixtureSyntheaOffsets();
    void fixtureSyntheaOlderBpPanel();
    void fixtureAllVitalsWithDatesAccepted();
    void readFileDetectsFhir();

    void status_data();
    void status();
    void configurableStatuses();
    void effectiveTime_data();
    void effectiveTime();
    void values_data();
    void values();
    void codes_data();
    void codes();
    void subjects_data();
    void subjects();
    void patientResolution();
    void deviceResolution();
    void externalIds();
    void pairing_data();
    void pairing();
    void bundleWithOneBadEntry();
    void bundleEntriesWithoutResource();
    void malformed_data();
    void malformed();
    void truncatedFixture();
    void ndjson();
    void ndjsonForwardReferenceAndPairing();
    void ndjsonMalformedLine();
    void deviceInputMatchesMemory();
    void parallelParsingMatchesSequential();
    void largeNdjson();
    void progressAndCancel();
};

void TestFhirReader::initTestCase()
{
    QVERIFY2(QDir(fixtureDir()).exists(), qPrintable(u"fixtures not found: "_s + fixtureDir() +
                                                     u" (set VITALDESK_SHARED_DIR)"_s));
    QCOMPARE(QDir(fixtureDir()).entryList({u"F*.json"_s}, QDir::Files).size(), 22);
}

void TestFhirReader::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("imported");
    QTest::addColumn<int>("skipped");
    QTest::addColumn<int>("rejected");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<int>("importedLenient"); // DateOnlyPolicy::AssumeNoon
    QTest::addColumn<int>("skippedLenient");

    // Date-only effectiveDateTime ("1999-07-02") is skipped by default; the last two
    // columns are the counts when bare dates are accepted.
    const QString dateOnly = u"no time of day=1"_s;
    const QString unsupported = u"unsupported code or kind=1"_s;
    QTest::addRow("F01 US Core bp panel, date only")
        << u"F01"_s << 0 << 1 << 0 << dateOnly << 1 << 0;
    QTest::addRow("F02 heart rate, date only") << u"F02"_s << 0 << 1 << 0 << dateOnly << 1 << 0;
    QTest::addRow("F03 weight kg, date only") << u"F03"_s << 0 << 1 << 0 << dateOnly << 1 << 0;
    QTest::addRow("F04 temperature Cel, date only")
        << u"F04"_s << 0 << 1 << 0 << dateOnly << 1 << 0;
    QTest::addRow("F05 respiratory rate, date only")
        << u"F05"_s << 0 << 1 << 0 << dateOnly << 1 << 0;
    QTest::addRow("F06 SpO2 2708-6+59408-5 one reading")
        << u"F06"_s << 1 << 0 << 0 << QString() << 1 << 0;
    QTest::addRow("F07 serum glucose, date only") << u"F07"_s << 0 << 1 << 0 << dateOnly << 1 << 0;
    QTest::addRow("F08 average bp 96607-7 not a reading")
        << u"F08"_s << 0 << 1 << 0 << unsupported << 0 << 1;
    QTest::addRow("F09 bp with diastolic data absent")
        << u"F09"_s << 0 << 1 << 0 << u"data absent=1"_s << 0 << 1;
    QTest::addRow("F10 PHD compound bp MDC+LOINC")
        << u"F10"_s << 1 << 0 << 0 << QString() << 1 << 0;
    QTest::addRow("F11 PHD glucose MDC code only")
        << u"F11"_s << 0 << 1 << 0 << unsupported << 0 << 1;
    QTest::addRow("F12 PHD private compound code")
        << u"F12"_s << 0 << 1 << 0 << unsupported << 0 << 1;
    QTest::addRow("F13 PHG transaction bundle")
        << u"F13"_s << 2 << 4 << 0 << u"not an Observation=3;unsupported code or kind=1"_s << 2
        << 4;
    QTest::addRow("F14 cancelled weight")
        << u"F14"_s << 0 << 1 << 0 << u"status excluded=1"_s << 0 << 1;
    QTest::addRow("F15 entered-in-error, BOM")
        << u"F15"_s << 0 << 1 << 0 << u"status excluded=1"_s << 0 << 1;
    QTest::addRow("F16 weight [lb_av], date only") << u"F16"_s << 0 << 1 << 0 << dateOnly << 1 << 0;
    QTest::addRow("F17 Apgar SNOMED, BOM") << u"F17"_s << 0 << 1 << 0 << unsupported << 0 << 1;
    QTest::addRow("F18 heart rate value in component")
        << u"F18"_s << 1 << 0 << 0 << QString() << 1 << 0;
    QTest::addRow("F19 masked DAR code") << u"F19"_s << 0 << 1 << 0 << unsupported << 0 << 1;
    // F20: 137 entries, 66 not Observations; of 71 Observations 9 are readings:
    // weight x3 (entries 8, 33, 101), bp 85354-9 x3 (10, 35, 103), oral temperature 8331-1
    // x2 (80, 94), glucose 2339-0 (104); height, BMI, pain, labs, smoking are not.
    QTest::addRow("F20 Synthea Inferno bundle")
        << u"F20"_s << 9 << 128 << 0 << u"not an Observation=66;unsupported code or kind=62"_s << 9
        << 128;
    // F21: 70 entries, 22 not Observations; of 48 Observations 6 are readings:
    // weight x3 (6, 28, 45), bp 55284-4 x3 (8, 30, 47).
    QTest::addRow("F21 Synthea SMART bundle")
        << u"F21"_s << 6 << 64 << 0 << u"not an Observation=22;unsupported code or kind=42"_s << 6
        << 64;
    // F22: 54 entries, 27 not Observations; the six vitals (RR 20, HR 24, bp 32,
    // weight 35, temperature 46, SpO2 47) carry date-only times; 21 other Observations
    // (labs, SDOH, average bp 96607-7, BMI, percentiles, valueString notes ...).
    QTest::addRow("F22 Inferno US Core client bundle") << u"F22"_s << 0 << 54 << 0
                                                       << u"no time of day=6;not an Observation=27;"
                                                          u"unsupported code or kind=21"_s
                                                       << 6 << 48;
}

void TestFhirReader::fixtures()
{
    QFETCH(QString, file);
    QFETCH(int, imported);
    QFETCH(int, skipped);
    QFETCH(int, rejected);
    QFETCH(QString, summary);
    QFETCH(int, importedLenient);
    QFETCH(int, skippedLenient);

    const QString path = fixturePath(file);
    QVERIFY2(!path.isEmpty(), qPrintable(file));
    const ReadBatch b = FhirReader().readFile(path);
    QVERIFY2(b.ok(), qPrintable(b.fatalError));
    QCOMPARE(b.format, ReadBatch::Format::FhirJson);
    QCOMPARE(int(b.readings.size()), imported);
    QCOMPARE(int(b.skippedCount), skipped);
    QCOMPARE(int(b.rejectedCount), rejected);
    QCOMPARE(summaryText(b), summary);
    QCOMPARE(b.recordsSeen, qint64(imported + skipped + rejected));

    const ReadBatch l = FhirReader(lenient()).readFile(path);
    QVERIFY2(l.ok(), qPrintable(l.fatalError));
    QCOMPARE(int(l.readings.size()), importedLenient);
    QCOMPARE(int(l.skippedCount), skippedLenient);
    QCOMPARE(int(l.rejectedCount), 0);
}

void TestFhirReader::fixtureSpO2WithFlowComponent()
{
    const ReadBatch b = FhirReader().readFile(fixturePath(u"F06"_s));
    QCOMPARE(b.readings.size(), std::size_t(1));
    const ParsedReading &r = b.readings[0];
    QCOMPARE(r.kind, Kind::SpO2);
    QCOMPARE(r.value1, 95.0); // the inhaled O2 flow component (6 L/min) is not a reading
    QCOMPARE(r.value2, std::nullopt);
    QCOMPARE(r.takenAtMs, Q_INT64_C(1417768210000)); // 2014-12-05T09:30:10+01:00
    QCOMPARE(r.source, Source::Device);              // device.display names the oximeter
    QVERIFY(b.deviceOf(r));
    QCOMPARE(b.deviceOf(r)->display, u"Acme Pulse Oximeter 2000"_s);
    QCOMPARE(b.deviceOf(r)->reference, QString());
    QCOMPARE(b.patientOf(r).reference, u"Patient/example"_s);
    QCOMPARE(r.externalId, u"satO2-fiO2"_s);
    QCOMPARE(r.externalSource, u"fhir"_s);
    QCOMPARE(r.location.isNull(), true);
    QCOMPARE(b.locationOf(r),
             u"F06_uscore_pulse-oximetry_2708-6_59408-5_with-O2-flow-component.json resource"_s);
}

void TestFhirReader::fixtureCompoundBpWithMdcCodes()
{
    const ReadBatch b = FhirReader().readFile(fixturePath(u"F10"_s));
    QCOMPARE(b.readings.size(), std::size_t(1));
    const ParsedReading &r = b.readings[0];
    QCOMPARE(r.kind, Kind::BloodPressure);
    QCOMPARE(r.value1, 116.0);
    QCOMPARE(r.value2, std::optional<double>(71.0));
    QCOMPARE(r.takenAtMs, Q_INT64_C(1541954295000)); // 2018-11-11T11:38:15-05:00
    QCOMPARE(r.source, Source::Device);
    QCOMPARE(b.deviceOf(r)->reference, u"Device/phd-711000FEFF5F49B0.B0495F001071"_s);
    QCOMPARE(b.deviceOf(r)->serial, QString()); // not in the file: matched by reference later
    QCOMPARE(b.patientOf(r).reference, u"Patient/patientExample-1"_s);
}

void TestFhirReader::fixtureTransactionBundleResolvesPatientAndDevice()
{
    const ReadBatch b = FhirReader().readFile(fixturePath(u"F13"_s));
    QCOMPARE(b.readings.size(), std::size_t(2));
    QCOMPARE(b.patients.size(), std::size_t(1));
    QCOMPARE(b.devices.size(), std::size_t(1));
    const ParsedReading &spo2 = b.readings[0];
    const ParsedReading &hr = b.readings[1];
    QCOMPARE(spo2.kind, Kind::SpO2);
    QCOMPARE(spo2.value1, 98.0);
    QCOMPARE(spo2.location.entry, 4);
    QCOMPARE(hr.kind, Kind::HeartRate);
    QCOMPARE(hr.value1, 47.0); // unit text "{beat}/min}" is garbled, the UCUM code is /min
    QCOMPARE(hr.location.entry, 5);
    QCOMPARE(spo2.takenAtMs, Q_INT64_C(1568997616936)); // 12:40:16.936-04:00
    QCOMPARE(hr.takenAtMs, spo2.takenAtMs);
    QCOMPARE(spo2.externalId, u"pulse-ox-001"_s);
    QCOMPARE(hr.externalId, u"pulse-ox-002"_s);

    const PatientInfo &p = b.patientOf(spo2);
    QCOMPARE(p.reference, u"urn:uuid:5b7842fe-978d-4182-a41f-0d07a8617bc2"_s);
    QCOMPARE(p.mrn, u"sisansarahId"_s);
    QCOMPARE(p.identifiers, QStringList{u"sisansarahId"_s});

    const DeviceInfo *d = b.deviceOf(spo2);
    QVERIFY(d);
    QCOMPARE(d->reference, u"urn:uuid:c87cc91b-8b31-4e6f-b636-75e52891d10a"_s);
    QCOMPARE(d->serial, u"0400007825"_s);
    QCOMPARE(d->identifiers,
             (QStringList{u"0400007825"_s, u"00-1C-05-04-00-00-78-25"_s, u"00-1C-05-00-78-25"_s}));
    QCOMPARE(spo2.source, Source::Device);

    // Skipped: Patient (entry 0), two Devices (1, 2), the coincident time stamp (3).
    QCOMPARE(b.skipped.size(), std::size_t(4));
    QCOMPARE(b.skipped[0].location.entry, 0);
    QCOMPARE(b.skipped[0].reason, u"Patient"_s);
    QCOMPARE(b.skipped[3].category, std::optional<SkipReason>(SkipReason::UnsupportedCode));
    QCOMPARE(b.skipped[3].reason, u"unsupported code urn:iso:std:iso:11073:10101|67975"_s);
}

void TestFhirReader::fixtureValueInComponent()
{
    const ReadBatch b = FhirReader().readFile(fixturePath(u"F18"_s));
    QCOMPARE(b.readings.size(), std::size_t(1));
    const ParsedReading &r = b.readings[0];
    QCOMPARE(r.kind, Kind::HeartRate);
    QCOMPARE(r.value1, 78.0);
    QCOMPARE(r.takenAtMs, Q_INT64_C(1731922732000)); // 2024-11-18T09:38:52+00:00
    QCOMPARE(b.deviceOf(r)->reference, u"Device/Byteflies Vital Signs"_s);
    QCOMPARE(b.patientOf(r).reference, u"Patient/D358D4B4-6007-4C3E-A33B-056773F45DC9"_s);
}

void TestFhirReader::fixtureDiastolicAbsent()
{
    const ReadBatch b = FhirReader().readFile(fixturePath(u"F09"_s));
    QCOMPARE(b.skipped.size(), std::size_t(1));
    QCOMPARE(b.skipped[0].reason, u"diastolic: dataAbsentReason not-performed"_s);
}

void TestFhirReader::fixtureWeightInPounds()
{
    ReadBatch b = FhirReader().readFile(fixturePath(u"F16"_s));
    QCOMPARE(b.skipped.size(), std::size_t(1));
    QCOMPARE(b.skipped[0].reason, u"effectiveDateTime '2016-03-28' has no time of day"_s);

    b = FhirReader(lenient()).readFile(fixturePath(u"F16"_s));
    QCOMPARE(b.readings.size(), std::size_t(1));
    const ParsedReading &r = b.readings[0];
    QCOMPARE(r.kind, Kind::Weight);
    QVERIFY(near(r.value1, 83.91458845)); // 185 [lb_av]
    QCOMPARE(r.unit(), u"kg"_s);
    QCOMPARE(r.dateOnly, true);
    QCOMPARE(r.takenAtMs, Q_INT64_C(1459180800000)); // 2016-03-28 12:00 EDT
    QCOMPARE(r.source, Source::Manual);
}

void TestFhirReader::fixtureSyntheaOffsets()
{
    const ReadBatch b = FhirReader().readFile(fixturePath(u"F20"_s));
    QCOMPARE(b.readings.size(), std::size_t(9));
    const ParsedReading &bp = b.readings[1];
    QCOMPARE(bp.location.entry, 10);
    QCOMPARE(bp.kind, Kind::BloodPressure);
    QCOMPARE(bp.value1, 111.0); // components come diastolic first in this file
    QCOMPARE(bp.value2, std::optional<double>(86.0));
    QCOMPARE(bp.takenAtMs, Q_INT64_C(1314015526000)); // 2011-08-22T08:18:46-04:00
    QCOMPARE(bp.source, Source::Manual);
    QCOMPARE(bp.device, -1);
    QCOMPARE(b.patients.size(), std::size_t(1));
    const PatientInfo &p = b.patientOf(bp);
    QCOMPARE(p.mrn, u"7b4cf3d5-26bd-4c44-8f45-f11928c63c0e"_s);
    QVERIFY(!p.identifiers.contains(u"999-83-6585"_s)); // SSN left out

    QList<int> entries;
    QList<Kind> kinds;
    for (const ParsedReading &r : b.readings) {
        entries << r.location.entry;
        kinds << r.kind;
    }
    QCOMPARE(entries, (QList<int>{8, 10, 33, 35, 80, 94, 101, 103, 104}));
    QCOMPARE(kinds, (QList<Kind>{Kind::Weight, Kind::BloodPressure, Kind::Weight,
                                 Kind::BloodPressure, Kind::Temperature, Kind::Temperature,
                                 Kind::Weight, Kind::BloodPressure, Kind::Glucose}));
    QCOMPARE(b.readings[4].value1, 37.451);
    QCOMPARE(b.readings[8].value1, 83.71);
}

void TestFhirReader::fixtureSyntheaOlderBpPanel()
{
    const ReadBatch b = FhirReader().readFile(fixturePath(u"F21"_s));
    QCOMPARE(b.readings.size(), std::size_t(6));
    const ParsedReading &bp = b.readings[1];
    QCOMPARE(bp.location.entry, 8);
    QCOMPARE(bp.kind, Kind::BloodPressure);
    QCOMPARE(bp.value1, 106.6797730199243);
    QCOMPARE(bp.value2, std::optional<double>(71.57727343548594));
    QCOMPARE(bp.takenAtMs, Q_INT64_C(1347290964000)); // 2012-09-10T15:29:24+00:00
    QCOMPARE(b.patientOf(bp).mrn, u"1484a42d-0eaf-4654-9cbf-6b050a5cd73b"_s);
    QCOMPARE(b.readings[0].value1, 77.97300748096048);
}

void TestFhirReader::fixtureAllVitalsWithDatesAccepted()
{
    const ReadBatch b = FhirReader(lenient()).readFile(fixturePath(u"F22"_s));
    QCOMPARE(b.readings.size(), std::size_t(6));
    QList<Kind> kinds;
    for (const ParsedReading &r : b.readings) {
        kinds << r.kind;
        QCOMPARE(r.takenAtMs, Q_INT64_C(930931200000)); // 1999-07-02 12:00 EDT
        QCOMPARE(r.dateOnly, true);
        QCOMPARE(b.patientOf(r).mrn, u"us-core-client-tests-patient"_s);
    }
    QCOMPARE(kinds, (QList<Kind>{Kind::RespiratoryRate, Kind::HeartRate, Kind::BloodPressure,
                                 Kind::Weight, Kind::Temperature, Kind::SpO2}));
    QCOMPARE(b.readings[2].value1, 109.0);
    QCOMPARE(b.readings[2].value2, std::optional<double>(44.0));
    QCOMPARE(b.readings[5].value1, 99.0);
}

void TestFhirReader::readFileDetectsFhir()
{
    const ReadBatch b = readFile(fixturePath(u"F13"_s));
    QCOMPARE(b.format, ReadBatch::Format::FhirJson);
    QCOMPARE(b.readings.size(), std::size_t(2));
}

void TestFhirReader::status_data()
{
    QTest::addColumn<QJsonValue>("status");
    QTest::addColumn<QString>("outcome");
    QTest::addRow("final") << QJsonValue(u"final"_s) << u"imported"_s;
    QTest::addRow("amended") << QJsonValue(u"amended"_s) << u"imported"_s;
    QTest::addRow("corrected") << QJsonValue(u"corrected"_s) << u"imported"_s;
    QTest::addRow("preliminary") << QJsonValue(u"preliminary"_s) << u"skipped"_s;
    QTest::addRow("registered") << QJsonValue(u"registered"_s) << u"skipped"_s;
    QTest::addRow("cancelled") << QJsonValue(u"cancelled"_s) << u"skipped"_s;
    QTest::addRow("entered-in-error") << QJsonValue(u"entered-in-error"_s) << u"skipped"_s;
    QTest::addRow("unknown") << QJsonValue(u"unknown"_s) << u"skipped"_s;
    QTest::addRow("not a status") << QJsonValue(u"done"_s) << u"rejected"_s;
    QTest::addRow("missing") << QJsonValue(QJsonValue::Undefined) << u"rejected"_s;
}

void TestFhirReader::status()
{
    QFETCH(QJsonValue, status);
    QFETCH(QString, outcome);
    QJsonObject o = observation(u"o1"_s, u"8867-4"_s, 70, u"/min"_s);
    if (status.isUndefined())
        o.remove(u"status"_s);
    else
        o.insert(u"status"_s, status);
    const ReadBatch b = readFhir(single(o));
    QVERIFY2(b.ok(), qPrintable(b.fatalError));
    QCOMPARE(int(b.readings.size()), outcome == u"imported"_s ? 1 : 0);
    QCOMPARE(int(b.skippedCount), outcome == u"skipped"_s ? 1 : 0);
    QCOMPARE(int(b.rejectedCount), outcome == u"rejected"_s ? 1 : 0);
    if (outcome == u"skipped"_s)
        QCOMPARE(b.skipped[0].reason, u"status "_s + status.toString());
}

void TestFhirReader::configurableStatuses()
{
    ReadOptions options;
    options.skippedStatuses = {u"entered-in-error"_s};
    QJsonObject o = observation(u"o1"_s, u"8867-4"_s, 70, u"/min"_s);
    o.insert(u"status"_s, u"preliminary"_s);
    QCOMPARE(readFhir(single(o), options).readings.size(), std::size_t(1));
    o.insert(u"status"_s, u"entered-in-error"_s);
    QCOMPARE(readFhir(single(o), options).skippedCount, 1);
}

void TestFhirReader::effectiveTime_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("acceptDates");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("reason");

    const QString dt = u"effectiveDateTime"_s;
    QTest::addRow("offset -05:00") << dt << QJsonValue(u"2024-03-05T08:30:00-05:00"_s) << false
                                   << u"imported"_s << t0 << QString();
    QTest::addRow("Z") << dt << QJsonValue(u"2024-03-05T13:30:00Z"_s) << false << u"imported"_s
                       << t0 << QString();
    QTest::addRow("+01:00 with millis") << dt << QJsonValue(u"2024-03-05T14:30:00.000+01:00"_s)
                                        << false << u"imported"_s << t0 << QString();
    QTest::addRow("effectiveInstant")
        << u"effectiveInstant"_s << QJsonValue(u"2024-03-05T13:30:00.000Z"_s) << false
        << u"imported"_s << t0 << QString();
    QTest::addRow("effectivePeriod.start")
        << u"effectivePeriod"_s
        << QJsonValue(QJsonObject{{u"start"_s, u"2024-03-05T08:30:00-05:00"_s},
                                  {u"end"_s, u"2024-03-05T08:45:00-05:00"_s}})
        << false << u"imported"_s << t0 << QString();
    QTest::addRow("effectivePeriod without start")
        << u"effectivePeriod"_s << QJsonValue(QJsonObject{{u"end"_s, u"2024-03-05T08:45:00Z"_s}})
        << false << u"skipped"_s << qint64(0) << u"effectivePeriod has no start"_s;
    QTest::addRow("effectiveTiming")
        << u"effectiveTiming"_s << QJsonValue(QJsonObject{}) << false << u"skipped"_s << qint64(0)
        << u"effectiveTiming is not supported"_s;
    QTest::addRow("no effective") << QString() << QJsonValue() << false << u"skipped"_s << qint64(0)
                                  << u"no effective time"_s;
    QTest::addRow("no offset") << dt << QJsonValue(u"2024-03-05T08:30:00"_s) << false
                               << u"rejected"_s << qint64(0)
                               << u"effectiveDateTime '2024-03-05T08:30:00' has a time of day "
                                  u"but no UTC offset"_s;
    QTest::addRow("not a date") << dt << QJsonValue(u"March 5"_s) << false << u"rejected"_s
                                << qint64(0)
                                << u"effectiveDateTime 'March 5' is not a valid dateTime"_s;
    QTest::addRow("date only skipped")
        << dt << QJsonValue(u"2024-03-05"_s) << false << u"skipped"_s << qint64(0)
        << u"effectiveDateTime '2024-03-05' has no time of day"_s;
    QTest::addRow("date only accepted at noon")
        << dt << QJsonValue(u"2024-03-05"_s) << true << u"imported"_s << Q_INT64_C(1709658000000)
        << QString();
    QTest::addRow("year-month never accepted")
        << dt << QJsonValue(u"2024-03"_s) << true << u"skipped"_s << qint64(0)
        << u"effectiveDateTime '2024-03' has no time of day"_s;
}

void TestFhirReader::effectiveTime()
{
    QFETCH(QString, key);
    QFETCH(QJsonValue, value);
    QFETCH(bool, acceptDates);
    QFETCH(QString, outcome);
    QFETCH(qint64, ms);
    QFETCH(QString, reason);
    QJsonObject o = observation(u"o1"_s, u"8867-4"_s, 70, u"/min"_s);
    o.remove(u"effectiveDateTime"_s);
    if (!key.isEmpty())
        o.insert(key, value);
    const ReadBatch b = readFhir(single(o), acceptDates ? lenient() : ReadOptions{});
    QVERIFY2(b.ok(), qPrintable(b.fatalError));
    QCOMPARE(int(b.readings.size()), outcome == u"imported"_s ? 1 : 0);
    if (outcome == u"imported"_s) {
        QCOMPARE(b.readings[0].takenAtMs, ms);
        QCOMPARE(b.readings[0].dateOnly, acceptDates && value.toString().size() == 10);
    } else if (outcome == u"skipped"_s) {
        QCOMPARE(b.skippedCount, 1);
        QCOMPARE(b.skipped[0].reason, reason);
    } else {
        QCOMPARE(b.rejectedCount, 1);
        QCOMPARE(b.rejected[0].reason, reason);
    }
}

void TestFhirReader::values_data()
{
    QTest::addColumn<QJsonObject>("resource");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("reason");

    auto withValue = [](QJsonObject o, const QString &key, const QJsonValue &v) {
        o.remove(u"valueQuantity"_s);
        if (!key.isEmpty())
            o.insert(key, v);
        return o;
    };
    const QJsonObject hr = observation(u"o1"_s, u"8867-4"_s, 70, u"/min"_s);
    QTest::addRow("heart rate") << hr << u"imported"_s << 70.0 << QString();
    QTest::addRow("valueString") << withValue(hr, u"valueString"_s, u"70 bpm"_s) << u"skipped"_s
                                 << 0.0 << u"value is valueString, not valueQuantity"_s;
    QTest::addRow("valueCodeableConcept")
        << withValue(hr, u"valueCodeableConcept"_s, QJsonObject{{u"text"_s, u"normal"_s}})
        << u"skipped"_s << 0.0 << u"value is valueCodeableConcept, not valueQuantity"_s;
    QTest::addRow("no value") << withValue(hr, {}, {}) << u"skipped"_s << 0.0 << u"no value"_s;
    QTest::addRow("valueQuantity without value")
        << withValue(hr, u"valueQuantity"_s, QJsonObject{{u"code"_s, u"/min"_s}}) << u"skipped"_s
        << 0.0 << u"valueQuantity has no value"_s;
    QJsonObject comparator = quantity(600, u"mg/dL"_s);
    comparator.insert(u"comparator"_s, u">"_s);
    QTest::addRow("comparator") << withValue(observation(u"g"_s, u"41653-7"_s, 0, {}),
                                             u"valueQuantity"_s, comparator)
                                << u"skipped"_s << 0.0 << u"value has comparator >"_s;
    QJsonObject dar = hr;
    dar.remove(u"valueQuantity"_s);
    dar.insert(u"dataAbsentReason"_s, codeable({coding(u"asked-declined"_s, u"x"_s)}));
    QTest::addRow("dataAbsentReason")
        << dar << u"skipped"_s << 0.0 << u"dataAbsentReason asked-declined"_s;
    QTest::addRow("98.6 [degF]") << observation(u"t"_s, u"8310-5"_s, 98.6, u"[degF]"_s)
                                 << u"imported"_s << 37.0 << QString();
    QTest::addRow("6.3 mmol/L") << observation(u"g"_s, u"15074-8"_s, 6.3, u"mmol/L"_s)
                                << u"imported"_s << 113.5008 << QString();
    QTest::addRow("72500 g") << observation(u"w"_s, u"29463-7"_s, 72500, u"g"_s) << u"imported"_s
                             << 72.5 << QString();
    QTest::addRow("185 [lb_av]") << observation(u"w"_s, u"29463-7"_s, 185, u"[lb_av]"_s)
                                 << u"imported"_s << 83.91458845 << QString();
    QJsonObject unitTextOnly = observation(u"w"_s, u"29463-7"_s, 80, {});
    unitTextOnly.insert(u"valueQuantity"_s, QJsonObject{{u"value"_s, 80}, {u"unit"_s, u"kg"_s}});
    QTest::addRow("unit text only") << unitTextOnly << u"imported"_s << 80.0 << QString();
    QTest::addRow("heart rate without unit")
        << observation(u"h"_s, u"8867-4"_s, 64, {}) << u"imported"_s << 64.0 << QString();
    QTest::addRow("weight without unit") << observation(u"w"_s, u"29463-7"_s, 80, {})
                                         << u"rejected"_s << 0.0 << u"valueQuantity has no unit"_s;
    QTest::addRow("unknown unit") << observation(u"w"_s, u"29463-7"_s, 12, u"[stone_av]"_s)
                                  << u"rejected"_s << 0.0
                                  << u"unit '[stone_av]' is not a unit of weight"_s;
    QTest::addRow("SpO2 120") << observation(u"s"_s, u"59408-5"_s, 120, u"%"_s) << u"rejected"_s
                              << 0.0 << u"SpO2 120 % is outside the plausible range 40-100"_s;
    QTest::addRow("temperature 50")
        << observation(u"t"_s, u"8310-5"_s, 50, u"Cel"_s) << u"rejected"_s << 0.0
        << u"temperature 50 Cel is outside the plausible range 25-45"_s;
    QTest::addRow("heart rate 0") << observation(u"h"_s, u"8867-4"_s, 0, u"/min"_s) << u"rejected"_s
                                  << 0.0
                                  << u"heart rate 0 /min is outside the plausible range 20-300"_s;
    QTest::addRow("weight negative")
        << observation(u"w"_s, u"29463-7"_s, -3, u"kg"_s) << u"rejected"_s << 0.0
        << u"weight -3 kg is outside the plausible range 1-650"_s;
    QTest::addRow("bp 400/80") << bpPanel(u"b"_s, 400, 80) << u"rejected"_s << 0.0
                               << u"systolic 400 mm[Hg] is outside the plausible range 40-300"_s;
    QTest::addRow("bp 80/90") << bpPanel(u"b"_s, 80, 90) << u"rejected"_s << 0.0
                              << u"diastolic 90 is not below systolic 80"_s;
    QJsonObject incomplete = bpPanel(u"b"_s, 120, 80);
    QJsonArray comps = incomplete.value(u"component"_s).toArray();
    comps.removeAt(1);
    incomplete.insert(u"component"_s, comps);
    QTest::addRow("bp panel without diastolic")
        << incomplete << u"skipped"_s << 0.0
        << u"blood pressure panel without diastolic component (8462-4)"_s;
    QJsonObject twoSys = bpPanel(u"b"_s, 120, 80);
    comps = twoSys.value(u"component"_s).toArray();
    comps.append(comps.at(0));
    twoSys.insert(u"component"_s, comps);
    QTest::addRow("bp panel with two systolic")
        << twoSys << u"rejected"_s << 0.0 << u"blood pressure panel has two systolic components"_s;
}

void TestFhirReader::values()
{
    QFETCH(QJsonObject, resource);
    QFETCH(QString, outcome);
    QFETCH(double, value);
    QFETCH(QString, reason);
    const ReadBatch b = readFhir(single(resource));
    QVERIFY2(b.ok(), qPrintable(b.fatalError));
    QCOMPARE(int(b.readings.size()), outcome == u"imported"_s ? 1 : 0);
    if (outcome == u"imported"_s) {
        QVERIFY2(near(b.readings[0].value1, value),
                 qPrintable(QString::number(b.readings[0].value1, 'g', 17)));
    } else if (outcome == u"skipped"_s) {
        QCOMPARE(b.skippedCount, 1);
        QCOMPARE(b.skipped[0].reason, reason);
    } else {
        QCOMPARE(b.rejectedCount, 1);
        QCOMPARE(b.rejected[0].reason, reason);
        QVERIFY(!b.importable());
    }
}

void TestFhirReader::codes_data()
{
    QTest::addColumn<QJsonArray>("codings");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("reason");
    QTest::addRow("two SpO2 codes give one reading")
        << QJsonArray{coding(u"2708-6"_s), coding(u"59408-5"_s),
                      coding(u"150456"_s, u"urn:iso:std:iso:11073:10101"_s)}
        << u"imported"_s << QString();
    QTest::addRow("LOINC after another system")
        << QJsonArray{coding(u"x"_s, u"http://acme.org"_s), coding(u"2708-6"_s)} << u"imported"_s
        << QString();
    QTest::addRow("LOINC code under another system")
        << QJsonArray{coding(u"2708-6"_s, u"http://snomed.info/sct"_s)} << u"skipped"_s
        << u"unsupported code http://snomed.info/sct|2708-6"_s;
    QTest::addRow("codes of two kinds")
        << QJsonArray{coding(u"2708-6"_s), coding(u"8867-4"_s)} << u"rejected"_s
        << u"Observation.code has LOINC codes of different kinds: 2708-6 and 8867-4"_s;
    QTest::addRow("average bp") << QJsonArray{coding(u"96607-7"_s)} << u"skipped"_s
                                << u"unsupported code http://loinc.org|96607-7"_s;
    QTest::addRow("no coding") << QJsonArray{} << u"skipped"_s << u"unsupported code (no coding)"_s;
}

void TestFhirReader::codes()
{
    QFETCH(QJsonArray, codings);
    QFETCH(QString, outcome);
    QFETCH(QString, reason);
    QJsonObject o = observation(u"o1"_s, u"2708-6"_s, 96, u"%"_s);
    o.insert(u"code"_s, codeable(codings));
    const ReadBatch b = readFhir(single(o));
    QVERIFY2(b.ok(), qPrintable(b.fatalError));
    QCOMPARE(int(b.readings.size()), outcome == u"imported"_s ? 1 : 0);
    if (outcome == u"imported"_s) {
        QCOMPARE(b.readings[0].kind, Kind::SpO2);
    } else if (outcome == u"skipped"_s) {
        QCOMPARE(b.skipped[0].category, std::optional<SkipReason>(SkipReason::UnsupportedCode));
        QCOMPARE(b.skipped[0].reason, reason);
    } else {
        QCOMPARE(b.rejected[0].reason, reason);
    }
}

void TestFhirReader::subjects_data()
{
    QTest::addColumn<QJsonValue>("subject");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("mrn");
    QTest::addRow("Patient reference")
        << QJsonValue(QJsonObject{{u"reference"_s, u"Patient/p1"_s}}) << u"imported"_s << QString();
    QTest::addRow("identifier only")
        << QJsonValue(QJsonObject{{u"identifier"_s, QJsonObject{{u"system"_s, u"urn:mrn"_s},
                                                                {u"value"_s, u"MRN-77"_s}}}})
        << u"imported"_s << u"MRN-77"_s;
    QTest::addRow("Group") << QJsonValue(QJsonObject{{u"reference"_s, u"Group/ward-3"_s}})
                           << u"skipped"_s << QString();
    QTest::addRow("absolute Device URL")
        << QJsonValue(QJsonObject{{u"reference"_s, u"https://x.org/fhir/Device/d1/_history/2"_s}})
        << u"skipped"_s << QString();
    QTest::addRow("type Location")
        << QJsonValue(QJsonObject{{u"reference"_s, u"urn:uuid:1"_s}, {u"type"_s, u"Location"_s}})
        << u"skipped"_s << QString();
    QTest::addRow("display only") << QJsonValue(QJsonObject{{u"display"_s, u"Amy"_s}})
                                  << u"rejected"_s << QString();
    QTest::addRow("no subject") << QJsonValue(QJsonValue::Undefined) << u"rejected"_s << QString();
}

void TestFhirReader::subjects()
{
    QFETCH(QJsonValue, subject);
    QFETCH(QString, outcome);
    QFETCH(QString, mrn);
    QJsonObject o = observation(u"o1"_s, u"8867-4"_s, 70, u"/min"_s);
    o.remove(u"subject"_s);
    if (!subject.isUndefined())
        o.insert(u"subject"_s, subject);
    const ReadBatch b = readFhir(single(o));
    QVERIFY2(b.ok(), qPrintable(b.fatalError));
    QCOMPARE(int(b.readings.size()), outcome == u"imported"_s ? 1 : 0);
    QCOMPARE(int(b.skippedCount), outcome == u"skipped"_s ? 1 : 0);
    QCOMPARE(int(b.rejectedCount), outcome == u"rejected"_s ? 1 : 0);
    if (outcome == u"imported"_s)
        QCOMPARE(b.patientOf(b.readings[0]).mrn, mrn);
    if (outcome == u"skipped"_s)
        QCOMPARE(b.skipped[0].category, std::optional<SkipReason>(SkipReason::SubjectNotPatient));
    if (outcome == u"rejected"_s)
        QCOMPARE(b.rejected[0].reason, u"Observation has no subject reference or identifier"_s);
}

void TestFhirReader::patientResolution()
{
    // fullUrl, relative "Patient/id" and absolute URL references to Bundle Patients, a
    // contained Patient, and a reference to a Patient not in the file.
    QJsonObject a = observation(u"a"_s, u"8867-4"_s, 70, u"/min"_s);
    a.insert(u"subject"_s, QJsonObject{{u"reference"_s, u"urn:uuid:11111111"_s}});
    QJsonObject b2 = observation(u"b"_s, u"8867-4"_s, 71, u"/min"_s);
    b2.insert(u"subject"_s, QJsonObject{{u"reference"_s, u"Patient/p2"_s}});
    QJsonObject c = observation(u"c"_s, u"8867-4"_s, 72, u"/min"_s);
    c.insert(u"subject"_s, QJsonObject{{u"reference"_s, u"https://ehr.example/fhir/Patient/p2"_s}});
    QJsonObject d = observation(u"d"_s, u"8867-4"_s, 73, u"/min"_s);
    d.insert(u"contained"_s, QJsonArray{patient(u"inner"_s, u"MRN-C"_s)});
    d.insert(u"subject"_s, QJsonObject{{u"reference"_s, u"#inner"_s}});
    QJsonObject e = observation(u"e"_s, u"8867-4"_s, 74, u"/min"_s);
    e.insert(u"subject"_s, QJsonObject{{u"reference"_s, u"Patient/elsewhere"_s},
                                       {u"identifier"_s, QJsonObject{{u"value"_s, u"MRN-E"_s}}}});

    const QByteArray data =
        bundle({a, b2, c, d, e, patient(u"p1"_s, u"MRN-A"_s), patient(u"p2"_s, u"MRN-B"_s)},
               {{}, {}, {}, {}, {}, u"urn:uuid:11111111"_s, {}});
    const ReadBatch r = readFhir(data);
    QVERIFY2(r.importable(), qPrintable(issues(r)));
    QCOMPARE(r.readings.size(), std::size_t(5));
    QCOMPARE(r.patientOf(r.readings[0]).mrn, u"MRN-A"_s);
    QCOMPARE(r.patientOf(r.readings[0]).identifiers, QStringList{u"MRN-A"_s}); // no SSN
    QCOMPARE(r.patientOf(r.readings[1]).mrn, u"MRN-B"_s);
    QCOMPARE(r.patientOf(r.readings[2]).mrn, u"MRN-B"_s);
    QCOMPARE(r.patientOf(r.readings[2]).reference, u"https://ehr.example/fhir/Patient/p2"_s);
    QCOMPARE(r.patientOf(r.readings[3]).mrn, u"MRN-C"_s);
    QCOMPARE(r.patientOf(r.readings[3]).reference, u"#inner"_s);
    QCOMPARE(r.patientOf(r.readings[4]).mrn, u"MRN-E"_s);
    QCOMPARE(r.patientOf(r.readings[4]).reference, u"Patient/elsewhere"_s);
    QCOMPARE(r.patients.size(), std::size_t(5)); // one per distinct subject as written
}

void TestFhirReader::deviceResolution()
{
    QJsonObject a = observation(u"a"_s, u"8867-4"_s, 70, u"/min"_s);
    a.insert(u"device"_s, QJsonObject{{u"reference"_s, u"Device/d1"_s}});
    QJsonObject b2 = observation(u"b"_s, u"8867-4"_s, 71, u"/min"_s);
    b2.insert(u"contained"_s, QJsonArray{deviceResource(u"dev"_s, u"SN-IN"_s)});
    b2.insert(u"device"_s, QJsonObject{{u"reference"_s, u"#dev"_s}});
    QJsonObject c = observation(u"c"_s, u"8867-4"_s, 72, u"/min"_s);
    c.insert(u"device"_s, QJsonObject{{u"identifier"_s, QJsonObject{{u"value"_s, u"SN-ID"_s}}},
                                      {u"display"_s, u"Cuff"_s}});
    QJsonObject d = observation(u"d"_s, u"8867-4"_s, 73, u"/min"_s); // no device

    const ReadBatch r = readFhir(bundle({a, b2, c, d, deviceResource(u"d1"_s, u"SN-1"_s)}));
    QVERIFY2(r.importable(), qPrintable(issues(r)));
    QCOMPARE(r.readings.size(), std::size_t(4));
    QCOMPARE(r.deviceOf(r.readings[0])->serial, u"SN-1"_s);
    QCOMPARE(r.deviceOf(r.readings[0])->identifiers, (QStringList{u"SN-1"_s, u"MAC-SN-1"_s}));
    QCOMPARE(r.deviceOf(r.readings[1])->serial, u"SN-IN"_s);
    QCOMPARE(r.deviceOf(r.readings[2])->serial, u"SN-ID"_s);
    QCOMPARE(r.deviceOf(r.readings[2])->display, u"Cuff"_s);
    QCOMPARE(r.readings[2].source, Source::Device);
    QCOMPARE(r.readings[3].device, -1);
    QCOMPARE(r.readings[3].source, Source::Manual);
    QCOMPARE(r.devices.size(), std::size_t(3));
}

void TestFhirReader::externalIds()
{
    QJsonObject a = observation(u"obs-1"_s, u"8867-4"_s, 70, u"/min"_s);
    a.insert(u"meta"_s, QJsonObject{{u"source"_s, u"https://rpm.vendor.example"_s}});
    QJsonObject b2 = observation(u"x"_s, u"8867-4"_s, 71, u"/min"_s);
    b2.remove(u"id"_s);
    b2.insert(u"identifier"_s,
              QJsonArray{QJsonObject{{u"system"_s, u"urn:vendor:obs"_s}, {u"value"_s, u"9876"_s}}});
    QJsonObject c = observation(u"x"_s, u"8867-4"_s, 72, u"/min"_s);
    c.remove(u"id"_s);
    QJsonObject d = observation(u"x"_s, u"8867-4"_s, 73, u"/min"_s);
    d.remove(u"id"_s);

    const ReadBatch r = readFhir(bundle({a, b2, c, d}, {{}, {}, u"urn:uuid:abc"_s, {}}));
    QCOMPARE(r.readings.size(), std::size_t(4));
    QCOMPARE(r.readings[0].externalSource, u"https://rpm.vendor.example"_s);
    QCOMPARE(r.readings[0].externalId, u"obs-1"_s);
    QCOMPARE(r.readings[1].externalSource, u"urn:vendor:obs"_s);
    QCOMPARE(r.readings[1].externalId, u"9876"_s);
    QCOMPARE(r.readings[2].externalSource, u"fhir"_s);
    QCOMPARE(r.readings[2].externalId, u"urn:uuid:abc"_s);
    QCOMPARE(r.readings[3].externalSource, u"fhir"_s);
    QCOMPARE(r.readings[3].externalId, QString());
}

void TestFhirReader::pairing_data()
{
    QTest::addColumn<QList<QJsonObject>>("resources");
    QTest::addColumn<int>("readings");
    QTest::addColumn<int>("unpaired");
    QTest::addColumn<int>("rejected");

    auto half = [](const QString &id, const QString &code, double v, const QString &when,
                   const QString &device) {
        QJsonObject o = observation(id, code, v, u"mm[Hg]"_s);
        o.insert(u"effectiveDateTime"_s, when);
        if (!device.isEmpty())
            o.insert(u"device"_s, QJsonObject{{u"reference"_s, device}});
        return o;
    };
    const QString t1 = u"2024-03-05T08:30:00-05:00"_s;
    const QString t1z = u"2024-03-05T13:30:00Z"_s; // same instant, other offset
    const QString t2 = u"2024-03-05T20:00:00-05:00"_s;
    const QString dev = u"Device/cuff"_s;
    const QString sys = u"8480-6"_s;
    const QString dia = u"8462-4"_s;

    QTest::addRow("pair") << QList<QJsonObject>{half(u"s1"_s, sys, 120, t1, dev),
                                                half(u"d1"_s, dia, 80, t1z, dev)}
                          << 1 << 0 << 0;
    QTest::addRow("diastolic first")
        << QList<QJsonObject>{half(u"d1"_s, dia, 80, t1, dev), half(u"s1"_s, sys, 120, t1, dev)}
        << 1 << 0 << 0;
    QTest::addRow("different device")
        << QList<QJsonObject>{half(u"s1"_s, sys, 120, t1, dev),
                              half(u"d1"_s, dia, 80, t1, u"Device/x"_s)}
        << 0 << 2 << 0;
    QTest::addRow("different time")
        << QList<QJsonObject>{half(u"s1"_s, sys, 120, t1, dev), half(u"d1"_s, dia, 80, t2, dev)}
        << 0 << 2 << 0;
    QTest::addRow("systolic alone")
        << QList<QJsonObject>{half(u"s1"_s, sys, 120, t1, dev)} << 0 << 1 << 0;
    QTest::addRow("interleaved pairs")
        << QList<QJsonObject>{half(u"s1"_s, sys, 120, t1, dev), half(u"s2"_s, sys, 130, t2, dev),
                              half(u"d2"_s, dia, 85, t2, dev), half(u"d1"_s, dia, 80, t1, dev)}
        << 2 << 0 << 0;
    QTest::addRow("three halves") << QList<QJsonObject>{half(u"s1"_s, sys, 120, t1, dev),
                                                        half(u"s2"_s, sys, 121, t1, dev),
                                                        half(u"d1"_s, dia, 80, t1, dev)}
                                  << 1 << 1 << 0;
    QTest::addRow("diastolic not below systolic")
        << QList<QJsonObject>{half(u"s1"_s, sys, 80, t1, dev), half(u"d1"_s, dia, 95, t1, dev)} << 0
        << 0 << 1;
}

void TestFhirReader::pairing()
{
    QFETCH(QList<QJsonObject>, resources);
    QFETCH(int, readings);
    QFETCH(int, unpaired);
    QFETCH(int, rejected);
    const ReadBatch b = readFhir(bundle(resources));
    QVERIFY2(b.ok(), qPrintable(b.fatalError));
    QCOMPARE(int(b.readings.size()), readings);
    QCOMPARE(int(b.skipCount(SkipReason::UnpairedBloodPressure)), unpaired);
    QCOMPARE(int(b.rejectedCount), rejected);
    for (const ParsedReading &r : b.readings) {
        QCOMPARE(r.kind, Kind::BloodPressure);
        QVERIFY(r.value2);
        QVERIFY(*r.value2 < r.value1);
        QVERIFY(!r.pairedLocation.isNull());
    }
    if (QTest::currentDataTag() == QByteArrayLiteral("pair")) {
        const ParsedReading &r = b.readings[0];
        QCOMPARE(r.value1, 120.0);
        QCOMPARE(r.value2, std::optional<double>(80.0));
        QCOMPARE(r.takenAtMs, t0);
        QCOMPARE(r.externalId, u"s1+d1"_s);
        QCOMPARE(r.location.entry, 0);
        QCOMPARE(r.pairedLocation.entry, 1);
        QCOMPARE(b.locationOf(r), u"test.json entry[0] + entry[1]"_s);
        QCOMPARE(b.deviceOf(r)->reference, u"Device/cuff"_s);
    }
    if (QTest::currentDataTag() == QByteArrayLiteral("interleaved pairs")) {
        QCOMPARE(b.readings[0].externalId, u"s1+d1"_s);
        QCOMPARE(b.readings[0].value2, std::optional<double>(80.0));
        QCOMPARE(b.readings[1].externalId, u"s2+d2"_s);
        QCOMPARE(b.readings[1].value2, std::optional<double>(85.0));
    }
    if (rejected) {
        QCOMPARE(b.rejected[0].toString(),
                 u"test.json entry[0]: diastolic 95 is not below systolic 80 (diastolic from "
                 u"entry[1])"_s);
    }
}

void TestFhirReader::bundleWithOneBadEntry()
{
    const QByteArray data =
        bundle({observation(u"a"_s, u"8867-4"_s, 70, u"/min"_s),
                observation(u"b"_s, u"59408-5"_s, 120, u"%"_s), bpPanel(u"c"_s, 130, 85)});
    const ReadBatch b = readFhir(data, {}, u"bundle.json"_s);
    QVERIFY(b.ok());
    QCOMPARE(b.readings.size(), std::size_t(2));
    QCOMPARE(b.rejectedCount, 1);
    QCOMPARE(b.rejected[0].toString(),
             u"bundle.json entry[1]: SpO2 120 % is outside the plausible range 40-100"_s);
    QVERIFY(!b.importable()); // the importer imports nothing from this file
}

void TestFhirReader::bundleEntriesWithoutResource()
{
    const QByteArray data =
        R"({"resourceType":"Bundle","type":"searchset","entry":[
            {"request":{"method":"DELETE","url":"Observation/1"}},
            {"resource":{"resourceType":"OperationOutcome","id":"oo"},"search":{"mode":"outcome"}},
            {"resource":{"id":"no-type"}},
            {"resource":{"resourceType":"Bundle","id":"nested"}}
        ]})";
    const ReadBatch b = readFhir(data);
    QVERIFY2(b.ok(), qPrintable(b.fatalError));
    QCOMPARE(b.skipCount(SkipReason::EntryWithoutResource), 1);
    QCOMPARE(b.skipCount(SkipReason::NotAnObservation), 2);
    QCOMPARE(b.rejectedCount, 1);
    QCOMPARE(b.rejected[0].reason, u"resource has no resourceType"_s);
    QCOMPARE(b.recordsSeen, 4);
}

void TestFhirReader::malformed_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("error");

    QJsonObject hr = observation(u"o1"_s, u"8867-4"_s, 70, u"/min"_s);
    QJsonObject stringValue = hr;
    stringValue.insert(u"valueQuantity"_s,
                       QJsonObject{{u"value"_s, u"70"_s}, {u"code"_s, u"/min"_s}});
    QTest::addRow("value is a string in entry 1")
        << bundle({hr, stringValue, hr})
        << u"test.json entry[1] Observation.valueQuantity.value: must be a number, found a "
           u"string"_s;
    QTest::addRow("value is a string in a lone resource")
        << single(stringValue)
        << u"test.json Observation.valueQuantity.value: must be a number, found a string"_s;
    QJsonObject bp = bpPanel(u"b"_s, 120, 80);
    QJsonArray comps = bp.value(u"component"_s).toArray();
    QJsonObject c1 = comps.at(1).toObject();
    c1.insert(u"valueQuantity"_s, QJsonObject{{u"value"_s, true}});
    comps.replace(1, c1);
    bp.insert(u"component"_s, comps);
    QTest::addRow("component value is a boolean")
        << single(bp)
        << u"test.json Observation.component[1].valueQuantity.value: must be a number, found a "
           u"boolean"_s;
    QJsonObject codingObject = hr;
    codingObject.insert(u"code"_s, QJsonObject{{u"coding"_s, coding(u"8867-4"_s)}});
    QTest::addRow("coding is an object")
        << single(codingObject)
        << u"test.json Observation.code.coding: must be an array, found an object"_s;
    QJsonObject bpBadCoding = bpPanel(u"b"_s, 120, 80);
    comps = bpBadCoding.value(u"component"_s).toArray();
    QJsonObject c0 = comps.at(0).toObject();
    c0.insert(u"code"_s, QJsonObject{{u"coding"_s, u"8480-6"_s}});
    comps.replace(0, c0);
    bpBadCoding.insert(u"component"_s, comps);
    QTest::addRow("component coding is a string")
        << single(bpBadCoding)
        << u"test.json Observation.component[0].code.coding: must be an array, found a string"_s;
    QJsonObject statusNumber = hr;
    statusNumber.insert(u"status"_s, 1);
    QTest::addRow("status is a number")
        << single(statusNumber)
        << u"test.json Observation.status: must be a string, found a number"_s;
    QJsonObject subjectString = hr;
    subjectString.insert(u"subject"_s, u"Patient/p1"_s);
    QTest::addRow("subject is a string")
        << single(subjectString)
        << u"test.json Observation.subject: must be an object, found a string"_s;
    QTest::addRow("entry is an object")
        << QByteArray(R"({"resourceType":"Bundle","entry":{"resource":{}}})")
        << u"test.json Bundle.entry: must be an array, found an object"_s;
    QTest::addRow("entry element is a number")
        << QByteArray("{\"resourceType\":\"Bundle\",\n\"entry\":[{}, 3]}")
        << u"test.json entry[1] Bundle.entry[1]: must be an object, found a number"_s;
    QTest::addRow("top-level array") << QByteArray("[{\"resourceType\":\"Observation\"}]")
                                     << u"test.json: expected a JSON object (a FHIR resource or "
                                        u"Bundle)"_s;
    QTest::addRow("empty") << QByteArray(" \n ")
                           << u"test.json: empty file: expected a FHIR resource or Bundle"_s;
    QTest::addRow("no resourceType")
        << QByteArray("{\"id\":\"x\"}") << u"test.json: not a FHIR resource (no resourceType)"_s;
    QTest::addRow("resourceType is a number")
        << QByteArray("{\"resourceType\":7}")
        << u"test.json resource.resourceType: must be a string, found a number"_s;
    QTest::addRow("truncated")
        << QByteArray("{\n  \"resourceType\": \"Observation\",\n  \"status\": ")
        << u"test.json line 3, column 13: invalid JSON: unterminated object"_s;
    QTest::addRow("trailing comma")
        << QByteArray("{\"resourceType\":\"Observation\",}")
        << u"test.json line 1, column 32: invalid JSON: object is missing after a comma"_s;
}

void TestFhirReader::malformed()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, error);
    const ReadBatch b = readFhir(data);
    QVERIFY(!b.ok());
    QVERIFY(!b.importable());
    QCOMPARE(b.fatalError, error);
    QVERIFY(b.readings.empty());
    QVERIFY(b.patients.empty());
}

void TestFhirReader::truncatedFixture()
{
    QFile f(fixturePath(u"F13"_s));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray whole = f.readAll();
    const ReadBatch b = readFhir(whole.left(whole.size() / 2), {}, u"F13.json"_s);
    QVERIFY(!b.ok());
    QVERIFY2(b.fatalError.startsWith(u"F13.json line "_s), qPrintable(b.fatalError));
    QVERIFY2(b.fatalError.contains(u"invalid JSON"_s), qPrintable(b.fatalError));
    QVERIFY(b.readings.empty());
}

void TestFhirReader::ndjson()
{
    QJsonObject a = observation(u"a"_s, u"8867-4"_s, 70, u"/min"_s);
    QJsonObject b2 = observation(u"b"_s, u"29463-7"_s, 80, u"kg"_s);
    QByteArray data = "\xEF\xBB\xBF" + toNdjson({patient(u"p1"_s, u"MRN-1"_s), a}) + "\n  \n" +
                      QJsonDocument(b2).toJson(QJsonDocument::Compact) + "\r\n" +
                      QJsonDocument(bpPanel(u"c"_s, 118, 76)).toJson(QJsonDocument::Compact);
    const ReadBatch r = readFhir(data, {}, u"Observation.ndjson"_s);
    QVERIFY2(r.importable(), qPrintable(issues(r)));
    QCOMPARE(r.format, ReadBatch::Format::FhirNdjson);
    QCOMPARE(r.readings.size(), std::size_t(3));
    QCOMPARE(r.readings[0].location.line, 2);
    QCOMPARE(r.readings[1].location.line, 5);
    QCOMPARE(r.readings[2].location.line, 6);
    QCOMPARE(r.readings[2].value2, std::optional<double>(76.0));
    QCOMPARE(r.patientOf(r.readings[0]).mrn, u"MRN-1"_s);
    QCOMPARE(r.skippedCount, 1);
    QCOMPARE(r.skipped[0].toString(), u"Observation.ndjson line 1: Patient"_s);
    QCOMPARE(r.recordsSeen, 4);

    // A Bundle on one NDJSON line: entries are located by line and index.
    const QByteArray bundleLine =
        QJsonDocument::fromJson(bundle({a, a})).toJson(QJsonDocument::Compact);
    const ReadBatch nb =
        readFhir(QJsonDocument(a).toJson(QJsonDocument::Compact) + '\n' + bundleLine);
    QCOMPARE(nb.format, ReadBatch::Format::FhirNdjson);
    QCOMPARE(nb.readings.size(), std::size_t(3));
    QCOMPARE(nb.locationOf(nb.readings[2]), u"test.json line 2 entry[1]"_s);
}

void TestFhirReader::ndjsonForwardReferenceAndPairing()
{
    QJsonObject s = observation(u"s"_s, u"8480-6"_s, 141, u"mm[Hg]"_s);
    s.insert(u"device"_s, QJsonObject{{u"reference"_s, u"Device/d9"_s}});
    QJsonObject d = observation(u"d"_s, u"8462-4"_s, 91, u"mm[Hg]"_s);
    d.insert(u"device"_s, QJsonObject{{u"reference"_s, u"Device/d9"_s}});
    const QByteArray data =
        toNdjson({s, observation(u"h"_s, u"8867-4"_s, 66, u"/min"_s), d,
                  deviceResource(u"d9"_s, u"SN-9"_s), patient(u"p1"_s, u"M1"_s)});
    const ReadBatch r = readFhir(data);
    QVERIFY2(r.importable(), qPrintable(issues(r)));
    QCOMPARE(r.readings.size(), std::size_t(2));
    const ParsedReading &bp = r.readings[1]; // pairs come after single readings
    QCOMPARE(bp.kind, Kind::BloodPressure);
    QCOMPARE(bp.value1, 141.0);
    QCOMPARE(bp.value2, std::optional<double>(91.0));
    QCOMPARE(r.locationOf(bp), u"test.json line 1 + line 3"_s);
    QCOMPARE(r.deviceOf(bp)->serial, u"SN-9"_s); // Device came later in the file
    QCOMPARE(r.patientOf(bp).mrn, u"M1"_s);      // so did the Patient
    QCOMPARE(r.patientOf(r.readings[0]).mrn, u"M1"_s);
}

void TestFhirReader::ndjsonMalformedLine()
{
    QJsonObject a = observation(u"a"_s, u"8867-4"_s, 70, u"/min"_s);
    const QByteArray line = QJsonDocument(a).toJson(QJsonDocument::Compact);
    ReadBatch b = readFhir(line + '\n' + line + '\n' + line.left(40) + '\n' + line + '\n', {},
                           u"bulk.ndjson"_s);
    QVERIFY(!b.ok());
    QVERIFY2(b.fatalError.startsWith(u"bulk.ndjson line 3, column "_s), qPrintable(b.fatalError));
    QVERIFY(b.readings.empty());

    QJsonObject bad = a;
    bad.insert(u"valueQuantity"_s, QJsonObject{{u"value"_s, u"70"_s}});
    b = readFhir(line + '\n' + QJsonDocument(bad).toJson(QJsonDocument::Compact) + '\n', {},
                 u"bulk.ndjson"_s);
    QCOMPARE(b.fatalError, u"bulk.ndjson line 2 Observation.valueQuantity.value: must be a "
                           u"number, found a string"_s);

    b = readFhir(line + "\n[1,2]\n", {}, u"bulk.ndjson"_s);
    QCOMPARE(b.fatalError,
             u"bulk.ndjson line 2: expected a JSON object (one FHIR resource per line)"_s);
}

void TestFhirReader::deviceInputMatchesMemory()
{
    QList<QJsonObject> resources;
    for (int i = 0; i < 6000; ++i) {
        QJsonObject o =
            observation(u"o"_s + QString::number(i), u"8867-4"_s, 40 + i % 100, u"/min"_s);
        o.insert(u"subject"_s,
                 QJsonObject{{u"reference"_s, QString(u"Patient/p"_s + QString::number(i % 7))}});
        resources << o;
    }
    for (const bool asNdjson : {true, false}) {
        QByteArray data = asNdjson ? toNdjson(resources) : bundle(resources);
        QVERIFY(data.size() > 1024 * 1024);
        const ReadBatch memory = readFhir(data);
        QBuffer buffer(&data);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        const ReadBatch device = FhirReader().read(buffer, u"test.json"_s);
        QVERIFY2(device.importable(), qPrintable(issues(device)));
        QCOMPARE(device.format,
                 asNdjson ? ReadBatch::Format::FhirNdjson : ReadBatch::Format::FhirJson);
        QCOMPARE(device.readings.size(), std::size_t(6000));
        QCOMPARE(memory.readings.size(), device.readings.size());
        QCOMPARE(device.patients.size(), std::size_t(7));
        for (std::size_t i = 0; i < device.readings.size(); i += 97) {
            QCOMPARE(device.readings[i].value1, memory.readings[i].value1);
            QCOMPARE(device.readings[i].location, memory.readings[i].location);
            QCOMPARE(device.readings[i].externalId, memory.readings[i].externalId);
        }
    }
}

void TestFhirReader::parallelParsingMatchesSequential()
{
    // 20k lines of mixed content: readings, skips, rejections, bp halves, Patients.
    QList<QJsonObject> resources;
    for (int i = 0; i < 20000; ++i) {
        const QString id = u"r"_s + QString::number(i);
        switch (i % 6) {
        case 0:
            resources << observation(id, u"8867-4"_s, 40 + i % 100, u"/min"_s);
            break;
        case 1:
            resources << observation(id, u"59408-5"_s, 80 + i % 30, u"%"_s); // some > 100
            break;
        case 2:
            resources << observation(id, u"8302-2"_s, 170, u"cm"_s); // unsupported
            break;
        case 3:
            resources << observation(id, u"8480-6"_s, 120 + i % 20, u"mm[Hg]"_s);
            break;
        case 4:
            resources << observation(id, u"8462-4"_s, 70 + i % 20, u"mm[Hg]"_s);
            break;
        default:
            resources << patient(u"p"_s + QString::number(i), u"M"_s + QString::number(i));
            break;
        }
    }
    const QByteArray data = toNdjson(resources);
    ReadOptions one;
    one.parseThreads = 1;
    ReadOptions four;
    four.parseThreads = 4;
    const ReadBatch a = readFhir(data, one);
    const ReadBatch b = readFhir(data, four);
    QVERIFY(a.ok());
    QVERIFY(a.rejectedCount > 0);
    QCOMPARE(b.readings.size(), a.readings.size());
    QCOMPARE(b.skippedCount, a.skippedCount);
    QCOMPARE(b.rejectedCount, a.rejectedCount);
    QCOMPARE(b.skipSummary(), a.skipSummary());
    for (std::size_t i = 0; i < a.readings.size(); ++i) {
        QCOMPARE(b.readings[i].externalId, a.readings[i].externalId);
        QCOMPARE(b.readings[i].value1, a.readings[i].value1);
        QCOMPARE(b.readings[i].location, a.readings[i].location);
    }
    for (std::size_t i = 0; i < a.rejected.size(); ++i)
        QCOMPARE(b.rejected[i].toString(), a.rejected[i].toString());

    // Two broken lines in one batch: the first one is reported, whatever the threads.
    QByteArray broken = data;
    const QList<QByteArray> lines = broken.split('\n');
    QByteArray rebuilt;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i == 1500 || i == 3000)
            rebuilt += lines[i].left(lines[i].size() / 2) + '\n';
        else if (!lines[i].isEmpty())
            rebuilt += lines[i] + '\n';
    }
    const ReadBatch c = readFhir(rebuilt, four);
    QVERIFY(c.fatalError.startsWith(u"test.json line 1501, column "_s));
    QCOMPARE(readFhir(rebuilt, one).fatalError, c.fatalError);
}

void TestFhirReader::largeNdjson()
{
    constexpr int lines = 50000;
    QByteArray data;
    const QByteArray hr = QJsonDocument(observation(u"ID"_s, u"8867-4"_s, 70, u"/min"_s))
                              .toJson(QJsonDocument::Compact);
    data.reserve(qsizetype(lines) * (hr.size() + 8));
    for (int i = 0; i < lines; ++i) {
        QByteArray line = hr;
        line.replace("\"ID\"", QByteArray("\"id-" + QByteArray::number(i) + '"'));
        data += line + '\n';
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile f(dir.filePath(u"Observation.ndjson"_s));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
    f.close();
    QElapsedTimer timer;
    timer.start();
    const ReadBatch b = FhirReader().readFile(f.fileName());
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.format, ReadBatch::Format::FhirNdjson);
    QCOMPARE(b.readings.size(), std::size_t(lines));
    QCOMPARE(b.readings.back().externalId, u"id-49999"_s);
    QCOMPARE(b.readings.back().location.line, lines);
    qInfo("%d NDJSON lines (%lld bytes) parsed in %lld ms", lines, qint64(data.size()), elapsed);
}

void TestFhirReader::progressAndCancel()
{
    QList<QJsonObject> resources;
    for (int i = 0; i < 5000; ++i)
        resources << observation(u"o"_s + QString::number(i), u"8867-4"_s, 70, u"/min"_s);
    const QByteArray data = toNdjson(resources);
    ReadOptions options;
    options.progressInterval = 32 * 1024;
    qint64 last = 0;
    int calls = 0;
    options.progress = [&](qint64 done, qint64 total) {
        ++calls;
        last = done;
        return total == data.size();
    };
    ReadBatch b = readFhir(data, options);
    QVERIFY(b.importable());
    QVERIFY(calls > 5);
    QCOMPARE(last, qint64(data.size()));

    options.progress = [](qint64 done, qint64) { return done < 100 * 1024; };
    b = readFhir(data, options);
    QVERIFY(b.cancelled);
    QCOMPARE(b.fatalError, u"test.json: reading cancelled"_s);
    QVERIFY(b.readings.empty());
}

QTEST_GUILESS_MAIN(TestFhirReader)
#include "tst_fhirreader.moc"
