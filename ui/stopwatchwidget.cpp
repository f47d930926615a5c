#include "stopwatchwidget.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include "billing/monthprogress.h"
#include "store/clock.h"
#include "store/database.h"
#include "ui/activities.h"
#include "ui/idlemonitor.h"
#include "ui/monthprogressbar.h"
#include "ui/recoverydialog.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

QString formatStopwatchTime(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds >= 3600)
        return QString::asprintf("%lld:%02lld:%02lld", seconds / 3600, (seconds / 60) % 60,
                                 seconds % 60);
    return QString::asprintf("%02lld:%02lld", seconds / 60, seconds % 60);
}

StopwatchWidget::StopwatchWidget(billing::Stopwatch &stopwatch, Database &db, const Clock &clock,
                                 QWidget *parent)
    : QWidget(parent)
    , m_stopwatch(stopwatch)
    , m_db(db)
    , m_clock(clock)
{
    setObjectName(u"stopwatchWidget"_s);

    m_activity = new QComboBox(this);
    m_activity->setObjectName(u"stopwatchActivity"_s);
    m_activity->setAccessibleName(tr("Activity"));
    addActivityChoices(m_activity);

    m_note = new QLineEdit(this);
    m_note->setObjectName(u"stopwatchNote"_s);
    m_note->setPlaceholderText(tr("Note (what was done)"));
    m_note->setAccessibleName(tr("Note"));
    m_note->setClearButtonEnabled(true);

    m_elapsed = new QLabel(formatStopwatchTime(0), this);
    m_elapsed->setObjectName(u"stopwatchElapsed"_s);
    QFont digits = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    digits.setPointSizeF(font().pointSizeF() * 1.6);
    digits.setBold(true);
    m_elapsed->setFont(digits);
    m_elapsed->setAccessibleName(tr("Elapsed time"));

    const auto button = [this](const QString &name, const QString &text) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        return b;
    };
    m_start = button(u"stopwatchStart"_s, tr("Start"));
    m_start->setToolTip(tr("Start the stopwatch for this patient (Ctrl+Shift+S)"));
    m_pause = button(u"stopwatchPause"_s, tr("Pause"));
    m_pause->setToolTip(tr("Pause (Ctrl+Shift+P)"));
    m_resume = button(u"stopwatchResume"_s, tr("Resume"));
    m_resume->setToolTip(tr("Resume (Ctrl+Shift+P)"));
    m_stop = button(u"stopwatchStop"_s, tr("Stop and save"));
    m_stop->setToolTip(tr("Stop and save the time (Ctrl+Shift+S)"));
    m_discard = button(u"stopwatchDiscard"_s, tr("Discard"));
    m_discard->setToolTip(tr("Stop without saving the time"));

    m_info = new QLabel(this);
    m_info->setObjectName(u"stopwatchInfo"_s);
    m_info->setWordWrap(true);
    m_info->hide();

    m_bar = new MonthProgressBar(this);

    auto *top = new QHBoxLayout;
    top->addWidget(m_activity);
    top->addWidget(m_note, 1);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_elapsed);
    controls->addSpacing(8);
    controls->addWidget(m_start);
    controls->addWidget(m_pause);
    controls->addWidget(m_resume);
    controls->addWidget(m_stop);
    controls->addWidget(m_discard);
    controls->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(controls);
    layout->addWidget(m_info);
    layout->addWidget(m_bar);

    m_startStopAction = new QAction(tr("Start or stop the stopwatch"), this);
    m_startStopAction->setObjectName(u"stopwatchStartStopAction"_s);
    m_startStopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_startStopAction->setShortcutContext(Qt::WindowShortcut);
    m_pauseResumeAction = new QAction(tr("Pause or resume the stopwatch"), this);
    m_pauseResumeAction->setObjectName(u"stopwatchPauseResumeAction"_s);
    m_pauseResumeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_pauseResumeAction->setShortcutContext(Qt::WindowShortcut);
    addAction(m_startStopAction);
    addAction(m_pauseResumeAction);

    connect(m_startStopAction, &QAction::triggered, this, &StopwatchWidget::startOrStop);
    connect(m_pauseResumeAction, &QAction::triggered, this, &StopwatchWidget::pauseOrResume);
    connect(m_start, &QPushButton::clicked, this, &StopwatchWidget::start);
    connect(m_pause, &QPushButton::clicked, this, &StopwatchWidget::pauseOrResume);
    connect(m_resume, &QPushButton::clicked, this, &StopwatchWidget::pauseOrResume);
    connect(m_stop, &QPushButton::clicked, this, &StopwatchWidget::stop);
    connect(m_discard, &QPushButton::clicked, this, &StopwatchWidget::discard);
    connect(m_activity, &QComboBox::activated, this, [this] {
        if (runsForThisPatient()) {
            if (Status s = m_stopwatch.setActivity(selectedActivity()); !s)
                showError(s.error());
        }
    });
    connect(m_note, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (runsForThisPatient())
            m_stopwatch.setNote(text);
    });

    connect(&m_stopwatch, &billing::Stopwatch::stateChanged, this,
            &StopwatchWidget::onStateChanged);
    connect(&m_stopwatch, &billing::Stopwatch::tick, this, &StopwatchWidget::onTick);
    connect(&m_stopwatch, &billing::Stopwatch::activityChanged, this, [this](const QString &a) {
        if (runsForThisPatient())
            m_activity->setCurrentIndex(std::max(0, m_activity->findData(a)));
    });
    connect(&m_stopwatch, &billing::Stopwatch::error, this, [this](const QString &message) {
        m_info->setText(tr("The stopwatch could not be journaled: %1").arg(message));
        m_info->show();
    });

    m_tracker = new billing::MonthProgressTracker(db, clock, this);
    m_tracker->setStopwatch(&m_stopwatch);
    connect(m_tracker, &billing::MonthProgressTracker::refreshed, this,
            &StopwatchWidget::updateProgress);

    updateControls();
    updateProgress();
}

