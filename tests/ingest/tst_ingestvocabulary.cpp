// The ingest vocabulary: LOINC mapping, unit conversion, plausible ranges, ISO-8601
// parsing and format detection. Expected values are written out by hand.

#include <cmath>

#include <QtTest>

#include "ingest/isotime.h"
#include "ingest/measurement.h"
#include "ingest/reader.h"

using namespace Qt::Literals::StringLiterals;
using namespace vd::ingest;

Q_DECLARE_METATYPE(vd::ingest::Kind)
Q_DECLARE_METATYPE(vd::ingest::CodeRole)
Q_DECLARE_METATYPE(vd::ingest::TimePrecision)
Q_DECLARE_METATYPE(vd::ingest::FileFormat)

class TestIngestVocabulary : public QObject
{
    Q_OBJECT

private slots:
    void loincMapping_data();
    void loincMapping();
    void loincNotMapped_data();
    void loincNotMapped();
    void loincTableHasNoDuplicates();
    void kindNames();
    void unitConversion_data();
    void unitConversion();
    void unitRejected_data();
    void unitRejected();
    void plausibility_data();
    void plausibility();
    void rangesCoverEveryKind();
    void isoTime_data();
    void isoTime();
    void isoTimeInvalid_data();
    void isoTimeInvalid();
    void detectFormat_data();
    void detectFormat();
};

void TestIngestVocabulary::loincMapping_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<CodeRole>("role");

    QTest::addRow("85354-9 bp panel")
        << u"85354-9"_s << Kind::BloodPressure << CodeRole::BloodPressurePanel;
    QTest::addRow("55284-4 older bp panel")
        << u"55284-4"_s << Kind::BloodPressure << CodeRole::BloodPressurePanel;
    QTest::addRow("35094-2 bp panel")
        << u"35094-2"_s << Kind::BloodPressure << CodeRole::BloodPressurePanel;
    QTest::addRow("8480-6 systolic") << u"8480-6"_s << Kind::BloodPressure << CodeRole::Systolic;
    QTest::addRow("8462-4 diastolic") << u"8462-4"_s << Kind::BloodPressure << CodeRole::Diastolic;
    QTest::addRow("8867-4 heart rate") << u"8867-4"_s << Kind::HeartRate << CodeRole::Single;
    QTest::addRow("8889-8 heart rate by oximetry")
        << u"8889-8"_s << Kind::HeartRate << CodeRole::Single;
    QTest::addRow("29463-7 weight") << u"29463-7"_s << Kind::Weight << CodeRole::Single;
    QTest::addRow("3141-9 weight measured") << u"3141-9"_s << Kind::Weight << CodeRole::Single;
    QTest::addRow("2708-6 SpO2") << u"2708-6"_s << Kind::SpO2 << CodeRole::Single;
    QTest::addRow("59408-5 SpO2 pulse oximetry") << u"59408-5"_s << Kind::SpO2 << CodeRole::Single;
    QTest::addRow("8310-5 temperature") << u"8310-5"_s << Kind::Temperature << CodeRole::Single;
    QTest::addRow("8331-1 oral temperature")
        << u"8331-1"_s << Kind::Temperature << CodeRole::Single;
    QTest::addRow("9279-1 respiratory rate")
        << u"9279-1"_s << Kind::RespiratoryRate << CodeRole::Single;
    QTest::addRow("41653-7 glucometer") << u"41653-7"_s << Kind::Glucose << CodeRole::Single;
    QTest::addRow("2339-0 glucose blood") << u"2339-0"_s << Kind::Glucose << CodeRole::Single;
    QTest::addRow("2345-7 glucose serum") << u"2345-7"_s << Kind::Glucose << CodeRole::Single;
    QTest::addRow("15074-8 glucose moles blood")
        << u"15074-8"_s << Kind::Glucose << CodeRole::Single;
    QTest::addRow("14749-6 glucose moles serum")
        << u"14749-6"_s << Kind::Glucose << CodeRole::Single;
}

