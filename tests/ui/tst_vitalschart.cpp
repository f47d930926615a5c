#include <cmath>

#include <QAbstractScrollArea>
#include <QDateEdit>
#include <QLabel>
#include <QToolButton>
#include <QToolTip>
#include <QtTest>

#include "billing/clinicalalerts.h"
#include "fakeclock.h"
#include "practicebuilder.h"
#include "tempdatabase.h"
#include "ui/chartdata.h"
#include "ui/chartticks.h"
#include "ui/vitalschart.h"

using namespace Qt::Literals::StringLiterals;
using vd::ui::VitalKind;
using vd::ui::VitalsChart;
using Layer = vd::ui::VitalsChart::Layer;

namespace {

const QTimeZone kNewYork("America/New_York");

qint64 nyMs(QDate day, QTime time)
{
    return QDateTime(day, time, kNewYork).toMSecsSinceEpoch();
}

vd::Reading reading(const QString &kind, double v1, std::optional<double> v2, qint64 takenAtMs,
                    const QString &source = u"device"_s)
{
    vd::Reading r;
    r.patientId = 1;
    r.kind = kind;
    r.value1 = v1;
    r.value2 = v2;
    r.takenAtMs = takenAtMs;
    r.source = source;
    return r;
}

// Per-minute heart rate, 60-80 /min, for `days` days up to the fake clock's now.
std::vector<vd::Reading> perMinuteHeartRate(qint64 endMs, int days)
{
    std::vector<vd::Reading> out;
    const qint64 n = qint64(days) * 24 * 60;
    out.reserve(std::size_t(n));
    for (qint64 i = 0; i < n; ++i) {
        const double v = 70 + 8 * std::sin(double(i) / 90.0) + double(i % 7) * 0.3;
        out.push_back(reading(u"heart_rate"_s, v, std::nullopt, endMs - (n - i) * 60'000));
    }
    return out;
}

template<typename T>
T *child(QWidget &parent, const QString &name)
{
    T *w = parent.findChild<T *>(name);
    if (!w)
        qWarning("no child named %s", qPrintable(name));
    return w;
}

} // namespace

class TestVitalsChart : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void outOfRangeMatchesCheckReading();
    void displayUnitsAreUsUnits();
    void timeTicksAreCalendarAligned();
    void loadsFromTheDatabaseAndFollowsTheButtons();
    void customRangeUsesTheDateEdits();
    void emptyStateNamesKindAndRange();
    void longSeriesAreDownsampledAndZoomShowsDetail();
    void mouseAndKeysZoomAndPan();
    void hoverShowsValueUnitAndPracticeLocalTime();
    void rendersAtScreenSize_data();
    void rendersAtScreenSize();

private:
    vd::test::FakeClock m_clock{QDateTime(QDate(2026, 3, 20), QTime(15, 0), QTimeZone::utc())};
    std::unique_ptr<vd::test::TempDatabase> m_temp;
    vd::PatientId m_patient = 0;
    vd::PatientId m_emptyPatient = 0;
};

void TestVitalsChart::initTestCase()
{
    m_temp = std::make_unique<vd::test::TempDatabase>();
    QVERIFY(m_temp->isValid());
    vd::test::PracticeBuilder practice(m_temp->db(), m_clock);
    m_patient = practice.addEnrolledPatient(u"MRN-A"_s, u"Adams"_s, QDate(2026, 1, 10));
    m_emptyPatient = practice.addEnrolledPatient(u"MRN-B"_s, u"Baker"_s, QDate(2026, 1, 10));
    // Blood pressure: 128/82 every morning Mar 11-20, a crisis on the 12th, one typed in on
    // the 15th, and an old one outside the 30 days.
    practice.addDailyReadings(m_patient, QDate(2026, 3, 11), QDate(2026, 3, 20));
    practice.addReading(m_patient, QDate(2026, 3, 12), QTime(8, 30), u"bp"_s, 186, 95);
    practice.addReading(m_patient, QDate(2026, 3, 15), QTime(19, 0), u"bp"_s, 142, 91, u"manual"_s);
    practice.addReading(m_patient, QDate(2026, 1, 20), QTime(9, 0), u"bp"_s, 131, 84);
    // Heart rate: one slow, one fast, one normal.
    practice.addReading(m_patient, QDate(2026, 3, 18), QTime(7, 0), u"heart_rate"_s, 45);
    practice.addReading(m_patient, QDate(2026, 3, 19), QTime(7, 0), u"heart_rate"_s, 72);
    practice.addReading(m_patient, QDate(2026, 3, 20), QTime(7, 0), u"heart_rate"_s, 112);
    // Weight in kg and temperature in Cel, as stored.
    practice.addReading(m_patient, QDate(2026, 3, 19), QTime(7, 5), u"weight"_s, 80.0);
    practice.addReading(m_patient, QDate(2026, 3, 19), QTime(7, 10), u"temperature"_s, 37.0);
}

void TestVitalsChart::cleanupTestCase()
{
    m_temp.reset();
}

void TestVitalsChart::outOfRangeMatchesCheckReading()
{
    // The chart classifies readings without building alert texts; it must agree with the
    // billing rule that raises the alerts, for every kind, on and around every limit.
    for (const QStringList &conditions : {QStringList{u"I10"_s}, QStringList{u"J44.9"_s}}) {
        const auto limits = vd::billing::AlertThresholds::forConditions(conditions);
        for (VitalKind kind : vd::ui::kVitalKinds) {
            for (double v1 = 30; v1 <= 300; v1 += 0.5) {
                for (double v2 : {60.0, 119.5, 120.0, 120.5, 140.0}) {
                    vd::Reading r = reading(vd::ui::storeKind(kind), v1, std::nullopt, 0);
                    if (kind == VitalKind::BloodPressure)
                        r.value2 = v2;
                    const bool alert = vd::billing::checkReading(r, limits).has_value();
                    const bool marked =
                        vd::ui::outOfRangeFlags(kind, r.value1, r.value2, limits) != 0;
                    QVERIFY2(alert == marked,
                             qPrintable(u"%1 %2/%3"_s.arg(r.kind).arg(v1).arg(v2)));
                }
            }
        }
    }
}

void TestVitalsChart::displayUnitsAreUsUnits()
{
    QCOMPARE(vd::ui::displayUnit(VitalKind::Weight), u"lb"_s);
    QCOMPARE(vd::ui::displayUnit(VitalKind::Temperature), u"°F"_s);
    QVERIFY(std::abs(vd::ui::toDisplayUnit(VitalKind::Weight, 80.0) - 176.37) < 0.01);
    QVERIFY(std::abs(vd::ui::toDisplayUnit(VitalKind::Temperature, 37.0) - 98.6) < 1e-9);
    QCOMPARE(vd::ui::toDisplayUnit(VitalKind::BloodPressure, 128.0), 128.0);
    QCOMPARE(vd::ui::formatValue(VitalKind::BloodPressure, 128, 82), u"128/82 mmHg"_s);
    QCOMPARE(vd::ui::formatValue(VitalKind::Weight, 176.37), u"176.4 lb"_s);
    QCOMPARE(vd::ui::formatValue(VitalKind::Temperature, 98.6), u"98.6 °F"_s);
}

void TestVitalsChart::timeTicksAreCalendarAligned()
{
    const qint64 from = nyMs(QDate(2026, 2, 19), QTime(0, 0));
    const qint64 to = nyMs(QDate(2026, 3, 21), QTime(0, 0));
    // 30 days in 10 labels: weekly ticks on Mondays at local midnight, across the DST
    // change of March 8.
    const auto weekly = vd::ui::timeTicks(from, to, kNewYork, 10);
    QVERIFY(!weekly.empty());
    for (const auto &tick : weekly) {
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(tick.utcMs, kNewYork);
        QCOMPARE(local.time(), QTime(0, 0));
        QCOMPARE(local.date().dayOfWeek(), 1);
    }
    QCOMPARE(weekly.front().label, u"Feb 23"_s);
    // A year in 12 labels: first days of months.
    const auto monthly = vd::ui::timeTicks(nyMs(QDate(2025, 3, 21), QTime(0, 0)), to, kNewYork, 12);
    QCOMPARE(monthly.front().label, u"Apr 2025"_s);
    for (const auto &tick : monthly)
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(tick.utcMs, kNewYork).date().day(), 1);
    // A day in 12 labels: every 2 hours; labels stay unique (the axis needs that).
    const auto hourly = vd::ui::timeTicks(from, from + 36 * 3600 * 1000LL, kNewYork, 12);
    QSet<QString> labels;
    for (const auto &tick : hourly)
        labels.insert(tick.label);
    QCOMPARE(labels.size(), qsizetype(hourly.size()));
}

