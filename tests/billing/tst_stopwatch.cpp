#include <QSignalSpy>
#include <QSqlQuery>
#include <QtTest>

#include "billing/monthfacts.h"
#include "billing/monthprogress.h"
#include "billing/stopwatch.h"
#include "billing/worklist.h"
#include "fakeclock.h"
#include "practicebuilder.h"
#include "store/auditlog.h"
#include "store/timerepository.h"
#include "store/timerjournal.h"
#include "tempdatabase.h"

using namespace Qt::Literals::StringLiterals;
using vd::billing::Stopwatch;

namespace {
const QTimeZone kNewYork("America/New_York");

QDateTime local(QDate day, QTime time)
{
    return QDateTime(day, time, kNewYork);
}
} // namespace

class TestStopwatch : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void startPauseResumeStopSavesOneEntryPerSegment();
    void changingActivityWhileRunningSplitsTheSegment();
    void wallClockJumpsDoNotChangeDurations_data();
    void wallClockJumpsDoNotChangeDurations();
    void timeAcrossMidnightAtMonthEndIsSplit();
    void midnightInsideAMonthIsNotSplit();
    void dstNightDurationIsExact_data();
    void dstNightDurationIsExact();
    void segmentsLongerThanADayAreChunked();
    void oneStopwatchPerStaffMember();
    void heartbeatWritesTheJournal();
    void heartbeatTimerKeepsTheJournalCurrent();
    void recoverSavesTimeUpToTheLastHeartbeat();
    void discardingAnOrphanSavesNothing();
    void orphanOnAnotherWorkstationWithAFreshHeartbeatIsAlive();
    void stopSavesEntriesAndDeletesTheJournalAtomically();
    void idleTimeCanBeDropped();
    void discardSavesNothing();
    void heartbeatNoticesTimeSavedElsewhere();
    void progressIncludesTheRunningStopwatchLikeTheWorklist();
    void nonClinicalStaffTimeDoesNotMoveTheBar();

private:
    std::vector<vd::TimeEntry> entries(vd::PatientId patient) const;
    std::optional<vd::RunningTimer> journal(vd::StaffId staff) const;
    QStringList auditActions() const;
    void startAt(const QDateTime &when);

    vd::test::FakeClock m_clock;
    std::unique_ptr<vd::test::TempDatabase> m_temp;
    std::unique_ptr<vd::test::PracticeBuilder> m_practice;
    std::unique_ptr<Stopwatch> m_sw;
    vd::PatientId m_patient = 0;
    vd::PatientId m_other = 0;
};

void TestStopwatch::init()
{
    m_clock.setNowUtc(QDateTime(QDate(2026, 3, 14), QTime(15, 0), QTimeZone::utc()));
    m_temp = std::make_unique<vd::test::TempDatabase>();
    QVERIFY2(m_temp->isValid(), qPrintable(m_temp->error()));
    m_practice = std::make_unique<vd::test::PracticeBuilder>(m_temp->db(), m_clock);
    m_patient = m_practice->addEnrolledPatient(u"MRN-000123"_s, u"Adams"_s, QDate(2025, 6, 1));
    m_other = m_practice->addEnrolledPatient(u"MRN-000456"_s, u"Baker"_s, QDate(2025, 6, 1));
    m_sw = std::make_unique<Stopwatch>(m_temp->db(), m_clock, m_practice->nurse());
    m_sw->setWorkstation(u"ws-test"_s);
}

void TestStopwatch::cleanup()
{
    m_sw.reset();
    m_practice.reset();
    m_temp.reset();
}

std::vector<vd::TimeEntry> TestStopwatch::entries(vd::PatientId patient) const
{
    vd::TimeRepository time(m_temp->connection(), m_clock);
    auto all = time.effectiveEntries(patient, {0, std::numeric_limits<qint64>::max() / 2});
    if (!all) {
        QTest::qFail(qPrintable(all.error()), __FILE__, __LINE__);
        return {};
    }
    return std::move(all.value());
}

