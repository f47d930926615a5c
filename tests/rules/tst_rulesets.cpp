// The effective-dated rule-set table: contents, consistency and selection by date or id.

#include <set>
#include <string>

#include <QTest>

#include "rules/ruleset.h"

using namespace vd::rules;

Q_DECLARE_METATYPE(vd::rules::Date)

namespace {

QString str(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

class TestRuleSets : public QObject
{
    Q_OBJECT

private slots:
    void tableIsConsistent();
    void selectionByDate_data();
    void selectionByDate();
    void selectionById_data();
    void selectionById();
    void codesPerYear_data();
    void codesPerYear();
    void parameters();
    void roles_data();
    void roles();
    void programs_data();
    void programs();
    void contactModes_data();
    void contactModes();
    void enumTokens();
};

void TestRuleSets::tableIsConsistent()
{
    const std::vector<RuleSet> &sets = ruleSets();
    QVERIFY(sets.size() >= 2);
    std::set<std::string_view> ids;
    for (std::size_t i = 0; i < sets.size(); ++i) {
        const RuleSet &rs = sets[i];
        QVERIFY2(ids.insert(rs.id).second, "duplicate rule set id");
        QVERIFY(rs.effectiveFrom.isValid());
        if (i > 0)
            QVERIFY2(sets[i - 1].effectiveFrom < rs.effectiveFrom, "table not ordered by date");
        QVERIFY(rs.periodDays >= 1 && rs.periodDays <= 64);
        for (std::size_t t = 1; t < rs.deviceTiers.size(); ++t)
            QVERIFY2(rs.deviceTiers[t - 1].minDays > rs.deviceTiers[t].minDays,
                     "device tiers must be ordered highest minimum first");
        for (std::size_t t = 1; t < rs.managementTiers.size(); ++t)
            QVERIFY2(rs.managementTiers[t - 1].minSeconds > rs.managementTiers[t].minSeconds,
                     "management tiers must be ordered highest minimum first");
        for (const AddOnRule &a : rs.addOns) {
            QVERIFY2(rs.managementTier(a.baseCode), "add-on without its base code");
            QVERIFY(a.stepSeconds > 0);
        }
        for (std::string_view role : rs.billingRoles)
            QVERIFY(rs.isKnownRole(role));
        for (std::string_view role : rs.timeRoles)
            QVERIFY(rs.isKnownRole(role));
        for (std::string_view program : rs.timePrograms)
            QVERIFY(rs.isKnownProgram(program));
    }
}

void TestRuleSets::selectionByDate_data()
{
    QTest::addColumn<Date>("date");
    QTest::addColumn<QString>("id");

    QTest::addRow("first day of CY2025") << Date{2025, 1, 1} << "CY2025";
    QTest::addRow("mid 2025") << Date{2025, 6, 1} << "CY2025";
    QTest::addRow("last day of 2025") << Date{2025, 12, 31} << "CY2025";
    QTest::addRow("first day of CY2026") << Date{2026, 1, 1} << "CY2026";
    QTest::addRow("March 2026") << Date{2026, 3, 1} << "CY2026";
    QTest::addRow("later years keep the newest set") << Date{2030, 1, 1} << "CY2026";
    QTest::addRow("before the table: the earliest set") << Date{2024, 6, 1} << "CY2025";
}

void TestRuleSets::selectionByDate()
{
    QFETCH(Date, date);
    QFETCH(QString, id);
    const RuleSet *rs = ruleSetFor(date);
    QVERIFY(rs);
    QCOMPARE(str(rs->id), id);
}

void TestRuleSets::selectionById_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("known");

    QTest::addRow("CY2025") << "CY2025" << true;
    QTest::addRow("CY2026") << "CY2026" << true;
    QTest::addRow("unknown year") << "CY2031" << false;
    QTest::addRow("lower case is not an id") << "cy2026" << false;
    QTest::addRow("empty") << "" << false;
}

void TestRuleSets::selectionById()
{
    QFETCH(QString, id);
    QFETCH(bool, known);
    const RuleSet *rs = ruleSetById(id.toStdString());
    QCOMPARE(rs != nullptr, known);
    if (rs)
        QCOMPARE(str(rs->id), id);
    QVERIFY(ruleSetFor(Date{}) == nullptr);
}

void TestRuleSets::codesPerYear_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("exists");

    for (const char *code : {"99453", "99454", "99457", "99458"}) {
        QTest::addRow("CY2025 has %s", code) << "CY2025" << code << true;
        QTest::addRow("CY2026 has %s", code) << "CY2026" << code << true;
    }
    QTest::addRow("99445 is new in CY2026") << "CY2026"
                                            << "99445" << true;
    QTest::addRow("99470 is new in CY2026") << "CY2026"
                                            << "99470" << true;
    QTest::addRow("no 99445 in CY2025") << "CY2025"
                                        << "99445" << false;
    QTest::addRow("no 99470 in CY2025") << "CY2025"
                                        << "99470" << false;
    QTest::addRow("RTM codes are not RPM codes") << "CY2026"
                                                 << "98975" << false;
}

void TestRuleSets::codesPerYear()
{
    QFETCH(QString, id);
    QFETCH(QString, code);
    QFETCH(bool, exists);
    const RuleSet *rs = ruleSetById(id.toStdString());
    QVERIFY(rs);
    QCOMPARE(rs->hasCode(code.toStdString()), exists);
}

