#include <QSqlQuery>
#include <QtTest>

#include "fakeclock.h"
#include "store/auditlog.h"
#include "store/patientrepository.h"
#include "store/readingrepository.h"
#include "store/staffrepository.h"
#include "store/timerepository.h"
#include "tempdatabase.h"

using namespace Qt::Literals::StringLiterals;

class TestRepositories : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void practitionersNeedAnNpi();
    void duplicateMrnIsRefusedAndNothingIsWritten();
    void episodeKeepsConditionsAndConsent();
    void amendmentsKeepTheOriginal();
    void voidedEntriesAreNotEffective();
    void amendingASupersededVersionIsRefused();
    void impossibleTimeEntriesAreRefused_data();
    void impossibleTimeEntriesAreRefused();
    void entriesFromTheEveningBeforeAreIncluded();
    void readingsAreDeduplicatedBySourceId();
    void readingInstantsCarryDeviceQualification();
    void auditChainDetectsTampering();

private:
    vd::StaffId addNurse();
    vd::PatientId addPatient(const QString &mrn);

    std::unique_ptr<vd::test::TempDatabase> m_temp;
    vd::test::FakeClock m_clock;
    vd::StaffId m_admin = 0;
};

void TestRepositories::init()
{
    m_clock.setNowUtc(QDateTime(QDate(2026, 3, 14), QTime(15, 0), QTimeZone::utc()));
    m_temp = std::make_unique<vd::test::TempDatabase>();
    QVERIFY2(m_temp->isValid(), qPrintable(m_temp->error()));
    vd::StaffMember admin{0, u"Practice Admin"_s, u"ADMIN"_s, {}, u"admin"_s, true};
    auto id = vd::StaffRepository(m_temp->connection(), m_clock).add(0, admin);
    QVERIFY2(id, qPrintable(id.error()));
    m_admin = *id;
}

void TestRepositories::cleanup()
{
    m_temp.reset();
}

vd::StaffId TestRepositories::addNurse()
{
    vd::StaffMember rn{0, u"Nurse One"_s, u"RN"_s, {}, {}, true};
    auto id = vd::StaffRepository(m_temp->connection(), m_clock).add(m_admin, rn);
    return id ? *id : 0;
}

vd::PatientId TestRepositories::addPatient(const QString &mrn)
{
    vd::Patient p;
    p.mrn = mrn;
    p.familyName = u"Doe"_s;
    p.givenName = u"Jane"_s;
    p.birthDate = QDate(1950, 5, 1);
    auto id = vd::PatientRepository(m_temp->connection(), m_clock).add(m_admin, p);
    return id ? *id : 0;
}

void TestRepositories::practitionersNeedAnNpi()
{
    vd::StaffRepository staff(m_temp->connection(), m_clock);
    auto noNpi = staff.add(m_admin, {0, u"Dr Who"_s, u"MD"_s, {}, {}, true});
    QVERIFY(!noNpi);
    QVERIFY2(noNpi.error().contains(u"NPI"_s), qPrintable(noNpi.error()));
    auto ok = staff.add(m_admin, {0, u"Dr Who"_s, u"MD"_s, u"1234567893"_s, {}, true});
    QVERIFY2(ok, qPrintable(ok.error()));
    auto badCredential = staff.add(m_admin, {0, u"X"_s, u"JANITOR"_s, {}, {}, true});
    QVERIFY(!badCredential);
    QVERIFY(badCredential.error().contains(u"JANITOR"_s));
}

void TestRepositories::duplicateMrnIsRefusedAndNothingIsWritten()
{
    QVERIFY(addPatient(u"MRN-1"_s) > 0);
    const qint64 auditBefore = vd::AuditLog(m_temp->connection(), m_clock).count();
    vd::Patient dup;
    dup.mrn = u"MRN-1"_s;
    dup.familyName = u"Roe"_s;
    dup.givenName = u"Rick"_s;
    dup.birthDate = QDate(1960, 1, 1);
    auto id = vd::PatientRepository(m_temp->connection(), m_clock).add(m_admin, dup);
    QVERIFY(!id);
    QVERIFY2(id.error().contains(u"MRN-1"_s), qPrintable(id.error()));
    QCOMPARE(*vd::PatientRepository(m_temp->connection(), m_clock).count(), 1);
    QCOMPARE(vd::AuditLog(m_temp->connection(), m_clock).count(), auditBefore);
}

void TestRepositories::episodeKeepsConditionsAndConsent()
{
    const vd::PatientId pid = addPatient(u"MRN-2"_s);
    const vd::StaffId rn = addNurse();
    vd::PatientRepository patients(m_temp->connection(), m_clock);
    vd::Episode e;
    e.patientId = pid;
    e.monitoringStart = QDate(2026, 1, 15);
    e.consentDate = QDate(2026, 1, 10);
    e.consentMethod = u"verbal"_s;
    e.consentObtainedBy = rn;
    e.conditions = {u"i10"_s, u"E11.9"_s};
    auto id = patients.addEpisode(m_admin, e);
    QVERIFY2(id, qPrintable(id.error()));
    auto episodes = patients.episodes(pid);
    QVERIFY(episodes);
    QCOMPARE(episodes->size(), size_t(1));
    const vd::Episode &back = episodes->front();
    QCOMPARE(back.monitoringStart, QDate(2026, 1, 15));
    QVERIFY(back.hasConsent());
    QCOMPARE(back.consentObtainedBy, rn);
    QCOMPARE(back.conditions, (QStringList{u"E11.9"_s, u"I10"_s}));

    vd::Episode noWho = e;
    noWho.consentObtainedBy = 0;
    QVERIFY(!patients.addEpisode(m_admin, noWho));
}

