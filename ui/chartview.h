#pragma once

#include <QChartView>
#include <QPoint>

class QRubberBand;

namespace vd::ui {

// The QChartView behind VitalsChart: turns mouse, wheel and keys into horizontal zoom and
// pan requests (in x values, i.e. UTC milliseconds) and hover positions. VitalsChart owns
// the ranges; this class only interprets input. Never uses OpenGL (it crashes on the
// offscreen platform with Qt 6.4).
//
//   left drag           zoom to the dragged span (horizontal rubber band)
//   wheel               zoom around the pointer; horizontal wheel pans
//   shift+drag, middle  pan
//   right click         zoom out
//   arrows, +/-, Home   pan, zoom, reset
class ChartView : public QChartView
{
    Q_OBJECT

public:
    explicit ChartView(QChart *chart, QWidget *parent = nullptr);

    // The x value under a viewport position (clamped to the plot area).
    double xValueAt(QPoint viewportPos) const;

signals:
    void zoomToRequested(double fromX, double toX);
    void zoomRequested(double factor, double anchorX); // factor < 1 zooms in
    void panRequested(double deltaX);
    void resetRequested();
    void hovered(QPoint viewportPos);
    void hoverLeft();

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QRectF plotAreaInViewport() const;
    double xPerPixel() const;

    QRubberBand *m_rubberBand = nullptr;
    QPoint m_pressPos;
    QPoint m_lastPos;
    bool m_selecting = false;
    bool m_panning = false;
};

} // namespace vd::ui
