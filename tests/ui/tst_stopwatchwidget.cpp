#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>
#include <QVBoxLayout>

#include "billing/monthprogress.h"
#include "billing/stopwatch.h"
#include "fakeclock.h"
#include "practicebuilder.h"
#include "store/timerepository.h"
#include "store/timerjournal.h"
#include "tempdatabase.h"
#include "ui/idlemonitor.h"
#include "ui/monthprogressbar.h"
#include "ui/recoverydialog.h"
#include "ui/stopwatchstatus.h"
#include "ui/stopwatchwidget.h"

using namespace Qt::Literals::StringLiterals;
using vd::billing::Stopwatch;
using vd::ui::MonthProgressBar;

namespace {

// Clicks `button` in the top-level widget named `dialog` as soon as it is shown (modal
// dialogs run their own event loop, so the answer is queued before they open). Gives up
// after about five seconds.
void answer(const QString &dialog, const QString &button, QString *text = nullptr, int attempt = 0)
{
    QTimer::singleShot(attempt == 0 ? 0 : 10, qApp, [=] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (w->objectName() == dialog && w->isVisible()) {
                if (text) {
                    if (auto *box = qobject_cast<QMessageBox *>(w))
                        *text = box->text();
                }
                auto *b = w->findChild<QAbstractButton *>(button);
                QVERIFY2(b, qPrintable(button));
                b->click();
                return;
            }
        }
        if (attempt < 500)
            answer(dialog, button, text, attempt + 1); // not shown yet
        else
            qWarning("dialog %s never appeared", qPrintable(dialog));
    });
}

} // namespace

class TestStopwatchWidget : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void buttonsStartPauseResumeAndStop();
    void shortcutsDriveTheStopwatch();
    void statusBarShowsTheRunningStopwatch();
    void progressBarCrossingTwentyMinutes_data();
    void progressBarCrossingTwentyMinutes();
    void openingAnotherPatientAsksToStopAndSave_data();
    void openingAnotherPatientAsksToStopAndSave();
    void discardAsksFirst();
    void askToStopBeforeClosing();
    void idleQuestion_data();
    void idleQuestion();
    void recoveryOffersOrphanedTime_data();
    void recoveryOffersOrphanedTime();
    void startingWithAnOrphanOffersItFirst();

private:
    std::vector<vd::TimeEntry> entries(vd::PatientId patient) const;
    void orphan(qint64 seconds);
    template<typename T>
    T *find(const QString &name) const
    {
        auto *w = m_host->findChild<T *>(name);
        if (!w)
            QTest::qFail(qPrintable(u"no widget "_s + name), __FILE__, __LINE__);
        return w;
    }

    vd::test::FakeClock m_clock;
    std::unique_ptr<vd::test::TempDatabase> m_temp;
    std::unique_ptr<vd::test::PracticeBuilder> m_practice;
    std::unique_ptr<Stopwatch> m_stopwatch;
    std::unique_ptr<QWidget> m_host;
    vd::ui::StopwatchWidget *m_widget = nullptr;
    vd::ui::StopwatchStatus *m_status = nullptr;
    vd::PatientId m_patient = 0;
    vd::PatientId m_other = 0;
};

void TestStopwatchWidget::init()
{
    m_clock.setNowUtc(QDateTime(QDate(2026, 3, 14), QTime(15, 0), QTimeZone::utc()));
    m_temp = std::make_unique<vd::test::TempDatabase>();
    QVERIFY2(m_temp->isValid(), qPrintable(m_temp->error()));
    m_practice = std::make_unique<vd::test::PracticeBuilder>(m_temp->db(), m_clock);
    m_patient = m_practice->addEnrolledPatient(u"MRN-000123"_s, u"Adams"_s, QDate(2025, 6, 1));
    m_other = m_practice->addEnrolledPatient(u"MRN-000456"_s, u"Baker"_s, QDate(2025, 6, 1));

    m_stopwatch = std::make_unique<Stopwatch>(m_temp->db(), m_clock, m_practice->nurse());
    m_stopwatch->setTickIntervalMs(10);
    m_host = std::make_unique<QWidget>();
    m_host->setObjectName(u"host"_s);
    auto *layout = new QVBoxLayout(m_host.get());
    m_widget = new vd::ui::StopwatchWidget(*m_stopwatch, m_temp->db(), m_clock, m_host.get());
    m_status = new vd::ui::StopwatchStatus(*m_stopwatch, m_host.get());
    layout->addWidget(m_widget);
    layout->addWidget(m_status);
    m_host->resize(720, 240);
    m_host->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_host.get()));
    QVERIFY(m_widget->setPatient(m_patient));
}

