#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <QtTest>

#include "ui/downsample.h"

using namespace Qt::Literals::StringLiterals;
using vd::ui::downsample::Method;

Q_DECLARE_METATYPE(Method)

namespace {

constexpr double kStartMs = 1767225600000.0; // 2026-01-01T00:00:00Z
constexpr double kMinuteMs = 60'000.0;

// A year of per-minute readings looks like this: a slow daily rhythm and some noise.
struct Series
{
    std::vector<double> x;
    std::vector<double> y;
};

Series makeSeries(std::size_t n, bool withGaps = false)
{
    Series s;
    s.x.reserve(n);
    s.y.reserve(n);
    std::uint32_t seed = 12345;
    double x = kStartMs;
    for (std::size_t i = 0; i < n; ++i) {
        seed = seed * 1664525u + 1013904223u;
        const double noise = double(seed >> 8) / double(1u << 24) * 8.0 - 4.0;
        s.x.push_back(x);
        s.y.push_back(128 + 12 * std::sin(double(i) / 240.0) + noise);
        x += kMinuteMs;
        if (withGaps && i % 5000 == 4999)
            x += 3 * 24 * 60 * kMinuteMs; // the device was off for three days
    }
    return s;
}

std::vector<std::size_t> run(Method method, const Series &s, std::size_t maxPoints,
                             std::span<const std::size_t> keep = {})
{
    return vd::ui::downsample::downsample(method, s.x, s.y, maxPoints, keep);
}

bool strictlyIncreasing(const std::vector<std::size_t> &indices)
{
    return std::adjacent_find(indices.begin(), indices.end(), std::greater_equal<>()) ==
           indices.end();
}

bool contains(const std::vector<std::size_t> &indices, std::size_t i)
{
    return std::binary_search(indices.begin(), indices.end(), i);
}

} // namespace

class TestDownsample : public QObject
{
    Q_OBJECT

private slots:
    void pointCountIsBounded_data();
    void pointCountIsBounded();
    void smallInputsAreReturnedUnchanged_data();
    void smallInputsAreReturnedUnchanged();
    void singleSpikeSurvives_data();
    void singleSpikeSurvives();
    void everyKeptPointSurvives_data();
    void everyKeptPointSurvives();
    void minMaxCoversEveryOutOfRangeValue();
    void lttbPicksTheLargestTriangle();
    void mismatchedLengthsUseTheShorter();
};

void TestDownsample::pointCountIsBounded_data()
{
    QTest::addColumn<Method>("method");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("maxPoints");
    QTest::addColumn<bool>("gaps");
    for (const auto &[method, name] :
         {std::pair{Method::MinMax, "min/max"}, std::pair{Method::Lttb, "LTTB"}}) {
        QTest::addRow("%s: a year per minute to 2,000", name) << method << 525'600 << 2000 << false;
        QTest::addRow("%s: a year per minute to 2 points per pixel at 1366", name)
            << method << 525'600 << 2 * 1366 << false;
        QTest::addRow("%s: 90 days per minute to 800", name) << method << 129'600 << 800 << false;
        QTest::addRow("%s: 10,001 points to 1,000", name) << method << 10'001 << 1000 << false;
        QTest::addRow("%s: 1,001 points to 1,000", name) << method << 1001 << 1000 << false;
        QTest::addRow("%s: 50,000 points with gaps to 600", name)
            << method << 50'000 << 600 << true;
        QTest::addRow("%s: odd budget 7", name) << method << 5000 << 7 << false;
        QTest::addRow("%s: budget 3", name) << method << 5000 << 3 << false;
        QTest::addRow("%s: budget 2 keeps the ends", name) << method << 5000 << 2 << false;
    }
}