void TestIngestVocabulary::loincMapping()
{
    QFETCH(QString, code);
    QFETCH(Kind, kind);
    QFETCH(CodeRole, role);
    const LoincMapping *m = findLoinc(QStringView(code));
    QVERIFY(m);
    QCOMPARE(m->kind, kind);
    QCOMPARE(m->role, role);
    // The byte overload (CSV) agrees.
    const QByteArray bytes = code.toLatin1();
    QCOMPARE(findLoinc(QByteArrayView(bytes)), m);
}

void TestIngestVocabulary::loincNotMapped_data()
{
    QTest::addColumn<QString>("code");
    QTest::addRow("96607-7 average bp panel") << u"96607-7"_s;
    QTest::addRow("96608-5 mean systolic") << u"96608-5"_s;
    QTest::addRow("8302-2 body height") << u"8302-2"_s;
    QTest::addRow("39156-5 BMI") << u"39156-5"_s;
    QTest::addRow("4548-4 HbA1c (a percent that is not SpO2)") << u"4548-4"_s;
    QTest::addRow("4544-3 hematocrit") << u"4544-3"_s;
    QTest::addRow("3142-7 stated weight") << u"3142-7"_s;
    QTest::addRow("3151-8 inhaled O2 flow") << u"3151-8"_s;
    QTest::addRow("empty") << QString();
}

void TestIngestVocabulary::loincNotMapped()
{
    QFETCH(QString, code);
    QVERIFY(!findLoinc(QStringView(code)));
}

void TestIngestVocabulary::loincTableHasNoDuplicates()
{
    QSet<QString> seen;
    for (const LoincMapping &m : loincTable()) {
        const QString code = QLatin1StringView(m.code);
        QVERIFY2(!seen.contains(code), qPrintable(code));
        seen.insert(code);
    }
    QVERIFY(seen.size() >= 20);
}

void TestIngestVocabulary::kindNames()
{
    // Same names and canonical units as vd::Reading (core/store/records.h).
    QCOMPARE(kindName(Kind::BloodPressure), u"bp"_s);
    QCOMPARE(kindName(Kind::HeartRate), u"heart_rate"_s);
    QCOMPARE(kindName(Kind::Weight), u"weight"_s);
    QCOMPARE(kindName(Kind::Glucose), u"glucose"_s);
    QCOMPARE(kindName(Kind::SpO2), u"spo2"_s);
    QCOMPARE(kindName(Kind::Temperature), u"temperature"_s);
    QCOMPARE(kindName(Kind::RespiratoryRate), u"respiratory_rate"_s);
    QCOMPARE(canonicalUnit(Kind::BloodPressure), u"mm[Hg]"_s);
    QCOMPARE(canonicalUnit(Kind::HeartRate), u"/min"_s);
    QCOMPARE(canonicalUnit(Kind::RespiratoryRate), u"/min"_s);
    QCOMPARE(canonicalUnit(Kind::Weight), u"kg"_s);
    QCOMPARE(canonicalUnit(Kind::Glucose), u"mg/dL"_s);
    QCOMPARE(canonicalUnit(Kind::SpO2), u"%"_s);
    QCOMPARE(canonicalUnit(Kind::Temperature), u"Cel"_s);
    for (int i = 0; i < kindCount; ++i) {
        const auto k = static_cast<Kind>(i);
        QCOMPARE(kindFromName(kindName(k).toLatin1()), std::optional<Kind>(k));
    }
    QCOMPARE(kindFromName(" HEART_RATE "), std::optional<Kind>(Kind::HeartRate));
    QCOMPARE(kindFromName("battery"), std::nullopt);
    QCOMPARE(kindFromName(""), std::nullopt);
}

