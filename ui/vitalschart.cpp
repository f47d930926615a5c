#include "vitalschart.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QAreaSeries>
#include <QButtonGroup>
#include <QCategoryAxis>
#include <QChart>
#include <QDateEdit>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QScatterSeries>
#include <QtConcurrent/QtConcurrentRun>
#include <QToolButton>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include "store/clock.h"
#include "store/database.h"
#include "store/readingrepository.h"
#include "ui/chartticks.h"
#include "ui/chartview.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr double kMinimumSpanMs = 10 * 60 * 1000.0; // zooming stops at 10 minutes
constexpr int kHoverReachPx = 16;
constexpr int kTickSpacingPx = 95; // room for a label like "Mar 22"
constexpr int kMaxBands = 3;

const QColor kPrimaryColor(0x1f, 0x5f, 0xa8);
const QColor kSecondaryColor(0x2a, 0xa1, 0x98);
const QColor kAlertColor(0xd3, 0x2f, 0x2f);
const QColor kManualColor(0x6a, 0x3d, 0x9a);

QColor bandFill(bool critical)
{
    QColor fill = kAlertColor;
    fill.setAlpha(critical ? 46 : 24);
    return fill;
}

QColor bandEdge(bool critical)
{
    QColor edge = kAlertColor;
    edge.setAlpha(critical ? 150 : 100);
    return edge;
}

QList<QPointF> pointsAt(const VitalSeries &s, std::size_t offset,
                        const std::vector<std::size_t> &indices, const std::vector<double> &ys)
{
    QList<QPointF> points;
    points.reserve(qsizetype(indices.size()));
    for (std::size_t i : indices) {
        const double y = ys[offset + i];
        if (!std::isnan(y))
            points.append(QPointF(s.x[offset + i], y));
    }
    return points;
}

// Points (x, y) of the readings in [first, last) whose flags match, both values of a blood
// pressure reading where its own flag matches. Reduced to min/max per pixel column when
// more than `budget`, so the most extreme values of every column stay visible.
QList<QPointF> markerPoints(const VitalSeries &s, std::size_t first, std::size_t last,
                            std::uint8_t primaryFlag, std::uint8_t secondaryFlag,
                            std::size_t budget)
{
    std::vector<double> xs;
    std::vector<double> ys;
    for (std::size_t i = first; i < last; ++i) {
        const std::uint8_t f = s.flags[i];
        if (f & primaryFlag) {
            xs.push_back(s.x[i]);
            ys.push_back(s.y1[i]);
        }
        if (s.hasSecondary() && (f & secondaryFlag) && !std::isnan(s.y2[i])) {
            xs.push_back(s.x[i]);
            ys.push_back(s.y2[i]);
        }
    }
    QList<QPointF> points;
    if (xs.size() <= budget) {
        points.reserve(qsizetype(xs.size()));
        for (std::size_t i = 0; i < xs.size(); ++i)
            points.append(QPointF(xs[i], ys[i]));
        return points;
    }
    const auto kept = downsample::minMaxPerBucket(xs, ys, budget);
    points.reserve(qsizetype(kept.size()));
    for (std::size_t i : kept)
        points.append(QPointF(xs[i], ys[i]));
    return points;
}

} // namespace

// A legend entry's little picture, drawn like the series it stands for.
QPixmap VitalsChart::swatch(LegendStyle style, const QColor &color, qreal dpr)
{
    const QSizeF size(22, 14);
    QPixmap pixmap((size * dpr).toSize());
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QPointF c(size.width() / 2, size.height() / 2);
    switch (style) {
    case LegendStyle::Line:
        p.setPen(QPen(color, 2));
        p.drawLine(QPointF(1, c.y()), QPointF(size.width() - 1, c.y()));
        break;
    case LegendStyle::DashedLine:
        p.setPen(QPen(color, 1.4, Qt::DashLine));
        p.drawLine(QPointF(1, c.y()), QPointF(size.width() - 1, c.y()));
        break;
    case LegendStyle::Band:
    case LegendStyle::CriticalBand: {
        const bool critical = style == LegendStyle::CriticalBand;
        p.fillRect(QRectF(1, 2, size.width() - 2, size.height() - 4), bandFill(critical));
        p.setPen(QPen(bandEdge(critical), 1, Qt::DashLine));
        p.drawRect(QRectF(1, 2, size.width() - 2, size.height() - 4));
        break;
    }
    case LegendStyle::AlertDot:
        p.setPen(QPen(Qt::white, 1));
        p.setBrush(color);
        p.drawEllipse(c, 4.5, 4.5);
        break;
    case LegendStyle::ManualDiamond: {
        QPainterPath diamond;
        diamond.moveTo(c.x(), c.y() - 5.5);
        diamond.lineTo(c.x() + 5.5, c.y());
        diamond.lineTo(c.x(), c.y() + 5.5);
        diamond.lineTo(c.x() - 5.5, c.y());
        diamond.closeSubpath();
        p.setPen(QPen(color, 1.6));
        p.setBrush(Qt::white);
        p.drawPath(diamond);
        break;
    }
    }
    return pixmap;
}

