#pragma once

#include <array>
#include <optional>
#include <vector>

#include <QColor>
#include <QDate>
#include <QFutureWatcher>
#include <QList>
#include <QPixmap>
#include <QPointF>
#include <QTimeZone>
#include <QWidget>

#include "billing/clinicalalerts.h"
#include "store/practicecalendar.h"
#include "store/records.h"
#include "store/result.h"
#include "ui/chartdata.h"
#include "ui/downsample.h"

class QAbstractButton;
class QAreaSeries;
class QButtonGroup;
class QCategoryAxis;
class QChart;
class QDateEdit;
class QHBoxLayout;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QToolButton;
class QValueAxis;

namespace vd {
class Clock;
}

namespace vd::ui {

class ChartView;

// A patient's vitals over time: blood pressure (systolic and diastolic), heart rate,
// weight (lb), glucose, SpO2 and temperature (°F), for the last 7, 30 or 90 days, a year
// or a custom span of days in the practice's time zone. The patient's alert limits are
// drawn as bands, out-of-range values as red dots, readings entered by hand as hollow
// diamonds; hovering shows value, unit and local time. Long series are downsampled to
// about two points per pixel (min/max per pixel column, so no spike is lost) and
// re-downsampled from the full data when zoomed.
//
// Wraps Qt Charts (deprecated from Qt 6.10): nothing of it shows in this interface, so
// the charting library can change without touching callers or tests.
class VitalsChart : public QWidget
{
    Q_OBJECT

public:
    enum class RangePreset
    {
        Last7Days,
        Last30Days,
        Last90Days,
        LastYear,
        Custom
    };
    Q_ENUM(RangePreset)
    enum class Layer
    {
        Primary,    // systolic, or the value
        Secondary,  // diastolic
        OutOfRange, // red markers, one per out-of-range value
        Manual,     // hollow markers, readings entered by hand
    };
    Q_ENUM(Layer)

    explicit VitalsChart(const Clock &clock, QWidget *parent = nullptr);
    ~VitalsChart() override;

    // Readings already in memory, of any kinds (non-charted kinds are ignored), in the
    // store's canonical units. Range buttons then filter in memory.
    void setReadings(std::vector<Reading> readings, billing::AlertThresholds limits,
                     QTimeZone zone);
    // Reads the patient's readings of the shown kind and range from the database at
    // databasePath, on a worker thread with its own connection, again whenever the kind
    // or the range needs readings not loaded yet.
    void loadPatient(QString databasePath, PatientId patient, billing::AlertThresholds limits,
                     QTimeZone zone);
    void clear();

    VitalKind kind() const { return m_kind; }
    void setKind(VitalKind kind);
    RangePreset rangePreset() const { return m_preset; }
    void setRangePreset(RangePreset preset);
    // Selects the custom range: whole local days first..last.
    void setCustomRange(QDate first, QDate last);

    UtcRange selectedRange() const { return m_selected; }
    UtcRange visibleRange() const;
    bool isZoomed() const;
    // Shows [startMs, endMs) of the selected range (clamped to it; at least 10 minutes).
    void setVisibleRange(double startMs, double endMs);
    void zoomBy(double factor, double anchorMs); // factor < 1 zooms in
    void panBy(double deltaMs);
    void resetZoom();

    downsample::Method downsampleMethod() const { return m_method; }
    void setDownsampleMethod(downsample::Method method);

