// CsvReader: layout, RFC 4180 quoting, delimiters, BOM/line ends, validation with line
// numbers, chunked device input, a large generated file, progress and cancellation.

#include <cmath>

#include <QBuffer>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include "ingest/csvreader.h"
#include "ingest/reader.h"

using namespace Qt::Literals::StringLiterals;
using namespace vd::ingest;

namespace {

const QByteArray header = "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n";

ReadBatch readCsv(const QByteArray &data, const ReadOptions &options = {})
{
    return CsvReader(options).read(QByteArrayView(data), u"test.csv"_s);
}

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-9;
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

} // namespace

class TestCsvReader : public QObject
{
    Q_OBJECT

private slots:
    void everyKind();
    void columnsInAnyOrderAndExtraColumnsIgnored();
    void missingColumn_data();
    void missingColumn();
    void duplicateColumn();
    void emptyFileAndHeaderOnly();
    void semicolonWithDecimalComma();
    void tabDelimiter();
    void bomAndCrlf();
    void quoting();
    void quotedHeader();
    void embeddedNewlineKeepsLineNumbers();
    void unterminatedQuoteIsFatal();
    void textAfterClosingQuoteRejected();
    void rejectedRows_data();
    void rejectedRows();
    void skippedRows_data();
    void skippedRows();
    void unitConversions_data();
    void unitConversions();
    void loincKinds();
    void fieldCount();
    void blankLinesIgnored();
    void patientsAndDevicesInterned();
    void externalIds();
    void acceptedWindow();
    void deviceInputMatchesMemory();
    void fileInput();
    void largeGeneratedFile();
    void progressAndCancel();
};

void TestCsvReader::everyKind()
{
    const QByteArray data = header +
                            "MRN-1,BP-77,2024-03-05T08:30:00-05:00,bp,128,82,mm[Hg],device\n"
                            "MRN-1,BP-77,2024-03-05T08:30:00-05:00,heart_rate,72,,/min,device\n"
                            "MRN-1,SC-1,2024-03-05T07:00:00-05:00,weight,81.2,,kg,device\n"
                            "MRN-1,GL-1,2024-03-05T07:05:00-05:00,glucose,104,,mg/dL,device\n"
                            "MRN-1,OX-1,2024-03-05T07:10:00-05:00,spo2,96,,%,device\n"
                            "MRN-1,,2024-03-05T07:15:00-05:00,temperature,36.8,,Cel,manual\n"
                            "MRN-1,,2024-03-05T07:20:00-05:00,respiratory_rate,16,,/min,manual\n";
    const ReadBatch b = readCsv(data);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.format, ReadBatch::Format::Csv);
    QCOMPARE(b.readings.size(), std::size_t(7));
    QCOMPARE(b.recordsSeen, 7);
    QCOMPARE(b.skippedCount, 0);

    const ParsedReading &bp = b.readings[0];
    QCOMPARE(bp.kindName(), u"bp"_s);
    QCOMPARE(bp.unit(), u"mm[Hg]"_s);
    QCOMPARE(bp.value1, 128.0);
    QCOMPARE(bp.value2, std::optional<double>(82.0));
    QCOMPARE(bp.takenAtMs, Q_INT64_C(1709645400000)); // 13:30Z
    QCOMPARE(bp.source, Source::Device);
    QCOMPARE(bp.location.line, 2);
    QCOMPARE(b.patientOf(bp).mrn, u"MRN-1"_s);
    QVERIFY(b.deviceOf(bp));
    QCOMPARE(b.deviceOf(bp)->serial, u"BP-77"_s);
    QCOMPARE(b.locationOf(bp), u"test.csv line 2"_s);

    QCOMPARE(b.readings[1].kind, Kind::HeartRate);
    QCOMPARE(b.readings[1].value2, std::nullopt);
    QCOMPARE(b.readings[2].kind, Kind::Weight);
    QCOMPARE(b.readings[3].kind, Kind::Glucose);
    QCOMPARE(b.readings[4].kind, Kind::SpO2);
    QCOMPARE(b.readings[5].kind, Kind::Temperature);
    QCOMPARE(b.readings[5].source, Source::Manual);
    QCOMPARE(b.readings[5].device, -1);
    QCOMPARE(b.readings[6].kind, Kind::RespiratoryRate);
    QCOMPARE(b.readings[6].location.line, 8);
}