void TestStopwatchWidget::cleanup()
{
    m_host.reset();
    m_stopwatch.reset();
    m_practice.reset();
    m_temp.reset();
}

std::vector<vd::TimeEntry> TestStopwatchWidget::entries(vd::PatientId patient) const
{
    vd::TimeRepository time(m_temp->connection(), m_clock);
    auto all = time.effectiveEntries(patient, {0, m_clock.nowUtcMs() + 1});
    return all ? *all : std::vector<vd::TimeEntry>{};
}

// A stopwatch left behind by a crashed session: `seconds` journaled.
void TestStopwatchWidget::orphan(qint64 seconds)
{
    vd::RunningTimer row;
    row.staffId = m_practice->nurse();
    row.patientId = m_patient;
    row.session = u"crashed"_s;
    row.activity = u"data_review"_s;
    row.running = true;
    row.startedAtMs = m_clock.nowUtcMs() - seconds * 1000 - 3000;
    row.segmentStartedAtMs = row.startedAtMs;
    row.segmentSeconds = int(seconds);
    row.workstation = Stopwatch::localWorkstationName();
    QVERIFY(vd::TimerJournal(m_temp->connection(), m_clock).open(row.staffId, row));
}

void TestStopwatchWidget::buttonsStartPauseResumeAndStop()
{
    auto *start = find<QPushButton>(u"stopwatchStart"_s);
    auto *pause = find<QPushButton>(u"stopwatchPause"_s);
    auto *resume = find<QPushButton>(u"stopwatchResume"_s);
    auto *stop = find<QPushButton>(u"stopwatchStop"_s);
    auto *elapsed = find<QLabel>(u"stopwatchElapsed"_s);
    auto *activity = find<QComboBox>(u"stopwatchActivity"_s);
    auto *note = find<QLineEdit>(u"stopwatchNote"_s);
    QVERIFY(start->isVisible() && start->isEnabled());
    QVERIFY(!pause->isVisible() && !resume->isVisible());
    QVERIFY(!stop->isEnabled());
    QCOMPARE(elapsed->text(), u"00:00"_s);

    activity->setCurrentIndex(activity->findText(u"Phone or video call"_s));
    QCOMPARE(m_widget->selectedActivity(), u"call"_s);
    QTest::keyClicks(note, u"called about BP"_s);
    QSignalSpy saved(m_stopwatch.get(), &Stopwatch::saved);

    QTest::mouseClick(start, Qt::LeftButton);
    QCOMPARE(m_stopwatch->state(), Stopwatch::State::Running);
    QVERIFY(!start->isVisible());
    QVERIFY(pause->isVisible() && stop->isEnabled());
    m_clock.advanceSeconds(65);
    QTRY_COMPARE(elapsed->text(), u"01:05"_s);

    QTest::mouseClick(pause, Qt::LeftButton);
    QCOMPARE(m_stopwatch->state(), Stopwatch::State::Paused);
    QVERIFY(resume->isVisible() && !pause->isVisible());
    m_clock.advanceSeconds(30);
    QTest::qWait(50);
    QCOMPARE(elapsed->text(), u"01:05"_s);

    QTest::mouseClick(resume, Qt::LeftButton);
    m_clock.advanceSeconds(10);
    QTRY_COMPARE(elapsed->text(), u"01:15"_s);
    // A new activity while running: the next stretch is a separate entry.
    QTest::keyClick(activity, Qt::Key_Down);
    QCOMPARE(m_stopwatch->activity(), u"care_plan"_s);
    m_clock.advanceSeconds(5);
    QTRY_COMPARE(elapsed->text(), u"01:20"_s);

    QTest::mouseClick(stop, Qt::LeftButton);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(m_stopwatch->state(), Stopwatch::State::Idle);
    QCOMPARE(elapsed->text(), u"00:00"_s);
    QVERIFY(start->isVisible());
    QVERIFY(note->text().isEmpty());
    const auto e = entries(m_patient);
    QCOMPARE(e.size(), size_t(3));
    QCOMPARE(e[0].seconds, 65);
    QCOMPARE(e[1].seconds, 10);
    QCOMPARE(e[2].seconds, 5);
    QCOMPARE(e[0].activity, u"call"_s);
    QCOMPARE(e[1].activity, u"call"_s);
    QCOMPARE(e[2].activity, u"care_plan"_s);
    QCOMPARE(e[0].note, u"called about BP"_s);
    QCOMPARE(e[0].method, u"timer"_s);
}

