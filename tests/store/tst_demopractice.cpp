#include <limits>
#include <map>
#include <set>

#include <QCryptographicHash>
#include <QtTest>

#include "fakeclock.h"
#include "store/auditlog.h"
#include "store/demopractice.h"
#include "store/patientrepository.h"
#include "store/readingrepository.h"
#include "store/staffrepository.h"
#include "store/timerepository.h"
#include "tempdatabase.h"

using namespace Qt::Literals::StringLiterals;

namespace {

const QDate kToday(2026, 11, 16); // a Monday, mid-month
const QString kZone = u"America/Chicago"_s;
constexpr qint64 kDayMs = 86'400'000;
const vd::UtcRange kEverything{0, 4'102'444'800'000}; // up to 2100-01-01

vd::DemoOptions defaultOptions(quint64 seed = 42)
{
    vd::DemoOptions o;
    o.patients = 60;
    o.months = 3;
    o.seed = seed;
    o.today = kToday;
    o.timeZone = kZone;
    return o;
}

bool luhnValidNpi(const QString &npi)
{
    if (npi.size() != 10)
        return false;
    const QString digits = u"80840"_s + npi;
    int sum = 0;
    for (int i = 0; i < digits.size(); ++i) {
        int d = digits.at(digits.size() - 1 - i).digitValue();
        if (d < 0)
            return false;
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

struct Fingerprint
{
    QByteArray patients, readings, entries, contacts;
    qint64 readingCount = 0;
};

} // namespace

class TestDemoPractice : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void sameSeedGivesIdenticalData();
    void valuesArePlausibleAndInsideTheWindows();
    void adherenceVaries();
    void currentMonthIsAMix();
    void alertsAndExceptionsExist();
    void staffRolesAsSpecified();
    void timeEntriesNeverOverlapAndCallsAreLinked();
    void refusesANonEmptyDatabase();
    void cancellingLeavesNothing();
    void badOptionsAreRefused_data();
    void badOptionsAreRefused();

private:
    Fingerprint fingerprint(vd::test::TempDatabase &db);
    std::vector<vd::Episode> rpmEpisodes();

    std::unique_ptr<vd::test::TempDatabase> m_temp; // the shared, generated practice
    vd::test::FakeClock m_clock;
    vd::PracticeCalendar m_calendar{QTimeZone(kZone.toUtf8())};
    qint64 m_nowMs = 0;
    vd::DemoSummary m_summary;
};

void TestDemoPractice::initTestCase()
{
    m_nowMs = vd::demoNowUtcMs(kToday, kZone);
    QCOMPARE(m_nowMs, m_calendar.toUtcMs(kToday, QTime(12, 0)));
    m_clock.setNowUtc(QDateTime::fromMSecsSinceEpoch(m_nowMs, QTimeZone::utc()));
    m_temp = std::make_unique<vd::test::TempDatabase>();
    QVERIFY2(m_temp->isValid(), qPrintable(m_temp->error()));
    int calls = 0;
    int lastDone = -1;
    auto summary =
        vd::generateDemoPractice(m_temp->db(), defaultOptions(), [&](int done, int total) {
            ++calls;
            lastDone = done;
            return total == 60;
        });
    QVERIFY2(summary, qPrintable(summary.error()));
    m_summary = *summary;
    QVERIFY(calls > 2);
    QCOMPARE(lastDone, 60);
    QCOMPARE(m_summary.patients, 60);
    QCOMPARE(m_summary.today, kToday);
    QCOMPARE(m_summary.firstDay, QDate(2026, 9, 1));
    QCOMPARE(m_summary.nowUtcMs, m_nowMs);
    QCOMPARE(*vd::ReadingRepository(m_temp->connection(), m_clock).count(), m_summary.readings);
    QVERIFY(m_summary.readings > 5000);
    QVERIFY(m_summary.timeEntries > 300);
    QVERIFY(m_summary.contacts > 100);
    QVERIFY(m_summary.devices >= 60);
}

void TestDemoPractice::cleanupTestCase()
{
    m_temp.reset();
}

std::vector<vd::Episode> TestDemoPractice::rpmEpisodes()
{
    std::vector<vd::Episode> out;
    auto all = vd::PatientRepository(m_temp->connection(), m_clock).allEpisodes();
    if (!all)
        return out;
    for (const vd::Episode &e : *all) {
        if (e.program == u"RPM"_s)
            out.push_back(e);
    }
    return out;
}

Fingerprint TestDemoPractice::fingerprint(vd::test::TempDatabase &db)
{
    Fingerprint f;
    const QSqlDatabase conn = db.connection();
    vd::PatientRepository patients(conn, m_clock);
    vd::ReadingRepository readings(conn, m_clock);
    vd::TimeRepository time(conn, m_clock);

    QCryptographicHash p(QCryptographicHash::Sha256);
    QCryptographicHash r(QCryptographicHash::Sha256);
    const auto all = patients.all();
    if (!all)
        return f;
    for (const vd::Patient &x : *all) {
        p.addData(QStringList{QString::number(x.id), x.mrn, x.familyName, x.givenName,
                              x.birthDate.toString(Qt::ISODate), x.sex, x.phone}
                      .join(u'|')
                      .toUtf8());
        const auto list = readings.forPatient(x.id, kEverything);
        if (!list)
            return f;
        for (const vd::Reading &m : *list) {
            r.addData(u"%1|%2|%3|%4|%5|%6|%7|%8|%9"_s.arg(m.id)
                          .arg(m.deviceId)
                          .arg(m.kind)
                          .arg(m.value1, 0, 'g', 17)
                          .arg(m.value2 ? QString::number(*m.value2, 'g', 17) : u"-"_s)
                          .arg(m.takenAtMs)
                          .arg(m.source, m.externalId, m.unit)
                          .toUtf8());
            ++f.readingCount;
        }
    }
    const auto episodes = patients.allEpisodes();
    const auto devices = patients.allDevices();
    if (!episodes || !devices)
        return f;
    for (const vd::Episode &e : *episodes)
        p.addData(u"%1|%2|%3|%4|%5|%6|%7"_s.arg(e.id)
                      .arg(e.patientId)
                      .arg(e.program, e.monitoringStart.toString(Qt::ISODate),
                           e.consentDate.toString(Qt::ISODate), e.conditions.join(u','))
                      .arg(e.billingStaffId)
                      .toUtf8());
    for (const vd::Device &d : *devices)
        p.addData(
            u"%1|%2|%3|%4|%5"_s.arg(d.id).arg(d.patientId).arg(d.kind, d.model, d.serial).toUtf8());
    f.patients = p.result();
    f.readings = r.result();

    QCryptographicHash t(QCryptographicHash::Sha256);
    const auto entries = time.effectiveEntries(0, kEverything);
    if (!entries)
        return f;
    for (const vd::TimeEntry &e : *entries)
        t.addData(u"%1|%2|%3|%4|%5|%6|%7|%8|%9"_s.arg(e.id)
                      .arg(e.patientId)
                      .arg(e.staffId)
                      .arg(e.startedAtMs)
                      .arg(e.seconds)
                      .arg(e.activity, e.program, e.method)
                      .arg(e.createdAtMs)
                      .toUtf8());
    f.entries = t.result();

    QCryptographicHash c(QCryptographicHash::Sha256);
    const auto contacts = time.effectiveContacts(0, kEverything);
    if (!contacts)
        return f;
    for (const vd::Contact &x : *contacts)
        c.addData(u"%1|%2|%3|%4|%5|%6|%7|%8"_s.arg(x.id)
                      .arg(x.patientId)
                      .arg(x.staffId)
                      .arg(x.startedAtMs)
                      .arg(x.seconds)
                      .arg(x.mode)
                      .arg(x.connected ? 1 : 0)
                      .arg(x.timeEntryId)
                      .toUtf8());
    f.contacts = c.result();
    return f;
}

void TestDemoPractice::sameSeedGivesIdenticalData()
{
    vd::test::TempDatabase again;
    QVERIFY(again.isValid());
    auto s = vd::generateDemoPractice(again.db(), defaultOptions());
    QVERIFY2(s, qPrintable(s.error()));
    QCOMPARE(s->readings, m_summary.readings);
    QCOMPARE(s->timeEntries, m_summary.timeEntries);
    QCOMPARE(s->contacts, m_summary.contacts);

    const Fingerprint a = fingerprint(*m_temp);
    const Fingerprint b = fingerprint(again);
    QVERIFY(!a.readings.isEmpty() && !a.contacts.isEmpty());
    QCOMPARE(a.readingCount, m_summary.readings);
    QCOMPARE(b.readingCount, a.readingCount);
    QCOMPARE(b.patients, a.patients);
    QCOMPARE(b.readings, a.readings);
    QCOMPARE(b.entries, a.entries);
    QCOMPARE(b.contacts, a.contacts);

    vd::test::TempDatabase other;
    QVERIFY(other.isValid());
    auto o = vd::generateDemoPractice(other.db(), defaultOptions(43));
    QVERIFY2(o, qPrintable(o.error()));
    const Fingerprint d = fingerprint(other);
    QVERIFY(d.patients != a.patients);
    QVERIFY(d.readings != a.readings);
    QVERIFY(d.entries != a.entries);
}

void TestDemoPractice::valuesArePlausibleAndInsideTheWindows()
{
    vd::ReadingRepository readings(m_temp->connection(), m_clock);
    std::map<vd::PatientId, QDate> starts;
    for (const vd::Episode &e : rpmEpisodes())
        starts[e.patientId] = e.monitoringStart;
    QCOMPARE(int(starts.size()), 60);

    std::set<QString> kinds;
    qint64 total = 0;
    for (const auto &[patient, start] : starts) {
        const auto list = readings.forPatient(patient, kEverything);
        QVERIFY2(list, qPrintable(list.error()));
        for (const vd::Reading &r : *list) {
            ++total;
            kinds.insert(r.kind);
            QVERIFY2(r.takenAtMs >= m_calendar.startOfDayUtcMs(start),
                     qPrintable(u"reading %1 before monitoring start"_s.arg(r.id)));
            QVERIFY2(r.takenAtMs <= m_nowMs, qPrintable(u"reading %1 after now"_s.arg(r.id)));
            QCOMPARE(r.externalSource, u"demo"_s);
            QVERIFY(!r.externalId.isEmpty());
            const auto inRange = [&](double v, double lo, double hi) {
                if (v >= lo && v <= hi)
                    return true;
                qWarning("reading %lld (%s) value %g outside %g..%g", r.id, qPrintable(r.kind), v,
                         lo, hi);
                return false;
            };
            if (r.kind == u"bp"_s) {
                QCOMPARE(r.unit, u"mm[Hg]"_s);
                QVERIFY(r.value2.has_value());
                QVERIFY(inRange(r.value1, 70, 260));
                QVERIFY(inRange(*r.value2, 40, 150));
                QVERIFY(*r.value2 < r.value1);
            } else if (r.kind == u"heart_rate"_s) {
                QCOMPARE(r.unit, u"/min"_s);
                QVERIFY(inRange(r.value1, 35, 180));
            } else if (r.kind == u"spo2"_s) {
                QCOMPARE(r.unit, u"%"_s);
                QVERIFY(inRange(r.value1, 80, 100));
            } else if (r.kind == u"glucose"_s) {
                QCOMPARE(r.unit, u"mg/dL"_s);
                QVERIFY(inRange(r.value1, 40, 450));
            } else if (r.kind == u"weight"_s) {
                QCOMPARE(r.unit, u"kg"_s);
                QVERIFY(inRange(r.value1, 40, 200));
            } else if (r.kind == u"battery"_s) {
                QVERIFY(inRange(r.value1, 0, 100));
            } else {
                QFAIL(qPrintable(u"unexpected reading kind %1"_s.arg(r.kind)));
            }
        }
    }
    QCOMPARE(total, m_summary.readings);
    for (const QString &k :
         {u"bp"_s, u"heart_rate"_s, u"weight"_s, u"glucose"_s, u"spo2"_s, u"battery"_s})
        QVERIFY2(kinds.count(k), qPrintable(k));

    // Time and contacts: nothing after now, all after the episode started.
    vd::TimeRepository time(m_temp->connection(), m_clock);
    const auto entries = time.effectiveEntries(0, kEverything);
    QVERIFY(entries);
    for (const vd::TimeEntry &e : *entries) {
        QVERIFY(e.startedAtMs + qint64(e.seconds) * 1000 <= m_nowMs);
        QVERIFY(e.startedAtMs >= m_calendar.startOfDayUtcMs(starts[e.patientId]));
        QVERIFY(e.startedAtMs >= m_calendar.startOfDayUtcMs(m_summary.firstDay));
        QVERIFY(e.seconds > 0);
        QCOMPARE(e.createdAtMs, m_nowMs);
    }
    const auto contacts = time.effectiveContacts(0, kEverything);
    QVERIFY(contacts);
    for (const vd::Contact &c : *contacts)
        QVERIFY(c.startedAtMs <= m_nowMs);
}

void TestDemoPractice::adherenceVaries()
{
    vd::ReadingRepository readings(m_temp->connection(), m_clock);
    vd::PatientRepository patients(m_temp->connection(), m_clock);
    const auto devices = patients.allDevices();
    QVERIFY(devices);
    int full = 0, partial = 0, silent = 0;
    for (const vd::Episode &e : rpmEpisodes()) {
        // The latest 30-day period that ended before today.
        const qint64 elapsed = e.monitoringStart.daysTo(kToday);
        if (elapsed < 30)
            continue;
        const qint64 k = elapsed / 30 - 1;
        const QDate start = e.monitoringStart.addDays(30 * k);
        const QDate end = start.addDays(29);
        QVERIFY(end < kToday);
        std::set<QDate> days;
        const vd::Status s = readings.instants(
            m_calendar.dateRange(start, end),
            [&](const vd::ReadingInstant &r) {
                if (r.physiologic && !r.manual && r.deviceQualifies)
                    days.insert(m_calendar.localDate(r.takenAtMs));
            },
            e.patientId);
        QVERIFY2(s, qPrintable(s.error()));
        if (days.size() >= 16)
            ++full;
        else if (days.size() >= 2)
            ++partial;
    }
    const auto last = readings.lastReadingTimes();
    QVERIFY(last);
    for (const vd::Episode &e : rpmEpisodes()) {
        const qint64 at = last->value(e.patientId, 0);
        if (at < m_nowMs - 3 * kDayMs)
            ++silent;
    }
    qInfo("latest complete period: %d patients with >= 16 days, %d with 2-15; %d silent for "
          "3+ days",
          full, partial, silent);
    QVERIFY(full >= 20);
    QVERIFY(partial >= 5);
    QVERIFY(silent >= 3);
}

void TestDemoPractice::currentMonthIsAMix()
{
    vd::TimeRepository time(m_temp->connection(), m_clock);
    const vd::UtcRange month = m_calendar.monthRange(vd::YearMonth::of(kToday));
    std::map<vd::PatientId, qint64> seconds;
    std::set<vd::PatientId> called;
    int ccm = 0;
    const auto entries = time.effectiveEntries(0, month);
    QVERIFY(entries);
    for (const vd::TimeEntry &e : *entries) {
        if (!month.contains(e.startedAtMs))
            continue;
        if (e.program == u"RPM"_s)
            seconds[e.patientId] += e.seconds;
        else if (e.program == u"CCM"_s)
            ++ccm;
    }
    const auto contacts = time.effectiveContacts(0, month);
    QVERIFY(contacts);
    for (const vd::Contact &c : *contacts) {
        if (c.connected && (c.mode == u"phone"_s || c.mode == u"video"_s))
            called.insert(c.patientId);
    }
    int done = 0, close = 0, far = 0, noCall = 0;
    for (const vd::Episode &e : rpmEpisodes()) {
        const qint64 s = seconds[e.patientId];
        const bool call = called.count(e.patientId) > 0;
        if (s >= 1200 && call)
            ++done;
        if (s >= 840 && s < 1200)
            ++close;
        if (s < 600)
            ++far;
        if (s > 0 && !call)
            ++noCall;
    }
    qInfo("current month: %d done, %d close, %d far, %d with minutes but no call; %d CCM entries",
          done, close, far, noCall, ccm);
    QVERIFY(done >= 5);
    QVERIFY(close >= 3);
    QVERIFY(far >= 5);
    QVERIFY(noCall >= 3);
    QVERIFY(ccm >= 1);
}

void TestDemoPractice::alertsAndExceptionsExist()
{
    vd::ReadingRepository readings(m_temp->connection(), m_clock);
    vd::PatientRepository patients(m_temp->connection(), m_clock);
    int crises = 0, hypoxaemia = 0, manual = 0;
    const auto all = patients.all();
    QVERIFY(all);
    for (const vd::Patient &p : *all) {
        const auto list = readings.forPatient(p.id, kEverything);
        QVERIFY(list);
        for (const vd::Reading &r : *list) {
            if (r.kind == u"bp"_s && (r.value1 > 180 || r.value2.value_or(0) > 120))
                ++crises;
            if (r.kind == u"spo2"_s && r.value1 < 92)
                ++hypoxaemia;
            if (r.source == u"manual"_s)
                ++manual;
        }
        QVERIFY(p.mrn.startsWith(u"MRN-"_s) && p.mrn.size() == 10);
        QVERIFY(p.birthDate >= QDate(1935, 1, 1) && p.birthDate <= QDate(1975, 12, 31));
        QVERIFY(p.phone.contains(u"555-01"_s));
        QVERIFY(p.timeZone.isEmpty());
    }
    QVERIFY(crises >= 1);
    QVERIFY(hypoxaemia >= 1);
    QVERIFY(manual >= 1);

    const auto episodes = patients.allEpisodes();
    QVERIFY(episodes);
    int withoutConsent = 0, rtm = 0, newThisWindow = 0;
    for (const vd::Episode &e : *episodes) {
        if (e.program == u"RTM"_s)
            ++rtm;
        if (e.program != u"RPM"_s)
            continue;
        if (!e.hasConsent())
            ++withoutConsent;
        QVERIFY(!e.conditions.isEmpty());
        QVERIFY(!e.establishedEvidence.isEmpty());
        QVERIFY(e.billingStaffId > 0);
        if (e.monitoringStart >= m_summary.firstDay)
            ++newThisWindow;
    }
    QVERIFY(withoutConsent >= 1 && withoutConsent <= 3);
    QCOMPARE(rtm, 1);
    QVERIFY(newThisWindow >= 2);

    const auto devices = patients.allDevices();
    QVERIFY(devices);
    std::set<QString> serials;
    int exceptional = 0;
    for (const vd::Device &d : *devices) {
        serials.insert(d.serial);
        if (!d.fdaCleared || !d.autoTransmit)
            ++exceptional;
    }
    QCOMPARE(int(serials.size()), int(devices->size()));
    QVERIFY(exceptional >= 1);
}

void TestDemoPractice::staffRolesAsSpecified()
{
    const auto staff = vd::StaffRepository(m_temp->connection(), m_clock).all();
    QVERIFY(staff);
    std::map<QString, int> byCredential;
    std::set<QString> usernames;
    for (const vd::StaffMember &m : *staff) {
        ++byCredential[m.credential];
        usernames.insert(m.username);
        if (vd::StaffRepository::isPractitioner(m.credential))
            QVERIFY2(luhnValidNpi(m.npi), qPrintable(m.npi));
    }
    QCOMPARE(byCredential[u"ADMIN"_s], 1);
    QCOMPARE(byCredential[u"MANAGER"_s], 1);
    QVERIFY(byCredential[u"RN"_s] >= 3 && byCredential[u"RN"_s] <= 4);
    QCOMPARE(byCredential[u"LPN"_s], 1);
    QCOMPARE(byCredential[u"MA"_s], 1);
    QCOMPARE(byCredential[u"MD"_s], 1);
    QCOMPARE(byCredential[u"DO"_s], 1);
    QCOMPARE(byCredential[u"NP"_s], 1);
    QCOMPARE(int(usernames.size()), int(staff->size()));
    QCOMPARE(m_summary.staff, qint64(staff->size()));
    QVERIFY(luhnValidNpi(u"1234567893"_s)); // the CMS example
}

void TestDemoPractice::timeEntriesNeverOverlapAndCallsAreLinked()
{
    vd::TimeRepository time(m_temp->connection(), m_clock);
    const auto entries = time.effectiveEntries(0, kEverything);
    QVERIFY(entries);
    QCOMPARE(qint64(entries->size()), m_summary.timeEntries);
    std::map<vd::StaffId, std::vector<std::pair<qint64, qint64>>> byStaff;
    std::map<qint64, vd::TimeEntry> byId;
    int manual = 0;
    for (const vd::TimeEntry &e : *entries) {
        byStaff[e.staffId].push_back({e.startedAtMs, e.startedAtMs + qint64(e.seconds) * 1000});
        byId[e.id] = e;
        if (e.method == u"manual"_s) {
            ++manual;
            QVERIFY(!e.manualReason.isEmpty());
        }
    }
    QVERIFY(manual >= 1);
    for (auto &[staff, list] : byStaff) {
        std::sort(list.begin(), list.end());
        for (std::size_t i = 1; i < list.size(); ++i)
            QVERIFY2(list[i].first >= list[i - 1].second,
                     qPrintable(u"staff %1 logs overlapping time"_s.arg(staff)));
    }

    const auto contacts = time.effectiveContacts(0, kEverything);
    QVERIFY(contacts);
    QCOMPARE(qint64(contacts->size()), m_summary.contacts);
    std::map<QString, int> modes;
    int attempted = 0;
    for (const vd::Contact &c : *contacts) {
        ++modes[c.mode];
        if (c.mode == u"phone"_s && !c.connected)
            ++attempted;
        if (c.mode == u"phone"_s || c.mode == u"video"_s || c.mode == u"voicemail"_s) {
            QVERIFY2(c.timeEntryId > 0, qPrintable(u"contact %1 has no time entry"_s.arg(c.id)));
            const vd::TimeEntry &e = byId[c.timeEntryId];
            QCOMPARE(e.activity, u"call"_s);
            QCOMPARE(e.patientId, c.patientId);
            QCOMPARE(e.staffId, c.staffId);
            QCOMPARE(e.startedAtMs, c.startedAtMs);
            QVERIFY(c.seconds <= e.seconds);
        } else {
            QCOMPARE(c.timeEntryId, 0);
            QVERIFY(!c.connected);
        }
    }
    QVERIFY(modes[u"phone"_s] > 0 && modes[u"video"_s] > 0 && modes[u"voicemail"_s] > 0);
    QVERIFY(modes[u"sms"_s] + modes[u"portal"_s] > 0);
    QVERIFY(attempted > 0);

    const vd::Status chain = vd::AuditLog(m_temp->connection(), m_clock).verify();
    QVERIFY2(chain, qPrintable(chain.error()));
}

void TestDemoPractice::refusesANonEmptyDatabase()
{
    vd::test::TempDatabase db;
    QVERIFY(db.isValid());
    auto admin = vd::StaffRepository(db.connection(), m_clock)
                     .add(0, {0, u"Admin"_s, u"ADMIN"_s, {}, u"admin"_s, true});
    QVERIFY(admin);
    vd::Patient p;
    p.mrn = u"X-1"_s;
    p.familyName = u"Doe"_s;
    p.givenName = u"Jane"_s;
    p.birthDate = QDate(1950, 1, 1);
    QVERIFY(vd::PatientRepository(db.connection(), m_clock).add(*admin, p));

    auto result = vd::generateDemoPractice(db.db(), defaultOptions());
    QVERIFY(!result);
    QVERIFY2(result.error().contains(u"already holds a practice"_s), qPrintable(result.error()));
    QVERIFY2(result.error().contains(u"new file"_s), qPrintable(result.error()));
    QCOMPARE(*vd::PatientRepository(db.connection(), m_clock).count(), 1);
    QCOMPARE(*vd::ReadingRepository(db.connection(), m_clock).count(), 0);
}

void TestDemoPractice::cancellingLeavesNothing()
{
    vd::test::TempDatabase db;
    QVERIFY(db.isValid());
    auto result = vd::generateDemoPractice(db.db(), defaultOptions(),
                                           [](int done, int) { return done < 45; });
    QVERIFY(!result);
    QVERIFY2(result.error().contains(u"cancelled"_s), qPrintable(result.error()));
    QCOMPARE(*vd::PatientRepository(db.connection(), m_clock).count(), 0);
    QCOMPARE(*vd::ReadingRepository(db.connection(), m_clock).count(), 0);
    QVERIFY(vd::StaffRepository(db.connection(), m_clock).all()->empty());
    QCOMPARE(vd::AuditLog(db.connection(), m_clock).count(), 0);

    // The same file then takes a demo practice.
    auto again = vd::generateDemoPractice(db.db(), defaultOptions());
    QVERIFY2(again, qPrintable(again.error()));
}

void TestDemoPractice::badOptionsAreRefused_data()
{
    QTest::addColumn<int>("patients");
    QTest::addColumn<int>("months");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("expected");
    QTest::addRow("no patients") << 0 << 3 << kZone << u"patients"_s;
    QTest::addRow("too many patients") << 100'001 << 3 << kZone << u"patients"_s;
    QTest::addRow("no months") << 60 << 0 << kZone << u"months"_s;
    QTest::addRow("unknown time zone") << 60 << 3 << u"Mars/Olympus_Mons"_s << u"time zone"_s;
}

void TestDemoPractice::badOptionsAreRefused()
{
    QFETCH(int, patients);
    QFETCH(int, months);
    QFETCH(QString, zone);
    QFETCH(QString, expected);
    vd::test::TempDatabase db;
    QVERIFY(db.isValid());
    vd::DemoOptions o = defaultOptions();
    o.patients = patients;
    o.months = months;
    o.timeZone = zone;
    auto result = vd::generateDemoPractice(db.db(), o);
    QVERIFY(!result);
    QVERIFY2(result.error().contains(expected), qPrintable(result.error()));
    QCOMPARE(*vd::PatientRepository(db.connection(), m_clock).count(), 0);
}

QTEST_GUILESS_MAIN(TestDemoPractice)
#include "tst_demopractice.moc"