void TestVitalsChart::loadsFromTheDatabaseAndFollowsTheButtons()
{
    VitalsChart chart(m_clock);
    chart.resize(1366, 700);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const auto limits = vd::billing::AlertThresholds::forConditions({u"I10"_s});
    chart.loadPatient(m_temp->path(), m_patient, limits, kNewYork);
    QTRY_VERIFY(!chart.isLoading());

    // Blood pressure, last 30 days: the default.
    QCOMPARE(chart.kind(), VitalKind::BloodPressure);
    QCOMPARE(chart.rangePreset(), VitalsChart::RangePreset::Last30Days);
    QCOMPARE(chart.readingCount(), 12);
    QCOMPARE(chart.displayedPoints(Layer::Primary).size(), 12);
    QCOMPARE(chart.displayedPoints(Layer::Secondary).size(), 12);
    const auto alerts = chart.displayedPoints(Layer::OutOfRange);
    QCOMPARE(alerts.size(), 1); // 186 systolic; its 95 diastolic is fine
    QCOMPARE(alerts.front(), QPointF(double(nyMs(QDate(2026, 3, 12), QTime(8, 30))), 186.0));
    const auto manual = chart.displayedPoints(Layer::Manual);
    QCOMPARE(manual.size(), 2); // both values of the reading typed in
    for (const QPointF &p : manual)
        QCOMPARE(p.x(), double(nyMs(QDate(2026, 3, 15), QTime(19, 0))));
    QCOMPARE(chart.displayedGuides().bands.size(), std::size_t(1));
    QCOMPARE(chart.displayedGuides().bands.front().low, 180.0);
    QCOMPARE(chart.displayedGuides().lines.size(), std::size_t(1));
    QCOMPARE(chart.displayedGuides().lines.front().value, 120.0);
    QVERIFY(chart.emptyText().isEmpty());
    QVERIFY(!child<QLabel>(chart, u"emptyState"_s)->isVisible());

    // Heart rate: two out of range.
    QTest::mouseClick(child<QToolButton>(chart, u"kindHeartRate"_s), Qt::LeftButton);
    QCOMPARE(chart.kind(), VitalKind::HeartRate);
    QTRY_COMPARE(chart.readingCount(), 3);
    QTRY_VERIFY(!chart.isLoading());
    QCOMPARE(chart.displayedPoints(Layer::Primary).size(), 3);
    QCOMPARE(chart.displayedPoints(Layer::Secondary).size(), 0);
    QCOMPARE(chart.displayedPoints(Layer::OutOfRange).size(), 2);
    QCOMPARE(chart.displayedPoints(Layer::Manual).size(), 0);
    QCOMPARE(chart.displayedGuides().bands.size(), std::size_t(2));

    // Weight is shown in lb, temperature in °F.
    QTest::mouseClick(child<QToolButton>(chart, u"kindWeight"_s), Qt::LeftButton);
    QTRY_COMPARE(chart.displayedPoints(Layer::Primary).size(), 1);
    QVERIFY(std::abs(chart.displayedPoints(Layer::Primary).front().y() - 176.37) < 0.01);
    QTest::mouseClick(child<QToolButton>(chart, u"kindTemperature"_s), Qt::LeftButton);
    QTRY_COMPARE(chart.displayedPoints(Layer::Primary).size(), 1);
    QVERIFY(std::abs(chart.displayedPoints(Layer::Primary).front().y() - 98.6) < 1e-9);

    // Back to blood pressure, last 7 days: Mar 14-20 and the one typed in on the 15th.
    QTest::mouseClick(child<QToolButton>(chart, u"kindBloodPressure"_s), Qt::LeftButton);
    QTest::mouseClick(child<QToolButton>(chart, u"range7Days"_s), Qt::LeftButton);
    QCOMPARE(chart.rangePreset(), VitalsChart::RangePreset::Last7Days);
    QTRY_VERIFY(!chart.isLoading());
    QCOMPARE(chart.readingCount(), 8);
    QCOMPARE(chart.displayedPoints(Layer::OutOfRange).size(), 0);
    QCOMPARE(chart.selectedRange().startMs, nyMs(QDate(2026, 3, 14), QTime(0, 0)));
    QCOMPARE(chart.selectedRange().endMs, nyMs(QDate(2026, 3, 21), QTime(0, 0)));

    // A year reaches the January reading (loaded again: the 7 days did not cover it).
    QTest::mouseClick(child<QToolButton>(chart, u"range1Year"_s), Qt::LeftButton);
    QTRY_COMPARE(chart.readingCount(), 13);
    QTest::mouseClick(child<QToolButton>(chart, u"range90Days"_s), Qt::LeftButton);
    QTRY_COMPARE(chart.readingCount(), 13);
}

