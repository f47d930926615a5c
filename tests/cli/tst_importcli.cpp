// vitaldesk-cli import: the command-line contract through the real binary. Exit codes
// (0 accepted, 2 rejected input, 1 operational), --json with exactly the four counts plus
// details, an unchanged database after a rejection, --partial and its rejects report.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "clirunner.h"

using namespace Qt::Literals::StringLiterals;
using clitest::runCli;

namespace {

QString fixture(const QString &prefix)
{
    const QString dir = qEnvironmentVariable("VITALDESK_SHARED_DIR") + u"/fixtures/fhir"_s;
    const QStringList found = QDir(dir).entryList({prefix + u"_*.json"_s}, QDir::Files);
    return found.size() == 1 ? dir + u'/' + found.first() : QString();
}

// Row counts of everything an import may write.
QList<qint64> tableCounts(const QString &path)
{
    QList<qint64> out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"counts"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            for (const QString &t :
                 {u"readings"_s, u"import_batches"_s, u"alerts"_s, u"audit_log"_s}) {
                out << (q.exec(u"SELECT COUNT(*) FROM "_s + t) && q.next() ? q.value(0).toLongLong()
                                                                           : -1);
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"counts"_s);
    return out;
}

QString firstSerial(const QString &path, const QString &mrn)
{
    QString serial;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"serial"_s);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(u"SELECT d.serial FROM devices d JOIN patients p ON p.id = d.patient_id "
                      "WHERE p.mrn = ? AND d.kind = 'bp_monitor' AND d.fda_cleared = 1 "
                      "AND d.auto_transmit = 1 ORDER BY d.id LIMIT 1"_s);
            q.addBindValue(mrn);
            if (q.exec() && q.next())
                serial = q.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"serial"_s);
    return serial;
}

QJsonObject parseJson(const QByteArray &out)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    if (error.error != QJsonParseError::NoError)
        QTest::qFail(
            qPrintable(u"not JSON: "_s + error.errorString() + u"\n"_s + QString::fromUtf8(out)),
            __FILE__, __LINE__);
    return doc.object();
}

} // namespace

class TestImportCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void importsAndPrintsASummary();
    void jsonHasExactlyTheFourCountsAndDetails();
    void reimportIsANoOp();
    void rejectedInputExits2AndLeavesTheDatabaseUnchanged_data();
    void rejectedInputExits2AndLeavesTheDatabaseUnchanged();
    void partialImportsTheValidPartAndWritesARejectsReport();
    void patientOverrideForOnePatientsExport();
    void operationalFailuresExit1();
    void badArgumentsExit2_data();
    void badArgumentsExit2();

private:
    QString write(const QString &name, const QByteArray &content);

    QTemporaryDir m_dir;
    QString m_template;
    QString m_db;
    QString m_serial;
    int m_run = 0;
};

void TestImportCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_template = m_dir.filePath(u"template.sqlite"_s);
    const auto demo = runCli({u"demo"_s, u"--db"_s, m_template, u"--patients"_s, u"4"_s,
                              u"--months"_s, u"1"_s, u"--today"_s, u"2026-03-20"_s});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());
    m_serial = firstSerial(m_template, u"MRN-000002"_s);
    QVERIFY2(!m_serial.isEmpty(), "the demo's second patient has a BP monitor");
}

void TestImportCli::init()
{
    m_db = m_dir.filePath(u"db%1.sqlite"_s.arg(++m_run));
    QVERIFY(QFile::copy(m_template, m_db));
}