void TestIngestVocabulary::unitConversion_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("expected");

    QTest::addRow("kg") << Kind::Weight << u"kg"_s << 80.0 << 80.0;
    QTest::addRow("g") << Kind::Weight << u"g"_s << 80500.0 << 80.5;
    QTest::addRow("[lb_av] 185") << Kind::Weight << u"[lb_av]"_s << 185.0 << 83.91458845;
    QTest::addRow("lbs") << Kind::Weight << u"lbs"_s << 100.0 << 45.359237;
    QTest::addRow("Cel") << Kind::Temperature << u"Cel"_s << 36.6 << 36.6;
    QTest::addRow("[degF] 98.6") << Kind::Temperature << u"[degF]"_s << 98.6 << 37.0;
    QTest::addRow("[degF] 212") << Kind::Temperature << u"[degF]"_s << 212.0 << 100.0;
    QTest::addRow("degree sign F") << Kind::Temperature << u"\u00B0F"_s << 32.0 << 0.0;
    QTest::addRow("mg/dL") << Kind::Glucose << u"mg/dL"_s << 99.0 << 99.0;
    QTest::addRow("mmol/L 6.3") << Kind::Glucose << u"mmol/L"_s << 6.3 << 113.5008;
    QTest::addRow("mmol/l lower case") << Kind::Glucose << u"mmol/l"_s << 5.0 << 90.08;
    QTest::addRow("percent") << Kind::SpO2 << u"%"_s << 97.0 << 97.0;
    QTest::addRow("/min heart rate") << Kind::HeartRate << u"/min"_s << 72.0 << 72.0;
    QTest::addRow("{beats}/min") << Kind::HeartRate << u"{beats}/min"_s << 72.0 << 72.0;
    QTest::addRow("/min respiratory") << Kind::RespiratoryRate << u"/min"_s << 16.0 << 16.0;
    QTest::addRow("mm[Hg]") << Kind::BloodPressure << u"mm[Hg]"_s << 120.0 << 120.0;
    QTest::addRow("mmHg") << Kind::BloodPressure << u"mmHg"_s << 120.0 << 120.0;
}

void TestIngestVocabulary::unitConversion()
{
    QFETCH(Kind, kind);
    QFETCH(QString, unit);
    QFETCH(double, value);
    QFETCH(double, expected);
    const std::optional<double> got = toCanonical(kind, QStringView(unit), value);
    QVERIFY(got);
    QVERIFY2(std::abs(*got - expected) < 1e-9, qPrintable(QString::number(*got, 'g', 17)));
}

void TestIngestVocabulary::unitRejected_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("unit");
    QTest::addRow("kg is not a temperature") << Kind::Temperature << u"kg"_s;
    QTest::addRow("percent is not a glucose unit") << Kind::Glucose << u"%"_s;
    QTest::addRow("stone") << Kind::Weight << u"[stone_av]"_s;
    QTest::addRow("L/min is not a heart rate") << Kind::HeartRate << u"L/min"_s;
    QTest::addRow("kPa blood pressure") << Kind::BloodPressure << u"kPa"_s;
    QTest::addRow("empty") << Kind::Weight << QString();
}

void TestIngestVocabulary::unitRejected()
{
    QFETCH(Kind, kind);
    QFETCH(QString, unit);
    QCOMPARE(toCanonical(kind, QStringView(unit), 1.0), std::nullopt);
}

void TestIngestVocabulary::plausibility_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<double>("value1");
    QTest::addColumn<double>("value2"); // NaN = none
    QTest::addColumn<bool>("plausible");

    const double none = std::nan("");
    QTest::addRow("bp 120/80") << Kind::BloodPressure << 120.0 << 80.0 << true;
    QTest::addRow("bp 109/44 (US Core example)") << Kind::BloodPressure << 109.0 << 44.0 << true;
    QTest::addRow("systolic 20") << Kind::BloodPressure << 20.0 << 10.0 << false;
    QTest::addRow("systolic 400") << Kind::BloodPressure << 400.0 << 80.0 << false;
    QTest::addRow("diastolic = systolic") << Kind::BloodPressure << 120.0 << 120.0 << false;
    QTest::addRow("diastolic > systolic") << Kind::BloodPressure << 80.0 << 120.0 << false;
    QTest::addRow("diastolic 5") << Kind::BloodPressure << 120.0 << 5.0 << false;
    QTest::addRow("bp without diastolic") << Kind::BloodPressure << 120.0 << none << false;
    QTest::addRow("hypertensive crisis 210/130") << Kind::BloodPressure << 210.0 << 130.0 << true;
    QTest::addRow("heart rate 0") << Kind::HeartRate << 0.0 << none << false;
    QTest::addRow("heart rate 400") << Kind::HeartRate << 400.0 << none << false;
    QTest::addRow("heart rate 44") << Kind::HeartRate << 44.0 << none << true;
    QTest::addRow("SpO2 120") << Kind::SpO2 << 120.0 << none << false;
    QTest::addRow("SpO2 100") << Kind::SpO2 << 100.0 << none << true;
    QTest::addRow("SpO2 88") << Kind::SpO2 << 88.0 << none << true;
    QTest::addRow("weight 0") << Kind::Weight << 0.0 << none << false;
    QTest::addRow("weight negative") << Kind::Weight << -70.0 << none << false;
    QTest::addRow("weight 20.09 kg child") << Kind::Weight << 20.09414 << none << true;
    QTest::addRow("weight 900 kg") << Kind::Weight << 900.0 << none << false;
    QTest::addRow("temperature 10") << Kind::Temperature << 10.0 << none << false;
    QTest::addRow("temperature 50") << Kind::Temperature << 50.0 << none << false;
    QTest::addRow("temperature 39") << Kind::Temperature << 39.0 << none << true;
    QTest::addRow("glucose 54") << Kind::Glucose << 54.0 << none << true;
    QTest::addRow("glucose negative") << Kind::Glucose << -5.0 << none << false;
    QTest::addRow("glucose 5000") << Kind::Glucose << 5000.0 << none << false;
    QTest::addRow("respiratory rate 0") << Kind::RespiratoryRate << 0.0 << none << false;
    QTest::addRow("respiratory rate 26") << Kind::RespiratoryRate << 26.0 << none << true;
    QTest::addRow("NaN") << Kind::HeartRate << none << none << false;
}

