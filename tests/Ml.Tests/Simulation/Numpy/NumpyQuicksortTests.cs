using FraudActors.Ml.Simulation.Numpy;

namespace FraudActors.Ml.Tests.Simulation.Numpy;

/// <summary>
/// Expected orders from numpy 1.24.2 (/usr/bin/python3): <c>np.argsort(keys, kind='quicksort')</c> and
/// <c>kind='heapsort'</c>, with the keys drawn by <c>RandomState(4).randint(...)</c>, which
/// <see cref="NumpyRandomState"/> reproduces.
/// </summary>
public sealed class NumpyQuicksortTests
{
    private static readonly long[] SmallKeys = [5, 3, 5, 1, 3, 5, 2, 2, 5, 1, 0, 5, 3, 3, 5, 2, 1, 5, 5, 4, 4, 3, 5, 0, 2];

    [Fact]
    public void Equal_keys_end_in_numpys_unstable_order()
    {
        // keys = np.array(SmallKeys * 3); 75 keys, so partitioning and insertion sort both run.
        long[] keys = [.. SmallKeys, .. SmallKeys, .. SmallKeys];
        int[] expected =
        [
            35, 73, 23, 48, 60, 10, 16, 28, 41, 53, 59, 34, 9, 66, 3, 74, 57, 56, 15, 32, 31, 7, 49, 6, 24, 65, 40, 71, 62, 63, 51, 54, 38, 46, 37, 13, 29, 1, 21, 26, 4, 12, 20, 45, 19, 69, 70, 44, 5, 61, 11, 8, 30, 67, 68, 72, 64, 2, 17, 14, 55, 33, 18, 52, 50, 47, 22, 43, 42, 25, 39, 27, 36, 58, 0,
        ];

        Assert.Equal(expected, NumpyQuicksort.ArgSort(keys));
        Assert.Equal(expected, NumpyQuicksort.ArgSort(Array.ConvertAll(keys, static key => (uint)key)));
    }

    [Fact]
    public void A_hundred_thousand_keys_with_many_ties_sort_as_numpy_does()
    {
        var keys = new NumpyRandomState(4).RandInt(0, 50, 100_000);
        var narrow = Array.ConvertAll(keys, static key => (uint)key);

        Assert.Equal(378951090599142858UL, SequenceHash.Of(NumpyQuicksort.ArgSort(keys).Select(i => (long)i)));
        Assert.Equal(378951090599142858UL, SequenceHash.Of(NumpyQuicksort.ArgSort(narrow).Select(i => (long)i)));
    }

    [Fact]
    public void Distinct_keys_sort_as_numpy_does()
    {
        var keys = new NumpyRandomState(4).RandInt(0, 1L << 40, 30_000);

        Assert.Equal(1377851995880805272UL, SequenceHash.Of(NumpyQuicksort.ArgSort(keys).Select(i => (long)i)));
    }

    [Fact]
    public void The_heapsort_fallback_sorts_as_numpys_heapsort()
    {
        var order = Enumerable.Range(0, SmallKeys.Length).ToArray();
        NumpyQuicksort.HeapSort(SmallKeys, order);
        Assert.Equal([23, 10, 3, 9, 16, 6, 24, 7, 15, 13, 12, 4, 21, 1, 20, 19, 14, 11, 5, 2, 22, 18, 17, 8, 0], order);

        var keys = new NumpyRandomState(4).RandInt(0, 50, 20_000);
        var large = Enumerable.Range(0, keys.Length).ToArray();
        NumpyQuicksort.HeapSort(keys, large);
        Assert.Equal(18146633859763660840UL, SequenceHash.Of(large.Select(i => (long)i)));
    }
}