void TestCsvReader::columnsInAnyOrderAndExtraColumnsIgnored()
{
    const QByteArray data = "Source,VALUE,kind,notes,measured_at,Patient_MRN,unit\n"
                            "manual,72,heart_rate,after walk,2024-03-05T13:30:00Z,A1,/min\n";
    const ReadBatch b = readCsv(data);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(1));
    QCOMPARE(b.readings[0].value1, 72.0);
    QCOMPARE(b.readings[0].source, Source::Manual);
    QCOMPARE(b.readings[0].device, -1);
    QCOMPARE(b.patients[0].mrn, u"A1"_s);
}

void TestCsvReader::missingColumn_data()
{
    QTest::addColumn<QByteArray>("headerRow");
    QTest::addColumn<QString>("missing");
    QTest::addRow("patient_mrn") << QByteArray("device_serial,measured_at,kind,value,source")
                                 << u"missing required column patient_mrn"_s;
    QTest::addRow("measured_at") << QByteArray("patient_mrn,kind,value,source")
                                 << u"missing required column measured_at"_s;
    QTest::addRow("kind") << QByteArray("patient_mrn,measured_at,value,source")
                          << u"missing required column kind"_s;
    QTest::addRow("value") << QByteArray("patient_mrn,measured_at,kind,source")
                           << u"missing required column value"_s;
    QTest::addRow("source") << QByteArray("patient_mrn,measured_at,kind,value")
                            << u"missing required column source"_s;
    QTest::addRow("two missing") << QByteArray("patient_mrn,kind,value")
                                 << u"missing required columns measured_at, source"_s;
    QTest::addRow("not a CSV header") << QByteArray("hello world")
                                      << u"missing required columns patient_mrn, measured_at, "
                                         u"kind, value, source"_s;
}

void TestCsvReader::missingColumn()
{
    QFETCH(QByteArray, headerRow);
    QFETCH(QString, missing);
    const ReadBatch b = readCsv(headerRow + "\nA,2024-03-05T13:30:00Z,heart_rate,70,device\n");
    QVERIFY(!b.ok());
    QCOMPARE(b.fatalError, u"test.csv line 1: "_s + missing);
    QVERIFY(b.readings.empty());
}

void TestCsvReader::duplicateColumn()
{
    const ReadBatch b = readCsv("patient_mrn,measured_at,kind,value,source,VALUE\n");
    QCOMPARE(b.fatalError, u"test.csv line 1: duplicate column 'value'"_s);
}

void TestCsvReader::emptyFileAndHeaderOnly()
{
    ReadBatch b = readCsv(QByteArray());
    QVERIFY(!b.ok());
    QVERIFY(b.fatalError.startsWith(u"test.csv: empty file: a header row is required"_s));

    b = readCsv(header);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(0));

    b = readCsv(header.chopped(1)); // no final newline
    QVERIFY2(b.importable(), qPrintable(issues(b)));
}

void TestCsvReader::semicolonWithDecimalComma()
{
    const QByteArray data = "patient_mrn;device_serial;measured_at;kind;value;value2;unit;source\n"
                            "P1;S1;2024-03-05T08:30:00+01:00;weight;72,5;;kg;device\n"
                            "P1;S1;2024-03-05T08:31:00+01:00;temperature;\"37,2\";;Cel;device\n"
                            "P1;S1;2024-03-05T08:32:00+01:00;bp;120;80;mmHg;device\n";
    const ReadBatch b = readCsv(data);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(3));
    QCOMPARE(b.readings[0].value1, 72.5);
    QCOMPARE(b.readings[1].value1, 37.2);
    QCOMPARE(b.readings[2].value2, std::optional<double>(80));
    QCOMPARE(b.readings[0].takenAtMs, Q_INT64_C(1709623800000)); // 07:30Z
}

void TestCsvReader::tabDelimiter()
{
    const QByteArray data = "patient_mrn\tmeasured_at\tkind\tvalue\tsource\n"
                            "P1\t2024-03-05T13:30:00Z\tspo2\t97\tdevice\n";
    const ReadBatch b = readCsv(data);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(1));
    QCOMPARE(b.readings[0].value1, 97.0);
}

