#include "monthprogressbar.h"

#include <algorithm>

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include "billing/rulesadapter.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {
constexpr int kBarHeight = 14;
constexpr int kTickOverhang = 4;
constexpr int kGap = 4;
} // namespace

MonthProgressBar::MonthProgressBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"monthProgressBar"_s);
    setAccessibleName(tr("Time this month"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_status = tr("No month figures");
}

QColor MonthProgressBar::colorFor(State state)
{
    switch (state) {
    case State::LiveCallNeeded:
        return QColor(0xE0, 0x8E, 0x0B); // amber
    case State::InProgress:
        return QColor(0x25, 0x63, 0xEB); // blue
    case State::Met:
        return QColor(0x16, 0xA3, 0x4A); // green
    case State::Blocked:
        return QColor(0x9C, 0xA3, 0xAF);
    case State::Unavailable:
        break;
    }
    return QColor(0xBF, 0xC5, 0xCD);
}

QList<qint64> MonthProgressBar::markSeconds() const
{
    QList<qint64> out;
    for (const Mark &m : m_marks)
        out << m.seconds;
    return out;
}

void MonthProgressBar::setProgress(const billing::LiveMonthProgress &p)
{
    const State before = m_state;
    m_marks.clear();
    if (!p.ok()) {
        m_state = State::Unavailable;
        m_status = p.error;
        m_seconds = 0;
        m_running = 0;
        m_maximum = 3600;
    } else {
        const rules::MonthProgress &r = p.rules;
        m_seconds = r.secondsSoFar;
        m_running = std::clamp<qint64>(p.runningSeconds, 0, m_seconds);
        m_status = billing::fromStd(r.status);
        qint64 last = 0;
        for (const rules::Threshold &t : r.thresholds) {
            m_marks.append({t.seconds, billing::fromStd(t.code)});
            last = std::max<qint64>(last, t.seconds);
        }
        m_maximum = std::max({qint64(3600), last, m_seconds});
        if (r.blocked)
            m_state = State::Blocked;
        else if (r.liveCallNeeded)
            m_state = State::LiveCallNeeded;
        else if (r.managementCode == "99457")
            m_state = State::Met;
        else
            m_state = State::InProgress;
    }
    setAccessibleDescription(m_status);
    setToolTip(m_status);
    update();
    if (m_state != before)
        emit stateChanged(m_state);
}

QSize MonthProgressBar::sizeHint() const
{
    const QFontMetrics fm(font());
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetrics sm(small);
    return {480, fm.height() + kGap + kBarHeight + kTickOverhang + 2 * sm.height() + 2};
}

QSize MonthProgressBar::minimumSizeHint() const
{
    return {220, sizeHint().height()};
}

void MonthProgressBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm(font());
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    const QFontMetrics sm(small);

    // Status line.
    QFont bold = font();
    bold.setBold(m_state == State::Met || m_state == State::LiveCallNeeded);
    p.setFont(bold);
    p.setPen(palette().color(QPalette::WindowText));
    const QRect textRect(0, 0, width(), fm.height());
    p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetrics(bold).elidedText(m_status, Qt::ElideRight, width()));

    // Track.
    const int labelHalf = sm.horizontalAdvance(u"99458"_s) / 2 + 1;
    const QRectF track(labelHalf, fm.height() + kGap, std::max(10, width() - 2 * labelHalf),
                       kBarHeight);
    const auto xOf = [&](qint64 seconds) {
        return track.left() +
               track.width() * double(seconds) / double(std::max<qint64>(1, m_maximum));
    };
    QPainterPath clip;
    clip.addRoundedRect(track, 4, 4);
    p.setPen(Qt::NoPen);
    p.setBrush(palette().color(QPalette::Midlight));
    p.drawPath(clip);

    // Fill: saved time solid, the running stopwatch lighter.
    p.save();
    p.setClipPath(clip);
    const QColor fill = fillColor();
    const qint64 logged = m_seconds - m_running;
    p.setBrush(fill);
    p.drawRect(QRectF(track.left(), track.top(), xOf(logged) - track.left(), track.height()));
    if (m_running > 0) {
        QColor lighter = fill;
        lighter.setAlphaF(0.55);
        p.setBrush(lighter);
        p.drawRect(QRectF(xOf(logged), track.top(), xOf(m_seconds) - xOf(logged), track.height()));
    }
    p.restore();
    p.setBrush(Qt::NoBrush);
    p.setPen(palette().color(QPalette::Mid));
    p.drawPath(clip);

    // Threshold marks with their minutes and code.
    p.setFont(small);
    for (const Mark &m : m_marks) {
        const double x = xOf(m.seconds);
        p.setPen(QPen(palette().color(QPalette::WindowText), 1));
        p.drawLine(QPointF(x, track.top() - 1), QPointF(x, track.bottom() + kTickOverhang));
        const QRectF minutes(x - 40, track.bottom() + kTickOverhang, 80, sm.height());
        p.drawText(minutes, Qt::AlignHCenter | Qt::AlignTop, tr("%1 min").arg(m.seconds / 60));
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(minutes.translated(0, sm.height()), Qt::AlignHCenter | Qt::AlignTop, m.code);
    }
}

} // namespace vd::ui