std::optional<vd::RunningTimer> TestStopwatch::journal(vd::StaffId staff) const
{
    auto row = vd::TimerJournal(m_temp->connection(), m_clock).load(staff);
    if (!row) {
        QTest::qFail(qPrintable(row.error()), __FILE__, __LINE__);
        return std::nullopt;
    }
    return *row;
}

QStringList TestStopwatch::auditActions() const
{
    QSqlQuery q(m_temp->connection());
    q.exec(u"SELECT action FROM audit_log WHERE entity = 'running_timer' ORDER BY id"_s);
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

void TestStopwatch::startAt(const QDateTime &when)
{
    m_clock.setNowUtc(when);
    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
}

void TestStopwatch::startPauseResumeStopSavesOneEntryPerSegment()
{
    QSignalSpy states(m_sw.get(), &Stopwatch::stateChanged);
    QSignalSpy saved(m_sw.get(), &Stopwatch::saved);
    const qint64 t0 = m_clock.nowUtcMs();

    QVERIFY(m_sw->start(m_patient, u"data_review"_s, u"reviewed BP trend"_s));
    QCOMPARE(m_sw->state(), Stopwatch::State::Running);
    QCOMPARE(m_sw->patientId(), m_patient);
    QCOMPARE(m_sw->patient().mrn, u"MRN-000123"_s);
    m_clock.advanceSeconds(300);
    QCOMPARE(m_sw->elapsedSeconds(), 300);
    QVERIFY(m_sw->pause());
    m_clock.advanceSeconds(120); // paused: does not count
    QCOMPARE(m_sw->elapsedSeconds(), 300);
    QVERIFY(!m_sw->pause());
    QVERIFY(m_sw->resume());
    m_clock.advanceSeconds(200);
    QCOMPARE(m_sw->elapsedSeconds(), 500);

    auto result = m_sw->stop();
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->seconds, 500);
    QCOMPARE(result->entryIds.size(), size_t(2));
    QCOMPARE(m_sw->state(), Stopwatch::State::Idle);
    QCOMPARE(m_sw->elapsedSeconds(), 0);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(states.count(), 4); // running, paused, running, idle

    const auto e = entries(m_patient);
    QCOMPARE(e.size(), size_t(2));
    QCOMPARE(e[0].startedAtMs, t0);
    QCOMPARE(e[0].seconds, 300);
    QCOMPARE(e[1].startedAtMs, t0 + 420'000);
    QCOMPARE(e[1].seconds, 200);
    for (const auto &entry : e) {
        QCOMPARE(entry.method, u"timer"_s);
        QCOMPARE(entry.program, u"RPM"_s);
        QCOMPARE(entry.activity, u"data_review"_s);
        QCOMPARE(entry.note, u"reviewed BP trend"_s);
        QCOMPARE(entry.staffId, m_practice->nurse());
        QCOMPARE(entry.createdBy, m_practice->nurse());
    }
    QVERIFY(!journal(m_practice->nurse()).has_value());
    QCOMPARE(auditActions(), (QStringList{u"start"_s, u"stop"_s}));
    QVERIFY(vd::AuditLog(m_temp->connection(), m_clock).verify());
}

void TestStopwatch::changingActivityWhileRunningSplitsTheSegment()
{
    const qint64 t0 = m_clock.nowUtcMs();
    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
    m_clock.advanceMs(90'500);
    QVERIFY(m_sw->setActivity(u"call"_s));
    QVERIFY(!m_sw->setActivity(u"gossip"_s));
    m_clock.advanceMs(59'600); // with the carried half second: 60.1 s
    QCOMPARE(m_sw->elapsedSeconds(), 150);
    auto result = m_sw->stop();
    QVERIFY2(result, qPrintable(result.error()));
    const auto e = entries(m_patient);
    QCOMPARE(e.size(), size_t(2));
    QCOMPARE(e[0].activity, u"data_review"_s);
    QCOMPARE(e[0].seconds, 90);
    QCOMPARE(e[1].activity, u"call"_s);
    QCOMPARE(e[1].startedAtMs, t0 + 90'000);
    QCOMPARE(e[1].seconds, 60);
}

void TestStopwatch::wallClockJumpsDoNotChangeDurations_data()
{
    QTest::addColumn<qint64>("jumpSeconds");
    QTest::addRow("wall clock set forward an hour") << qint64(3600);
    QTest::addRow("wall clock set back an hour") << qint64(-3600);
}

void TestStopwatch::wallClockJumpsDoNotChangeDurations()
{
    QFETCH(qint64, jumpSeconds);
    const qint64 t0 = m_clock.nowUtcMs();
    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
    m_clock.advanceSeconds(300);
    m_clock.setNowUtc(m_clock.nowUtc().addSecs(jumpSeconds)); // wall clock only
    QCOMPARE(m_sw->elapsedSeconds(), 300);
    m_clock.advanceSeconds(300);
    QCOMPARE(m_sw->elapsedSeconds(), 600);
    auto result = m_sw->stop();
    QVERIFY2(result, qPrintable(result.error()));
    const auto e = entries(m_patient);
    QCOMPARE(e.size(), size_t(1));
    QCOMPARE(e[0].seconds, 600);
    if (jumpSeconds > 0) {
        QCOMPARE(e[0].startedAtMs, t0); // the UTC start as it was read
    } else {
        // It may not end after "now": moved back, duration unchanged.
        QCOMPARE(e[0].startedAtMs + 600'000, m_clock.nowUtcMs());
    }
}

void TestStopwatch::timeAcrossMidnightAtMonthEndIsSplit()
{
    startAt(local(QDate(2026, 3, 31), QTime(23, 50)));
    m_clock.advanceSeconds(20 * 60);
    auto result = m_sw->stop();
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->seconds, 1200);
    const auto e = entries(m_patient);
    QCOMPARE(e.size(), size_t(2));
    QCOMPARE(e[0].startedAtMs, local(QDate(2026, 3, 31), QTime(23, 50)).toMSecsSinceEpoch());
    QCOMPARE(e[0].seconds, 600);
    QCOMPARE(e[1].startedAtMs, local(QDate(2026, 4, 1), QTime(0, 0)).toMSecsSinceEpoch());
    QCOMPARE(e[1].seconds, 600);

    // Each month counts its own part, through the same path as the monthly report.
    vd::billing::MonthFactsBuilder builder(m_temp->db(), m_clock);
    for (const auto month : {vd::YearMonth{2026, 3}, vd::YearMonth{2026, 4}}) {
        auto pm =
            builder.onePatient(m_patient, month, {}, vd::billing::ReadingWindow::CurrentPeriods);
        QVERIFY2(pm, qPrintable(pm.error()));
        QCOMPARE(vd::rules::evaluate(pm->facts).managementSeconds, 600);
    }
}

void TestStopwatch::midnightInsideAMonthIsNotSplit()
{
    startAt(local(QDate(2026, 3, 20), QTime(23, 50)));
    m_clock.advanceSeconds(20 * 60);
    QVERIFY(m_sw->stop());
    const auto e = entries(m_patient);
    QCOMPARE(e.size(), size_t(1));
    QCOMPARE(e[0].seconds, 1200);
}

void TestStopwatch::dstNightDurationIsExact_data()
{
    QTest::addColumn<QDateTime>("startUtc");
    QTest::addColumn<QTime>("localEnd");
    // 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
    QTest::addRow("spring forward: 01:30 EST + 1 h = 03:30 EDT")
        << QDateTime(QDate(2026, 3, 8), QTime(6, 30), QTimeZone::utc()) << QTime(3, 30);
    QTest::addRow("fall back: 01:30 EDT + 1 h = 01:30 EST")
        << QDateTime(QDate(2026, 11, 1), QTime(5, 30), QTimeZone::utc()) << QTime(1, 30);
}

void TestStopwatch::dstNightDurationIsExact()
{
    QFETCH(QDateTime, startUtc);
    QFETCH(QTime, localEnd);
    startAt(startUtc);
    m_clock.advanceSeconds(3600);
    QCOMPARE(m_sw->elapsedSeconds(), 3600);
    QVERIFY(m_sw->stop());
    const auto e = entries(m_patient);
    QCOMPARE(e.size(), size_t(1));
    QCOMPARE(e[0].seconds, 3600);
    QCOMPARE(e[0].startedAtMs, startUtc.toMSecsSinceEpoch());
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(e[0].startedAtMs + 3'600'000, kNewYork);
    QCOMPARE(end.time(), localEnd);
}

void TestStopwatch::segmentsLongerThanADayAreChunked()
{
    vd::TimeEntry proto;
    proto.patientId = m_patient;
    const qint64 start = local(QDate(2026, 3, 10), QTime(9, 0)).toMSecsSinceEpoch();
    const auto parts = vd::billing::splitIntoEntries(
        {{start, 90'000, u"other"_s}, {start + 100'000'000, 0, u"call"_s}}, proto,
        vd::PracticeCalendar(kNewYork), start + 200'000'000);
    QCOMPARE(parts.size(), size_t(2));
    QCOMPARE(parts[0].seconds, 86'400);
    QCOMPARE(parts[1].seconds, 3'600);
    QCOMPARE(parts[1].startedAtMs, start + 86'400'000);
}

void TestStopwatch::oneStopwatchPerStaffMember()
{
    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
    // The same stopwatch cannot time a second patient ...
    auto again = m_sw->start(m_other, u"data_review"_s);
    QVERIFY(!again);
    QVERIFY2(again.error().contains(u"another patient"_s), qPrintable(again.error()));

    // ... nor can the same nurse on another workstation.
    Stopwatch elsewhere(m_temp->db(), m_clock, m_practice->nurse());
    elsewhere.setWorkstation(u"ws-other"_s);
    auto second = elsewhere.start(m_other, u"data_review"_s);
    QVERIFY(!second);
    QVERIFY2(second.error().contains(u"ws-test"_s), qPrintable(second.error()));
    QCOMPARE(elsewhere.state(), Stopwatch::State::Idle);

    // Another staff member may.
    const auto nurse2 = m_practice->addStaff(u"Lena LPN"_s, u"LPN"_s);
    Stopwatch colleague(m_temp->db(), m_clock, nurse2);
    QVERIFY(colleague.start(m_other, u"call"_s));

    m_clock.advanceSeconds(60);
    QVERIFY(m_sw->stop());
    QVERIFY(elsewhere.start(m_other, u"data_review"_s)); // free again
    QVERIFY(colleague.discard());
    QVERIFY(elsewhere.discard());
}

void TestStopwatch::heartbeatWritesTheJournal()
{
    const qint64 t0 = m_clock.nowUtcMs();
    QVERIFY(m_sw->start(m_patient, u"care_plan"_s, u"titrating"_s));
    auto row = journal(m_practice->nurse());
    QVERIFY(row.has_value());
    QVERIFY(row->running);
    QCOMPARE(row->segmentSeconds, 0);

    const int audits = auditActions().size();
    m_clock.advanceSeconds(12);
    QVERIFY(m_sw->heartbeat());
    row = journal(m_practice->nurse());
    QVERIFY(row.has_value());
    QCOMPARE(row->patientId, m_patient);
    QCOMPARE(row->activity, u"care_plan"_s);
    QCOMPARE(row->note, u"titrating"_s);
    QCOMPARE(row->program, u"RPM"_s);
    QCOMPARE(row->workstation, u"ws-test"_s);
    QVERIFY(!row->session.isEmpty());
    QVERIFY(row->running);
    QCOMPARE(row->startedAtMs, t0);
    QCOMPARE(row->segmentStartedAtMs, t0);
    QCOMPARE(row->segmentSeconds, 12);
    QCOMPARE(row->heartbeatAtMs, m_clock.nowUtcMs());
    QVERIFY(row->segments.empty());
    QCOMPARE(auditActions().size(), audits); // heartbeats are not audited

    m_clock.advanceSeconds(3);
    QVERIFY(m_sw->pause());
    row = journal(m_practice->nurse());
    QVERIFY(!row->running);
    QCOMPARE(row->segments.size(), size_t(1));
    QCOMPARE(row->segments[0].startedAtMs, t0);
    QCOMPARE(row->segments[0].seconds, 15);
    QCOMPARE(row->segments[0].activity, u"care_plan"_s);
    QCOMPARE(row->journaledSeconds(), 15);

    m_clock.advanceSeconds(100);
    QVERIFY(m_sw->resume());
    m_sw->setNote(u"titrating amlodipine"_s);
    m_clock.advanceSeconds(5);
    QVERIFY(m_sw->heartbeat());
    row = journal(m_practice->nurse());
    QVERIFY(row->running);
    QCOMPARE(row->segmentStartedAtMs, t0 + 115'000);
    QCOMPARE(row->segmentSeconds, 5);
    QCOMPARE(row->note, u"titrating amlodipine"_s);
    QCOMPARE(row->journaledSeconds(), 20);
}

void TestStopwatch::heartbeatTimerKeepsTheJournalCurrent()
{
    m_sw->setHeartbeatIntervalMs(20);
    QCOMPARE(Stopwatch::kDefaultHeartbeatMs, 4000); // < 5 s lost, sub-second floor included
    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
    m_clock.advanceSeconds(7);
    QTRY_COMPARE(journal(m_practice->nurse())->segmentSeconds, 7);
}

void TestStopwatch::recoverSavesTimeUpToTheLastHeartbeat()
{
    // What a killed process leaves: a paused-and-resumed stopwatch, journaled up to its
    // last heartbeat.
    const qint64 t0 = local(QDate(2026, 3, 14), QTime(10, 0)).toMSecsSinceEpoch();
    vd::RunningTimer row;
    row.staffId = m_practice->nurse();
    row.patientId = m_patient;
    row.session = u"crashed-session"_s;
    row.activity = u"call"_s;
    row.note = u"called about readings"_s;
    row.running = true;
    row.startedAtMs = t0;
    row.segmentStartedAtMs = t0 + 400'000;
    row.segmentSeconds = 95;
    row.workstation = vd::billing::Stopwatch::localWorkstationName();
    row.segments = {{t0, 300, u"data_review"_s}};
    vd::TimerJournal j(m_temp->connection(), m_clock);
    QVERIFY(j.open(row.staffId, row));

    auto found = Stopwatch::recoverable(m_temp->db(), m_clock, m_practice->nurse());
    QVERIFY2(found, qPrintable(found.error()));
    QVERIFY(found->has_value());
    const vd::billing::OrphanedTimer orphan = **found;
    QCOMPARE(orphan.seconds, 395);
    QCOMPARE(orphan.patient.mrn, u"MRN-000123"_s);
    QVERIFY(orphan.sameWorkstation);
    QVERIFY(!orphan.probablyAlive());

    // Until it is resolved, the nurse cannot start another stopwatch.
    QVERIFY(!m_sw->start(m_other, u"data_review"_s));

    auto saved = Stopwatch::recover(m_temp->db(), m_clock, m_practice->nurse(), orphan);
    QVERIFY2(saved, qPrintable(saved.error()));
    QCOMPARE(saved->seconds, 395);
    const auto e = entries(m_patient);
    QCOMPARE(e.size(), size_t(2));
    QCOMPARE(e[0].startedAtMs, t0);
    QCOMPARE(e[0].seconds, 300);
    QCOMPARE(e[0].activity, u"data_review"_s);
    QCOMPARE(e[1].startedAtMs, t0 + 400'000);
    QCOMPARE(e[1].seconds, 95);
    QCOMPARE(e[1].activity, u"call"_s);
    for (const auto &entry : e) {
        QCOMPARE(entry.method, u"timer"_s);
        QVERIFY(entry.note.startsWith(u"called about readings"_s));
        QVERIFY2(entry.note.contains(u"Recovered"_s), qPrintable(entry.note));
    }
    QVERIFY(!journal(m_practice->nurse()).has_value());
    QCOMPARE(auditActions(), (QStringList{u"start"_s, u"recover"_s}));
    // Twice is refused: the row is gone.
    QVERIFY(!Stopwatch::recover(m_temp->db(), m_clock, m_practice->nurse(), orphan));
    QVERIFY(m_sw->start(m_other, u"data_review"_s));
}

void TestStopwatch::discardingAnOrphanSavesNothing()
{
    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
    m_clock.advanceSeconds(42);
    QVERIFY(m_sw->heartbeat());
    m_sw.reset(); // as if the process had died after this heartbeat

    auto found = Stopwatch::recoverable(m_temp->db(), m_clock, m_practice->nurse(), u"ws-test"_s);
    QVERIFY(found && found->has_value());
    QCOMPARE((*found)->seconds, 42);
    QVERIFY(Stopwatch::discardRecoverable(m_temp->db(), m_clock, m_practice->nurse(), **found,
                                          u"was a test"_s));
    QVERIFY(entries(m_patient).empty());
    QVERIFY(!journal(m_practice->nurse()).has_value());
    QCOMPARE(auditActions(), (QStringList{u"start"_s, u"discard"_s}));
    auto none = Stopwatch::recoverable(m_temp->db(), m_clock, m_practice->nurse());
    QVERIFY(none && !none->has_value());
}

void TestStopwatch::orphanOnAnotherWorkstationWithAFreshHeartbeatIsAlive()
{
    m_sw->setWorkstation(u"ws-front"_s);
    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
    m_clock.advanceSeconds(10);
    QVERIFY(m_sw->heartbeat());
    auto found = Stopwatch::recoverable(m_temp->db(), m_clock, m_practice->nurse(), u"ws-back"_s);
    QVERIFY(found && found->has_value());
    QVERIFY(!(*found)->sameWorkstation);
    QVERIFY((*found)->probablyAlive());
    m_clock.advanceSeconds(120); // no heartbeat for two minutes: it died there
    found = Stopwatch::recoverable(m_temp->db(), m_clock, m_practice->nurse(), u"ws-back"_s);
    QVERIFY(!(*found)->probablyAlive());
    QVERIFY(m_sw->discard());
}

void TestStopwatch::stopSavesEntriesAndDeletesTheJournalAtomically()
{
    startAt(local(QDate(2026, 3, 31), QTime(23, 50)));
    m_clock.advanceSeconds(20 * 60); // two entries: March and April
    const qint64 april = local(QDate(2026, 4, 1), QTime(0, 0)).toMSecsSinceEpoch();
    QSqlQuery q(m_temp->connection());

    // The second entry cannot be stored: the first is not kept either.
    QVERIFY(q.exec(u"CREATE TRIGGER fail_april BEFORE INSERT ON time_entries WHEN NEW.started_at "
                   ">= %1 BEGIN SELECT RAISE(ABORT, 'disk full'); END"_s.arg(april)));
    auto failed = m_sw->stop();
    QVERIFY(!failed);
    QVERIFY2(failed.error().contains(u"disk full"_s), qPrintable(failed.error()));
    QVERIFY(entries(m_patient).empty());
    QVERIFY(journal(m_practice->nurse()).has_value());
    QCOMPARE(m_sw->state(), Stopwatch::State::Running);
    QCOMPARE(m_sw->elapsedSeconds(), 1200);
    QVERIFY(q.exec(u"DROP TRIGGER fail_april"_s));

    // The journal row cannot be deleted: the entries are not kept.
    QVERIFY(q.exec(u"CREATE TRIGGER keep_journal BEFORE DELETE ON running_timers "
                   "BEGIN SELECT RAISE(ABORT, 'locked'); END"_s));
    QVERIFY(!m_sw->stop());
    QVERIFY(entries(m_patient).empty());
    QVERIFY(journal(m_practice->nurse()).has_value());
    QVERIFY(q.exec(u"DROP TRIGGER keep_journal"_s));

    auto ok = m_sw->stop();
    QVERIFY2(ok, qPrintable(ok.error()));
    QCOMPARE(entries(m_patient).size(), size_t(2));
    QVERIFY(!journal(m_practice->nurse()).has_value());
    QCOMPARE(auditActions(), (QStringList{u"start"_s, u"stop"_s}));
}

void TestStopwatch::idleTimeCanBeDropped()
{
    const qint64 t0 = m_clock.nowUtcMs();
    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
    m_clock.advanceSeconds(600); // the last 300 s nobody touched anything
    QVERIFY(m_sw->excludeTrailingSeconds(300));
    QCOMPARE(m_sw->elapsedSeconds(), 300);
    QCOMPARE(m_sw->state(), Stopwatch::State::Running);
    QCOMPARE(journal(m_practice->nurse())->journaledSeconds(), 300);
    m_clock.advanceSeconds(60);
    QCOMPARE(m_sw->elapsedSeconds(), 360);
    auto result = m_sw->stop(20); // and the last 20 s before stopping
    QVERIFY2(result, qPrintable(result.error()));
    QCOMPARE(result->seconds, 340);
    const auto e = entries(m_patient);
    QCOMPARE(e.size(), size_t(2));
    QCOMPARE(e[0].startedAtMs, t0);
    QCOMPARE(e[0].seconds, 300);
    QCOMPARE(e[1].startedAtMs, t0 + 600'000);
    QCOMPARE(e[1].seconds, 40);

    // Dropping more than the running segment eats into earlier segments.
    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
    m_clock.advanceSeconds(100);
    QVERIFY(m_sw->pause());
    QVERIFY(m_sw->resume());
    m_clock.advanceSeconds(50);
    QVERIFY(m_sw->excludeTrailingSeconds(80));
    QCOMPARE(m_sw->elapsedSeconds(), 70);
    QVERIFY(m_sw->discard());
}

void TestStopwatch::discardSavesNothing()
{
    QSignalSpy discarded(m_sw.get(), &Stopwatch::discarded);
    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
    m_clock.advanceSeconds(90);
    QVERIFY(m_sw->discard(u"wrong patient"_s));
    QCOMPARE(discarded.count(), 1);
    QCOMPARE(m_sw->state(), Stopwatch::State::Idle);
    QVERIFY(entries(m_patient).empty());
    QVERIFY(!journal(m_practice->nurse()).has_value());
    QCOMPARE(auditActions(), (QStringList{u"start"_s, u"discard"_s}));
}

void TestStopwatch::heartbeatNoticesTimeSavedElsewhere()
{
    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
    m_clock.advanceSeconds(30);
    QVERIFY(m_sw->heartbeat());
    // Another workstation took the journal over (recovered it as an orphan).
    auto found = Stopwatch::recoverable(m_temp->db(), m_clock, m_practice->nurse(), u"x"_s);
    QVERIFY(found && found->has_value());
    QVERIFY(Stopwatch::recover(m_temp->db(), m_clock, m_practice->nurse(), **found));
    m_clock.advanceSeconds(5);
    QSignalSpy states(m_sw.get(), &Stopwatch::stateChanged);
    QVERIFY(!m_sw->heartbeat());
    QCOMPARE(m_sw->state(), Stopwatch::State::Idle); // not counted twice
    QCOMPARE(states.count(), 1);
    QCOMPARE(entries(m_patient).size(), size_t(1));
    QVERIFY(!journal(m_practice->nurse()).has_value()); // never recreated
}

void TestStopwatch::progressIncludesTheRunningStopwatchLikeTheWorklist()
{
    const QDate today(2026, 3, 14);
    m_practice->addTime(m_patient, QDate(2026, 3, 2), QTime(9, 0), 19 * 60);
    m_practice->addCall(m_patient, QDate(2026, 3, 2), QTime(9, 0), 120);
    vd::billing::MonthProgressTracker tracker(m_temp->db(), m_clock);
    tracker.setStopwatch(m_sw.get());
    tracker.setPatient(m_patient);

    auto p = tracker.current();
    QVERIFY2(p.ok(), qPrintable(p.error));
    QCOMPARE(p.rules.secondsSoFar, 19 * 60);
    QCOMPARE(p.loggedSeconds, 19 * 60);
    QCOMPARE(p.runningSeconds, 0);
    QCOMPARE(p.rules.managementCode, "99470");

    QVERIFY(m_sw->start(m_patient, u"data_review"_s));
    m_clock.advanceSeconds(59);
    p = tracker.current();
    QCOMPARE(p.rules.secondsSoFar, 19 * 60 + 59);
    QCOMPARE(p.runningSeconds, 59);
    QCOMPARE(QString::fromStdString(p.rules.status), u"99470 met — 0:01 to 99457"_s);
    m_clock.advanceSeconds(1);
    p = tracker.current();
    QCOMPARE(p.rules.secondsSoFar, 20 * 60);
    QCOMPARE(p.rules.managementCode, "99457");
    QCOMPARE(QString::fromStdString(p.rules.status), u"99457 met — 20:00 to 99458"_s);

    // The running stopwatch of another patient does not count here.
    tracker.setPatient(m_other);
    QCOMPARE(tracker.current().rules.secondsSoFar, 0);
    tracker.setPatient(m_patient);

    // After saving, the same figure comes from the store, as on the worklist.
    QSignalSpy refreshed(&tracker, &vd::billing::MonthProgressTracker::refreshed);
    QVERIFY(m_sw->stop());
    QCOMPARE(refreshed.count(), 1);
    p = tracker.current();
    QCOMPARE(p.rules.secondsSoFar, 20 * 60);
    QCOMPARE(p.loggedSeconds, 20 * 60);
    QCOMPARE(p.runningSeconds, 0);
    auto rows = vd::billing::buildWorklist(m_temp->db(), m_clock, today);
    QVERIFY(rows);
    for (const auto &row : *rows) {
        if (row.patientId == m_patient)
            QCOMPARE(row.monthSeconds, p.rules.secondsSoFar);
    }
}

void TestStopwatch::nonClinicalStaffTimeDoesNotMoveTheBar()
{
    const auto biller = m_practice->addStaff(u"Bill Biller"_s, u"BILLER"_s);
    Stopwatch sw(m_temp->db(), m_clock, biller);
    vd::billing::MonthProgressTracker tracker(m_temp->db(), m_clock);
    tracker.setStopwatch(&sw);
    tracker.setPatient(m_patient);
    QVERIFY(sw.start(m_patient, u"documentation"_s));
    m_clock.advanceSeconds(600);
    QCOMPARE(sw.elapsedSeconds(), 600);
    QCOMPARE(tracker.current().rules.secondsSoFar, 0); // the report would not count it either
    QVERIFY(sw.discard());
}

QTEST_GUILESS_MAIN(TestStopwatch)
#include "tst_stopwatch.moc"
