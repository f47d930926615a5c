#include "calldialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "billing/timelog.h"
#include "store/practicecalendar.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

CallDialog::CallDialog(QTimeZone zone, QDateTime nowUtc, int stopwatchSeconds, QWidget *parent)
    : QDialog(parent)
    , m_zone(std::move(zone))
    , m_nowUtc(std::move(nowUtc))
    , m_stopwatchRunning(stopwatchSeconds >= 0)
{
    setObjectName(u"callDialog"_s);
    setWindowTitle(tr("Log a call or message"));

    m_mode = new QComboBox(this);
    m_mode->setObjectName(u"callMode"_s);
    m_mode->addItem(tr("Phone call"), u"phone"_s);
    m_mode->addItem(tr("Video call"), u"video"_s);
    m_mode->addItem(tr("Voicemail left"), u"voicemail"_s);
    m_mode->addItem(tr("Text message (SMS)"), u"sms"_s);
    m_mode->addItem(tr("Portal or app message"), u"portal"_s);
    m_mode->addItem(tr("E-mail"), u"email"_s);

    m_with = new QComboBox(this);
    m_with->setObjectName(u"callWith"_s);
    m_with->addItem(tr("Patient"), u"patient"_s);
    m_with->addItem(tr("Caregiver"), u"caregiver"_s);

    m_connected = new QCheckBox(tr("Connected — we spoke in real time"), this);
    m_connected->setObjectName(u"callConnected"_s);
    m_connected->setChecked(true);

    const int seconds = std::max(0, stopwatchSeconds);
    m_start = new QDateTimeEdit(this);
    m_start->setObjectName(u"callStart"_s);
    m_start->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
    m_start->setCalendarPopup(true);
    m_start->setMaximumDateTime(wallClock(m_nowUtc));
    m_start->setDateTime(wallClock(m_nowUtc.addSecs(-seconds)));

    m_minutes = new QSpinBox(this);
    m_minutes->setObjectName(u"callMinutes"_s);
    m_minutes->setRange(0, 240);
    m_minutes->setSuffix(tr(" min"));
    m_seconds = new QSpinBox(this);
    m_seconds->setObjectName(u"callSeconds"_s);
    m_seconds->setRange(0, 59);
    m_seconds->setSuffix(tr(" s"));
    if (m_stopwatchRunning) {
        m_minutes->setValue(seconds / 60);
        m_seconds->setValue(seconds % 60);
    }
    auto *duration = new QHBoxLayout;
    duration->addWidget(m_minutes);
    duration->addWidget(m_seconds);
    duration->addStretch(1);

    m_summary = new QPlainTextEdit(this);
    m_summary->setObjectName(u"callSummary"_s);
    m_summary->setPlaceholderText(tr("What was discussed"));
    m_summary->setTabChangesFocus(true);
    m_changes = new QPlainTextEdit(this);
    m_changes->setObjectName(u"callTreatmentChanges"_s);
    m_changes->setPlaceholderText(tr("Medication or care-plan changes, if any"));
    m_changes->setTabChangesFocus(true);

    m_verdict = new QLabel(this);
    m_verdict->setObjectName(u"callVerdict"_s);
    m_verdict->setWordWrap(true);
    m_timeNote = new QLabel(this);
    m_timeNote->setObjectName(u"callTimeNote"_s);
    m_timeNote->setWordWrap(true);
    m_timeNote->setText(m_stopwatchRunning
                            ? tr("The stopwatch is running: the call's minutes are already "
                                 "being timed and are not added again.")
                            : tr("The call's minutes are added to this month's RPM time."));

    auto *form = new QFormLayout;
    form->addRow(tr("&Type"), m_mode);
    form->addRow(tr("&With"), m_with);
    form->addRow(QString(), m_connected);
    form->addRow(tr("&Started"), m_start);
    form->addRow(tr("&Duration"), duration);
    form->addRow(tr("S&ummary"), m_summary);
    form->addRow(tr("Treatment &changes"), m_changes);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(u"callButtons"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_verdict);
    layout->addWidget(m_timeNote);
    layout->addWidget(m_buttons);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &CallDialog::updateVerdict);
    connect(m_connected, &QCheckBox::toggled, this, &CallDialog::updateVerdict);
    connect(m_start, &QDateTimeEdit::dateTimeChanged, this, &CallDialog::updateVerdict);
    connect(m_start, &QDateTimeEdit::editingFinished, this, [this] { m_startEdited = true; });
    for (QSpinBox *spin : {m_minutes, m_seconds})
        connect(spin, &QSpinBox::valueChanged, this, &CallDialog::followDuration);
    updateVerdict();
    resize(480, sizeHint().height());
}

// The editor shows practice-local wall-clock time; contact() converts it to UTC.
QDateTime CallDialog::wallClock(const QDateTime &utc) const
{
    const QDateTime local = utc.toTimeZone(m_zone);
    return QDateTime(local.date(), local.time());
}

void CallDialog::followDuration()
{
    // A call is usually logged when it ends: it started its duration ago.
    if (!m_startEdited) {
        const QSignalBlocker block(m_start);
        m_start->setDateTime(
            wallClock(m_nowUtc.addSecs(-(m_minutes->value() * 60 + m_seconds->value()))));
    }
    updateVerdict();
}

Contact CallDialog::contact() const
{
    Contact c;
    c.mode = m_mode->currentData().toString();
    c.counterpart = m_with->currentData().toString();
    c.connected = m_connected->isChecked();
    c.startedAtMs = PracticeCalendar(m_zone).toUtcMs(m_start->date(), m_start->time());
    c.seconds = m_minutes->value() * 60 + m_seconds->value();
    c.summary = m_summary->toPlainText().trimmed();
    c.treatmentChanges = m_changes->toPlainText().trimmed();
    return c;
}

bool CallDialog::addsTime() const
{
    return !m_stopwatchRunning;
}

bool CallDialog::countsAsInteractive() const
{
    return billing::TimeLog::isInteractive(m_mode->currentData().toString(),
                                           m_connected->isChecked(), m_start->date());
}

QString CallDialog::verdict() const
{
    return m_verdict->text();
}

void CallDialog::updateVerdict()
{
    const Contact c = contact();
    const bool inFuture = c.startedAtMs + qint64(c.seconds) * 1000 > m_nowUtc.toMSecsSinceEpoch();
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!inFuture);
    m_buttons->button(QDialogButtonBox::Save)
        ->setToolTip(inFuture ? tr("Start and duration: the call would end in the future.")
                              : QString());

    const QString mode = m_mode->currentData().toString();
    const bool realTime = mode == u"phone"_s || mode == u"video"_s;
    m_connected->setEnabled(realTime);
    if (!realTime)
        m_connected->setChecked(false);
    if (countsAsInteractive()) {
        m_verdict->setText(tr("✔ Counts as this month's interactive communication for "
                              "99457/99470."));
        m_verdict->setStyleSheet(u"color: #1b7a3a;"_s);
    } else if (realTime) {
        m_verdict->setText(tr("✘ An attempted call does not count as interactive "
                              "communication: it must connect."));
        m_verdict->setStyleSheet(u"color: #a65e00;"_s);
    } else {
        m_verdict->setText(tr("✘ %1 is not real-time two-way audio or video, so it does not "
                              "count as interactive communication.")
                               .arg(m_mode->currentText()));
        m_verdict->setStyleSheet(u"color: #a65e00;"_s);
    }
}

} // namespace vd::ui
