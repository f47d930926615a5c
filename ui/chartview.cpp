#include "chartview.h"

#include <algorithm>
#include <cmath>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QRubberBand>
#include <QValueAxis>
#include <QWheelEvent>

namespace vd::ui {

namespace {

QValueAxis *horizontalAxis(const QChart *chart)
{
    const auto axes = chart->axes(Qt::Horizontal);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(axes.first());
}

} // namespace

ChartView::ChartView(QChart *chart, QWidget *parent)
    : QChartView(chart, parent)
{
    setRenderHint(QPainter::Antialiasing, true);
    setRubberBand(QChartView::NoRubberBand);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    viewport()->setCursor(Qt::CrossCursor);
    m_rubberBand = new QRubberBand(QRubberBand::Rectangle, viewport());
    m_rubberBand->hide();
}

QRectF ChartView::plotAreaInViewport() const
{
    const QRectF inScene = chart()->mapRectToScene(chart()->plotArea());
    return mapFromScene(inScene).boundingRect();
}

double ChartView::xPerPixel() const
{
    const QValueAxis *axis = horizontalAxis(chart());
    const QRectF plot = chart()->plotArea();
    if (!axis || plot.width() <= 0)
        return 0;
    return (axis->max() - axis->min()) / plot.width();
}

double ChartView::xValueAt(QPoint viewportPos) const
{
    const QValueAxis *axis = horizontalAxis(chart());
    const QRectF plot = plotAreaInViewport();
    if (!axis || plot.width() <= 0)
        return 0;
    const double fraction = std::clamp((viewportPos.x() - plot.left()) / plot.width(), 0.0, 1.0);
    return axis->min() + fraction * (axis->max() - axis->min());
}

void ChartView::mousePressEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    m_pressPos = m_lastPos = pos;
    const bool panGesture =
        event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && event->modifiers().testFlag(Qt::ShiftModifier));
    if (panGesture) {
        m_panning = true;
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton && plotAreaInViewport().contains(pos)) {
        m_selecting = true;
        const QRectF plot = plotAreaInViewport();
        m_rubberBand->setGeometry(QRect(pos.x(), int(plot.top()), 0, int(plot.height())));
        m_rubberBand->show();
        event->accept();
        return;
    }
    if (event->button() == Qt::RightButton) {
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void ChartView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_panning) {
        const int dx = pos.x() - m_lastPos.x();
        m_lastPos = pos;
        if (dx != 0)
            emit panRequested(-dx * xPerPixel());
        event->accept();
        return;
    }
    if (m_selecting) {
        const QRectF plot = plotAreaInViewport();
        const int x = std::clamp(pos.x(), int(plot.left()), int(plot.right()));
        m_rubberBand->setGeometry(QRect(QPoint(std::min(x, m_pressPos.x()), int(plot.top())),
                                        QPoint(std::max(x, m_pressPos.x()), int(plot.bottom())))
                                      .normalized());
        event->accept();
        return;
    }
    if (event->buttons() == Qt::NoButton)
        emit hovered(pos);
    QChartView::mouseMoveEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        m_panning = false;
        viewport()->setCursor(Qt::CrossCursor);
        event->accept();
        return;
    }
    if (m_selecting && event->button() == Qt::LeftButton) {
        m_selecting = false;
        m_rubberBand->hide();
        if (std::abs(pos.x() - m_pressPos.x()) >= 4) {
            const double a = xValueAt(m_pressPos);
            const double b = xValueAt(pos);
            emit zoomToRequested(std::min(a, b), std::max(a, b));
        }
        event->accept();
        return;
    }
    if (event->button() == Qt::RightButton) {
        emit zoomRequested(2.0, xValueAt(pos));
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void ChartView::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    if (delta.y() != 0) {
        // One notch (120) zooms by 20 %.
        const double factor = std::pow(0.8, delta.y() / 120.0);
        emit zoomRequested(factor, xValueAt(event->position().toPoint()));
    } else if (delta.x() != 0) {
        emit panRequested(-delta.x() / 120.0 * 40 * xPerPixel());
    }
    event->accept();
}

void ChartView::keyPressEvent(QKeyEvent *event)
{
    const QValueAxis *axis = horizontalAxis(chart());
    const double span = axis ? axis->max() - axis->min() : 0;
    const double center = axis ? (axis->min() + axis->max()) / 2 : 0;
    switch (event->key()) {
    case Qt::Key_Left:
        emit panRequested(-span * 0.2);
        break;
    case Qt::Key_Right:
        emit panRequested(span * 0.2);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
    case Qt::Key_Up:
        emit zoomRequested(0.5, center);
        break;
    case Qt::Key_Minus:
    case Qt::Key_Down:
        emit zoomRequested(2.0, center);
        break;
    case Qt::Key_Home:
    case Qt::Key_0:
        emit resetRequested();
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void ChartView::leaveEvent(QEvent *event)
{
    emit hoverLeft();
    QChartView::leaveEvent(event);
}

} // namespace vd::ui