void TestCsvReader::bomAndCrlf()
{
    QByteArray data = "\xEF\xBB\xBF" + header +
                      "P1,S1,2024-03-05T13:30:00Z,heart_rate,61,,/min,device\n"
                      "P2,S2,2024-03-05T13:31:00Z,heart_rate,62,,/min,device";
    data.replace("\n", "\r\n");
    const ReadBatch b = readCsv(data);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(2));
    QCOMPARE(b.patients[0].mrn, u"P1"_s); // no BOM in the first column name nor the value
    QCOMPARE(b.devices[1].serial, u"S2"_s);
    QCOMPARE(b.readings[1].location.line, 3);

    // Lone CR line ends (classic Mac) too.
    QByteArray cr = header + "P1,S1,2024-03-05T13:30:00Z,heart_rate,61,,/min,device\n";
    cr.replace("\n", "\r");
    const ReadBatch c = readCsv(cr);
    QVERIFY2(c.importable(), qPrintable(issues(c)));
    QCOMPARE(c.readings.size(), std::size_t(1));
}

void TestCsvReader::quoting()
{
    const QByteArray data = header +
                            "\"MRN, with comma\",\"SER \"\"A\"\"\",\"2024-03-05T13:30:00Z\","
                            "\"heart_rate\",\"70\",\"\",\"/min\",\"device\"\n"
                            "\"\"\"quoted\"\"\",,2024-03-05T13:31:00Z,heart_rate,71,,/min,manual\n"
                            "\"multi\nline\",,2024-03-05T13:32:00Z,heart_rate,72,,/min,manual\n"
                            "P4,\"\",2024-03-05T13:33:00Z,heart_rate,73,,,manual\n";
    const ReadBatch b = readCsv(data);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(4));
    QCOMPARE(b.patientOf(b.readings[0]).mrn, u"MRN, with comma"_s);
    QCOMPARE(b.deviceOf(b.readings[0])->serial, u"SER \"A\""_s);
    QCOMPARE(b.patientOf(b.readings[1]).mrn, u"\"quoted\""_s);
    QCOMPARE(b.patientOf(b.readings[2]).mrn, u"multi\nline"_s);
    QCOMPARE(b.readings[3].device, -1);
    QCOMPARE(b.readings[3].value1, 73.0);
}

void TestCsvReader::quotedHeader()
{
    const QByteArray data = "\"patient_mrn\";\"measured_at\";\"kind\";\"value\";\"source\"\n"
                            "\"P;1\";2024-03-05T13:30:00Z;heart_rate;70;device\n";
    const ReadBatch b = readCsv(data);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(1));
    QCOMPARE(b.patients[0].mrn, u"P;1"_s);
}

void TestCsvReader::embeddedNewlineKeepsLineNumbers()
{
    const QByteArray data = header +
                            "\"a\nb\nc\",,2024-03-05T13:30:00Z,heart_rate,70,,/min,manual\n"
                            "P2,,2024-03-05T13:30:00Z,heart_rate,999,,/min,manual\n";
    const ReadBatch b = readCsv(data);
    QCOMPARE(b.readings.size(), std::size_t(1));
    QCOMPARE(b.readings[0].location.line, 2);
    QCOMPARE(b.rejectedCount, 1);
    QCOMPARE(b.rejected[0].location.line, 5); // lines 2-4 are the first record
    QCOMPARE(b.rejected[0].toString(),
             u"test.csv line 5: heart rate 999 /min is outside the plausible range 20-300"_s);
}

void TestCsvReader::unterminatedQuoteIsFatal()
{
    const QByteArray data = header + "P1,,2024-03-05T13:30:00Z,heart_rate,70,,/min,manual\n"
                                     "\"P2,,2024-03-05T13:31:00Z,heart_rate,70,,/min,manual\n";
    const ReadBatch b = readCsv(data);
    QVERIFY(!b.ok());
    QCOMPARE(b.fatalError, u"test.csv line 3: unterminated quoted field"_s);
    QVERIFY(b.readings.empty());
}

void TestCsvReader::textAfterClosingQuoteRejected()
{
    const QByteArray data = header + "\"P1\"x,,2024-03-05T13:30:00Z,heart_rate,70,,/min,manual\n"
                                     "P2,,2024-03-05T13:30:00Z,heart_rate,70,,/min,manual\n";
    const ReadBatch b = readCsv(data);
    QVERIFY(b.ok());
    QCOMPARE(b.rejectedCount, 1);
    QCOMPARE(b.rejected[0].location.line, 2);
    QVERIFY(b.rejected[0].reason.contains(u"malformed quoted field"_s));
    QCOMPARE(b.readings.size(), std::size_t(1));
    QVERIFY(!b.importable());
}

