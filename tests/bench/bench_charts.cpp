// Vitals chart: a year of per-minute readings (500,000 points, what a continuous monitor
// sends) drawn by the VitalsChart widget. Target: the whole draw path under 100 ms.
//
//   BM_Downsample*      the algorithms alone, 500,000 points to 2,000
//   BM_ChartSetReadings readings in -> series replaced (split by kind, unit conversion,
//                       alert flags, min/max per pixel column, QXYSeries::replace)
//   BM_ChartRepaint     a forced repaint of the 1200x500 widget (QWidget::grab)
//   BM_ChartDrawYear    both: the whole draw path a nurse waits for
//   BM_ChartZoomMonth   zooming to a month: re-downsampling the visible range + repaint
//
// Runs offscreen (QT_QPA_PLATFORM=offscreen unless set), no OpenGL.

#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>
#include <vector>

#include <QApplication>
#include <QImage>
#include <QPixmap>
#include <QTimeZone>

#include <benchmark/benchmark.h>

#include "billing/clinicalalerts.h"
#include "store/clock.h"
#include "ui/downsample.h"
#include "ui/vitalschart.h"

namespace {
using namespace Qt::Literals::StringLiterals;

constexpr std::int64_t kPoints = 500'000;
constexpr qint64 kMinuteMs = 60'000;
constexpr int kWidth = 1200;
constexpr int kHeight = 500;

class FixedClock final : public vd::Clock
{
public:
    QDateTime nowUtc() const override
    {
        return QDateTime(QDate(2026, 3, 20), QTime(15, 0), QTimeZone::utc());
    }
    qint64 monotonicMs() const override { return 0; }
};

const FixedClock &clock()
{
    static const FixedClock c;
    return c;
}

const QTimeZone &zone()
{
    static const QTimeZone z("America/New_York");
    return z;
}

// Blood pressure or heart rate every minute up to now: a daily rhythm, noise, and one
// out-of-range value every 10,007 minutes.
const std::vector<vd::Reading> &yearPerMinute(bool bloodPressure)
{
    static std::vector<vd::Reading> cache[2];
    std::vector<vd::Reading> &out = cache[bloodPressure ? 1 : 0];
    if (!out.empty())
        return out;
    out.reserve(kPoints);
    const qint64 end = clock().nowUtcMs();
    std::uint32_t seed = 7;
    for (std::int64_t i = 0; i < kPoints; ++i) {
        seed = seed * 1664525u + 1013904223u;
        const double noise = double(seed >> 8) / double(1u << 24) * 6.0 - 3.0;
        const double rhythm = std::sin(double(i) * 2 * std::numbers::pi / 1440.0);
        vd::Reading r;
        r.patientId = 1;
        r.takenAtMs = end - (kPoints - i) * kMinuteMs;
        if (bloodPressure) {
            r.kind = u"bp"_s;
            r.value1 = 128 + 10 * rhythm + noise;
            r.value2 = 82 + 6 * rhythm + noise / 2;
            if (i % 10'007 == 5000)
                r.value1 = 192;
        } else {
            r.kind = u"heart_rate"_s;
            r.value1 = 72 + 8 * rhythm + noise;
            if (i % 10'007 == 5000)
                r.value1 = 134;
        }
        if (i % 50'000 == 123)
            r.source = u"manual"_s;
        out.push_back(r);
    }
    return out;
}

struct XY
{
    std::vector<double> x;
    std::vector<double> y;
};

const XY &yearXY()
{
    static const XY xy = [] {
        XY out;
        for (const vd::Reading &r : yearPerMinute(false)) {
            out.x.push_back(double(r.takenAtMs));
            out.y.push_back(r.value1);
        }
        return out;
    }();
    return xy;
}

// One chart widget for all benchmarks, shown offscreen at 1200x500 and laid out.
std::unique_ptr<vd::ui::VitalsChart> g_chart;

vd::ui::VitalsChart &chartWidget()
{
    if (!g_chart) {
        g_chart = std::make_unique<vd::ui::VitalsChart>(clock());
        g_chart->resize(kWidth, kHeight);
        g_chart->setRangePreset(vd::ui::VitalsChart::RangePreset::LastYear);
        g_chart->show();
        for (int i = 0; i < 5; ++i)
            QCoreApplication::processEvents();
    }
    return *g_chart;
}

vd::ui::VitalKind kindOf(const benchmark::State &state)
{
    return state.range(0) ? vd::ui::VitalKind::BloodPressure : vd::ui::VitalKind::HeartRate;
}

void settle()
{
    QCoreApplication::processEvents();
}

void BM_DownsampleMinMax(benchmark::State &state)
{
    const XY &xy = yearXY();
    for (auto _ : state) {
        auto out = vd::ui::downsample::minMaxPerBucket(xy.x, xy.y, 2000);
        benchmark::DoNotOptimize(out.data());
        state.counters["points_out"] = double(out.size());
    }
    state.SetItemsProcessed(state.iterations() * kPoints);
}
BENCHMARK(BM_DownsampleMinMax)->Unit(benchmark::kMillisecond);

void BM_DownsampleLttb(benchmark::State &state)
{
    const XY &xy = yearXY();
    for (auto _ : state) {
        auto out = vd::ui::downsample::largestTriangleThreeBuckets(xy.x, xy.y, 2000);
        benchmark::DoNotOptimize(out.data());
        state.counters["points_out"] = double(out.size());
    }
    state.SetItemsProcessed(state.iterations() * kPoints);
}
BENCHMARK(BM_DownsampleLttb)->Unit(benchmark::kMillisecond);

void BM_ChartSetReadings(benchmark::State &state)
{
    vd::ui::VitalsChart &chart = chartWidget();
    chart.setKind(kindOf(state));
    const auto &readings = yearPerMinute(state.range(0) != 0);
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<vd::Reading> copy = readings;
        state.ResumeTiming();
        chart.setReadings(std::move(copy), {}, zone());
    }
    state.counters["readings"] = double(chart.readingCount());
    state.counters["points_drawn"] =
        double(chart.displayedPoints(vd::ui::VitalsChart::Layer::Primary).size());
    settle();
}
BENCHMARK(BM_ChartSetReadings)->Arg(0)->Arg(1)->ArgName("bp")->Unit(benchmark::kMillisecond);

void BM_ChartRepaint(benchmark::State &state)
{
    vd::ui::VitalsChart &chart = chartWidget();
    chart.setKind(kindOf(state));
    chart.setReadings(yearPerMinute(state.range(0) != 0), {}, zone());
    settle();
    for (auto _ : state) {
        QImage image = chart.grab().toImage();
        benchmark::DoNotOptimize(image.constBits());
    }
}
BENCHMARK(BM_ChartRepaint)->Arg(0)->Arg(1)->ArgName("bp")->Unit(benchmark::kMillisecond);

void BM_ChartDrawYear(benchmark::State &state)
{
    vd::ui::VitalsChart &chart = chartWidget();
    chart.setKind(kindOf(state));
    const auto &readings = yearPerMinute(state.range(0) != 0);
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<vd::Reading> copy = readings;
        state.ResumeTiming();
        chart.setReadings(std::move(copy), {}, zone());
        QImage image = chart.grab().toImage();
        benchmark::DoNotOptimize(image.constBits());
    }
    state.counters["readings"] = double(chart.readingCount());
    state.counters["points_drawn"] =
        double(chart.displayedPoints(vd::ui::VitalsChart::Layer::Primary).size() +
               chart.displayedPoints(vd::ui::VitalsChart::Layer::Secondary).size());
    settle();
}
BENCHMARK(BM_ChartDrawYear)->Arg(0)->Arg(1)->ArgName("bp")->Unit(benchmark::kMillisecond);

void BM_ChartZoomMonth(benchmark::State &state)
{
    vd::ui::VitalsChart &chart = chartWidget();
    chart.setKind(kindOf(state));
    chart.setReadings(yearPerMinute(state.range(0) != 0), {}, zone());
    settle();
    const double end = double(chart.selectedRange().endMs);
    const double month = 30.0 * 24 * 3600 * 1000;
    int i = 0;
    for (auto _ : state) {
        const double shift = double(i++ % 6) * month;
        chart.setVisibleRange(end - shift - month, end - shift);
        QImage image = chart.grab().toImage();
        benchmark::DoNotOptimize(image.constBits());
    }
    chart.resetZoom();
    settle();
}
BENCHMARK(BM_ChartZoomMonth)->Arg(0)->Arg(1)->ArgName("bp")->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    g_chart.reset(); // before the QApplication goes
    return 0;
}
