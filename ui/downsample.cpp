#include "downsample.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace vd::ui::downsample {

namespace {

std::vector<std::size_t> allIndices(std::size_t n)
{
    std::vector<std::size_t> out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = i;
    return out;
}

std::vector<std::size_t> firstAndLast(std::size_t n)
{
    if (n == 0)
        return {};
    if (n == 1)
        return {0};
    return {0, n - 1};
}

// Adds the indices of `keep` (ascending, possibly with duplicates or out-of-range values)
// to the ascending, duplicate-free `picked`.
std::vector<std::size_t> withKept(std::vector<std::size_t> picked,
                                  std::span<const std::size_t> keep, std::size_t n)
{
    if (keep.empty())
        return picked;
    std::vector<std::size_t> valid;
    valid.reserve(keep.size());
    for (std::size_t k : keep) {
        if (k < n)
            valid.push_back(k);
    }
    if (!std::is_sorted(valid.begin(), valid.end()))
        std::sort(valid.begin(), valid.end());
    std::vector<std::size_t> merged;
    merged.reserve(picked.size() + valid.size());
    std::set_union(picked.begin(), picked.end(), valid.begin(), valid.end(),
                   std::back_inserter(merged));
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    return merged;
}

} // namespace

std::vector<std::size_t> minMaxPerBucket(std::span<const double> x, std::span<const double> y,
                                         std::size_t maxPoints, std::span<const std::size_t> keep)
{
    const std::size_t n = std::min(x.size(), y.size());
    if (n <= std::max<std::size_t>(maxPoints, 2))
        return allIndices(n);
    // First and last are always kept; each bucket adds at most two points.
    const std::size_t buckets = maxPoints >= 4 ? (maxPoints - 2) / 2 : 0;
    if (buckets == 0)
        return withKept(firstAndLast(n), keep, n);

    std::vector<std::size_t> out;
    out.reserve(2 * buckets + 2);
    out.push_back(0);

    const double x0 = x[0];
    const double span = x[n - 1] - x0;
    const double scale = span > 0 ? double(buckets) / span : 0.0;

    const auto flush = [&out](std::size_t minIdx, std::size_t maxIdx) {
        const std::size_t a = std::min(minIdx, maxIdx);
        const std::size_t b = std::max(minIdx, maxIdx);
        if (a != out.back())
            out.push_back(a);
        if (b != out.back())
            out.push_back(b);
    };

    std::size_t bucket = 0;
    std::size_t minIdx = 0;
    std::size_t maxIdx = 0;
    for (std::size_t i = 1; i < n; ++i) {
        const double offset = (x[i] - x0) * scale;
        const std::size_t b =
            std::min(buckets - 1, offset > 0 ? static_cast<std::size_t>(offset) : std::size_t(0));
        if (b != bucket) {
            flush(minIdx, maxIdx);
            bucket = b;
            minIdx = maxIdx = i;
            continue;
        }
        if (y[i] < y[minIdx])
            minIdx = i;
        else if (y[i] > y[maxIdx])
            maxIdx = i;
    }
    flush(minIdx, maxIdx);
    if (out.back() != n - 1)
        out.push_back(n - 1);
    return withKept(std::move(out), keep, n);
}

std::vector<std::size_t> largestTriangleThreeBuckets(std::span<const double> x,
                                                     std::span<const double> y,
                                                     std::size_t maxPoints,
                                                     std::span<const std::size_t> keep)
{
    const std::size_t n = std::min(x.size(), y.size());
    if (n <= std::max<std::size_t>(maxPoints, 2))
        return allIndices(n);
    if (maxPoints < 3)
        return withKept(firstAndLast(n), keep, n);

    std::vector<std::size_t> out;
    out.reserve(maxPoints);
    out.push_back(0);

    // The n - 2 inner points are split into maxPoints - 2 buckets of (fractional) size
    // `every`; bucket i is [floor(i * every) + 1, floor((i + 1) * every) + 1).
    const double every = double(n - 2) / double(maxPoints - 2);
    const auto bucketStart = [every](std::size_t i) {
        return static_cast<std::size_t>(std::floor(double(i) * every)) + 1;
    };
    std::size_t a = 0;
    for (std::size_t i = 0; i + 2 < maxPoints; ++i) {
        const std::size_t from = bucketStart(i);
        const std::size_t to = std::min(bucketStart(i + 1), n - 1);

        // Average of the next bucket (the last point for the last bucket).
        const std::size_t nextFrom = to;
        const std::size_t nextTo = std::min(std::max(bucketStart(i + 2), nextFrom + 1), n);
        double avgX = 0;
        double avgY = 0;
        for (std::size_t j = nextFrom; j < nextTo; ++j) {
            avgX += x[j];
            avgY += y[j];
        }
        const double count = double(nextTo - nextFrom);
        avgX /= count;
        avgY /= count;

        // The point of this bucket with the largest triangle (a, p, average). Coordinates
        // are taken relative to a, which keeps epoch-millisecond x values precise.
        const double ax = x[a];
        const double ay = y[a];
        const double cx = avgX - ax;
        const double cy = avgY - ay;
        double bestArea = -1;
        std::size_t best = from;
        for (std::size_t j = from; j < to; ++j) {
            const double area = std::abs((x[j] - ax) * cy - cx * (y[j] - ay));
            if (area > bestArea) {
                bestArea = area;
                best = j;
            }
        }
        if (from < to && best != out.back()) {
            out.push_back(best);
            a = best;
        }
    }
    if (out.back() != n - 1)
        out.push_back(n - 1);
    return withKept(std::move(out), keep, n);
}

std::vector<std::size_t> downsample(Method method, std::span<const double> x,
                                    std::span<const double> y, std::size_t maxPoints,
                                    std::span<const std::size_t> keep)
{
    switch (method) {
    case Method::MinMax:
        return minMaxPerBucket(x, y, maxPoints, keep);
    case Method::Lttb:
        return largestTriangleThreeBuckets(x, y, maxPoints, keep);
    }
    return minMaxPerBucket(x, y, maxPoints, keep);
}

} // namespace vd::ui::downsample