void TestCsvReader::rejectedRows_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("reason");

    QTest::addRow("no offset") << QByteArray("P,S,2024-03-05T08:30:00,heart_rate,70,,/min,device")
                               << u"measured_at '2024-03-05T08:30:00' has no UTC offset (write "
                                  u"e.g. 2024-03-05T08:30:00-05:00)"_s;
    QTest::addRow("date only") << QByteArray("P,S,2024-03-05,heart_rate,70,,/min,device")
                               << u"measured_at '2024-03-05' has no time of day"_s;
    QTest::addRow("US date") << QByteArray("P,S,03/05/2024 08:30,heart_rate,70,,/min,device")
                             << u"measured_at '03/05/2024 08:30' is not an ISO-8601 date-time"_s;
    QTest::addRow("Feb 30") << QByteArray("P,S,2024-02-30T08:30:00Z,heart_rate,70,,/min,device")
                            << u"measured_at '2024-02-30T08:30:00Z' is not an ISO-8601 date-time"_s;
    QTest::addRow("empty date") << QByteArray("P,S,,heart_rate,70,,/min,device")
                                << u"measured_at is empty"_s;
    QTest::addRow("empty mrn") << QByteArray(" ,S,2024-03-05T13:30:00Z,heart_rate,70,,/min,device")
                               << u"patient_mrn is empty"_s;
    QTest::addRow("value text") << QByteArray(
                                       "P,S,2024-03-05T13:30:00Z,heart_rate,seventy,,/min,device")
                                << u"value 'seventy' is not a number"_s;
    QTest::addRow("value empty") << QByteArray("P,S,2024-03-05T13:30:00Z,heart_rate,,,/min,device")
                                 << u"value is empty"_s;
    QTest::addRow("value nan") << QByteArray("P,S,2024-03-05T13:30:00Z,heart_rate,nan,,/min,device")
                               << u"value 'nan' is not a number"_s;
    QTest::addRow("value with unit")
        << QByteArray("P,S,2024-03-05T13:30:00Z,heart_rate,70bpm,,,device")
        << u"value '70bpm' is not a number"_s;
    QTest::addRow("decimal comma with comma delimiter")
        << QByteArray("P,S,2024-03-05T13:30:00Z,weight,\"72,5\",,kg,device")
        << u"value '72,5' is not a number"_s;
    QTest::addRow("systolic 400") << QByteArray("P,S,2024-03-05T13:30:00Z,bp,400,80,mm[Hg],device")
                                  << u"systolic 400 mm[Hg] is outside the plausible range 40-300"_s;
    QTest::addRow("systolic 20") << QByteArray("P,S,2024-03-05T13:30:00Z,bp,20,10,mm[Hg],device")
                                 << u"systolic 20 mm[Hg] is outside the plausible range 40-300"_s;
    QTest::addRow("diastolic >= systolic")
        << QByteArray("P,S,2024-03-05T13:30:00Z,bp,90,90,mm[Hg],device")
        << u"diastolic 90 is not below systolic 90"_s;
    QTest::addRow("bp without value2")
        << QByteArray("P,S,2024-03-05T13:30:00Z,bp,120,,mm[Hg],device")
        << u"value2 (diastolic) is required for bp"_s;
    QTest::addRow("value2 on heart rate")
        << QByteArray("P,S,2024-03-05T13:30:00Z,heart_rate,70,80,/min,device")
        << u"value2 is only used for bp (diastolic)"_s;
    QTest::addRow("SpO2 120") << QByteArray("P,S,2024-03-05T13:30:00Z,spo2,120,,%,device")
                              << u"SpO2 120 % is outside the plausible range 40-100"_s;
    QTest::addRow("weight 0") << QByteArray("P,S,2024-03-05T13:30:00Z,weight,0,,kg,device")
                              << u"weight 0 kg is outside the plausible range 1-650"_s;
    QTest::addRow("weight negative") << QByteArray("P,S,2024-03-05T13:30:00Z,weight,-80,,kg,device")
                                     << u"weight -80 kg is outside the plausible range 1-650"_s;
    QTest::addRow("heart rate 0") << QByteArray(
                                         "P,S,2024-03-05T13:30:00Z,heart_rate,0,,/min,device")
                                  << u"heart rate 0 /min is outside the plausible range 20-300"_s;
    QTest::addRow("heart rate 400")
        << QByteArray("P,S,2024-03-05T13:30:00Z,heart_rate,400,,/min,device")
        << u"heart rate 400 /min is outside the plausible range 20-300"_s;
    QTest::addRow("temperature 10")
        << QByteArray("P,S,2024-03-05T13:30:00Z,temperature,10,,Cel,device")
        << u"temperature 10 Cel is outside the plausible range 25-45"_s;
    QTest::addRow("temperature 50")
        << QByteArray("P,S,2024-03-05T13:30:00Z,temperature,50,,Cel,device")
        << u"temperature 50 Cel is outside the plausible range 25-45"_s;
    QTest::addRow("98.6 labelled Cel")
        << QByteArray("P,S,2024-03-05T13:30:00Z,temperature,98.6,,Cel,device")
        << u"temperature 98.6 Cel is outside the plausible range 25-45"_s;
    QTest::addRow("weight without unit")
        << QByteArray("P,S,2024-03-05T13:30:00Z,weight,80,,,device")
        << u"unit is required for weight"_s;
    QTest::addRow("wrong unit") << QByteArray("P,S,2024-03-05T13:30:00Z,glucose,5.5,,%,device")
                                << u"unit '%' is not a unit of glucose"_s;
    QTest::addRow("bad source") << QByteArray("P,S,2024-03-05T13:30:00Z,heart_rate,70,,/min,phone")
                                << u"source must be device or manual, found 'phone'"_s;
    QTest::addRow("empty source") << QByteArray("P,S,2024-03-05T13:30:00Z,heart_rate,70,,/min,")
                                  << u"source must be device or manual, found ''"_s;
    QTest::addRow("unknown kind") << QByteArray(
                                         "P,S,2024-03-05T13:30:00Z,blood pressure,120,80,,device")
                                  << u"unknown kind 'blood pressure'"_s;
    QTest::addRow("empty kind") << QByteArray("P,S,2024-03-05T13:30:00Z,,120,80,,device")
                                << u"kind is empty"_s;
    QTest::addRow("systolic-only LOINC")
        << QByteArray("P,S,2024-03-05T13:30:00Z,8480-6,120,,mm[Hg],device")
        << u"LOINC 8480-6 is half a blood pressure: use kind bp with value (systolic) and value2 "
           u"(diastolic)"_s;
    QTest::addRow("too few fields")
        << QByteArray("P,S,2024-03-05T13:30:00Z,heart_rate") << u"expected 8 fields, found 4"_s;
    QTest::addRow("too many fields")
        << QByteArray("P,S,2024-03-05T13:30:00Z,heart_rate,70,,/min,device,x")
        << u"expected 8 fields, found 9"_s;
    QTest::addRow("invalid UTF-8 mrn")
        << QByteArray("P\xff,S,2024-03-05T13:30:00Z,heart_rate,70,,/min,device")
        << u"patient_mrn is not valid UTF-8"_s;
}