VitalsChart::VitalsChart(const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_zone(QTimeZone::systemTimeZone())
{
    setObjectName(u"vitalsChart"_s);
    buildChart();
    buildControls();
    connect(&m_watcher, &QFutureWatcher<LoadOutcome>::finished, this, &VitalsChart::onLoaded);
    updateSelection();
}

VitalsChart::~VitalsChart()
{
    m_watcher.waitForFinished();
}

QToolButton *VitalsChart::addToggle(QButtonGroup *group, int id, const QString &text,
                                    const QString &objectName)
{
    auto *button = new QToolButton(this);
    button->setObjectName(objectName);
    button->setText(text);
    button->setCheckable(true);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    group->addButton(button, id);
    return button;
}

void VitalsChart::buildControls()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    auto *bar = new QHBoxLayout;
    bar->setSpacing(2);
    m_kindGroup = new QButtonGroup(this);
    m_kindGroup->setExclusive(true);
    const std::pair<VitalKind, std::pair<QString, QString>> kinds[] = {
        {VitalKind::BloodPressure, {tr("Blood pressure"), u"kindBloodPressure"_s}},
        {VitalKind::HeartRate, {tr("Heart rate"), u"kindHeartRate"_s}},
        {VitalKind::Weight, {tr("Weight"), u"kindWeight"_s}},
        {VitalKind::Glucose, {tr("Glucose"), u"kindGlucose"_s}},
        {VitalKind::SpO2, {tr("SpO2"), u"kindSpO2"_s}},
        {VitalKind::Temperature, {tr("Temperature"), u"kindTemperature"_s}},
    };
    for (const auto &[kind, names] : kinds)
        bar->addWidget(addToggle(m_kindGroup, int(kind), names.first, names.second));
    m_kindGroup->button(int(m_kind))->setChecked(true);
    bar->addStretch(1);

    m_rangeGroup = new QButtonGroup(this);
    m_rangeGroup->setExclusive(true);
    const std::pair<RangePreset, std::pair<QString, QString>> ranges[] = {
        {RangePreset::Last7Days, {tr("7 d"), u"range7Days"_s}},
        {RangePreset::Last30Days, {tr("30 d"), u"range30Days"_s}},
        {RangePreset::Last90Days, {tr("90 d"), u"range90Days"_s}},
        {RangePreset::LastYear, {tr("1 y"), u"range1Year"_s}},
        {RangePreset::Custom, {tr("Custom"), u"rangeCustom"_s}},
    };
    for (const auto &[preset, names] : ranges) {
        QToolButton *button = addToggle(m_rangeGroup, int(preset), names.first, names.second);
        bar->addWidget(button);
    }
    m_rangeGroup->button(int(RangePreset::Last7Days))->setToolTip(tr("Last 7 days"));
    m_rangeGroup->button(int(RangePreset::Last30Days))->setToolTip(tr("Last 30 days"));
    m_rangeGroup->button(int(RangePreset::Last90Days))->setToolTip(tr("Last 90 days"));
    m_rangeGroup->button(int(RangePreset::LastYear))->setToolTip(tr("Last 12 months"));
    m_rangeGroup->button(int(m_preset))->setChecked(true);

    const auto makeDateEdit = [this](const QString &objectName, const QString &accessibleName) {
        auto *edit = new QDateEdit(this);
        edit->setObjectName(objectName);
        edit->setAccessibleName(accessibleName);
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(u"MMM d, yyyy"_s);
        edit->setVisible(false);
        return edit;
    };
    m_customFirst = makeDateEdit(u"customFirst"_s, tr("First day"));
    m_customLast = makeDateEdit(u"customLast"_s, tr("Last day"));
    bar->addSpacing(4);
    bar->addWidget(m_customFirst);
    bar->addWidget(m_customLast);

    bar->addSpacing(8);
    m_resetZoom = new QToolButton(this);
    m_resetZoom->setObjectName(u"resetZoom"_s);
    m_resetZoom->setText(tr("Reset zoom"));
    m_resetZoom->setToolTip(tr("Show the whole range (Home)"));
    m_resetZoom->setEnabled(false);
    bar->addWidget(m_resetZoom);
    layout->addLayout(bar);

    auto *stack = new QGridLayout;
    stack->setContentsMargins(0, 0, 0, 0);
    stack->addWidget(m_view, 0, 0);
    m_emptyLabel = new QLabel(this);
    m_emptyLabel->setObjectName(u"emptyState"_s);
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setAttribute(Qt::WA_TransparentForMouseEvents);
    // On the chart's white plot, over grid and limit lines: a box of its own.
    m_emptyLabel->setStyleSheet(
        u"QLabel { color: #505050; background: rgba(255, 255, 255, 235); "
        "border: 1px solid #d8d8d8; border-radius: 4px; padding: 8px 16px; }"_s);
    QFont emptyFont = m_emptyLabel->font();
    emptyFont.setPointSizeF(emptyFont.pointSizeF() * 1.15);
    m_emptyLabel->setFont(emptyFont);
    stack->addWidget(m_emptyLabel, 0, 0, Qt::AlignCenter);
    layout->addLayout(stack, 1);

    auto *legendRow = new QHBoxLayout;
    legendRow->setContentsMargins(8, 0, 8, 2);
    m_legend = new QWidget(this);
    m_legend->setObjectName(u"legend"_s);
    m_legendLayout = new QHBoxLayout(m_legend);
    m_legendLayout->setContentsMargins(0, 0, 0, 0);
    m_legendLayout->setSpacing(4);
    legendRow->addWidget(m_legend);
    legendRow->addStretch(1);
    auto *hint = new QLabel(tr("Drag to zoom · Shift+drag to pan · right-click to zoom out"), this);
    hint->setObjectName(u"interactionHint"_s);
    hint->setForegroundRole(QPalette::PlaceholderText);
    legendRow->addWidget(hint);
    layout->addLayout(legendRow);

    connect(m_kindGroup, &QButtonGroup::idClicked, this,
            [this](int id) { setKind(static_cast<VitalKind>(id)); });
    connect(m_rangeGroup, &QButtonGroup::idClicked, this,
            [this](int id) { setRangePreset(static_cast<RangePreset>(id)); });
    const auto customChanged = [this] {
        if (m_preset == RangePreset::Custom) {
            updateSelection();
            emit rangeChanged();
        }
    };
    connect(m_customFirst, &QDateEdit::dateChanged, this, customChanged);
    connect(m_customLast, &QDateEdit::dateChanged, this, customChanged);
    connect(m_resetZoom, &QToolButton::clicked, this, &VitalsChart::resetZoom);
}

