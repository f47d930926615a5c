// Every example scenario in $VITALDESK_SHARED_DIR/scenarios passes through the real
// vitaldesk-cli: its decision must match the scenario's `expect` object.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "clirunner.h"

using namespace Qt::Literals::StringLiterals;

class TestScenarios : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void scenario_data();
    void scenario();

private:
    QDir scenarioDir() const;
    QStringList m_files;
};

QDir TestScenarios::scenarioDir() const
{
    return QDir(qEnvironmentVariable("VITALDESK_SHARED_DIR") + u"/scenarios"_s);
}

void TestScenarios::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("VITALDESK_SHARED_DIR"),
             "VITALDESK_SHARED_DIR is not set (run through ctest)");
    const QDir dir = scenarioDir();
    QVERIFY2(dir.exists(), qPrintable(u"scenario folder missing: "_s + dir.path()));
    m_files = dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name);
    QVERIFY2(!m_files.isEmpty(), qPrintable(u"no *.json scenario in "_s + dir.path()));
    QVERIFY2(QFile::exists(clitest::cliPath()), VITALDESK_CLI_PATH);
}

void TestScenarios::scenario_data()
{
    QTest::addColumn<QString>("path");
    for (const QString &name : std::as_const(m_files))
        QTest::addRow("%s", qPrintable(name)) << scenarioDir().filePath(name);
}

void TestScenarios::scenario()
{
    QFETCH(QString, path);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject input = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY2(input.value(u"expect"_s).isObject(), "scenario has no expect object");
    const QJsonObject expect = input.value(u"expect"_s).toObject();
    QVERIFY2(expect.value(u"codes"_s).isArray(), "expect has no codes array");

    const clitest::CliResult r = clitest::runCli({u"evaluate"_s, path});
    QVERIFY(r.finished);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.isEmpty(), r.err.constData());

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, r.out.constData());
    const QJsonObject out = doc.object();

    // The output contract of FORMAT.md.
    QCOMPARE(out.value(u"month"_s).toString(), input.value(u"month"_s).toString());
    QVERIFY(out.value(u"rules"_s).isString());
    QVERIFY(out.value(u"codes"_s).isArray());
    QVERIFY(out.value(u"management_seconds"_s).isDouble());
    QVERIFY(out.value(u"interactive_contact"_s).isBool());
    QVERIFY(out.value(u"device_periods"_s).isArray());
    QVERIFY(out.value(u"reasons"_s).isArray());
    QVERIFY(!out.value(u"reasons"_s).toArray().isEmpty());
    if (input.contains(u"rules"_s))
        QCOMPARE(out.value(u"rules"_s).toString(), input.value(u"rules"_s).toString());

    // codes, and any other key the scenario expects, exactly.
    for (auto it = expect.begin(); it != expect.end(); ++it) {
        const QJsonValue actual = out.value(it.key());
        QVERIFY2(actual == it.value(),
                 qPrintable(it.key() + u": expected "_s +
                            QString::fromUtf8(QJsonDocument(QJsonObject{{it.key(), it.value()}})
                                                  .toJson(QJsonDocument::Compact)) +
                            u", got "_s +
                            QString::fromUtf8(QJsonDocument(QJsonObject{{it.key(), actual}})
                                                  .toJson(QJsonDocument::Compact))));
    }
}

QTEST_GUILESS_MAIN(TestScenarios)
#include "tst_scenarios.moc"