QString TestImportCli::write(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(QString::number(m_run) + u'-' + name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        QTest::qFail("cannot write a test file", __FILE__, __LINE__);
    return path;
}

void TestImportCli::importsAndPrintsASummary()
{
    const QByteArray serial = m_serial.toUtf8();
    const QString csv =
        write(u"week.csv"_s, "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n"
                             "MRN-000002," +
                                 serial +
                                 ",2026-02-21T08:00:00-05:00,bp,128,82,mm[Hg],device\n"
                                 "MRN-000002," +
                                 serial +
                                 ",2026-02-22T08:00:00-05:00,bp,196,101,mm[Hg],device\n"
                                 "MRN-000002,,2026-02-22T08:00:00-05:00,battery,80,,%,device\n");
    const auto r = runCli({u"import"_s, u"--db"_s, m_db, csv});
    QVERIFY(r.finished);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(u"imported:   2\n"_s), qPrintable(out));
    QVERIFY2(out.contains(u"duplicates: 0\n"_s), qPrintable(out));
    QVERIFY2(out.contains(u"skipped:    1\n  unsupported code or kind: 1\n"_s), qPrintable(out));
    QVERIFY2(out.contains(u"rejected:   0\n"_s), qPrintable(out));
    QVERIFY2(out.contains(u"alerts:     1 for new readings"_s), qPrintable(out));
    QVERIFY2(r.err.isEmpty(), r.err.constData());
}

void TestImportCli::jsonHasExactlyTheFourCountsAndDetails()
{
    const auto r = runCli({u"import"_s, u"--db"_s, m_db, u"--json"_s, u"--patient"_s,
                           u"MRN-000003"_s, fixture(u"F20"_s), fixture(u"F06"_s)});
    QVERIFY2(r.exitCode == 0, QByteArray(r.err + r.out).constData());
    const QJsonObject o = parseJson(r.out);
    QStringList keys = o.keys();
    keys.sort();
    QCOMPARE(keys, (QStringList{u"details"_s, u"duplicates"_s, u"imported"_s, u"rejected"_s,
                                u"skipped"_s}));
    QCOMPARE(o.value(u"imported"_s).toInt(), 10);
    QCOMPARE(o.value(u"duplicates"_s).toInt(), 0);
    QCOMPARE(o.value(u"skipped"_s).toInt(), 128);
    QCOMPARE(o.value(u"rejected"_s).toInt(), 0);
    const QJsonObject details = o.value(u"details"_s).toObject();
    QVERIFY(details.value(u"committed"_s).toBool());
    QCOMPARE(details.value(u"files"_s).toArray().size(), 2);
    QCOMPARE(details.value(u"files"_s).toArray().at(0).toObject().value(u"format"_s).toString(),
             u"fhir-json"_s);
    QCOMPARE(details.value(u"skip_reasons"_s).toObject().value(u"not an Observation"_s).toInt(),
             66);
}

void TestImportCli::reimportIsANoOp()
{
    const QStringList args{u"import"_s,     u"--db"_s,        m_db, u"--json"_s, u"--patient"_s,
                           u"MRN-000002"_s, fixture(u"F21"_s)};
    const auto first = runCli(args);
    QVERIFY2(first.exitCode == 0, first.err.constData());
    QCOMPARE(parseJson(first.out).value(u"imported"_s).toInt(), 6);
    const QList<qint64> between = tableCounts(m_db);
    const auto second = runCli(args);
    QVERIFY2(second.exitCode == 0, second.err.constData());
    const QJsonObject o = parseJson(second.out);
    QCOMPARE(o.value(u"imported"_s).toInt(), 0);
    QCOMPARE(o.value(u"duplicates"_s).toInt(), 6);
    const QList<qint64> after = tableCounts(m_db);
    QCOMPARE(after.at(0), between.at(0)); // readings
    QCOMPARE(after.at(2), between.at(2)); // alerts
}