void TestRepositories::amendmentsKeepTheOriginal()
{
    const vd::PatientId pid = addPatient(u"MRN-3"_s);
    const vd::StaffId rn = addNurse();
    vd::TimeRepository time(m_temp->connection(), m_clock);
    vd::TimeEntry e;
    e.patientId = pid;
    e.staffId = rn;
    e.startedAtMs = m_clock.nowUtcMs() - 3'600'000;
    e.seconds = 600;
    auto first = time.addEntry(rn, e);
    QVERIFY2(first, qPrintable(first.error()));

    vd::TimeEntry corrected = e;
    corrected.seconds = 900;
    QVERIFY(!time.amendEntry(rn, *first, corrected, u"  "_s)); // a reason is required
    auto second = time.amendEntry(rn, *first, corrected, u"timer left running"_s);
    QVERIFY2(second, qPrintable(second.error()));

    const vd::UtcRange today{m_clock.nowUtcMs() - 86'400'000, m_clock.nowUtcMs()};
    auto effective = time.effectiveEntries(pid, today);
    QVERIFY(effective);
    QCOMPARE(effective->size(), size_t(1));
    QCOMPARE(effective->front().seconds, 900);
    QCOMPARE(effective->front().amendReason, u"timer left running"_s);

    auto history = time.entryHistory(*second);
    QVERIFY(history);
    QCOMPARE(history->size(), size_t(2));
    QCOMPARE(history->at(1).seconds, 600);
    QCOMPARE(history->at(1).id, *first);
}

void TestRepositories::voidedEntriesAreNotEffective()
{
    const vd::PatientId pid = addPatient(u"MRN-4"_s);
    const vd::StaffId rn = addNurse();
    vd::TimeRepository time(m_temp->connection(), m_clock);
    vd::TimeEntry e;
    e.patientId = pid;
    e.staffId = rn;
    e.startedAtMs = m_clock.nowUtcMs() - 3'600'000;
    e.seconds = 300;
    auto id = time.addEntry(rn, e);
    QVERIFY(id);
    auto voided = time.voidEntry(rn, *id, u"wrong patient"_s);
    QVERIFY2(voided, qPrintable(voided.error()));
    const vd::UtcRange today{m_clock.nowUtcMs() - 86'400'000, m_clock.nowUtcMs()};
    QVERIFY(time.effectiveEntries(pid, today)->empty());
    QCOMPARE(time.entryHistory(*voided)->size(), size_t(2));
}

void TestRepositories::amendingASupersededVersionIsRefused()
{
    const vd::PatientId pid = addPatient(u"MRN-5"_s);
    const vd::StaffId rn = addNurse();
    vd::TimeRepository time(m_temp->connection(), m_clock);
    vd::TimeEntry e;
    e.patientId = pid;
    e.staffId = rn;
    e.startedAtMs = m_clock.nowUtcMs() - 3'600'000;
    e.seconds = 300;
    auto id = time.addEntry(rn, e);
    QVERIFY(time.amendEntry(rn, *id, e, u"first fix"_s));
    auto again = time.amendEntry(rn, *id, e, u"second fix"_s);
    QVERIFY(!again);
    QVERIFY2(again.error().contains(u"already amended"_s), qPrintable(again.error()));
}

void TestRepositories::impossibleTimeEntriesAreRefused_data()
{
    QTest::addColumn<int>("seconds");
    QTest::addColumn<qint64>("startOffsetMs");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("expected");
    QTest::addRow("negative duration") << -1 << qint64(-3'600'000) << u"timer"_s << u"negative"_s;
    QTest::addRow("longer than a day")
        << 90'000 << qint64(-100'000'000) << u"timer"_s << u"longer than a day"_s;
    QTest::addRow("ends in the future") << 600 << qint64(0) << u"timer"_s << u"future"_s;
    QTest::addRow("manual without a reason")
        << 600 << qint64(-3'600'000) << u"manual"_s << u"reason"_s;
}

void TestRepositories::impossibleTimeEntriesAreRefused()
{
    QFETCH(int, seconds);
    QFETCH(qint64, startOffsetMs);
    QFETCH(QString, method);
    QFETCH(QString, expected);
    const vd::PatientId pid = addPatient(u"MRN-6"_s);
    const vd::StaffId rn = addNurse();
    vd::TimeEntry e;
    e.patientId = pid;
    e.staffId = rn;
    e.startedAtMs = m_clock.nowUtcMs() + startOffsetMs;
    e.seconds = seconds;
    e.method = method;
    auto id = vd::TimeRepository(m_temp->connection(), m_clock).addEntry(rn, e);
    QVERIFY(!id);
    QVERIFY2(id.error().contains(expected), qPrintable(id.error()));
}