void TestRuleSets::parameters()
{
    const RuleSet *cy2025 = ruleSetById("CY2025");
    const RuleSet *cy2026 = ruleSetById("CY2026");
    QVERIFY(cy2025 && cy2026);
    QCOMPARE(cy2025->periodDays, 30);
    QCOMPARE(cy2025->setup->minDays, 16);
    QCOMPARE(cy2026->setup->minDays, 2);
    QCOMPARE(cy2025->minDeviceDays(), 16);
    QCOMPARE(cy2026->minDeviceDays(), 2);
    QCOMPARE(cy2026->deviceTiers.front().minDays, 16);
    QCOMPARE(cy2025->managementTier("99457")->minSeconds, 1200);
    QCOMPARE(cy2026->managementTier("99470")->minSeconds, 600);
    QVERIFY(cy2026->managementTier("99470")->needsInteractiveContact);
    QCOMPARE(cy2025->addOns.size(), std::size_t(1));
    QCOMPARE(cy2025->addOns.front().stepSeconds, 1200);
    QCOMPARE(cy2025->addOns.front().unitCap, 2);
    QCOMPARE(str(cy2026->addOns.front().baseCode), QStringLiteral("99457"));
}

void TestRuleSets::roles_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("mayBill");
    QTest::addColumn<bool>("timeCounts");

    QTest::addRow("MD bills, time counts") << "MD" << true << true;
    QTest::addRow("DO bills, time counts") << "DO" << true << true;
    QTest::addRow("NP bills, time counts") << "NP" << true << true;
    QTest::addRow("PA bills, time counts") << "PA" << true << true;
    QTest::addRow("CNS bills, time counts") << "CNS" << true << true;
    QTest::addRow("CNM bills, time counts") << "CNM" << true << true;
    QTest::addRow("RN cannot bill, time counts") << "RN" << false << true;
    QTest::addRow("LPN cannot bill, time counts") << "LPN" << false << true;
    QTest::addRow("MA cannot bill, time counts") << "MA" << false << true;
    QTest::addRow("ADMIN: neither") << "ADMIN" << false << false;
    QTest::addRow("BILLER: neither") << "BILLER" << false << false;
    QTest::addRow("MANAGER: neither") << "MANAGER" << false << false;
}

void TestRuleSets::roles()
{
    QFETCH(QString, role);
    QFETCH(bool, mayBill);
    QFETCH(bool, timeCounts);
    for (const RuleSet &rs : ruleSets()) {
        QVERIFY(rs.isKnownRole(role.toStdString()));
        QCOMPARE(rs.mayBill(role.toStdString()), mayBill);
        QCOMPARE(rs.timeRoleCounts(role.toStdString()), timeCounts);
    }
}

void TestRuleSets::programs_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<bool>("counts");

    QTest::addRow("RPM counts") << "RPM" << true;
    for (const char *p : {"CCM", "PCM", "TCM", "BHI", "RTM"})
        QTest::addRow("%s never counts twice", p) << p << false;
}

void TestRuleSets::programs()
{
    QFETCH(QString, program);
    QFETCH(bool, counts);
    for (const RuleSet &rs : ruleSets()) {
        QVERIFY(rs.isKnownProgram(program.toStdString()));
        QCOMPARE(rs.programCounts(program.toStdString()), counts);
    }
    QVERIFY(!ruleSets().front().isKnownProgram("XYZ"));
}

void TestRuleSets::contactModes_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<bool>("interactive");

    QTest::addRow("phone is live") << "phone" << true;
    QTest::addRow("video is live") << "video" << true;
    QTest::addRow("sms is not") << "sms" << false;
    QTest::addRow("portal is not") << "portal" << false;
    QTest::addRow("email is not") << "email" << false;
    QTest::addRow("voicemail is not") << "voicemail" << false;
    QTest::addRow("automated is not") << "automated" << false;
}

void TestRuleSets::contactModes()
{
    QFETCH(QString, mode);
    QFETCH(bool, interactive);
    const std::optional<ContactMode> parsed = parseContactMode(mode.toStdString());
    QVERIFY(parsed);
    QCOMPARE(str(toString(*parsed)), mode);
    for (const RuleSet &rs : ruleSets())
        QCOMPARE(rs.contactModeCounts(*parsed), interactive);
}

void TestRuleSets::enumTokens()
{
    QVERIFY(parseReadingSource("device") == ReadingSource::Device);
    QVERIFY(parseReadingSource("manual") == ReadingSource::Manual);
    QVERIFY(!parseReadingSource("Device"));
    QVERIFY(parseReadingKind("physiologic") == ReadingKind::Physiologic);
    QVERIFY(parseReadingKind("battery") == ReadingKind::Battery);
    QVERIFY(parseReadingKind("signal") == ReadingKind::Signal);
    QVERIFY(!parseReadingKind("weight"));
    QVERIFY(parseCounterpart("caregiver") == Counterpart::Caregiver);
    QVERIFY(!parseCounterpart("spouse"));
    QVERIFY(!parseContactMode("fax"));
    QCOMPARE(str(toString(ReadingKind::Battery)), QStringLiteral("battery"));
    QCOMPARE(str(toString(Counterpart::Patient)), QStringLiteral("patient"));
    QCOMPARE(str(toString(ReadingSource::Manual)), QStringLiteral("manual"));
}

QTEST_GUILESS_MAIN(TestRuleSets)
#include "tst_rulesets.moc"
