// vitaldesk-cli evaluate: the input contract. Every kind of malformed scenario exits 2
// with one line on stderr naming the field; valid ones print the decision.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "clirunner.h"

using namespace Qt::Literals::StringLiterals;

namespace {

QJsonObject baseScenario()
{
    return QJsonObject{
        {u"month"_s, u"2026-03"_s},
        {u"episode"_s, QJsonObject{{u"start"_s, u"2026-03-01"_s},
                                   {u"consent"_s, true},
                                   {u"established_patient"_s, true}}},
        {u"billing_provider"_s, u"MD"_s},
        {u"readings"_s,
         QJsonArray{QJsonObject{{u"date"_s, u"2026-03-01"_s}, {u"source"_s, u"device"_s}},
                    QJsonObject{{u"date"_s, u"2026-03-02"_s},
                                {u"source"_s, u"device"_s},
                                {u"kind"_s, u"physiologic"_s}}}},
        {u"time"_s, QJsonArray{QJsonObject{{u"start"_s, u"2026-03-02T10:00:00"_s},
                                           {u"seconds"_s, 600},
                                           {u"program"_s, u"RPM"_s},
                                           {u"role"_s, u"RN"_s}},
                               QJsonObject{{u"start"_s, u"2026-03-03T10:00:00"_s},
                                           {u"seconds"_s, 700},
                                           {u"program"_s, u"RPM"_s},
                                           {u"role"_s, u"MD"_s}}}},
        {u"contacts"_s, QJsonArray{QJsonObject{{u"start"_s, u"2026-03-02T10:05:00"_s},
                                               {u"mode"_s, u"phone"_s},
                                               {u"completed"_s, true},
                                               {u"with"_s, u"patient"_s}}}},
    };
}

// Sets (or, with an undefined value, removes) the value at "time[1].seconds".
QJsonValue applyAt(const QJsonValue &node, const QStringList &steps, int i, const QJsonValue &value)
{
    static const QRegularExpression indexed(u"^(\\w+)\\[(\\d+)\\]$"_s);
    const bool last = i + 1 == steps.size();
    const QRegularExpressionMatch m = indexed.match(steps[i]);
    const QString key = m.hasMatch() ? m.captured(1) : steps[i];
    QJsonObject obj = node.toObject();
    if (!m.hasMatch()) {
        if (last && value.isUndefined())
            obj.remove(key);
        else
            obj[key] = last ? value : applyAt(obj.value(key), steps, i + 1, value);
        return obj;
    }
    QJsonArray arr = obj.value(key).toArray();
    const qsizetype idx = m.captured(2).toLongLong();
    if (last && value.isUndefined())
        arr.removeAt(idx);
    else
        arr[idx] = last ? value : applyAt(arr.at(idx), steps, i + 1, value);
    obj[key] = arr;
    return obj;
}

QJsonObject mutated(const QString &path, const QJsonValue &value)
{
    return applyAt(baseScenario(), path.split(u'.'), 0, value).toObject();
}

} // namespace

class TestEvaluateCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void malformed_data();
    void malformed();
    void validScenario();
    void optionalFieldsDefault();
    void expectIsIgnored();
    void outputKeysInContractOrder();
    void extensionKeys();
    void usageErrors();

private:
    QString write(const QByteArray &content);
    QTemporaryDir m_dir;
    int m_count = 0;
};

void TestEvaluateCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(clitest::cliPath()), VITALDESK_CLI_PATH);
}

QString TestEvaluateCli::write(const QByteArray &content)
{
    const QString path = m_dir.filePath(u"scenario%1.json"_s.arg(++m_count));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        return {};
    return path;
}