void TestRepositories::entriesFromTheEveningBeforeAreIncluded()
{
    const vd::PatientId pid = addPatient(u"MRN-7"_s);
    const vd::StaffId rn = addNurse();
    vd::TimeRepository time(m_temp->connection(), m_clock);
    const qint64 boundary = m_clock.nowUtcMs() - 2 * 3'600'000;
    vd::TimeEntry spanning;
    spanning.patientId = pid;
    spanning.staffId = rn;
    spanning.startedAtMs = boundary - 600'000; // 10 min before, runs 20 min
    spanning.seconds = 1200;
    QVERIFY(time.addEntry(rn, spanning));
    vd::TimeEntry before = spanning;
    before.startedAtMs = boundary - 3'600'000; // ends before the boundary
    before.seconds = 600;
    QVERIFY(time.addEntry(rn, before));
    auto got = time.effectiveEntries(pid, {boundary, m_clock.nowUtcMs()});
    QVERIFY(got);
    QCOMPARE(got->size(), size_t(1));
    QCOMPARE(got->front().seconds, 1200);
}

void TestRepositories::readingsAreDeduplicatedBySourceId()
{
    const vd::PatientId pid = addPatient(u"MRN-8"_s);
    vd::ReadingRepository readings(m_temp->connection(), m_clock);
    std::vector<vd::Reading> batch(3);
    for (int i = 0; i < 3; ++i) {
        batch[i].patientId = pid;
        batch[i].kind = u"heart_rate"_s;
        batch[i].value1 = 70 + i;
        batch[i].unit = u"/min"_s;
        batch[i].takenAtMs = m_clock.nowUtcMs() - i * 60'000;
        batch[i].externalSource = u"vendor"_s;
        batch[i].externalId = u"obs-%1"_s.arg(i);
    }
    qint64 dups = -1;
    QVERIFY(readings.insert(m_admin, batch, &dups));
    QCOMPARE(dups, 0);
    QVERIFY(readings.insert(m_admin, batch, &dups));
    QCOMPARE(dups, 3);
    QCOMPARE(*readings.count(), 3);
}

void TestRepositories::readingInstantsCarryDeviceQualification()
{
    const vd::PatientId pid = addPatient(u"MRN-9"_s);
    vd::PatientRepository patients(m_temp->connection(), m_clock);
    vd::Device cuff{0,    pid,  u"bp_monitor"_s,   u"Cuff"_s, u"SN1"_s,
                    true, true, QDate(2026, 1, 1), {}};
    vd::Device app{0, pid, u"scale"_s, u"App scale"_s, u"SN2"_s, false, true, QDate(2026, 1, 1),
                   {}};
    const qint64 cuffId = *patients.addDevice(m_admin, cuff);
    const qint64 appId = *patients.addDevice(m_admin, app);

    std::vector<vd::Reading> batch(3);
    const auto reading = [&](qint64 device, const QString &kind, double value, qint64 agoMs) {
        vd::Reading r;
        r.patientId = pid;
        r.deviceId = device;
        r.kind = kind;
        r.value1 = value;
        r.unit = u"x"_s;
        r.takenAtMs = m_clock.nowUtcMs() - agoMs;
        return r;
    };
    batch[0] = reading(cuffId, u"bp"_s, 120, 1000);
    batch[0].value2 = 80;
    batch[1] = reading(appId, u"weight"_s, 80, 2000);
    batch[2] = reading(cuffId, u"battery"_s, 50, 3000);
    QVERIFY(vd::ReadingRepository(m_temp->connection(), m_clock).insert(m_admin, batch));

    std::vector<vd::ReadingInstant> seen;
    QVERIFY(vd::ReadingRepository(m_temp->connection(), m_clock)
                .instants({0, m_clock.nowUtcMs()},
                          [&](const vd::ReadingInstant &r) { seen.push_back(r); }));
    QCOMPARE(seen.size(), size_t(3));
    // ordered by time: battery, weight, bp
    QVERIFY(!seen[0].physiologic);
    QVERIFY(!seen[1].deviceQualifies);
    QVERIFY(seen[2].physiologic && seen[2].deviceQualifies && !seen[2].manual);
}

void TestRepositories::auditChainDetectsTampering()
{
    addPatient(u"MRN-10"_s);
    addNurse();
    vd::AuditLog audit(m_temp->connection(), m_clock);
    QVERIFY(audit.count() >= 3);
    QVERIFY(audit.verify());
    QSqlQuery q(m_temp->connection());
    QVERIFY(q.exec(u"UPDATE audit_log SET action = 'delete' WHERE id = 2"_s));
    const vd::Status s = audit.verify();
    QVERIFY(!s);
    QVERIFY2(s.error().contains(u"row 2"_s), qPrintable(s.error()));
}

QTEST_GUILESS_MAIN(TestRepositories)
#include "tst_repositories.moc"