void TestCsvReader::rejectedRows()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, reason);
    const QByteArray data = header + "OK,S,2024-03-05T13:30:00Z,heart_rate,70,,/min,device\n" +
                            line + "\nOK,S,2024-03-05T13:31:00Z,heart_rate,71,,/min,device\n";
    const ReadBatch b = readCsv(data);
    QVERIFY2(b.ok(), qPrintable(b.fatalError));
    QCOMPARE(b.rejectedCount, 1);
    QCOMPARE(b.rejected.size(), std::size_t(1));
    QCOMPARE(b.rejected[0].reason, reason);
    QCOMPARE(b.rejected[0].location.line, 3);
    QCOMPARE(b.rejected[0].file, u"test.csv"_s);
    QCOMPARE(b.readings.size(), std::size_t(2)); // the good rows are still there ...
    QVERIFY(!b.importable());                    // ... but the batch is not importable
    QCOMPARE(b.skippedCount, 0);
}

void TestCsvReader::skippedRows_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("reason");
    QTest::addRow("battery") << QByteArray("P,S,2024-03-05T13:30:00Z,battery,80,,%,device")
                             << u"kind battery is not imported from files"_s;
    QTest::addRow("signal") << QByteArray("P,S,2024-03-05T13:30:00Z,Signal,-70,,dBm,device")
                            << u"kind Signal is not imported from files"_s;
    QTest::addRow("body height LOINC")
        << QByteArray("P,S,2024-03-05T13:30:00Z,8302-2,180,,cm,manual")
        << u"LOINC 8302-2 is not a supported kind"_s;
    QTest::addRow("skipped even with a bad date")
        << QByteArray("P,S,yesterday,battery,80,,%,device")
        << u"kind battery is not imported from files"_s;
}