void TestStopwatchWidget::shortcutsDriveTheStopwatch()
{
    m_host->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_host.get()));
    const auto ctrlShift = Qt::ControlModifier | Qt::ShiftModifier;
    QTest::keyClick(m_host.get(), Qt::Key_S, ctrlShift);
    QCOMPARE(m_stopwatch->state(), Stopwatch::State::Running);
    m_clock.advanceSeconds(20);
    QTest::keyClick(m_host.get(), Qt::Key_P, ctrlShift);
    QCOMPARE(m_stopwatch->state(), Stopwatch::State::Paused);
    QTest::keyClick(m_host.get(), Qt::Key_P, ctrlShift);
    QCOMPARE(m_stopwatch->state(), Stopwatch::State::Running);
    m_clock.advanceSeconds(5);
    QTest::keyClick(m_host.get(), Qt::Key_S, ctrlShift);
    QCOMPARE(m_stopwatch->state(), Stopwatch::State::Idle);
    const auto e = entries(m_patient);
    QCOMPARE(e.size(), size_t(2));
    QCOMPARE(e[0].seconds + e[1].seconds, 25);
}

void TestStopwatchWidget::statusBarShowsTheRunningStopwatch()
{
    auto *label = find<QLabel>(u"stopwatchStatusLabel"_s);
    auto *pause = find<QToolButton>(u"stopwatchStatusPause"_s);
    QVERIFY(!m_status->isVisible());
    QSignalSpy open(m_status, &vd::ui::StopwatchStatus::openPatientRequested);

    QVERIFY(m_stopwatch->start(m_patient, u"data_review"_s));
    QVERIFY(m_status->isVisible());
    m_clock.advanceSeconds(754);
    QTRY_COMPARE(label->text(), u"Stopwatch 12:34 · MRN-000123 TA"_s);
    QVERIFY(!label->text().contains(u"Adams"_s)); // initials only

    // Still shown when the patient screen moves on to nobody.
    QVERIFY(m_widget->setPatient(0));
    QVERIFY(m_status->isVisible());

    QTest::mouseClick(pause, Qt::LeftButton);
    QCOMPARE(m_stopwatch->state(), Stopwatch::State::Paused);
    QCOMPARE(label->text(), u"Stopwatch paused 12:34 · MRN-000123 TA"_s);
    QTest::mouseClick(label, Qt::LeftButton);
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.first().first().value<vd::PatientId>(), m_patient);

    QVERIFY(m_stopwatch->stop());
    QVERIFY(!m_status->isVisible());
}

void TestStopwatchWidget::progressBarCrossingTwentyMinutes_data()
{
    QTest::addColumn<bool>("liveCall");
    QTest::addColumn<QString>("before");
    QTest::addColumn<int>("stateBefore");
    QTest::addColumn<QString>("after");
    QTest::addColumn<int>("stateAfter");
    QTest::addRow("connected call on file")
        << true << u"99470 met — 0:01 to 99457"_s << int(MonthProgressBar::State::InProgress)
        << u"99457 met — 20:00 to 99458"_s << int(MonthProgressBar::State::Met);
    QTest::addRow("no live call yet")
        << false << u"19:59 — time for 99470 met, live call still needed"_s
        << int(MonthProgressBar::State::LiveCallNeeded)
        << u"20:00 — time for 99457 met, live call still needed"_s
        << int(MonthProgressBar::State::LiveCallNeeded);
}

void TestStopwatchWidget::progressBarCrossingTwentyMinutes()
{
    QFETCH(bool, liveCall);
    QFETCH(QString, before);
    QFETCH(int, stateBefore);
    QFETCH(QString, after);
    QFETCH(int, stateAfter);
    m_practice->addTime(m_patient, QDate(2026, 3, 2), QTime(9, 0), 19 * 60);
    if (liveCall)
        m_practice->addCall(m_patient, QDate(2026, 3, 2), QTime(9, 30), 300);
    else
        m_practice->addCall(m_patient, QDate(2026, 3, 2), QTime(9, 30), 60, false); // no answer
    m_widget->refreshProgress();

    auto *bar = find<MonthProgressBar>(u"monthProgressBar"_s);
    QCOMPARE(bar->secondsSoFar(), 19 * 60);
    QCOMPARE(bar->markSeconds(), (QList<qint64>{600, 1200, 2400, 3600})); // CY2026
    QCOMPARE(bar->maximumSeconds(), 3600);
    QSignalSpy states(bar, &MonthProgressBar::stateChanged);

    QTest::mouseClick(find<QPushButton>(u"stopwatchStart"_s), Qt::LeftButton);
    m_clock.advanceSeconds(59);
    QTRY_COMPARE(bar->secondsSoFar(), 19 * 60 + 59);
    QCOMPARE(bar->runningSeconds(), 59);
    QCOMPARE(bar->statusText(), before);
    QCOMPARE(int(bar->state()), stateBefore);

    m_clock.advanceSeconds(1);
    QTRY_COMPARE(bar->secondsSoFar(), 20 * 60);
    QCOMPARE(bar->statusText(), after);
    QCOMPARE(int(bar->state()), stateAfter);
    QCOMPARE(bar->fillColor(), MonthProgressBar::colorFor(MonthProgressBar::State(stateAfter)));
    QCOMPARE(states.isEmpty(), stateBefore == stateAfter);

    // Saved: the same figure, now from the store.
    QTest::mouseClick(find<QPushButton>(u"stopwatchStop"_s), Qt::LeftButton);
    QCOMPARE(bar->secondsSoFar(), 20 * 60);
    QCOMPARE(bar->runningSeconds(), 0);
    QCOMPARE(bar->statusText(), after);
    QVERIFY(!bar->grab().isNull()); // paints
}