void TestDownsample::pointCountIsBounded()
{
    QFETCH(Method, method);
    QFETCH(int, size);
    QFETCH(int, maxPoints);
    QFETCH(bool, gaps);
    const Series s = makeSeries(std::size_t(size), gaps);
    const auto out = run(method, s, std::size_t(maxPoints));

    QVERIFY2(out.size() <= std::size_t(std::max(maxPoints, 2)),
             qPrintable(u"%1 points for a budget of %2"_s.arg(out.size()).arg(maxPoints)));
    QVERIFY2(out.size() >= std::min<std::size_t>(std::size_t(maxPoints), 2),
             "at least the first and the last point");
    QCOMPARE(out.front(), std::size_t(0));
    QCOMPARE(out.back(), std::size_t(size - 1));
    QVERIFY2(strictlyIncreasing(out), "indices ascending, so x stays monotonic");
    for (std::size_t i = 1; i < out.size(); ++i)
        QVERIFY(s.x[out[i - 1]] <= s.x[out[i]]);
    if (maxPoints >= 100) // the budget is actually used, not just respected
        QVERIFY2(out.size() >= std::size_t(maxPoints) * 9 / 10 || gaps,
                 qPrintable(u"only %1 of %2 points used"_s.arg(out.size()).arg(maxPoints)));
}

void TestDownsample::smallInputsAreReturnedUnchanged_data()
{
    QTest::addColumn<Method>("method");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("maxPoints");
    for (const auto &[method, name] :
         {std::pair{Method::MinMax, "min/max"}, std::pair{Method::Lttb, "LTTB"}}) {
        QTest::addRow("%s: empty", name) << method << 0 << 100;
        QTest::addRow("%s: one point", name) << method << 1 << 100;
        QTest::addRow("%s: two points, budget 0", name) << method << 2 << 0;
        QTest::addRow("%s: three points", name) << method << 3 << 100;
        QTest::addRow("%s: exactly the budget", name) << method << 2000 << 2000;
        QTest::addRow("%s: 30 days of twice-daily BP", name) << method << 60 << 2000;
    }
}

void TestDownsample::smallInputsAreReturnedUnchanged()
{
    QFETCH(Method, method);
    QFETCH(int, size);
    QFETCH(int, maxPoints);
    const Series s = makeSeries(std::size_t(size));
    const auto out = run(method, s, std::size_t(maxPoints));
    QCOMPARE(out.size(), std::size_t(size));
    for (std::size_t i = 0; i < out.size(); ++i)
        QCOMPARE(out[i], i);
}

void TestDownsample::singleSpikeSurvives_data()
{
    QTest::addColumn<Method>("method");
    QTest::addColumn<int>("index");
    QTest::addColumn<double>("value");
    for (const auto &[method, name] :
         {std::pair{Method::MinMax, "min/max"}, std::pair{Method::Lttb, "LTTB"}}) {
        QTest::addRow("%s: systolic 200 in the middle of a year", name)
            << method << 262'817 << 200.0;
        QTest::addRow("%s: systolic 200 near the start", name) << method << 5 << 200.0;
        QTest::addRow("%s: systolic 200 next to the last", name) << method << 499'998 << 200.0;
        QTest::addRow("%s: a drop to 60", name) << method << 123'457 << 60.0;
    }
}