void VitalsChart::buildChart()
{
    m_chart = new QChart;
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 8, 2));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->legend()->hide(); // see updateLegend()
    m_chart->setAnimationOptions(QChart::NoAnimation);

    m_axisX = new QCategoryAxis;
    m_axisX->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_axisX->setGridLineColor(QColor(0xe4, 0xe4, 0xe4));
    m_axisY = new QValueAxis;
    m_axisY->setGridLineColor(QColor(0xe4, 0xe4, 0xe4));
    QFont titleFont = m_axisY->titleFont();
    titleFont.setBold(false);
    m_axisY->setTitleFont(titleFont);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);

    const auto attach = [this](QAbstractSeries *series, const QString &objectName) {
        series->setObjectName(objectName);
        m_chart->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
    };

    // Added back to front: bands and limits under the readings, markers on top.
    for (int i = 0; i < kMaxBands; ++i) {
        auto *upper = new QLineSeries(m_chart);
        auto *lower = new QLineSeries(m_chart);
        auto *band = new QAreaSeries(upper, lower);
        attach(band, u"alertBand%1"_s.arg(i));
        band->setVisible(false);
        m_bands.push_back(band);
    }
    m_limitLine = new QLineSeries;
    attach(m_limitLine, u"alertLimit"_s);
    QPen limitPen(kAlertColor, 1.2, Qt::DashLine);
    m_limitLine->setPen(limitPen);
    m_limitLine->setVisible(false);

    m_secondary = new QLineSeries;
    attach(m_secondary, u"secondarySeries"_s);
    m_secondary->setName(tr("Diastolic"));
    m_secondary->setPen(QPen(kSecondaryColor, 1.6));
    m_secondary->setMarkerSize(3.5);

    m_primary = new QLineSeries;
    attach(m_primary, u"primarySeries"_s);
    m_primary->setPen(QPen(kPrimaryColor, 1.6));
    m_primary->setMarkerSize(3.5);

    m_manual = new QScatterSeries;
    attach(m_manual, u"manualSeries"_s);
    m_manual->setName(tr("Entered by hand"));
    m_manual->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
    m_manual->setMarkerSize(13);
    m_manual->setBrush(QColor(255, 255, 255));
    m_manual->setPen(QPen(kManualColor, 1.8));

    m_outOfRange = new QScatterSeries;
    attach(m_outOfRange, u"outOfRangeSeries"_s);
    m_outOfRange->setName(tr("Out of range"));
    m_outOfRange->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    m_outOfRange->setMarkerSize(10);
    m_outOfRange->setBrush(kAlertColor);
    m_outOfRange->setPen(QPen(Qt::white, 1));

    m_hover = new QScatterSeries;
    attach(m_hover, u"hoverSeries"_s);
    m_hover->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    m_hover->setMarkerSize(14);
    m_hover->setBrush(QColor(0, 0, 0, 0));
    m_hover->setPen(QPen(QColor(0x21, 0x21, 0x21), 2));

    m_view = new ChartView(m_chart, this);
    m_view->setObjectName(u"chartView"_s);
    m_view->setAccessibleName(tr("Vitals chart"));
    m_view->setMinimumHeight(220);

    connect(m_view, &ChartView::zoomToRequested, this,
            [this](double from, double to) { setVisibleRange(from, to); });
    connect(m_view, &ChartView::zoomRequested, this, &VitalsChart::zoomBy);
    connect(m_view, &ChartView::panRequested, this, &VitalsChart::panBy);
    connect(m_view, &ChartView::resetRequested, this, &VitalsChart::resetZoom);
    connect(m_view, &ChartView::hovered, this, &VitalsChart::updateHover);
    connect(m_view, &ChartView::hoverLeft, this, [this] {
        m_hover->clear();
        QToolTip::hideText();
    });
    // A wider plot needs more points and more ticks.
    connect(m_chart, &QChart::plotAreaChanged, this, [this](const QRectF &area) {
        if (std::abs(int(area.width()) - m_drawnPlotWidth) > 24)
            QMetaObject::invokeMethod(this, &VitalsChart::redraw, Qt::QueuedConnection);
    });
}