void TestStopwatchWidget::openingAnotherPatientAsksToStopAndSave_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<bool>("switched");
    QTest::addColumn<int>("savedSeconds");
    QTest::addColumn<bool>("stillRunning");
    QTest::addRow("stop and save") << u"switchSave"_s << true << 90 << false;
    QTest::addRow("discard") << u"switchDiscard"_s << true << 0 << false;
    QTest::addRow("stay") << u"switchCancel"_s << false << 0 << true;
}

void TestStopwatchWidget::openingAnotherPatientAsksToStopAndSave()
{
    QFETCH(QString, button);
    QFETCH(bool, switched);
    QFETCH(int, savedSeconds);
    QFETCH(bool, stillRunning);
    QTest::mouseClick(find<QPushButton>(u"stopwatchStart"_s), Qt::LeftButton);
    m_clock.advanceSeconds(90);

    QString question;
    answer(u"switchPatientQuestion"_s, button, &question);
    QCOMPARE(m_widget->setPatient(m_other), switched);
    QVERIFY2(question.contains(u"MRN-000123 (01:30)"_s), qPrintable(question));
    QCOMPARE(m_widget->patient(), switched ? m_other : m_patient);
    QCOMPARE(m_stopwatch->isActive(), stillRunning);
    int total = 0;
    for (const auto &e : entries(m_patient))
        total += e.seconds;
    QCOMPARE(total, savedSeconds);
    if (switched) {
        // Now the other patient can be timed.
        QTest::mouseClick(find<QPushButton>(u"stopwatchStart"_s), Qt::LeftButton);
        QCOMPARE(m_stopwatch->patientId(), m_other);
    }
    // Going back to the timed patient does not ask.
    QVERIFY(m_widget->setPatient(m_stopwatch->patientId()));
    QVERIFY(m_stopwatch->discard());
}

void TestStopwatchWidget::discardAsksFirst()
{
    QTest::mouseClick(find<QPushButton>(u"stopwatchStart"_s), Qt::LeftButton);
    m_clock.advanceSeconds(40);
    answer(u"discardQuestion"_s, u"discardCancel"_s);
    QTest::mouseClick(find<QPushButton>(u"stopwatchDiscard"_s), Qt::LeftButton);
    QVERIFY(m_stopwatch->isActive());
    answer(u"discardQuestion"_s, u"discardConfirm"_s);
    QTest::mouseClick(find<QPushButton>(u"stopwatchDiscard"_s), Qt::LeftButton);
    QVERIFY(!m_stopwatch->isActive());
    QVERIFY(entries(m_patient).empty());
}

void TestStopwatchWidget::askToStopBeforeClosing()
{
    QVERIFY(m_widget->askToStop()); // nothing running: nothing to ask
    QTest::mouseClick(find<QPushButton>(u"stopwatchStart"_s), Qt::LeftButton);
    m_clock.advanceSeconds(75);
    answer(u"switchPatientQuestion"_s, u"switchCancel"_s);
    QVERIFY(!m_widget->askToStop(u"Close VitalDesk?"_s));
    QVERIFY(m_stopwatch->isRunning());
    answer(u"switchPatientQuestion"_s, u"switchSave"_s);
    QVERIFY(m_widget->askToStop(u"Close VitalDesk?"_s));
    QVERIFY(!m_stopwatch->isActive());
    QCOMPARE(entries(m_patient).size(), size_t(1));
    QCOMPARE(entries(m_patient).front().seconds, 75);
}

