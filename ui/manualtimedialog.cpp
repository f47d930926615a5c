#include "manualtimedialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimeEdit>
#include <QVBoxLayout>

#include "activities.h"
#include "store/practicecalendar.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

ManualTimeDialog::ManualTimeDialog(QTimeZone zone, QDateTime nowUtc, const TimeEntry *original,
                                   QWidget *parent)
    : QDialog(parent)
    , m_zone(std::move(zone))
    , m_nowUtc(std::move(nowUtc))
    , m_amending(original != nullptr)
    , m_original(original ? *original : TimeEntry{})
{
    setObjectName(u"manualTimeDialog"_s);
    setWindowTitle(m_amending ? tr("Correct a time entry")
                              : tr("Add time worked away from VitalDesk"));

    const QDateTime localNow = m_nowUtc.toTimeZone(m_zone);
    const QDateTime initial = original
                                  ? QDateTime::fromMSecsSinceEpoch(original->startedAtMs, m_zone)
                                  : localNow.addSecs(-15 * 60);

    m_date = new QDateEdit(initial.date(), this);
    m_date->setObjectName(u"manualDate"_s);
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(u"yyyy-MM-dd"_s);
    m_date->setMaximumDate(localNow.date());
    m_start = new QTimeEdit(initial.time(), this);
    m_start->setObjectName(u"manualStart"_s);
    m_start->setDisplayFormat(u"HH:mm"_s);

    m_minutes = new QSpinBox(this);
    m_minutes->setObjectName(u"manualMinutes"_s);
    m_minutes->setRange(0, 600);
    m_minutes->setSuffix(tr(" min"));
    m_seconds = new QSpinBox(this);
    m_seconds->setObjectName(u"manualSeconds"_s);
    m_seconds->setRange(0, 59);
    m_seconds->setSuffix(tr(" s"));
    if (original) {
        m_minutes->setValue(original->seconds / 60);
        m_seconds->setValue(original->seconds % 60);
    } else {
        m_minutes->setValue(10);
    }
    auto *duration = new QHBoxLayout;
    duration->addWidget(m_minutes);
    duration->addWidget(m_seconds);
    duration->addStretch(1);

    m_activity = new QComboBox(this);
    m_activity->setObjectName(u"manualActivity"_s);
    addActivityChoices(m_activity);
    m_program = new QComboBox(this);
    m_program->setObjectName(u"manualProgram"_s);
    m_program->addItem(tr("RPM — remote physiologic monitoring"), u"RPM"_s);
    m_program->addItem(tr("CCM — chronic care management"), u"CCM"_s);
    m_program->addItem(tr("PCM — principal care management"), u"PCM"_s);
    m_program->addItem(tr("RTM — remote therapeutic monitoring"), u"RTM"_s);
    if (original) {
        m_activity->setCurrentIndex(std::max(0, m_activity->findData(original->activity)));
        m_program->setCurrentIndex(std::max(0, m_program->findData(original->program)));
    }

    m_reason = new QLineEdit(this);
    m_reason->setObjectName(u"manualReason"_s);
    m_reason->setPlaceholderText(m_amending ? tr("Why this entry is being corrected")
                                            : tr("Why the time was not timed in VitalDesk"));
    m_note = new QPlainTextEdit(this);
    m_note->setObjectName(u"manualNote"_s);
    m_note->setTabChangesFocus(true);
    m_note->setMaximumHeight(80);
    if (original)
        m_note->setPlainText(original->note);

    m_error = new QLabel(this);
    m_error->setObjectName(u"manualError"_s);
    m_error->setStyleSheet(u"color: #b01c2e;"_s);
    m_error->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Date"), m_date);
    form->addRow(tr("&Start"), m_start);
    form->addRow(tr("D&uration"), duration);
    form->addRow(tr("&Activity"), m_activity);
    form->addRow(tr("&Program"), m_program);
    form->addRow(m_amending ? tr("&Reason for correction") : tr("&Reason"), m_reason);
    form->addRow(tr("&Note"), m_note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(u"manualSave"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    for (QSpinBox *spin : {m_minutes, m_seconds})
        connect(spin, &QSpinBox::valueChanged, this, &ManualTimeDialog::updateState);
    connect(m_date, &QDateEdit::dateChanged, this, &ManualTimeDialog::updateState);
    connect(m_start, &QTimeEdit::timeChanged, this, &ManualTimeDialog::updateState);
    connect(m_reason, &QLineEdit::textChanged, this, &ManualTimeDialog::updateState);
    updateState();
    resize(460, sizeHint().height());
}

TimeEntry ManualTimeDialog::entry() const
{
    TimeEntry e;
    e.startedAtMs = PracticeCalendar(m_zone).toUtcMs(m_date->date(), m_start->time());
    e.seconds = m_minutes->value() * 60 + m_seconds->value();
    e.activity = m_activity->currentData().toString();
    e.program = m_program->currentData().toString();
    e.note = m_note->toPlainText().trimmed();
    if (m_amending) {
        // A correction keeps how the time was first captured.
        e.method = m_original.method;
        e.manualReason = m_original.manualReason;
    } else {
        e.method = u"manual"_s;
        e.manualReason = m_reason->text().trimmed();
    }
    return e;
}

QString ManualTimeDialog::amendmentReason() const
{
    return m_amending ? m_reason->text().trimmed() : QString();
}

QString ManualTimeDialog::validationError() const
{
    const TimeEntry e = entry();
    if (e.seconds <= 0)
        return tr("Duration: enter at least one second.");
    if (e.seconds > 24 * 3600)
        return tr("Duration: one entry cannot be longer than a day.");
    if (e.startedAtMs + qint64(e.seconds) * 1000 > m_nowUtc.toMSecsSinceEpoch())
        return tr("Start and duration: the time would end in the future.");
    if (m_reason->text().trimmed().isEmpty())
        return m_amending ? tr("Reason for correction: required; the original entry is kept.")
                          : tr("Reason: say why the time was not timed in VitalDesk.");
    return {};
}

void ManualTimeDialog::updateState()
{
    const QString error = validationError();
    m_error->setText(error);
    m_save->setEnabled(error.isEmpty());
}

} // namespace vd::ui