void TestEvaluateCli::malformed_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message"); // after "vitaldesk-cli evaluate: FILE: "

    auto row = [](const char *name, const QString &path, const QJsonValue &value,
                  const QString &message) {
        QTest::addRow("%s", name) << QJsonDocument(mutated(path, value)).toJson() << message;
    };
    const QJsonValue remove(QJsonValue::Undefined);

    QTest::addRow("bad JSON") << QByteArray("{ \"month\": \"2026-03\", ") << u"invalid JSON"_s;
    QTest::addRow("top level is an array") << QByteArray("[]") << u"must be a JSON object"_s;
    QTest::addRow("empty file") << QByteArray() << u"invalid JSON"_s;

    row("impossible reading date 2026-02-30", u"readings[0].date"_s, u"2026-02-30"_s,
        u"readings[0].date: \"2026-02-30\" is not a valid date (YYYY-MM-DD)"_s);
    row("impossible episode start", u"episode.start"_s, u"2026-02-29"_s, u"episode.start:"_s);
    row("month 13", u"month"_s, u"2026-13"_s, u"month:"_s);
    row("month with a day", u"month"_s, u"2026-03-01"_s, u"month:"_s);
    row("impossible time start", u"time[0].start"_s, u"2026-04-31T10:00:00"_s, u"time[0].start:"_s);
    row("time start with a UTC offset", u"time[1].start"_s, u"2026-03-03T10:00:00Z"_s,
        u"time[1].start:"_s);
    row("impossible contact start", u"contacts[0].start"_s, u"2026-03-02T25:00:00"_s,
        u"contacts[0].start:"_s);

    row("negative seconds", u"time[1].seconds"_s, -5,
        u"time[1].seconds: must be a non-negative integer"_s);
    row("fractional seconds", u"time[1].seconds"_s, 12.5,
        u"time[1].seconds: must be a non-negative integer"_s);
    row("seconds as a string", u"time[0].seconds"_s, u"600"_s,
        u"time[0].seconds: must be a non-negative integer"_s);

    row("unknown contact mode", u"contacts[0].mode"_s, u"fax"_s,
        u"contacts[0].mode: unknown value \"fax\""_s);
    row("unknown counterpart", u"contacts[0].with"_s, u"neighbour"_s,
        u"contacts[0].with: unknown value \"neighbour\""_s);
    row("unknown reading source", u"readings[1].source"_s, u"cloud"_s,
        u"readings[1].source: unknown value \"cloud\""_s);
    row("unknown reading kind", u"readings[1].kind"_s, u"weight"_s,
        u"readings[1].kind: unknown value \"weight\""_s);
    row("unknown time role", u"time[0].role"_s, u"JANITOR"_s,
        u"time[0].role: unknown value \"JANITOR\""_s);
    row("unknown program", u"time[1].program"_s, u"XYZ"_s,
        u"time[1].program: unknown value \"XYZ\""_s);
    row("unknown billing provider", u"billing_provider"_s, u"DR"_s,
        u"billing_provider: unknown value \"DR\""_s);
    row("enum values are case-sensitive", u"contacts[0].mode"_s, u"Phone"_s,
        u"contacts[0].mode: unknown value"_s);
    row("unknown rule set", u"rules"_s, u"CY1999"_s, u"rules: unknown rule set \"CY1999\""_s);

    row("missing month", u"month"_s, remove, u"month: required field is missing"_s);
    row("missing episode", u"episode"_s, remove, u"episode: required field is missing"_s);
    row("missing episode.start", u"episode.start"_s, remove,
        u"episode.start: required field is missing"_s);
    row("missing episode.consent", u"episode.consent"_s, remove,
        u"episode.consent: required field is missing"_s);
    row("missing episode.established_patient", u"episode.established_patient"_s, remove,
        u"episode.established_patient: required field is missing"_s);
    row("missing billing_provider", u"billing_provider"_s, remove,
        u"billing_provider: required field is missing"_s);
    row("missing reading date", u"readings[1].date"_s, remove,
        u"readings[1].date: required field is missing"_s);
    row("missing time seconds", u"time[0].seconds"_s, remove,
        u"time[0].seconds: required field is missing"_s);
    row("missing contact completed", u"contacts[0].completed"_s, remove,
        u"contacts[0].completed: required field is missing"_s);

    row("consent is a string", u"episode.consent"_s, u"yes"_s,
        u"episode.consent: must be true or false"_s);
    row("setup_billed is a number", u"episode.setup_billed"_s, 1,
        u"episode.setup_billed: must be true or false"_s);
    row("month is a number", u"month"_s, 202603, u"month: must be a string"_s);
    row("episode is an array", u"episode"_s, QJsonArray(), u"episode: must be an object"_s);
    row("readings is an object", u"readings"_s, QJsonObject(), u"readings: must be an array"_s);
    row("a reading is a string", u"readings[1]"_s, u"2026-03-02"_s,
        u"readings[1]: must be an object"_s);
    row("role is a number", u"time[1].role"_s, 7, u"time[1].role: must be a string"_s);
}

void TestEvaluateCli::malformed()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString path = write(content);
    QVERIFY(!path.isEmpty());
    const clitest::CliResult r = clitest::runCli({u"evaluate"_s, path});
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.out.isEmpty(), r.out.constData());
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.endsWith(u'\n') && err.count(u'\n') == 1,
             qPrintable(u"not exactly one line: "_s + err));
    const QString prefix = u"vitaldesk-cli evaluate: "_s + path + u": "_s;
    QVERIFY2(err.startsWith(prefix), qPrintable(err));
    QVERIFY2(err.mid(prefix.size()).contains(message), qPrintable(err));
}