void TestImportCli::rejectedInputExits2AndLeavesTheDatabaseUnchanged_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::addRow("impossible systolic")
        << u"bad.csv"_s
        << QByteArray("patient_mrn,measured_at,kind,value,value2,unit,source\n"
                      "MRN-000001,2026-02-21T08:00:00-05:00,bp,120,80,mm[Hg],manual\n"
                      "MRN-000001,2026-02-21T09:00:00-05:00,bp,400,80,mm[Hg],manual\n")
        << u"bad.csv line 3: systolic 400 mm[Hg] is outside the plausible range 40-300"_s;
    QTest::addRow("unknown patient")
        << u"who.csv"_s
        << QByteArray("patient_mrn,measured_at,kind,value,unit,source\n"
                      "MRN-999999,2026-02-21T08:00:00-05:00,heart_rate,70,/min,manual\n")
        << u"who.csv line 2: no patient with MRN MRN-999999"_s;
    QTest::addRow("truncated JSON")
        << u"cut.json"_s << QByteArray("{\"resourceType\": \"Observation\", \"status\": \"fin")
        << u"cut.json"_s;
    QTest::addRow("CSV without a required column")
        << u"cols.csv"_s
        << QByteArray("patient_mrn,measured_at,value,unit,source\n"
                      "MRN-000001,2026-02-21T08:00:00-05:00,70,/min,manual\n")
        << u"missing required column kind"_s;
    QTest::addRow("bad date") << u"date.csv"_s
                              << QByteArray(
                                     "patient_mrn,measured_at,kind,value,unit,source\n"
                                     "MRN-000001,21/03/2026 08:00,heart_rate,70,/min,manual\n")
                              << u"date.csv line 2"_s;
}

void TestImportCli::rejectedInputExits2AndLeavesTheDatabaseUnchanged()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString good =
        write(u"good.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                             "MRN-000001,2026-02-21T08:00:00-05:00,heart_rate,70,/min,manual\n");
    const QString bad = write(name, content);
    const QList<qint64> before = tableCounts(m_db);
    auto r = runCli({u"import"_s, u"--db"_s, m_db, good, bad});
    QCOMPARE(r.exitCode, 2);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(message), qPrintable(out));
    QVERIFY2(out.contains(u"the database is unchanged"_s), qPrintable(out));
    QCOMPARE(tableCounts(m_db), before);

    r = runCli({u"import"_s, u"--db"_s, m_db, u"--json"_s, good, bad});
    QCOMPARE(r.exitCode, 2);
    const QJsonObject o = parseJson(r.out);
    QCOMPARE(o.value(u"imported"_s).toInt(), 0);
    QVERIFY(o.value(u"rejected"_s).toInt() >= 1);
    QVERIFY(!o.value(u"details"_s).toObject().value(u"committed"_s).toBool());
    QCOMPARE(tableCounts(m_db), before);
}

void TestImportCli::partialImportsTheValidPartAndWritesARejectsReport()
{
    const QString csv =
        write(u"mixed.csv"_s, "patient_mrn,measured_at,kind,value,value2,unit,source\n"
                              "MRN-000001,2026-02-21T08:00:00-05:00,heart_rate,70,,/min,manual\n"
                              "MRN-000001,2026-02-21T09:00:00-05:00,bp,400,80,mm[Hg],manual\n"
                              "MRN-000001,2026-02-21T10:00:00-05:00,heart_rate,71,,/min,manual\n");
    const QList<qint64> before = tableCounts(m_db);
    auto r = runCli({u"import"_s, u"--db"_s, m_db, u"--partial"_s, csv});
    QCOMPARE(r.exitCode, 2); // something was rejected, even though the rest is in
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(out.contains(u"imported:   2\n"_s), qPrintable(out));
    QVERIFY2(out.contains(u"rejected records listed in "_s + csv + u".rejects.csv"_s),
             qPrintable(out));
    QCOMPARE(tableCounts(m_db).at(0), before.at(0) + 2);
    QFile report(csv + u".rejects.csv"_s);
    QVERIFY(report.open(QIODevice::ReadOnly));
    QCOMPARE(report.readAll(),
             QByteArray("file,location,reason\n" + QFileInfo(csv).fileName().toUtf8() +
                        ",line 3,systolic 400 mm[Hg] is outside the plausible range 40-300\n"));

    const QString elsewhere = m_dir.filePath(u"rejects-here.csv"_s);
    r = runCli({u"import"_s, u"--db"_s, m_db, u"--partial"_s, u"--rejects"_s, elsewhere,
                u"--json"_s, csv});
    QCOMPARE(r.exitCode, 2);
    const QJsonObject o = parseJson(r.out);
    QCOMPARE(o.value(u"duplicates"_s).toInt(), 2);
    QCOMPARE(o.value(u"details"_s).toObject().value(u"rejects_report"_s).toString(), elsewhere);
    QVERIFY(QFile::exists(elsewhere));
}

