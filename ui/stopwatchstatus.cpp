#include "stopwatchstatus.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QToolButton>

#include "billing/stopwatch.h"
#include "ui/stopwatchwidget.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

StopwatchStatus::StopwatchStatus(billing::Stopwatch &stopwatch, QWidget *parent)
    : QWidget(parent)
    , m_stopwatch(stopwatch)
{
    setObjectName(u"stopwatchStatus"_s);
    m_label = new QLabel(this);
    m_label->setObjectName(u"stopwatchStatusLabel"_s);
    m_pause = new QToolButton(this);
    m_pause->setObjectName(u"stopwatchStatusPause"_s);
    m_pause->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(4);
    layout->addWidget(m_label);
    layout->addWidget(m_pause);
    setCursor(Qt::PointingHandCursor);

    connect(m_pause, &QToolButton::clicked, this, [this] {
        if (m_stopwatch.isRunning())
            (void)m_stopwatch.pause();
        else if (m_stopwatch.isActive())
            (void)m_stopwatch.resume();
    });
    connect(&m_stopwatch, &billing::Stopwatch::tick, this, &StopwatchStatus::refresh);
    connect(&m_stopwatch, &billing::Stopwatch::stateChanged, this, &StopwatchStatus::refresh);
    refresh();
}

QString StopwatchStatus::text() const
{
    return m_label->text();
}

void StopwatchStatus::refresh()
{
    if (!m_stopwatch.isActive()) {
        m_label->clear();
        hide();
        return;
    }
    const Patient &p = m_stopwatch.patient();
    const QString initials = (p.givenName.left(1) + p.familyName.left(1)).toUpper();
    const QString time = formatStopwatchTime(m_stopwatch.elapsedSeconds());
    if (m_stopwatch.isRunning()) {
        m_label->setText(tr("Stopwatch %1 · %2 %3").arg(time, p.mrn, initials));
        m_pause->setText(tr("Pause"));
    } else {
        m_label->setText(tr("Stopwatch paused %1 · %2 %3").arg(time, p.mrn, initials));
        m_pause->setText(tr("Resume"));
    }
    setToolTip(tr("Stopwatch for %1 — click to open the patient").arg(p.mrn));
    show();
}

void StopwatchStatus::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_stopwatch.isActive())
        emit openPatientRequested(m_stopwatch.patientId());
    QWidget::mouseReleaseEvent(event);
}

} // namespace vd::ui