void TestCsvReader::skippedRows()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, reason);
    const ReadBatch b = readCsv(header + line + '\n');
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(0));
    QCOMPARE(b.skippedCount, 1);
    QCOMPARE(b.skipCount(SkipReason::UnsupportedCode), 1);
    QCOMPARE(b.skipped[0].reason, reason);
    QCOMPARE(b.skipped[0].category, std::optional<SkipReason>(SkipReason::UnsupportedCode));
    QCOMPARE(b.skipSummary(), (QMap<QString, qint64>{{u"unsupported code or kind"_s, 1}}));
}

void TestCsvReader::unitConversions_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<double>("value1");
    QTest::addColumn<double>("value2"); // NaN = none
    const double none = std::nan("");
    QTest::addRow("185 lb") << QByteArray("weight,185,,[lb_av]") << 83.91458845 << none;
    QTest::addRow("lbs") << QByteArray("weight,200,,lbs") << 90.718474 << none;
    QTest::addRow("grams") << QByteArray("weight,72500,,g") << 72.5 << none;
    QTest::addRow("98.6 F") << QByteArray("temperature,98.6,,[degF]") << 37.0 << none;
    QTest::addRow("100.4 degF") << QByteArray("temperature,100.4,,degF") << 38.0 << none;
    QTest::addRow("mmol/L") << QByteArray("glucose,5.5,,mmol/L") << 99.088 << none;
    QTest::addRow("mg/dL") << QByteArray("glucose,99,,mg/dL") << 99.0 << none;
    QTest::addRow("mmHg") << QByteArray("bp,135,85,mmHg") << 135.0 << 85.0;
    QTest::addRow("bp without unit") << QByteArray("bp,135,85,") << 135.0 << 85.0;
    QTest::addRow("heart rate without unit") << QByteArray("heart_rate,58,,") << 58.0 << none;
    QTest::addRow("bpm") << QByteArray("heart_rate,58,,bpm") << 58.0 << none;
    QTest::addRow("spo2 without unit") << QByteArray("spo2,93,,") << 93.0 << none;
}

void TestCsvReader::unitConversions()
{
    QFETCH(QByteArray, line);
    QFETCH(double, value1);
    QFETCH(double, value2);
    const ReadBatch b = readCsv(header + "P,S,2024-03-05T13:30:00Z," + line + ",device\n");
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(1));
    QVERIFY2(near(b.readings[0].value1, value1),
             qPrintable(QString::number(b.readings[0].value1, 'g', 17)));
    if (std::isnan(value2)) {
        QCOMPARE(b.readings[0].value2, std::nullopt);
    } else {
        QVERIFY(b.readings[0].value2);
        QVERIFY(near(*b.readings[0].value2, value2));
    }
}

void TestCsvReader::loincKinds()
{
    const QByteArray data = header + "P,S,2024-03-05T13:30:00Z,8867-4,70,,/min,device\n"
                                     "P,S,2024-03-05T13:30:00Z,85354-9,120,80,mm[Hg],device\n"
                                     "P,S,2024-03-05T13:30:00Z,59408-5,95,,%,device\n"
                                     "P,S,2024-03-05T13:30:00Z,41653-7,6.1,,mmol/L,device\n";
    const ReadBatch b = readCsv(data);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(4));
    QCOMPARE(b.readings[0].kind, Kind::HeartRate);
    QCOMPARE(b.readings[1].kind, Kind::BloodPressure);
    QCOMPARE(b.readings[2].kind, Kind::SpO2);
    QCOMPARE(b.readings[3].kind, Kind::Glucose);
    QVERIFY(near(b.readings[3].value1, 6.1 * 18.016));
}

void TestCsvReader::fieldCount()
{
    // Trailing empty fields (spreadsheet exports) are accepted.
    const ReadBatch b = readCsv(header + "P,S,2024-03-05T13:30:00Z,heart_rate,70,,/min,device,,\n");
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(1));
}

void TestCsvReader::blankLinesIgnored()
{
    const QByteArray data = header + "\nP,S,2024-03-05T13:30:00Z,heart_rate,70,,/min,device\n\n\r\n"
                                     "P,S,2024-03-05T13:31:00Z,heart_rate,71,,/min,device\n\n";
    const ReadBatch b = readCsv(data);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(2));
    QCOMPARE(b.recordsSeen, 2);
    QCOMPARE(b.readings[1].location.line, 6);
}