// --- data --------------------------------------------------------------------------

void VitalsChart::setReadings(std::vector<Reading> readings, billing::AlertThresholds limits,
                              QTimeZone zone)
{
    ++m_serial; // a load still running is stale now
    m_source = Source::Memory;
    m_zone = zone.isValid() ? std::move(zone) : QTimeZone::systemTimeZone();
    m_limits = limits;
    auto all = buildVitalSeries(readings, m_limits);
    readings.clear();
    for (VitalKind k : kVitalKinds)
        m_data[indexOf(k)] = KindData{std::move(all[indexOf(k)]), {}, true};
    m_loading = false;
    m_reloadAfterCurrent = false;
    m_loadError.clear();
    m_viewStart = m_viewEnd = 0; // whole range
    updateSelection();
}

void VitalsChart::loadPatient(QString databasePath, PatientId patient,
                              billing::AlertThresholds limits, QTimeZone zone)
{
    ++m_serial;
    m_source = Source::Database;
    m_databasePath = std::move(databasePath);
    m_patient = patient;
    m_zone = zone.isValid() ? std::move(zone) : QTimeZone::systemTimeZone();
    m_limits = limits;
    for (KindData &d : m_data)
        d = KindData{};
    m_loadError.clear();
    m_viewStart = m_viewEnd = 0; // whole range
    updateSelection();
}

void VitalsChart::clear()
{
    ++m_serial;
    m_source = Source::None;
    for (KindData &d : m_data)
        d = KindData{};
    m_loading = false;
    m_reloadAfterCurrent = false;
    m_loadError.clear();
    m_viewStart = m_viewEnd = 0; // whole range
    updateSelection();
}

const VitalSeries &VitalsChart::series() const
{
    return m_data[indexOf(m_kind)].series;
}

void VitalsChart::requestLoad()
{
    m_loading = true;
    if (m_watcher.isRunning()) {
        m_reloadAfterCurrent = true; // asked again when the running one is done
        return;
    }
    m_loadError.clear();
    const int serial = m_serial;
    const VitalKind kind = m_kind;
    const UtcRange range = m_selected;
    const QString path = m_databasePath;
    const PatientId patient = m_patient;
    const billing::AlertThresholds limits = m_limits;
    const Clock *clock = &m_clock;
    m_watcher.setFuture(QtConcurrent::run([=]() -> LoadOutcome {
        LoadOutcome out;
        out.serial = serial;
        out.kind = kind;
        out.range = range;
        auto db = Database::openSqlite(path); // this thread's own connection
        if (!db) {
            out.series = fail(db.error());
            return out;
        }
        auto readings = ReadingRepository((*db)->connection(), *clock)
                            .forPatient(patient, range, storeKind(kind));
        if (!readings) {
            out.series = fail(readings.error());
            return out;
        }
        auto all = buildVitalSeries(*readings, limits);
        out.series = std::move(all[indexOf(kind)]);
        return out;
    }));
}

void VitalsChart::onLoaded()
{
    LoadOutcome out = m_watcher.result();
    if (out.serial == m_serial && m_source == Source::Database) {
        if (out.series) {
            m_data[indexOf(out.kind)] = KindData{std::move(out.series.value()), out.range, true};
        } else {
            m_loadError = out.series.error();
            emit loadFailed(m_loadError);
        }
    }
    const KindData &current = m_data[indexOf(m_kind)];
    const bool covered = current.valid && current.loaded.startMs <= m_selected.startMs &&
                         current.loaded.endMs >= m_selected.endMs;
    if (m_source == Source::Database && !covered && m_loadError.isEmpty() &&
        (m_reloadAfterCurrent || out.serial != m_serial)) {
        m_reloadAfterCurrent = false;
        requestLoad();
        showData();
        return;
    }
    m_reloadAfterCurrent = false;
    m_loading = false;
    showData();
}

// --- selection ---------------------------------------------------------------------

void VitalsChart::setKind(VitalKind kind)
{
    if (QAbstractButton *button = m_kindGroup->button(int(kind)))
        button->setChecked(true);
    if (kind == m_kind)
        return;
    m_kind = kind;
    m_loadError.clear();
    updateSelection();
    emit kindChanged(kind);
}