void TestDownsample::singleSpikeSurvives()
{
    QFETCH(Method, method);
    QFETCH(int, index);
    QFETCH(double, value);
    Series s = makeSeries(500'000);
    s.y[std::size_t(index)] = value;
    const auto out = run(method, s, 2000);
    QVERIFY(out.size() <= 2000);
    QVERIFY2(contains(out, std::size_t(index)), "the spike is drawn");
}

void TestDownsample::everyKeptPointSurvives_data()
{
    QTest::addColumn<Method>("method");
    QTest::addColumn<int>("outOfRange");
    for (const auto &[method, name] :
         {std::pair{Method::MinMax, "min/max"}, std::pair{Method::Lttb, "LTTB"}}) {
        QTest::addRow("%s: 1 alert", name) << method << 1;
        QTest::addRow("%s: 300 alerts", name) << method << 300;
        QTest::addRow("%s: 5,000 alerts (more than the budget)", name) << method << 5000;
    }
}

void TestDownsample::everyKeptPointSurvives()
{
    QFETCH(Method, method);
    QFETCH(int, outOfRange);
    Series s = makeSeries(500'000);
    // Out-of-range values that are not extremes of their bucket: 181 next to a 230.
    std::vector<std::size_t> keep;
    for (int k = 0; k < outOfRange; ++k) {
        const std::size_t i = 97 + std::size_t(k) * (499'000 / std::size_t(outOfRange));
        s.y[i] = 181;
        s.y[i + 1] = 230;
        keep.push_back(i);
        keep.push_back(i + 1);
    }
    const auto out = run(method, s, 2000, keep);
    QVERIFY(strictlyIncreasing(out));
    QVERIFY(out.size() <= 2000 + keep.size());
    for (std::size_t i : keep)
        QVERIFY2(contains(out, i), qPrintable(u"out-of-range point %1 dropped"_s.arg(i)));

    // Indices out of the input or in any order are tolerated.
    const std::vector<std::size_t> odd{499'999'999, 7, 3, 7};
    const auto withOdd = run(method, s, 2000, odd);
    QVERIFY(contains(withOdd, 3) && contains(withOdd, 7));
    QVERIFY(strictlyIncreasing(withOdd));
}

void TestDownsample::minMaxCoversEveryOutOfRangeValue()
{
    // Without being told which points matter, min/max still leaves no out-of-range value
    // hidden: each one is drawn, or a point at least as extreme is drawn in the same bucket.
    Series s = makeSeries(500'000);
    std::vector<std::size_t> alerts;
    for (std::size_t i = 1234; i < s.y.size(); i += 7919) {
        s.y[i] = 181 + double(i % 40);
        alerts.push_back(i);
    }
    const std::size_t maxPoints = 2000;
    const auto out = run(Method::MinMax, s, maxPoints);
    const double bucketMs = (s.x.back() - s.x.front()) / double((maxPoints - 2) / 2);
    for (std::size_t i : alerts) {
        const auto near = std::size_t(std::lower_bound(out.begin(), out.end(), i) - out.begin());
        bool covered = false;
        for (std::size_t k = near >= 2 ? near - 2 : 0; k < std::min(near + 3, out.size()); ++k) {
            const std::size_t j = out[k];
            covered = covered || (std::abs(s.x[j] - s.x[i]) <= bucketMs && s.y[j] >= s.y[i]);
        }
        QVERIFY2(covered, qPrintable(u"alert at %1 not visible"_s.arg(i)));
    }
    // The year's highest and lowest values are always drawn.
    const auto [lo, hi] = std::minmax_element(s.y.begin(), s.y.end());
    QVERIFY(contains(out, std::size_t(lo - s.y.begin())));
    QVERIFY(contains(out, std::size_t(hi - s.y.begin())));
}

void TestDownsample::lttbPicksTheLargestTriangle()
{
    const Series s{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {0, 0, 0, 10, 0, 0, 0, 0, 0, 0}};
    const auto out = vd::ui::downsample::largestTriangleThreeBuckets(s.x, s.y, 4);
    QCOMPARE(out, (std::vector<std::size_t>{0, 3, 5, 9}));
}

void TestDownsample::mismatchedLengthsUseTheShorter()
{
    const std::vector<double> x{0, 1, 2, 3, 4};
    const std::vector<double> y{5, 6, 7};
    QCOMPARE(vd::ui::downsample::minMaxPerBucket(x, y, 100).size(), std::size_t(3));
    QCOMPARE(vd::ui::downsample::largestTriangleThreeBuckets(x, y, 100).size(), std::size_t(3));
}

QTEST_GUILESS_MAIN(TestDownsample)
#include "tst_downsample.moc"