void TestVitalsChart::customRangeUsesTheDateEdits()
{
    VitalsChart chart(m_clock);
    chart.resize(1200, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.loadPatient(m_temp->path(), m_patient, {}, kNewYork);
    QTRY_VERIFY(!chart.isLoading());

    auto *first = child<QDateEdit>(chart, u"customFirst"_s);
    auto *last = child<QDateEdit>(chart, u"customLast"_s);
    QVERIFY(first && last);
    QVERIFY(!first->isVisible());
    QTest::mouseClick(child<QToolButton>(chart, u"rangeCustom"_s), Qt::LeftButton);
    QVERIFY(first->isVisible() && last->isVisible());
    QCOMPARE(first->date(), QDate(2026, 2, 19)); // starts from what was on screen
    QCOMPARE(last->date(), QDate(2026, 3, 20));

    first->setDate(QDate(2026, 3, 12));
    last->setDate(QDate(2026, 3, 13));
    QTRY_VERIFY(!chart.isLoading());
    QCOMPARE(chart.readingCount(), 3); // 12th, 13th and the crisis on the 12th
    QCOMPARE(chart.displayedPoints(Layer::OutOfRange).size(), 1);
    QCOMPARE(chart.selectedRange().startMs, nyMs(QDate(2026, 3, 12), QTime(0, 0)));
    QCOMPARE(chart.selectedRange().endMs, nyMs(QDate(2026, 3, 14), QTime(0, 0)));
}

void TestVitalsChart::emptyStateNamesKindAndRange()
{
    VitalsChart chart(m_clock);
    chart.resize(1100, 450);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.loadPatient(m_temp->path(), m_emptyPatient, {}, kNewYork);
    QTRY_VERIFY(!chart.isLoading());
    auto *label = child<QLabel>(chart, u"emptyState"_s);
    QCOMPARE(chart.emptyText(), u"No blood pressure readings in the last 30 days"_s);
    QCOMPARE(label->text(), chart.emptyText());
    QVERIFY(label->isVisible());

    QTest::mouseClick(child<QToolButton>(chart, u"kindGlucose"_s), Qt::LeftButton);
    QTest::mouseClick(child<QToolButton>(chart, u"range1Year"_s), Qt::LeftButton);
    QTRY_VERIFY(!chart.isLoading());
    QCOMPARE(label->text(), u"No glucose readings in the last year"_s);
    // The patient's limits are drawn even without readings.
    QCOMPARE(chart.displayedGuides().bands.size(), std::size_t(3));

    chart.setCustomRange(QDate(2026, 3, 1), QDate(2026, 3, 14));
    QTRY_VERIFY(!chart.isLoading());
    QCOMPARE(label->text(), u"No glucose readings from Mar 1, 2026 to Mar 14, 2026"_s);

    // A database that cannot be opened says so instead of pretending there is no data.
    chart.loadPatient(u"/nonexistent/folder/vitaldesk.sqlite"_s, m_patient, {}, kNewYork);
    QTRY_VERIFY(!chart.isLoading());
    QVERIFY2(label->text().startsWith(u"Could not load readings"_s), qPrintable(label->text()));
}

void TestVitalsChart::longSeriesAreDownsampledAndZoomShowsDetail()
{
    VitalsChart chart(m_clock);
    chart.resize(1366, 600);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const qint64 now = m_clock.nowUtcMs();
    auto readings = perMinuteHeartRate(now, 90);
    const std::size_t spike = readings.size() / 3 + 17;
    readings[spike].value1 = 160;
    const qint64 spikeMs = readings[spike].takenAtMs;
    chart.setReadings(std::move(readings), {}, kNewYork);
    chart.setKind(VitalKind::HeartRate);
    QTest::mouseClick(child<QToolButton>(chart, u"range90Days"_s), Qt::LeftButton);

    const qsizetype total = chart.readingCount();
    QVERIFY(total > 120'000);
    const auto points = chart.displayedPoints(Layer::Primary);
    QVERIFY2(points.size() <= 2 * 1366 + 2, qPrintable(QString::number(points.size())));
    QVERIFY(points.size() >= 500);
    const auto isSpike = [spikeMs](const QPointF &p) { return qint64(p.x()) == spikeMs; };
    QVERIFY2(std::any_of(points.begin(), points.end(), isSpike), "the 160 /min spike is drawn");
    QCOMPARE(chart.displayedPoints(Layer::OutOfRange).size(), 1);
    for (qsizetype i = 1; i < points.size(); ++i)
        QVERIFY(points[i - 1].x() <= points[i].x());

    // Zoomed to one day every reading of that day is drawn, straight from the full data.
    const double dayStart = double(nyMs(QDate(2026, 3, 1), QTime(0, 0)));
    const double dayEnd = double(nyMs(QDate(2026, 3, 2), QTime(0, 0)));
    chart.setVisibleRange(dayStart, dayEnd);
    QVERIFY(chart.isZoomed());
    QVERIFY(child<QToolButton>(chart, u"resetZoom"_s)->isEnabled());
    QCOMPARE(chart.displayedPoints(Layer::Primary).size(), 24 * 60 + 1); // both midnights
    QTest::mouseClick(child<QToolButton>(chart, u"resetZoom"_s), Qt::LeftButton);
    QVERIFY(!chart.isZoomed());
    QCOMPARE(chart.displayedPoints(Layer::Primary).size(), points.size());

    // Zoom stops at 10 minutes and never leaves the selected range.
    chart.setVisibleRange(dayStart, dayStart + 1000);
    QCOMPARE(chart.visibleRange().endMs - chart.visibleRange().startMs, 10 * 60 * 1000);
    chart.panBy(-1e12);
    QCOMPARE(chart.visibleRange().startMs, chart.selectedRange().startMs);

    // LTTB is available too and keeps this spike as well.
    chart.resetZoom();
    chart.setDownsampleMethod(vd::ui::downsample::Method::Lttb);
    const auto lttb = chart.displayedPoints(Layer::Primary);
    QVERIFY(lttb.size() <= 2 * 1366 + 2);
    QVERIFY(std::any_of(lttb.begin(), lttb.end(), isSpike));
}

void TestVitalsChart::mouseAndKeysZoomAndPan()
{
    VitalsChart chart(m_clock);
    chart.resize(1200, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setReadings(perMinuteHeartRate(m_clock.nowUtcMs(), 30), {}, kNewYork);
    chart.setKind(VitalKind::HeartRate);
    auto *view = chart.findChild<QAbstractScrollArea *>(u"chartView"_s);
    QVERIFY(view);
    QWidget *area = view->viewport();

    // Rubber band from 1/4 to 1/2 of the plot.
    const double start = double(chart.selectedRange().startMs);
    const double whole = double(chart.selectedRange().endMs - chart.selectedRange().startMs);
    const QPoint a = area->mapFrom(&chart, chart.mapToWidget(start + whole / 4, 70));
    const QPoint b = area->mapFrom(&chart, chart.mapToWidget(start + whole / 2, 70));
    QTest::mousePress(area, Qt::LeftButton, {}, a);
    QTest::mouseMove(area, b);
    QTest::mouseRelease(area, Qt::LeftButton, {}, b);
    QVERIFY(chart.isZoomed());
    const double span = double(chart.visibleRange().endMs - chart.visibleRange().startMs);
    QVERIFY2(std::abs(span / whole - 0.25) < 0.02, qPrintable(QString::number(span / whole)));

    // Arrow keys pan by a fifth of the span; Home resets.
    const qint64 before = chart.visibleRange().startMs;
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Right);
    QVERIFY(std::abs(double(chart.visibleRange().startMs - before) - span * 0.2) < 60'000);
    QTest::keyClick(view, Qt::Key_Minus);
    QVERIFY(chart.visibleRange().endMs - chart.visibleRange().startMs > qint64(span * 1.9));
    QTest::keyClick(view, Qt::Key_Home);
    QVERIFY(!chart.isZoomed());

    // Another kind keeps the zoomed window; another range starts from the whole range.
    chart.setVisibleRange(start + whole / 2, start + whole * 3 / 4);
    const vd::UtcRange zoomed = chart.visibleRange();
    QTest::mouseClick(chart.findChild<QToolButton *>(u"kindBloodPressure"_s), Qt::LeftButton);
    QCOMPARE(chart.visibleRange().startMs, zoomed.startMs);
    QCOMPARE(chart.visibleRange().endMs, zoomed.endMs);
    QTest::mouseClick(chart.findChild<QToolButton *>(u"range7Days"_s), Qt::LeftButton);
    QVERIFY(!chart.isZoomed());
}

void TestVitalsChart::hoverShowsValueUnitAndPracticeLocalTime()
{
    VitalsChart chart(m_clock);
    chart.resize(1100, 450);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const qint64 crisis = nyMs(QDate(2026, 3, 12), QTime(8, 30));
    const qint64 typed = nyMs(QDate(2026, 3, 15), QTime(19, 0));
    std::vector<vd::Reading> readings{
        reading(u"bp"_s, 128, 82, nyMs(QDate(2026, 3, 3), QTime(8, 14))),
        reading(u"bp"_s, 186, 95, crisis),
        reading(u"bp"_s, 142, 91, typed, u"manual"_s),
        reading(u"bp"_s, 131, 84, nyMs(QDate(2025, 12, 30), QTime(21, 5))),
        reading(u"weight"_s, 80, std::nullopt, nyMs(QDate(2026, 3, 10), QTime(7, 0))),
    };
    chart.setReadings(readings, {}, kNewYork);
    QCOMPARE(
        chart.hoverTextAt(chart.mapToWidget(double(nyMs(QDate(2026, 3, 3), QTime(8, 14))), 128)),
        u"128/82 mmHg · Tue Mar 3, 08:14"_s);
    // The diastolic point answers for the same reading.
    QCOMPARE(chart.hoverTextAt(chart.mapToWidget(double(crisis), 95)),
             u"186/95 mmHg · Thu Mar 12, 08:30\nOutside the patient's alert limits"_s);
    QCOMPARE(chart.hoverTextAt(chart.mapToWidget(double(typed), 142) + QPoint(3, -2)),
             u"142/91 mmHg · Sun Mar 15, 19:00\nEntered by hand"_s);
    // Far from any point: nothing.
    QVERIFY(chart.hoverTextAt(chart.mapToWidget(double(typed) + 2.5 * 86'400'000, 60)).isEmpty());

    // Another year shows its year; times follow the practice's zone, not the machine's.
    chart.setReadings(readings, {}, QTimeZone("America/Los_Angeles"));
    chart.setRangePreset(VitalsChart::RangePreset::Last90Days);
    QCOMPARE(chart.hoverTextAt(chart.mapToWidget(double(crisis), 186)).section(u'\n', 0, 0),
             u"186/95 mmHg · Thu Mar 12, 05:30"_s);
    QCOMPARE(
        chart.hoverTextAt(chart.mapToWidget(double(nyMs(QDate(2025, 12, 30), QTime(21, 5))), 131)),
        u"131/84 mmHg · Tue Dec 30 2025, 18:05"_s);
    chart.setKind(VitalKind::Weight);
    QCOMPARE(chart.hoverTextAt(chart.mapToWidget(double(nyMs(QDate(2026, 3, 10), QTime(7, 0))),
                                                 vd::ui::toDisplayUnit(VitalKind::Weight, 80))),
             u"176.4 lb · Tue Mar 10, 04:00"_s);

    // Moving the mouse there rings the point and shows the tooltip.
    chart.setKind(VitalKind::BloodPressure);
    QWidget *area = chart.findChild<QAbstractScrollArea *>(u"chartView"_s)->viewport();
    // (A QMouseEvent of our own: QTest::mouseMove misplaces the pointer when
    // QT_SCALE_FACTOR is set.)
    const QPointF at = area->mapFrom(&chart, chart.mapToWidget(double(crisis), 186));
    QMouseEvent move(QEvent::MouseMove, at, area->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(area, &move);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY(QToolTip::text().startsWith(u"186/95 mmHg"_s));
}

void TestVitalsChart::rendersAtScreenSize_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addRow("1366x768") << QSize(1366, 768);
    QTest::addRow("1100x450") << QSize(1100, 450);
}

void TestVitalsChart::rendersAtScreenSize()
{
    QFETCH(QSize, size);
    VitalsChart chart(m_clock);
    chart.resize(size);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.loadPatient(m_temp->path(), m_patient,
                      vd::billing::AlertThresholds::forConditions({u"I10"_s}), kNewYork);
    QTRY_VERIFY(!chart.isLoading());
    QTest::qWait(20); // let a relayout after the first draw settle
    QCOMPARE(chart.legendTexts(),
             (QStringList{u"Systolic"_s, u"Diastolic"_s, u"Entered by hand"_s, u"Out of range"_s,
                          u"Systolic > 180"_s, u"Diastolic > 120"_s}));
    const QImage image = chart.grab().toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), size * image.devicePixelRatio());

    // Not blank: the lines, the red crisis marker and the alert band are there.
    int blue = 0;
    int red = 0;
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c = image.pixelColor(x, y);
            colours.insert(c.rgb());
            if (c.blue() > 140 && c.red() < 80 && c.green() < 130)
                ++blue;
            if (c.red() > 190 && c.green() < 80 && c.blue() < 80)
                ++red;
        }
    }
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    QVERIFY2(blue > 20, qPrintable(QString::number(blue)));
    QVERIFY2(red > 5, qPrintable(QString::number(red)));

    if (const QByteArray dir = qgetenv("VITALDESK_SCREENSHOT_DIR"); !dir.isEmpty()) {
        image.save(u"%1/vitalschart-%2x%3@%4.png"_s.arg(QString::fromLocal8Bit(dir))
                       .arg(size.width())
                       .arg(size.height())
                       .arg(image.devicePixelRatio()));
    }
}

QTEST_MAIN(TestVitalsChart)
#include "tst_vitalschart.moc"