void TestCsvReader::patientsAndDevicesInterned()
{
    const QByteArray data = header + "A,D1,2024-03-05T13:30:00Z,heart_rate,70,,/min,device\n"
                                     "B,D2,2024-03-05T13:30:00Z,heart_rate,70,,/min,device\n"
                                     "A,D1,2024-03-05T13:31:00Z,heart_rate,70,,/min,device\n"
                                     " A ,D2,2024-03-05T13:32:00Z,heart_rate,70,,/min,device\n";
    const ReadBatch b = readCsv(data);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.patients.size(), std::size_t(2));
    QCOMPARE(b.devices.size(), std::size_t(2));
    QCOMPARE(b.readings[0].patient, b.readings[2].patient);
    QCOMPARE(b.readings[0].patient, b.readings[3].patient); // trimmed
    QCOMPARE(b.readings[1].device, b.readings[3].device);
    QVERIFY(b.readings[0].patient != b.readings[1].patient);
}

void TestCsvReader::externalIds()
{
    QByteArray data = header + "A,D1,2024-03-05T13:30:00Z,heart_rate,70,,/min,device\n"
                               "A,,2024-03-05T13:30:00Z,weight,70,,kg,manual\n";
    ReadBatch b = readCsv(data);
    QCOMPARE(b.readings[0].externalSource, u"csv"_s);
    QCOMPARE(b.readings[0].externalId, u"A|D1|heart_rate|1709645400000"_s);
    QCOMPARE(b.readings[1].externalId, u"A||weight|1709645400000"_s);
    // Same rows again give the same keys.
    QCOMPARE(readCsv(data).readings[1].externalId, b.readings[1].externalId);

    b = readCsv("patient_mrn,measured_at,kind,value,source,external_id\n"
                "A,2024-03-05T13:30:00Z,heart_rate,70,device,row-17\n"
                "A,2024-03-05T13:30:00Z,heart_rate,70,device,\n");
    QCOMPARE(b.readings[0].externalId, u"row-17"_s);
    QCOMPARE(b.readings[1].externalId, u"A||heart_rate|1709645400000"_s);
}

void TestCsvReader::acceptedWindow()
{
    ReadOptions options;
    options.notAfterMs = Q_INT64_C(1709645400000); // 2024-03-05T13:30:00Z
    const ReadBatch b = readCsv(header + "A,,2024-03-05T13:30:00Z,heart_rate,70,,/min,device\n"
                                         "A,,2024-03-05T13:30:01Z,heart_rate,70,,/min,device\n",
                                options);
    QCOMPARE(b.readings.size(), std::size_t(1));
    QCOMPARE(b.rejectedCount, 1);
    QCOMPARE(b.rejected[0].reason,
             u"measured_at '2024-03-05T13:30:01Z' is outside the accepted period"_s);
}

void TestCsvReader::deviceInputMatchesMemory()
{
    // > 1 MiB so that records cross the reader's chunk boundaries, with quoted fields that
    // contain line breaks and doubled quotes, CRLF and a BOM.
    QByteArray data = "\xEF\xBB\xBF" + header;
    for (int i = 0; i < 40000; ++i) {
        data += "\"P\"\"" + QByteArray::number(i % 97) + "\r\nx\",D" + QByteArray::number(i % 13) +
                ",2024-03-05T13:" + QByteArray::number(10 + i % 50) + ":00Z,heart_rate," +
                QByteArray::number(40 + i % 100) + ",,/min,device\r\n";
    }
    QVERIFY(data.size() > 2 * 1024 * 1024);
    const ReadBatch memory = readCsv(data);
    QBuffer buffer(&data);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const ReadBatch device = CsvReader().read(buffer, u"test.csv"_s);
    QVERIFY2(memory.importable(), qPrintable(issues(memory)));
    QVERIFY2(device.importable(), qPrintable(issues(device)));
    QCOMPARE(memory.readings.size(), std::size_t(40000));
    QCOMPARE(device.readings.size(), memory.readings.size());
    QCOMPARE(device.patients.size(), std::size_t(97));
    for (std::size_t i = 0; i < memory.readings.size(); ++i) {
        QCOMPARE(device.readings[i].value1, memory.readings[i].value1);
        QCOMPARE(device.readings[i].takenAtMs, memory.readings[i].takenAtMs);
        QCOMPARE(device.readings[i].location.line, memory.readings[i].location.line);
        QCOMPARE(device.patientOf(device.readings[i]).mrn,
                 memory.patientOf(memory.readings[i]).mrn);
    }
    QCOMPARE(memory.readings.back().location.line, 1 + 2 * 39999 + 1);
    QCOMPARE(memory.patientOf(memory.readings[5]).mrn, u"P\"5\r\nx"_s);
}