StopwatchWidget::~StopwatchWidget() = default;

QString StopwatchWidget::selectedActivity() const
{
    return m_activity->currentData().toString();
}

bool StopwatchWidget::runsForThisPatient() const
{
    return m_stopwatch.isActive() && m_patient > 0 && m_stopwatch.patientId() == m_patient;
}

bool StopwatchWidget::setPatient(PatientId patient)
{
    if (patient == m_patient)
        return true;
    if (patient > 0 && m_stopwatch.isActive() && m_stopwatch.patientId() != patient) {
        if (!askToStop(tr("Only one patient can be timed at a time. Stop the stopwatch and "
                          "save its time before opening another patient?")))
            return false;
    }

    m_patient = patient;
    if (runsForThisPatient()) {
        m_note->setText(m_stopwatch.note());
        m_activity->setCurrentIndex(std::max(0, m_activity->findData(m_stopwatch.activity())));
    } else {
        m_note->clear();
    }
    m_tracker->setPatient(patient);
    updateControls();
    onTick(m_stopwatch.elapsedSeconds());
    return true;
}

bool StopwatchWidget::askToStop(const QString &why)
{
    if (!m_stopwatch.isActive())
        return true;
    QMessageBox box(window());
    box.setObjectName(u"switchPatientQuestion"_s);
    box.setIcon(QMessageBox::Question);
    box.setWindowTitle(tr("Stopwatch running"));
    box.setText(
        tr("The stopwatch is running for %1 (%2).")
            .arg(m_stopwatch.patient().mrn, formatStopwatchTime(m_stopwatch.elapsedSeconds())));
    box.setInformativeText(why.isEmpty() ? tr("Stop the stopwatch and save its time?") : why);
    QPushButton *save = box.addButton(tr("Stop and save"), QMessageBox::AcceptRole);
    save->setObjectName(u"switchSave"_s);
    QPushButton *discard = box.addButton(tr("Discard the time"), QMessageBox::DestructiveRole);
    discard->setObjectName(u"switchDiscard"_s);
    QPushButton *cancel = box.addButton(tr("Keep it running"), QMessageBox::RejectRole);
    cancel->setObjectName(u"switchCancel"_s);
    box.setDefaultButton(save);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() == save) {
        auto saved = m_stopwatch.stop();
        if (!saved) {
            showError(tr("The time could not be saved: %1").arg(saved.error()));
            return false;
        }
        m_note->clear();
        return true;
    }
    if (box.clickedButton() == discard) {
        if (Status s = m_stopwatch.discard(u"discarded when asked to stop"_s); !s) {
            showError(s.error());
            return false;
        }
        m_note->clear();
        return true;
    }
    return false;
}

void StopwatchWidget::setIdleMonitor(IdleMonitor *monitor)
{
    if (m_idle)
        disconnect(m_idle, nullptr, this, nullptr);
    m_idle = monitor;
    if (monitor) {
        connect(monitor, &IdleMonitor::idleFor, this, &StopwatchWidget::onIdle);
        monitor->setEnabled(m_stopwatch.isRunning());
    }
}

void StopwatchWidget::refreshProgress()
{
    (void)m_tracker->refresh(); // refreshed() updates the bar
}

void StopwatchWidget::startOrStop()
{
    if (m_stopwatch.isActive())
        stop();
    else
        start();
}

void StopwatchWidget::pauseOrResume()
{
    Status s = success();
    if (m_stopwatch.isRunning())
        s = m_stopwatch.pause();
    else if (m_stopwatch.state() == billing::Stopwatch::State::Paused)
        s = m_stopwatch.resume();
    if (!s)
        showError(s.error());
}

void StopwatchWidget::start()
{
    if (m_patient <= 0 || m_stopwatch.isActive())
        return;
    // Unsaved time from an earlier session blocks a new stopwatch: offer it first.
    auto orphan = billing::Stopwatch::recoverable(m_db, m_clock, m_stopwatch.staff());
    if (orphan && orphan->has_value()) {
        const RecoveryOutcome outcome =
            offerStopwatchRecovery(window(), m_db, m_clock, m_stopwatch.staff());
        if (outcome == RecoveryOutcome::Postponed || outcome == RecoveryOutcome::Failed)
            return;
        refreshProgress();
    }
    m_info->hide();
    if (Status s = m_stopwatch.start(m_patient, selectedActivity(), m_note->text()); !s)
        showError(s.error());
}