void VitalsChart::setRangePreset(RangePreset preset)
{
    if (QAbstractButton *button = m_rangeGroup->button(int(preset)))
        button->setChecked(true);
    const bool custom = preset == RangePreset::Custom;
    if (custom && !m_customInitialised) {
        // Start from what is on screen.
        const PracticeCalendar calendar(m_zone);
        const QSignalBlocker blockFirst(m_customFirst);
        const QSignalBlocker blockLast(m_customLast);
        m_customFirst->setDate(calendar.localDate(m_selected.startMs));
        m_customLast->setDate(calendar.localDate(m_selected.endMs - 1));
        m_customInitialised = true;
    }
    m_customFirst->setVisible(custom);
    m_customLast->setVisible(custom);
    if (preset == m_preset)
        return;
    m_preset = preset;
    updateSelection();
    emit rangeChanged();
}

void VitalsChart::setCustomRange(QDate first, QDate last)
{
    {
        const QSignalBlocker blockFirst(m_customFirst);
        const QSignalBlocker blockLast(m_customLast);
        m_customFirst->setDate(first);
        m_customLast->setDate(last);
        m_customInitialised = true;
    }
    if (m_preset != RangePreset::Custom) {
        setRangePreset(RangePreset::Custom);
        return;
    }
    updateSelection();
    emit rangeChanged();
}

void VitalsChart::updateSelection()
{
    const PracticeCalendar calendar(m_zone);
    const QDate today = calendar.localDate(m_clock.nowUtcMs());
    QDate first;
    QDate last = today;
    switch (m_preset) {
    case RangePreset::Last7Days:
        first = today.addDays(-6);
        break;
    case RangePreset::Last30Days:
        first = today.addDays(-29);
        break;
    case RangePreset::Last90Days:
        first = today.addDays(-89);
        break;
    case RangePreset::LastYear:
        first = today.addYears(-1).addDays(1);
        break;
    case RangePreset::Custom:
        first = m_customFirst->date();
        last = m_customLast->date();
        if (last < first)
            std::swap(first, last);
        break;
    }
    const UtcRange previous = m_selected;
    m_selected = calendar.dateRange(first, last);
    // A zoomed-in window survives a change of kind, to compare e.g. blood pressure and
    // heart rate over the same hours; a new range or new data start from the whole range.
    const bool sameRange =
        previous.startMs == m_selected.startMs && previous.endMs == m_selected.endMs;
    if (!sameRange || m_viewEnd <= m_viewStart) {
        m_viewStart = double(m_selected.startMs);
        m_viewEnd = double(m_selected.endMs);
    }

    if (m_source == Source::Database) {
        const KindData &d = m_data[indexOf(m_kind)];
        const bool covered =
            d.valid && d.loaded.startMs <= m_selected.startMs && d.loaded.endMs >= m_selected.endMs;
        if (!covered)
            requestLoad();
    }
    showData();
}

// --- drawing -----------------------------------------------------------------------

QString VitalsChart::kindNoun(VitalKind kind) const
{
    switch (kind) {
    case VitalKind::BloodPressure:
        return tr("blood pressure");
    case VitalKind::HeartRate:
        return tr("heart rate");
    case VitalKind::Weight:
        return tr("weight");
    case VitalKind::Glucose:
        return tr("glucose");
    case VitalKind::SpO2:
        return tr("SpO2");
    case VitalKind::Temperature:
        return tr("temperature");
    }
    return {};
}

void VitalsChart::showData()
{
    const VitalSeries &s = series();
    const auto [first, last] =
        s.indexRange(double(m_selected.startMs), double(m_selected.endMs - 1));
    m_guides = alertGuides(m_kind, m_limits);
    const ValueAxisRange y = valueAxisRange(m_kind, s.valueRange(first, last), m_guides);
    m_axisY->setRange(y.min, y.max);
    m_axisY->setTickCount(y.tickCount);
    m_axisY->setLabelFormat(y.decimals > 0 ? u"%.1f"_s : u"%.0f"_s);
    m_axisY->setTitleText(displayUnit(m_kind));

    switch (m_kind) {
    case VitalKind::BloodPressure:
        m_primary->setName(tr("Systolic"));
        break;
    case VitalKind::HeartRate:
        m_primary->setName(tr("Heart rate"));
        break;
    case VitalKind::Weight:
        m_primary->setName(tr("Weight"));
        break;
    case VitalKind::Glucose:
        m_primary->setName(tr("Glucose"));
        break;
    case VitalKind::SpO2:
        m_primary->setName(tr("SpO2"));
        break;
    case VitalKind::Temperature:
        m_primary->setName(tr("Temperature"));
        break;
    }
    m_secondary->setVisible(m_kind == VitalKind::BloodPressure);
    updateGuides(y.min, y.max);
    redraw();
}