void TestStopwatchWidget::idleQuestion_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<qint64>("elapsed");
    QTest::addRow("idle time counts") << u"idleKeep"_s << qint64(120 + 400);
    QTest::addRow("idle time does not count") << u"idleRemove"_s << qint64(120);
}

void TestStopwatchWidget::idleQuestion()
{
    QFETCH(QString, button);
    QFETCH(qint64, elapsed);
    vd::ui::IdleMonitor monitor(m_clock);
    monitor.setThresholdSeconds(300);
    m_widget->setIdleMonitor(&monitor);
    QSignalSpy idle(&monitor, &vd::ui::IdleMonitor::idleFor);
    QVERIFY(!monitor.isEnabled());

    QTest::mouseClick(find<QPushButton>(u"stopwatchStart"_s), Qt::LeftButton);
    QVERIFY(monitor.isEnabled()); // only while a stopwatch runs
    m_clock.advanceSeconds(120);
    QTest::keyClicks(find<QLineEdit>(u"stopwatchNote"_s), u"x"_s); // input, seen by the filter
    QCOMPARE(monitor.lastInputMs(), m_clock.monotonicMs());
    m_clock.advanceSeconds(200);
    monitor.check();
    QCOMPARE(idle.count(), 0); // 200 s: not yet
    m_clock.advanceSeconds(200);

    answer(u"idleQuestion"_s, button);
    monitor.check();
    QCOMPARE(idle.count(), 1);
    QCOMPARE(idle.first().first().toLongLong(), 400);
    QCOMPARE(m_stopwatch->elapsedSeconds(), elapsed);
    QCOMPARE(m_stopwatch->state(), Stopwatch::State::Running);
    monitor.check();
    QCOMPARE(idle.count(), 1); // once per idle stretch

    m_clock.advanceSeconds(10);
    QTest::mouseClick(find<QPushButton>(u"stopwatchStop"_s), Qt::LeftButton);
    QVERIFY(!monitor.isEnabled());
    int total = 0;
    for (const auto &e : entries(m_patient))
        total += e.seconds;
    QCOMPARE(total, elapsed + 10);
    m_widget->setIdleMonitor(nullptr);
}

void TestStopwatchWidget::recoveryOffersOrphanedTime_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<int>("savedSeconds");
    QTest::addColumn<bool>("journalLeft");
    QTest::addRow("save") << u"recoverySave"_s << int(vd::ui::RecoveryOutcome::Saved) << 125
                          << false;
    QTest::addRow("discard") << u"recoveryDiscard"_s << int(vd::ui::RecoveryOutcome::Discarded) << 0
                             << false;
    QTest::addRow("later") << u"recoveryLater"_s << int(vd::ui::RecoveryOutcome::Postponed) << 0
                           << true;
}

void TestStopwatchWidget::recoveryOffersOrphanedTime()
{
    QFETCH(QString, button);
    QFETCH(int, outcome);
    QFETCH(int, savedSeconds);
    QFETCH(bool, journalLeft);
    QCOMPARE(
        vd::ui::offerStopwatchRecovery(m_host.get(), m_temp->db(), m_clock, m_practice->nurse()),
        vd::ui::RecoveryOutcome::NothingToRecover);
    orphan(125);
    QString text;
    answer(u"stopwatchRecovery"_s, button, &text);
    QCOMPARE(int(vd::ui::offerStopwatchRecovery(m_host.get(), m_temp->db(), m_clock,
                                                m_practice->nurse())),
             outcome);
    QVERIFY2(text.startsWith(u"Unsaved stopwatch time found: 02:05 for MRN-000123 started "_s),
             qPrintable(text));
    int total = 0;
    for (const auto &e : entries(m_patient))
        total += e.seconds;
    QCOMPARE(total, savedSeconds);
    auto left = vd::TimerJournal(m_temp->connection(), m_clock).load(m_practice->nurse());
    QVERIFY(left);
    QCOMPARE(left->has_value(), journalLeft);
}

void TestStopwatchWidget::startingWithAnOrphanOffersItFirst()
{
    orphan(300);
    auto *bar = find<MonthProgressBar>(u"monthProgressBar"_s);
    QCOMPARE(bar->secondsSoFar(), 0);
    answer(u"stopwatchRecovery"_s, u"recoverySave"_s);
    QTest::mouseClick(find<QPushButton>(u"stopwatchStart"_s), Qt::LeftButton);
    QCOMPARE(m_stopwatch->state(), Stopwatch::State::Running);
    QCOMPARE(bar->secondsSoFar(), 300); // the recovered time is this patient's
    QVERIFY(m_stopwatch->discard());
}

QTEST_MAIN(TestStopwatchWidget)
#include "tst_stopwatchwidget.moc"