void TestIngestVocabulary::plausibility()
{
    QFETCH(Kind, kind);
    QFETCH(double, value1);
    QFETCH(double, value2);
    QFETCH(bool, plausible);
    const std::optional<double> v2 =
        std::isnan(value2) ? std::nullopt : std::optional<double>(value2);
    const QString why = checkPlausible(kind, value1, v2);
    QCOMPARE(why.isEmpty(), plausible);
}

void TestIngestVocabulary::rangesCoverEveryKind()
{
    for (int i = 0; i < kindCount; ++i) {
        const auto k = static_cast<Kind>(i);
        const PlausibleRange &r = plausibleRange(k);
        QCOMPARE(r.kind, k);
        QVERIFY(r.min > 0);
        QVERIFY(r.max > r.min);
    }
    QCOMPARE(plausibleRange(Kind::BloodPressure, Measure::Diastolic).measure, Measure::Diastolic);
    const QString why = checkPlausible(Kind::BloodPressure, 400, 80);
    QCOMPARE(why, u"systolic 400 mm[Hg] is outside the plausible range 40-300"_s);
}

void TestIngestVocabulary::isoTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<TimePrecision>("precision");
    QTest::addColumn<bool>("hasOffset");
    QTest::addColumn<qint64>("ms"); // checked when it is an instant

    QTest::addRow("Z") << u"2024-03-05T13:30:00Z"_s << TimePrecision::Time << true
                       << Q_INT64_C(1709645400000);
    QTest::addRow("-05:00") << u"2024-03-05T08:30:00-05:00"_s << TimePrecision::Time << true
                            << Q_INT64_C(1709645400000);
    QTest::addRow("+0100 no colon")
        << u"2024-03-05T14:30:00+0100"_s << TimePrecision::Time << true << Q_INT64_C(1709645400000);
    QTest::addRow("+01 hours only")
        << u"2024-03-05T14:30:00+01"_s << TimePrecision::Time << true << Q_INT64_C(1709645400000);
    QTest::addRow("space separator")
        << u"2024-03-05 13:30:00Z"_s << TimePrecision::Time << true << Q_INT64_C(1709645400000);
    QTest::addRow("no seconds") << u"2024-03-05T13:30Z"_s << TimePrecision::Time << true
                                << Q_INT64_C(1709645400000);
    QTest::addRow("fraction .936") << u"2019-09-20T12:40:16.936-04:00"_s << TimePrecision::Time
                                   << true << Q_INT64_C(1568997616936);
    QTest::addRow("fraction 6 digits") << u"2021-11-10T16:48:57.246958-08:00"_s
                                       << TimePrecision::Time << true << Q_INT64_C(1636591737246);
    QTest::addRow("+14:00") << u"2024-01-01T00:00:00+14:00"_s << TimePrecision::Time << true
                            << Q_INT64_C(1704016800000);
    QTest::addRow("leap day") << u"2024-02-29T12:00:00Z"_s << TimePrecision::Time << true
                              << Q_INT64_C(1709208000000);
    QTest::addRow("epoch") << u"1970-01-01T00:00:00Z"_s << TimePrecision::Time << true
                           << Q_INT64_C(0);
    QTest::addRow("before epoch") << u"1969-12-31T23:59:59Z"_s << TimePrecision::Time << true
                                  << Q_INT64_C(-1000);
    QTest::addRow("no offset") << u"2024-03-05T08:30:00"_s << TimePrecision::Time << false
                               << Q_INT64_C(0);
    QTest::addRow("date") << u"1999-07-02"_s << TimePrecision::Day << false << Q_INT64_C(0);
    QTest::addRow("year-month") << u"2024-03"_s << TimePrecision::Month << false << Q_INT64_C(0);
    QTest::addRow("year") << u"2024"_s << TimePrecision::Year << false << Q_INT64_C(0);
}