void StopwatchWidget::stop()
{
    if (!m_stopwatch.isActive())
        return;
    auto saved = m_stopwatch.stop();
    if (!saved) {
        showError(tr("The time could not be saved: %1").arg(saved.error()));
        return;
    }
    m_note->clear();
}

void StopwatchWidget::discard()
{
    if (!m_stopwatch.isActive())
        return;
    QMessageBox box(window());
    box.setObjectName(u"discardQuestion"_s);
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(tr("Discard stopwatch time"));
    box.setText(
        tr("Discard %1 of unsaved time for %2?")
            .arg(formatStopwatchTime(m_stopwatch.elapsedSeconds()), m_stopwatch.patient().mrn));
    box.setInformativeText(tr("The time will not be saved."));
    QPushButton *yes = box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
    yes->setObjectName(u"discardConfirm"_s);
    QPushButton *no = box.addButton(tr("Keep"), QMessageBox::RejectRole);
    no->setObjectName(u"discardCancel"_s);
    box.setDefaultButton(no);
    box.setEscapeButton(no);
    box.exec();
    if (box.clickedButton() != yes)
        return;
    if (Status s = m_stopwatch.discard(u"discarded by the user"_s); !s)
        showError(s.error());
    else
        m_note->clear();
}

void StopwatchWidget::onStateChanged()
{
    if (m_idle)
        m_idle->setEnabled(m_stopwatch.isRunning());
    updateControls();
    updateProgress();
}

void StopwatchWidget::onTick(qint64 seconds)
{
    m_elapsed->setText(formatStopwatchTime(runsForThisPatient() ? seconds : 0));
    if (runsForThisPatient())
        updateProgress();
}

void StopwatchWidget::onIdle(qint64 seconds)
{
    if (m_askingIdle || !m_stopwatch.isRunning())
        return;
    m_askingIdle = true;
    // Idle since the last input; answering the question is input, so read it now.
    const qint64 idleSinceMs =
        m_idle ? m_idle->lastInputMs() : m_clock.monotonicMs() - seconds * 1000;

    QMessageBox box(window());
    box.setObjectName(u"idleQuestion"_s);
    box.setIcon(QMessageBox::Question);
    box.setWindowTitle(tr("Are you still working on this patient?"));
    box.setText(tr("No keyboard or mouse activity for %n minute(s) while the stopwatch for %1 "
                   "ran.",
                   nullptr, int(seconds / 60))
                    .arg(m_stopwatch.patient().mrn));
    box.setInformativeText(tr("Does the idle time count toward the patient's care (a phone "
                              "call, for example)? If not, it is removed from the stopwatch."));
    QPushButton *keep = box.addButton(tr("Keep the time"), QMessageBox::YesRole);
    keep->setObjectName(u"idleKeep"_s);
    QPushButton *remove = box.addButton(tr("Remove idle time"), QMessageBox::NoRole);
    remove->setObjectName(u"idleRemove"_s);
    box.setDefaultButton(remove);
    box.exec();
    m_askingIdle = false;

    if (box.clickedButton() == remove && m_stopwatch.isActive()) {
        const qint64 idle = std::max<qint64>(0, m_clock.monotonicMs() - idleSinceMs) / 1000;
        if (Status s = m_stopwatch.excludeTrailingSeconds(idle); !s)
            showError(s.error());
    }
}

void StopwatchWidget::updateControls()
{
    const bool active = m_stopwatch.isActive();
    const bool mine = runsForThisPatient();
    const bool running = m_stopwatch.isRunning();
    const bool otherPatient = active && !mine;

    m_start->setVisible(!mine);
    m_start->setEnabled(!active && m_patient > 0);
    m_pause->setVisible(mine && running);
    m_resume->setVisible(mine && !running);
    m_stop->setEnabled(mine);
    m_discard->setEnabled(mine);
    m_activity->setEnabled(!otherPatient && m_patient > 0);
    m_note->setEnabled(!otherPatient && m_patient > 0);
    m_startStopAction->setEnabled(active || m_patient > 0);
    m_pauseResumeAction->setEnabled(active);

    if (otherPatient) {
        m_info->setText(tr("The stopwatch is running for %1. Stop it before timing this patient.")
                            .arg(m_stopwatch.patient().mrn));
        m_info->show();
    } else if (!active) {
        m_info->hide();
    }
    m_elapsed->setText(formatStopwatchTime(mine ? m_stopwatch.elapsedSeconds() : 0));
}

void StopwatchWidget::updateProgress()
{
    m_bar->setProgress(m_tracker->current());
}

void StopwatchWidget::showError(const QString &message)
{
    QMessageBox box(window());
    box.setObjectName(u"stopwatchError"_s);
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(tr("Stopwatch"));
    box.setText(message);
    box.exec();
}

} // namespace vd::ui