void VitalsChart::updateGuides(double yMin, double yMax)
{
    const double x0 = double(m_selected.startMs);
    const double x1 = double(m_selected.endMs);
    for (std::size_t i = 0; i < m_bands.size(); ++i) {
        QAreaSeries *band = m_bands[i];
        if (i >= m_guides.bands.size()) {
            band->setVisible(false);
            continue;
        }
        const AlertBand &b = m_guides.bands[i];
        const double lo = std::clamp(b.low, yMin, yMax);
        const double hi = std::clamp(b.high, yMin, yMax);
        band->upperSeries()->replace({QPointF(x0, hi), QPointF(x1, hi)});
        band->lowerSeries()->replace({QPointF(x0, lo), QPointF(x1, lo)});
        band->setBrush(bandFill(b.critical));
        band->setPen(QPen(bandEdge(b.critical), 1, Qt::DashLine));
        band->setName(b.label);
        band->setVisible(true);
    }
    if (m_guides.lines.empty()) {
        m_limitLine->setVisible(false);
    } else {
        const AlertLine &l = m_guides.lines.front();
        m_limitLine->replace({QPointF(x0, l.value), QPointF(x1, l.value)});
        m_limitLine->setName(l.label);
        m_limitLine->setVisible(true);
    }
}

int VitalsChart::plotWidth() const
{
    const int width = int(m_chart->plotArea().width());
    if (width >= 100)
        return width;
    return std::max(400, this->width() - 110); // not laid out yet
}

std::pair<std::size_t, std::size_t> VitalsChart::visibleIndices() const
{
    return series().indexRange(m_viewStart, m_viewEnd);
}

void VitalsChart::redraw()
{
    m_axisX->setRange(m_viewStart, m_viewEnd);
    updateTimeAxis();

    const VitalSeries &s = series();
    const auto [first, last] = visibleIndices();
    const int width = plotWidth();
    m_drawnPlotWidth = int(m_chart->plotArea().width());
    const std::size_t budget = 2 * std::size_t(width) + 2;
    const std::size_t n = last - first;

    QList<QPointF> primary;
    QList<QPointF> secondary;
    if (n > 0) {
        const std::span<const double> xs(s.x.data() + first, n);
        // Out-of-range readings are put into the lines too when few enough, so the line
        // passes exactly through each red marker.
        std::vector<std::size_t> keepPrimary;
        std::vector<std::size_t> keepSecondary;
        for (std::size_t i = first; i < last; ++i) {
            if (s.flags[i] & PrimaryOut)
                keepPrimary.push_back(i - first);
            if (s.flags[i] & SecondaryOut)
                keepSecondary.push_back(i - first);
        }
        if (keepPrimary.size() > budget / 4)
            keepPrimary.clear();
        if (keepSecondary.size() > budget / 4)
            keepSecondary.clear();
        const auto picked = downsample::downsample(
            m_method, xs, std::span<const double>(s.y1.data() + first, n), budget, keepPrimary);
        primary = pointsAt(s, first, picked, s.y1);
        if (s.hasSecondary()) {
            const auto pickedSecondary = downsample::downsample(
                m_method, xs, std::span<const double>(s.y2.data() + first, n), budget,
                keepSecondary);
            secondary = pointsAt(s, first, pickedSecondary, s.y2);
        }
    }
    const bool sparse = primary.size() <= width / 8;
    m_primary->setPointsVisible(sparse);
    m_secondary->setPointsVisible(sparse);
    m_primary->replace(primary);
    m_secondary->replace(secondary);
    m_outOfRange->replace(markerPoints(s, first, last, PrimaryOut, SecondaryOut, budget));
    m_manual->replace(markerPoints(s, first, last, ManualEntry, ManualEntry, budget));
    m_hover->clear();

    m_resetZoom->setEnabled(isZoomed());
    updateLegend();
    updateEmptyState();
    emit displayUpdated();
}

void VitalsChart::updateTimeAxis()
{
    const QStringList old = m_axisX->categoriesLabels();
    for (const QString &label : old)
        m_axisX->remove(label);
    const qint64 from = qint64(std::floor(m_viewStart));
    const qint64 to = qint64(std::ceil(m_viewEnd));
    m_axisX->setStartValue(m_viewStart - 1);
    const int width = plotWidth();
    const double span = m_viewEnd - m_viewStart;
    const int maxTicks = std::max(2, width / kTickSpacingPx);
    for (const TimeTick &tick : timeTicks(from, to, m_zone, maxTicks)) {
        // A label centred on the right edge would be cut off.
        if ((double(tick.utcMs) - m_viewStart) / span * width > width - kTickSpacingPx / 3.0)
            continue;
        m_axisX->append(tick.label, double(tick.utcMs));
    }
}