    // What is on screen, for tests and the benchmark. Points are (UTC ms, display value).
    bool isLoading() const { return m_loading; }
    qsizetype readingCount() const; // readings of the kind in the selected range
    QList<QPointF> displayedPoints(Layer layer) const;
    const AlertGuides &displayedGuides() const { return m_guides; }
    QStringList legendTexts() const;
    QString emptyText() const; // empty when readings are shown
    // The hover text for the reading nearest to pos (this widget's coordinates), empty when
    // none is within a few pixels: "128/82 mmHg · Tue Mar 3, 08:14".
    QString hoverTextAt(QPoint pos) const;
    // Where a value is drawn, in this widget's coordinates.
    QPoint mapToWidget(double utcMs, double displayValue) const;

signals:
    void kindChanged(vd::ui::VitalKind kind);
    void rangeChanged();
    void visibleRangeChanged();
    void displayUpdated();
    void loadFailed(const QString &message);

private:
    struct KindData
    {
        VitalSeries series;
        UtcRange loaded; // database mode: what series holds
        bool valid = false;
    };
    struct LoadOutcome
    {
        int serial = 0;
        VitalKind kind = VitalKind::BloodPressure;
        UtcRange range;
        Result<VitalSeries> series = Error{};
    };
    enum class Source
    {
        None,
        Memory,
        Database
    };
    enum class LegendStyle
    {
        Line,
        DashedLine,
        Band,
        CriticalBand,
        AlertDot,
        ManualDiamond
    };
    struct LegendEntry
    {
        LegendStyle style = LegendStyle::Line;
        QColor color;
        QString text;
        bool operator==(const LegendEntry &) const = default;
    };

    void buildControls();
    void buildChart();
    QToolButton *addToggle(QButtonGroup *group, int id, const QString &text,
                           const QString &objectName);
    void updateSelection(); // kind or range changed: data, axes, guides, series
    void requestLoad();
    void onLoaded();
    void showData();
    void redraw(); // the visible range: downsample and replace the series
    void updateGuides(double yMin, double yMax);
    void updateTimeAxis();
    void updateLegend();
    static QPixmap swatch(LegendStyle style, const QColor &color, qreal dpr);
    void updateEmptyState();
    void updateHover(QPoint viewportPos);
    int plotWidth() const;
    const VitalSeries &series() const;
    std::pair<std::size_t, std::size_t> visibleIndices() const;
    std::optional<std::size_t> nearestReading(QPoint viewportPos) const;
    QPointF valueToViewport(double x, double y) const;
    QString hoverText(std::size_t index) const;
    QString kindNoun(VitalKind kind) const;

    const Clock &m_clock;
    QTimeZone m_zone;
    billing::AlertThresholds m_limits;
    Source m_source = Source::None;
    QString m_databasePath;
    PatientId m_patient = 0;
    std::array<KindData, kVitalKindCount> m_data;

    VitalKind m_kind = VitalKind::BloodPressure;
    RangePreset m_preset = RangePreset::Last30Days;
    bool m_customInitialised = false;
    UtcRange m_selected;
    double m_viewStart = 0;
    double m_viewEnd = 0;
    downsample::Method m_method = downsample::Method::MinMax;
    AlertGuides m_guides;
    int m_drawnPlotWidth = 0;

    // Loading
    QFutureWatcher<LoadOutcome> m_watcher;
    int m_serial = 0;
    bool m_loading = false;
    bool m_reloadAfterCurrent = false;
    QString m_loadError;

    // Controls
    QButtonGroup *m_kindGroup = nullptr;
    QButtonGroup *m_rangeGroup = nullptr;
    QDateEdit *m_customFirst = nullptr;
    QDateEdit *m_customLast = nullptr;
    QToolButton *m_resetZoom = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QWidget *m_legend = nullptr;
    QHBoxLayout *m_legendLayout = nullptr;
    std::vector<LegendEntry> m_legendEntries;
    qreal m_legendDpr = 0;
    ChartView *m_view = nullptr;

    // Chart
    QChart *m_chart = nullptr;
    QCategoryAxis *m_axisX = nullptr;
    QValueAxis *m_axisY = nullptr;
    std::vector<QAreaSeries *> m_bands;
    QLineSeries *m_limitLine = nullptr;
    QLineSeries *m_primary = nullptr;
    QLineSeries *m_secondary = nullptr;
    QScatterSeries *m_outOfRange = nullptr;
    QScatterSeries *m_manual = nullptr;
    QScatterSeries *m_hover = nullptr;
};

} // namespace vd::ui