void TestEvaluateCli::validScenario()
{
    const QString path = write(QJsonDocument(baseScenario()).toJson());
    const clitest::CliResult r = clitest::runCli({u"evaluate"_s, path});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QJsonObject out = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(out.value(u"month"_s).toString(), u"2026-03"_s);
    QCOMPARE(out.value(u"rules"_s).toString(), u"CY2026"_s);
    QCOMPARE(out.value(u"management_seconds"_s).toInteger(), 1300);
    QCOMPARE(out.value(u"interactive_contact"_s).toBool(), true);
    const QJsonArray codes = out.value(u"codes"_s).toArray();
    QCOMPARE(codes, (QJsonArray{QJsonObject{{u"code"_s, u"99445"_s}, {u"units"_s, 1}},
                                QJsonObject{{u"code"_s, u"99453"_s}, {u"units"_s, 1}},
                                QJsonObject{{u"code"_s, u"99457"_s}, {u"units"_s, 1}}}));
    const QJsonArray periods = out.value(u"device_periods"_s).toArray();
    QCOMPARE(periods.size(), 1);
    QCOMPARE(periods.at(0).toObject(), (QJsonObject{{u"start"_s, u"2026-03-01"_s},
                                                    {u"end"_s, u"2026-03-30"_s},
                                                    {u"days"_s, 2},
                                                    {u"code"_s, u"99445"_s}}));
    QVERIFY(out.value(u"reasons"_s).toArray().size() >= 3);
}

void TestEvaluateCli::optionalFieldsDefault()
{
    const QJsonObject minimal{
        {u"month"_s, u"2025-06"_s},
        {u"episode"_s, QJsonObject{{u"start"_s, u"2025-06-01"_s},
                                   {u"consent"_s, true},
                                   {u"established_patient"_s, true}}},
        {u"billing_provider"_s, u"NP"_s},
    };
    const clitest::CliResult r =
        clitest::runCli({u"evaluate"_s, write(QJsonDocument(minimal).toJson())});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject out = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(out.value(u"rules"_s).toString(), u"CY2025"_s);
    QCOMPARE(out.value(u"codes"_s).toArray(), QJsonArray());
    QCOMPARE(out.value(u"management_seconds"_s).toInteger(), 0);
    QCOMPARE(out.value(u"device_periods"_s).toArray().at(0).toObject().value(u"code"_s),
             QJsonValue(QJsonValue::Null));
}

void TestEvaluateCli::expectIsIgnored()
{
    QJsonObject withExpect = baseScenario();
    withExpect[u"expect"_s] = QJsonObject{{u"codes"_s, QJsonArray{u"nonsense"_s}}};
    const clitest::CliResult a =
        clitest::runCli({u"evaluate"_s, write(QJsonDocument(baseScenario()).toJson())});
    const clitest::CliResult b =
        clitest::runCli({u"evaluate"_s, write(QJsonDocument(withExpect).toJson())});
    QCOMPARE(b.exitCode, 0);
    QCOMPARE(b.out, a.out);
}

void TestEvaluateCli::outputKeysInContractOrder()
{
    const clitest::CliResult r =
        clitest::runCli({u"evaluate"_s, write(QJsonDocument(baseScenario()).toJson())});
    QCOMPARE(r.exitCode, 0);
    qsizetype last = -1;
    for (const char *key : {"\"month\"", "\"rules\"", "\"codes\"", "\"management_seconds\"",
                            "\"interactive_contact\"", "\"device_periods\"", "\"reasons\""}) {
        const qsizetype at = r.out.indexOf(key);
        QVERIFY2(at > last, key);
        last = at;
    }
}

void TestEvaluateCli::extensionKeys()
{
    // as_of mid-month: "still reachable" wording; add_on_unit_cap; device_qualifies.
    QJsonObject s = mutated(u"time[1].seconds"_s, 3300);
    s[u"as_of"_s] = u"2026-03-20"_s;
    s[u"add_on_unit_cap"_s] = 1;
    QJsonArray readings = s.value(u"readings"_s).toArray();
    readings.append(QJsonObject{
        {u"date"_s, u"2026-03-05"_s}, {u"source"_s, u"device"_s}, {u"device_qualifies"_s, false}});
    s[u"readings"_s] = readings;
    const clitest::CliResult r = clitest::runCli({u"evaluate"_s, write(QJsonDocument(s).toJson())});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject out = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(out.value(u"codes"_s).toArray().last().toObject().value(u"units"_s).toInt(), 1);
    const QString reasons = QString::fromUtf8(
        QJsonDocument(out.value(u"reasons"_s).toArray()).toJson(QJsonDocument::Compact));
    QVERIFY2(reasons.contains(u"11 days left in this period — 99454 no longer reachable"_s),
             qPrintable(reasons));
    QVERIFY2(reasons.contains(u"not FDA-cleared"_s), qPrintable(reasons));

    const clitest::CliResult bad = clitest::runCli(
        {u"evaluate"_s, write(QJsonDocument(mutated(u"as_of"_s, u"2026-02-30"_s)).toJson())});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains("as_of:"));
}

void TestEvaluateCli::usageErrors()
{
    clitest::CliResult r = clitest::runCli({u"evaluate"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("usage"));
    r = clitest::runCli({u"evaluate"_s, m_dir.filePath(u"does-not-exist.json"_s)});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.startsWith("vitaldesk-cli evaluate: "));
    QCOMPARE(r.err.count('\n'), 1);
}

QTEST_GUILESS_MAIN(TestEvaluateCli)
#include "tst_evaluatecli.moc"