void VitalsChart::updateLegend()
{
    // Our own legend row: Qt Charts' legend misplaces markers whose visibility changes.
    std::vector<LegendEntry> entries;
    entries.push_back({LegendStyle::Line, kPrimaryColor, m_primary->name()});
    if (m_secondary->isVisible())
        entries.push_back({LegendStyle::Line, kSecondaryColor, m_secondary->name()});
    if (m_manual->count() > 0)
        entries.push_back({LegendStyle::ManualDiamond, kManualColor, m_manual->name()});
    if (m_outOfRange->count() > 0)
        entries.push_back({LegendStyle::AlertDot, kAlertColor, m_outOfRange->name()});
    QStringList bandLabels;
    for (const AlertBand &band : m_guides.bands) {
        if (bandLabels.contains(band.label))
            continue;
        bandLabels << band.label;
        entries.push_back({band.critical ? LegendStyle::CriticalBand : LegendStyle::Band,
                           kAlertColor, band.label});
    }
    for (const AlertLine &line : m_guides.lines)
        entries.push_back({LegendStyle::DashedLine, kAlertColor, line.label});

    const qreal dpr = devicePixelRatioF();
    if (entries == m_legendEntries && dpr == m_legendDpr)
        return;
    m_legendEntries = entries;
    m_legendDpr = dpr;
    while (QLayoutItem *item = m_legendLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const LegendEntry &entry : entries) {
        auto *icon = new QLabel(m_legend);
        icon->setPixmap(swatch(entry.style, entry.color, dpr));
        auto *text = new QLabel(entry.text, m_legend);
        text->setObjectName(u"legendEntry"_s);
        m_legendLayout->addWidget(icon);
        m_legendLayout->addWidget(text);
        m_legendLayout->addSpacing(10);
    }
}

QStringList VitalsChart::legendTexts() const
{
    QStringList texts;
    for (const LegendEntry &entry : m_legendEntries)
        texts << entry.text;
    return texts;
}

qsizetype VitalsChart::readingCount() const
{
    const auto [first, last] =
        series().indexRange(double(m_selected.startMs), double(m_selected.endMs - 1));
    return qsizetype(last - first);
}

QString VitalsChart::emptyText() const
{
    if (!m_loadError.isEmpty())
        return tr("Could not load readings: %1").arg(m_loadError);
    if (readingCount() > 0)
        return {};
    if (m_loading)
        return tr("Loading readings…");
    const QString noun = kindNoun(m_kind);
    switch (m_preset) {
    case RangePreset::Last7Days:
        return tr("No %1 readings in the last %2 days").arg(noun).arg(7);
    case RangePreset::Last30Days:
        return tr("No %1 readings in the last %2 days").arg(noun).arg(30);
    case RangePreset::Last90Days:
        return tr("No %1 readings in the last %2 days").arg(noun).arg(90);
    case RangePreset::LastYear:
        return tr("No %1 readings in the last year").arg(noun);
    case RangePreset::Custom: {
        const PracticeCalendar calendar(m_zone);
        const QLocale locale;
        return tr("No %1 readings from %2 to %3")
            .arg(noun, locale.toString(calendar.localDate(m_selected.startMs), u"MMM d, yyyy"_s),
                 locale.toString(calendar.localDate(m_selected.endMs - 1), u"MMM d, yyyy"_s));
    }
    }
    return {};
}

void VitalsChart::updateEmptyState()
{
    const QString text = emptyText();
    m_emptyLabel->setText(text);
    m_emptyLabel->setVisible(!text.isEmpty());
}

QList<QPointF> VitalsChart::displayedPoints(Layer layer) const
{
    switch (layer) {
    case Layer::Primary:
        return m_primary->points();
    case Layer::Secondary:
        return m_secondary->points();
    case Layer::OutOfRange:
        return m_outOfRange->points();
    case Layer::Manual:
        return m_manual->points();
    }
    return {};
}

// --- zoom and pan ------------------------------------------------------------------

UtcRange VitalsChart::visibleRange() const
{
    return {qint64(std::llround(m_viewStart)), qint64(std::llround(m_viewEnd))};
}

bool VitalsChart::isZoomed() const
{
    return m_viewStart > double(m_selected.startMs) + 0.5 ||
           m_viewEnd < double(m_selected.endMs) - 0.5;
}

void VitalsChart::setVisibleRange(double startMs, double endMs)
{
    if (endMs < startMs)
        std::swap(startMs, endMs);
    const double lo = double(m_selected.startMs);
    const double hi = double(m_selected.endMs);
    const double span = std::clamp(endMs - startMs, std::min(kMinimumSpanMs, hi - lo), hi - lo);
    const double center = (startMs + endMs) / 2;
    double start = std::clamp(center - span / 2, lo, hi - span);
    if (std::abs(start - m_viewStart) < 0.5 && std::abs(start + span - m_viewEnd) < 0.5)
        return;
    m_viewStart = start;
    m_viewEnd = start + span;
    redraw();
    emit visibleRangeChanged();
}

void VitalsChart::zoomBy(double factor, double anchorMs)
{
    const double span = m_viewEnd - m_viewStart;
    if (span <= 0 || factor <= 0)
        return;
    const double fraction = std::clamp((anchorMs - m_viewStart) / span, 0.0, 1.0);
    const double newSpan = span * factor;
    const double start = anchorMs - fraction * newSpan;
    setVisibleRange(start, start + newSpan);
}