void TestIngestVocabulary::isoTime()
{
    QFETCH(QString, text);
    QFETCH(TimePrecision, precision);
    QFETCH(bool, hasOffset);
    QFETCH(qint64, ms);
    const std::optional<IsoTime> t = parseIsoTime(QStringView(text));
    QVERIFY(t);
    QCOMPARE(t->precision, precision);
    QCOMPARE(t->hasOffset, hasOffset);
    if (t->isInstant())
        QCOMPARE(t->msecsSinceEpoch, ms);
}

void TestIngestVocabulary::isoTimeInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addRow("empty") << QString();
    QTest::addRow("words") << u"yesterday"_s;
    QTest::addRow("US format") << u"03/05/2024 08:30"_s;
    QTest::addRow("Feb 30") << u"2024-02-30T08:00:00Z"_s;
    QTest::addRow("Feb 29 non-leap") << u"2023-02-29T08:00:00Z"_s;
    QTest::addRow("month 13") << u"2024-13-01"_s;
    QTest::addRow("hour 24") << u"2024-03-05T24:00:00Z"_s;
    QTest::addRow("minute 60") << u"2024-03-05T10:60:00Z"_s;
    QTest::addRow("second 60") << u"2024-03-05T10:00:60Z"_s;
    QTest::addRow("offset +19:00") << u"2024-03-05T10:00:00+19:00"_s;
    QTest::addRow("offset minutes 75") << u"2024-03-05T10:00:00+01:75"_s;
    QTest::addRow("date with offset") << u"2024-03-05Z"_s;
    QTest::addRow("trailing garbage") << u"2024-03-05T10:00:00Zx"_s;
    QTest::addRow("dot without fraction") << u"2024-03-05T10:00:00.Z"_s;
    QTest::addRow("two digit year") << u"24-03-05"_s;
    QTest::addRow("year 0") << u"0000-01-01"_s;
    QTest::addRow("non-ASCII digit") << u"2024-03-0\u0665"_s;
}

void TestIngestVocabulary::isoTimeInvalid()
{
    QFETCH(QString, text);
    QCOMPARE(parseIsoTime(QStringView(text)).has_value(), false);
}

void TestIngestVocabulary::detectFormat_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<FileFormat>("format");
    QTest::addRow("json extension") << u"a.json"_s << QByteArray("x") << FileFormat::Fhir;
    QTest::addRow("ndjson extension") << u"a.ndjson"_s << QByteArray() << FileFormat::Fhir;
    QTest::addRow("csv extension") << u"a.CSV"_s << QByteArray("{") << FileFormat::Csv;
    QTest::addRow("brace content")
        << u"export"_s << QByteArray("\xEF\xBB\xBF  {\"a\":1}") << FileFormat::Fhir;
    QTest::addRow("text content") << u"export.txt"_s << QByteArray("patient_mrn,kind")
                                  << FileFormat::Csv;
    QTest::addRow("empty") << u"x"_s << QByteArray() << FileFormat::Unknown;
}

void TestIngestVocabulary::detectFormat()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, head);
    QFETCH(FileFormat, format);
    QCOMPARE(vd::ingest::detectFormat(fileName, head), format);
}

QTEST_GUILESS_MAIN(TestIngestVocabulary)
#include "tst_ingestvocabulary.moc"