void TestImportCli::patientOverrideForOnePatientsExport()
{
    // F13's patient and device are unknown to the practice: with --patient, its two
    // readings go to MRN-000004, kept without a device (a warning says so).
    auto r = runCli({u"import"_s, u"--db"_s, m_db, u"--json"_s, u"--patient"_s, u"MRN-000004"_s,
                     fixture(u"F13"_s)});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = parseJson(r.out);
    QCOMPARE(o.value(u"imported"_s).toInt(), 2);
    QCOMPARE(o.value(u"skipped"_s).toInt(), 4);
    const QJsonArray warnings = o.value(u"details"_s).toObject().value(u"warnings"_s).toArray();
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings.at(0).toString().contains(u"device 0400007825 is not registered"_s),
             qPrintable(warnings.at(0).toString()));

    // Without --patient the bundle's patient is unknown: rejected, nothing written.
    const QList<qint64> before = tableCounts(m_db);
    r = runCli({u"import"_s, u"--db"_s, m_db, fixture(u"F13"_s)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.contains("entry[4]: no patient with MRN sisansarahId"), r.out.constData());
    QCOMPARE(tableCounts(m_db), before);
}

void TestImportCli::operationalFailuresExit1()
{
    const QString csv =
        write(u"ok.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                           "MRN-000001,2026-02-21T08:00:00-05:00,heart_rate,70,/min,manual\n");
    auto r = runCli({u"import"_s, u"--db"_s, m_dir.filePath(u"missing.sqlite"_s), csv});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no such database"), r.err.constData());
    QVERIFY(!QFile::exists(m_dir.filePath(u"missing.sqlite"_s)));

    r = runCli({u"import"_s, u"--db"_s, m_db, m_dir.filePath(u"nothing-here.csv"_s)});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("nothing-here.csv: cannot read"), r.err.constData());
}

void TestImportCli::badArgumentsExit2_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::addRow("no file") << QStringList{} << u"no file to import"_s;
    QTest::addRow("unknown source") << QStringList{u"--source"_s, u"fax"_s, u"FILE"_s}
                                    << u"--source: 'fax' is not device or manual"_s;
    QTest::addRow("unknown option")
        << QStringList{u"--fast"_s, u"FILE"_s} << u"unknown option '--fast'"_s;
    QTest::addRow("rejects without partial") << QStringList{u"--rejects"_s, u"x.csv"_s, u"FILE"_s}
                                             << u"--rejects: only with --partial"_s;
    QTest::addRow("unknown patient") << QStringList{u"--patient"_s, u"NOBODY"_s, u"FILE"_s}
                                     << u"--patient: no patient with MRN NOBODY"_s;
}

void TestImportCli::badArgumentsExit2()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    const QString csv =
        write(u"ok.csv"_s, "patient_mrn,measured_at,kind,value,unit,source\n"
                           "MRN-000001,2026-02-21T08:00:00-05:00,heart_rate,70,/min,manual\n");
    extra.replaceInStrings(u"FILE"_s, csv);
    const QList<qint64> before = tableCounts(m_db);
    const auto r = runCli(QStringList{u"import"_s, u"--db"_s, m_db} + extra);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    QCOMPARE(tableCounts(m_db), before);
}

QTEST_GUILESS_MAIN(TestImportCli)
#include "tst_importcli.moc"
