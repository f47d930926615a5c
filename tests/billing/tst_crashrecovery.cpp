#include <QElapsedTimer>
#include <QProcess>
#include <QtTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/types.h>
#endif

#include "billing/stopwatch.h"
#include "practicebuilder.h"
#include "store/clock.h"
#include "store/timerepository.h"
#include "store/timerjournal.h"
#include "tempdatabase.h"

using namespace Qt::Literals::StringLiterals;
using vd::billing::Stopwatch;

// A real process runs a stopwatch on a real clock and is killed with SIGKILL (no
// destructor, no last heartbeat). The next start finds its journal and recovers the time
// up to the last heartbeat: at most 5 s are lost.
class TestCrashRecovery : public QObject
{
    Q_OBJECT

private slots:
    void killedStopwatchLosesAtMostFiveSeconds_data();
    void killedStopwatchLosesAtMostFiveSeconds();
};

void TestCrashRecovery::killedStopwatchLosesAtMostFiveSeconds_data()
{
    QTest::addColumn<int>("heartbeatMs");
    QTest::addColumn<int>("runMs");
    QTest::addRow("1 s heartbeat, killed after 7 s") << 1000 << 7000;
    // Heartbeats at 4, 8, 12 s: killed just before the third, the worst case.
    QTest::addRow("default heartbeat, killed just before the next one")
        << Stopwatch::kDefaultHeartbeatMs << 3 * Stopwatch::kDefaultHeartbeatMs - 150;
}

void TestCrashRecovery::killedStopwatchLosesAtMostFiveSeconds()
{
#ifndef Q_OS_UNIX
    QSKIP("needs SIGKILL");
#else
    QFETCH(int, heartbeatMs);
    QFETCH(int, runMs);
    const vd::Clock &clock = vd::SystemClock::instance();
    vd::test::TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    vd::PatientId patient = 0;
    vd::StaffId nurse = 0;
    {
        vd::test::PracticeBuilder practice(temp.db(), clock);
        const QDate today = practice.calendar().localDate(clock.nowUtcMs());
        patient = practice.addEnrolledPatient(u"MRN-000123"_s, u"Adams"_s, today.addDays(-40));
        nurse = practice.nurse();
    }

    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer upper; // started before the child: at least its real running time
    upper.start();
    child.start(QStringLiteral(STOPWATCH_CHILD),
                {temp.path(), QString::number(nurse), QString::number(patient),
                 QString::number(heartbeatMs)});
    QVERIFY2(child.waitForStarted(10'000), qPrintable(child.errorString()));
    while (!child.canReadLine() && child.state() == QProcess::Running)
        child.waitForReadyRead(200);
    QElapsedTimer lower; // started after the child's stopwatch: at most its running time
    lower.start();
    QCOMPARE(child.readLine().trimmed(), QByteArray("started"));

    QTest::qWait(runMs); // real time passing is what this test is about
    QCOMPARE(::kill(pid_t(child.processId()), SIGKILL), 0);
    const qint64 ranAtLeastMs = lower.elapsed();
    const qint64 ranAtMostMs = upper.elapsed();
    QVERIFY(child.waitForFinished(10'000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    // The next start: a fresh connection finds the orphaned journal.
    QVERIFY2(temp.reopen(), qPrintable(temp.error()));
    auto found = Stopwatch::recoverable(temp.db(), clock, nurse);
    QVERIFY2(found, qPrintable(found.error()));
    QVERIFY(found->has_value());
    const vd::billing::OrphanedTimer orphan = **found;
    QVERIFY(orphan.sameWorkstation);
    QVERIFY(orphan.journal.running);
    QCOMPARE(orphan.patient.id, patient);

    auto saved = Stopwatch::recover(temp.db(), clock, nurse, orphan);
    QVERIFY2(saved, qPrintable(saved.error()));
    QCOMPARE(saved->seconds, orphan.seconds);
    const qint64 savedMs = saved->seconds * 1000;
    qInfo("heartbeat %d ms: ran %.2f-%.2f s, recovered %lld s, lost %.2f-%.2f s", heartbeatMs,
          ranAtLeastMs / 1000.0, ranAtMostMs / 1000.0, qint64(saved->seconds),
          (ranAtLeastMs - savedMs) / 1000.0, (ranAtMostMs - savedMs) / 1000.0);
    QVERIFY2(savedMs <= ranAtMostMs, "more time recovered than the stopwatch ran");
    QVERIFY2(savedMs >= ranAtLeastMs - 5000, "more than 5 s lost");

    vd::TimeRepository time(temp.connection(), clock);
    auto entries = time.effectiveEntries(patient, {0, clock.nowUtcMs() + 1});
    QVERIFY(entries);
    QCOMPARE(entries->size(), size_t(1));
    QCOMPARE(entries->front().method, u"timer"_s);
    QVERIFY(entries->front().note.contains(u"Recovered"_s));
    auto journal = vd::TimerJournal(temp.connection(), clock).load(nurse);
    QVERIFY(journal && !journal->has_value());
#endif
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"