void TestCsvReader::fileInput()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"readings.csv"_s);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(header + "A,D1,2024-03-05T13:30:00Z,heart_rate,70,,/min,device\n");
    f.close();
    ReadBatch b = CsvReader().readFile(path);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.sourceName, u"readings.csv"_s);
    QCOMPARE(b.readings.size(), std::size_t(1));
    b = readFile(path); // detectFormat picks CSV
    QCOMPARE(b.format, ReadBatch::Format::Csv);
    QCOMPARE(b.readings.size(), std::size_t(1));

    b = CsvReader().readFile(dir.filePath(u"missing.csv"_s));
    QVERIFY(!b.ok());
    QVERIFY(b.fatalError.startsWith(u"missing.csv: cannot open"_s));
}

void TestCsvReader::largeGeneratedFile()
{
    constexpr int rows = 200000;
    QByteArray data = header;
    data.reserve(rows * 80);
    const char *kinds[] = {"bp", "heart_rate", "weight", "glucose", "spo2"};
    for (int i = 0; i < rows; ++i) {
        const char *kind = kinds[i % 5];
        data += "MRN" + QByteArray::number(i % 500) + ",SER" + QByteArray::number(i % 700) +
                ",2024-03-" + QByteArray::number(10 + i % 18) + "T" +
                QByteArray::number(10 + i % 12) + ":" + QByteArray::number(10 + i % 50) +
                ":00-05:00," + kind + ",";
        switch (i % 5) {
        case 0:
            data += QByteArray::number(100 + i % 60) + "," + QByteArray::number(60 + i % 30) +
                    ",mm[Hg]";
            break;
        case 1:
            data += QByteArray::number(50 + i % 60) + ",,/min";
            break;
        case 2:
            data += QByteArray::number(150 + i % 100) + ".5,,[lb_av]";
            break;
        case 3:
            data += QByteArray::number(70 + i % 200) + ",,mg/dL";
            break;
        default:
            data += QByteArray::number(90 + i % 10) + ",,%";
            break;
        }
        data += ",device\n";
    }
    QElapsedTimer timer;
    timer.start();
    const ReadBatch b = readCsv(data);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QCOMPARE(b.readings.size(), std::size_t(rows));
    QCOMPARE(b.patients.size(), std::size_t(500));
    QCOMPARE(b.devices.size(), std::size_t(700));
    const ParsedReading &last = b.readings.back(); // i = 199999: spo2, 99 %
    QCOMPARE(last.kind, Kind::SpO2);
    QCOMPARE(last.value1, 99.0);
    QCOMPARE(b.patientOf(last).mrn, u"MRN499"_s);
    QCOMPARE(last.location.line, rows + 1);
    const ParsedReading &w = b.readings[2]; // weight 152.5 lb
    QVERIFY(near(w.value1, 152.5 * 0.45359237));
    qInfo("%d rows (%lld bytes) parsed in %lld ms", rows, qint64(data.size()), elapsed);
}

void TestCsvReader::progressAndCancel()
{
    QByteArray data = header;
    for (int i = 0; i < 20000; ++i)
        data += "A,D1,2024-03-05T13:30:00Z,heart_rate,70,,/min,device\n";

    ReadOptions options;
    options.progressInterval = 64 * 1024;
    QList<qint64> seen;
    options.progress = [&](qint64 done, qint64 total) {
        seen << done;
        return total == data.size();
    };
    ReadBatch b = readCsv(data, options);
    QVERIFY2(b.importable(), qPrintable(issues(b)));
    QVERIFY(seen.size() >= 10);
    QCOMPARE(seen.last(), qint64(data.size()));
    QVERIFY(std::is_sorted(seen.begin(), seen.end()));

    options.progress = [](qint64 done, qint64) { return done < 200 * 1024; };
    b = readCsv(data, options);
    QVERIFY(b.cancelled);
    QVERIFY(!b.ok());
    QCOMPARE(b.fatalError, u"test.csv: reading cancelled"_s);
    QVERIFY(b.readings.empty());
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
