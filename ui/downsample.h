#pragma once

#include <cstddef>
#include <span>
#include <vector>

// Downsampling of long time series for display. Standard C++ only (no Qt), so the
// benchmarks and tests link it without a widget stack.
//
// Input: x (e.g. UTC epoch milliseconds) and y of the same length, x sorted ascending.
// Output: the indices of the points to draw, strictly ascending (so x stays monotonic),
// always including the first and the last point. Inputs that already fit are returned
// whole; an empty input gives an empty output.
namespace vd::ui::downsample {

enum class Method
{
    // Keeps, for every one of (maxPoints - 2) / 2 equal-width x buckets, the point with the
    // smallest and the one with the largest y. Every local extreme of a bucket survives, so
    // a spike is never lost: use this for clinical data.
    MinMax,
    // Largest-triangle-three-buckets (Steinarsson 2013): one point per bucket, the one that
    // spans the largest triangle with its neighbours. Smoothest-looking trend, but only the
    // most prominent extreme of a bucket survives.
    Lttb,
};

// Min/max per x bucket. Result size <= max(maxPoints, 2) + keep.size().
std::vector<std::size_t> minMaxPerBucket(std::span<const double> x, std::span<const double> y,
                                         std::size_t maxPoints,
                                         std::span<const std::size_t> keep = {});

// Largest-triangle-three-buckets. Result size <= max(maxPoints, 2) + keep.size().
std::vector<std::size_t> largestTriangleThreeBuckets(std::span<const double> x,
                                                     std::span<const double> y,
                                                     std::size_t maxPoints,
                                                     std::span<const std::size_t> keep = {});

// Either of the above. `keep` lists indices (ascending) that must survive whatever the
// method decides, e.g. out-of-range readings; indices outside the input are ignored.
std::vector<std::size_t> downsample(Method method, std::span<const double> x,
                                    std::span<const double> y, std::size_t maxPoints,
                                    std::span<const std::size_t> keep = {});

} // namespace vd::ui::downsample