void VitalsChart::panBy(double deltaMs)
{
    const double span = m_viewEnd - m_viewStart;
    const double lo = double(m_selected.startMs);
    const double hi = double(m_selected.endMs);
    const double start = std::clamp(m_viewStart + deltaMs, lo, hi - span);
    setVisibleRange(start, start + span);
}

void VitalsChart::resetZoom()
{
    setVisibleRange(double(m_selected.startMs), double(m_selected.endMs));
}

void VitalsChart::setDownsampleMethod(downsample::Method method)
{
    if (method == m_method)
        return;
    m_method = method;
    redraw();
}

// --- hover -------------------------------------------------------------------------

QPointF VitalsChart::valueToViewport(double x, double y) const
{
    const QRectF plot =
        m_view->mapFromScene(m_chart->mapRectToScene(m_chart->plotArea())).boundingRect();
    const double xSpan = m_axisX->max() - m_axisX->min();
    const double ySpan = m_axisY->max() - m_axisY->min();
    if (xSpan <= 0 || ySpan <= 0)
        return plot.topLeft();
    return {plot.left() + (x - m_axisX->min()) / xSpan * plot.width(),
            plot.bottom() - (y - m_axisY->min()) / ySpan * plot.height()};
}

std::optional<std::size_t> VitalsChart::nearestReading(QPoint viewportPos) const
{
    const VitalSeries &s = series();
    const QRectF plot = m_view->mapFromScene(m_chart->mapRectToScene(m_chart->plotArea()))
                            .boundingRect()
                            .adjusted(-kHoverReachPx, -kHoverReachPx, kHoverReachPx, kHoverReachPx);
    if (s.empty() || !plot.contains(viewportPos) || plot.width() <= 0)
        return std::nullopt;
    const double msPerPixel = (m_axisX->max() - m_axisX->min()) / m_chart->plotArea().width();
    const double x = m_view->xValueAt(viewportPos);
    const auto [visibleFirst, visibleLast] = visibleIndices();
    auto [first, last] =
        s.indexRange(x - kHoverReachPx * msPerPixel, x + kHoverReachPx * msPerPixel);
    first = std::max(first, visibleFirst);
    last = std::min(last, visibleLast);

    std::optional<std::size_t> best;
    double bestDistance = kHoverReachPx;
    const auto consider = [&](std::size_t i, double y) {
        if (std::isnan(y))
            return;
        const QPointF p = valueToViewport(s.x[i], y);
        const double d = std::hypot(p.x() - viewportPos.x(), p.y() - viewportPos.y());
        if (d <= bestDistance) {
            bestDistance = d;
            best = i;
        }
    };
    for (std::size_t i = first; i < last; ++i) {
        consider(i, s.y1[i]);
        if (s.hasSecondary())
            consider(i, s.y2[i]);
    }
    return best;
}

QString VitalsChart::hoverText(std::size_t i) const
{
    const VitalSeries &s = series();
    const QLocale locale;
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(qint64(s.x[i]), m_zone);
    const int thisYear = QDateTime::fromMSecsSinceEpoch(m_clock.nowUtcMs(), m_zone).date().year();
    const QString when =
        locale.toString(local, local.date().year() == thisYear ? u"ddd MMM d, HH:mm"_s
                                                               : u"ddd MMM d yyyy, HH:mm"_s);
    const std::optional<double> second =
        s.hasSecondary() ? std::optional<double>(s.y2[i]) : std::nullopt;
    QString text = formatValue(m_kind, s.y1[i], second) + u" · "_s + when;
    if (s.flags[i] & ManualEntry)
        text += u'\n' + tr("Entered by hand");
    if (s.flags[i] & kOutOfRange)
        text += u'\n' + tr("Outside the patient's alert limits");
    return text;
}

void VitalsChart::updateHover(QPoint viewportPos)
{
    const auto index = nearestReading(viewportPos);
    if (!index) {
        m_hover->clear();
        QToolTip::hideText();
        return;
    }
    const VitalSeries &s = series();
    QList<QPointF> ring{QPointF(s.x[*index], s.y1[*index])};
    if (s.hasSecondary() && !std::isnan(s.y2[*index]))
        ring.append(QPointF(s.x[*index], s.y2[*index]));
    m_hover->replace(ring);
    QToolTip::showText(m_view->viewport()->mapToGlobal(viewportPos) + QPoint(12, 12),
                       hoverText(*index), m_view);
}

QString VitalsChart::hoverTextAt(QPoint pos) const
{
    const auto index = nearestReading(m_view->viewport()->mapFrom(this, pos));
    return index ? hoverText(*index) : QString();
}

QPoint VitalsChart::mapToWidget(double utcMs, double displayValue) const
{
    return m_view->viewport()->mapTo(this, valueToViewport(utcMs, displayValue).toPoint());
}

} // namespace vd::ui
