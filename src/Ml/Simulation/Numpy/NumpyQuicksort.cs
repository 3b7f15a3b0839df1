using System.Runtime.CompilerServices;

namespace FraudActors.Ml.Simulation.Numpy;

/// <summary>
/// numpy's <c>argsort(kind='quicksort')</c> for 64-bit integer keys (and datetime64 without NaT, which compares
/// the same way): an introsort that is not stable, so equal keys end up in the order this exact algorithm leaves
/// them. pandas' <c>sort_values</c> uses it by default, which is how the handbook numbers its transactions.
/// </summary>
/// <remarks>
/// Ported from numpy's <c>npysort/quicksort.cpp</c> (<c>aquicksort_</c>) and <c>npysort_heapsort.h</c>
/// (<c>aheapsort_</c>): median-of-three partitioning, insertion sort below 16 elements, the larger partition
/// pushed on a stack, heapsort once the depth budget 2·⌊log₂ n⌋ is spent.
/// </remarks>
internal static class NumpyQuicksort
{
    private const int SmallQuicksort = 15;

    /// <summary>The permutation that sorts <paramref name="keys"/>, as numpy's quicksort argsort returns it.</summary>
    public static int[] ArgSort(ReadOnlySpan<long> keys)
    {
        var order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        ArgSort(keys, order);
        return order;
    }

    /// <summary>Sorts the indices <paramref name="order"/> (into <paramref name="keys"/>) in place, as numpy does.</summary>
    public static void ArgSort(ReadOnlySpan<long> keys, Span<int> order) => IntroSort(order, new IndirectKeys(keys));

    /// <summary>
    /// <see cref="ArgSort(ReadOnlySpan{long})"/> for keys that fit in 32 unsigned bits (and at most 2³¹ of them),
    /// faster: each index travels packed with its key, so comparisons read the array being sorted instead of
    /// jumping into the keys. Same comparisons, same moves, same result.
    /// </summary>
    public static int[] ArgSort(ReadOnlySpan<uint> keys)
    {
        var packed = new ulong[keys.Length];
        for (int i = 0; i < packed.Length; i++)
        {
            packed[i] = ((ulong)keys[i] << 32) | (uint)i;
        }

        IntroSort(packed.AsSpan(), default(PackedKeys));
        var order = new int[packed.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = (int)(uint)packed[i];
        }

        return order;
    }

    /// <summary>numpy's <c>aquicksort_</c>: <typeparamref name="TOrder"/> compares items by their keys alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void IntroSort<T, TOrder>(Span<T> order, TOrder v)
        where TOrder : IKeyOrder<T>, allows ref struct
    {
        int count = order.Length;
        if (count < 2)
        {
            return;
        }

        Span<int> stack = stackalloc int[128];
        Span<int> depths = stackalloc int[64];
        int stackTop = 0;
        int depthTop = 0;
        int pl = 0;
        int pr = count - 1;
        int depthBudget = 2 * System.Numerics.BitOperations.Log2((uint)count);

        while (true)
        {
            if (depthBudget < 0)
            {
                HeapSort(order.Slice(pl, pr - pl + 1), v);
            }
            else
            {
                while (pr - pl > SmallQuicksort)
                {
                    int pm = pl + ((pr - pl) >> 1);
                    if (v.Less(order[pm], order[pl]))
                    {
                        Swap(order, pm, pl);
                    }

                    if (v.Less(order[pr], order[pm]))
                    {
                        Swap(order, pr, pm);
                    }

                    if (v.Less(order[pm], order[pl]))
                    {
                        Swap(order, pm, pl);
                    }

                    T pivot = order[pm];
                    int pi = pl;
                    int pj = pr - 1;
                    Swap(order, pm, pj);
                    while (true)
                    {
                        do
                        {
                            pi++;
                        }
                        while (v.Less(order[pi], pivot));

                        do
                        {
                            pj--;
                        }
                        while (v.Less(pivot, order[pj]));

                        if (pi >= pj)
                        {
                            break;
                        }

                        Swap(order, pi, pj);
                    }

                    Swap(order, pi, pr - 1);

                    // Push the larger partition, go on with the smaller.
                    if (pi - pl < pr - pi)
                    {
                        stack[stackTop++] = pi + 1;
                        stack[stackTop++] = pr;
                        pr = pi - 1;
                    }
                    else
                    {
                        stack[stackTop++] = pl;
                        stack[stackTop++] = pi - 1;
                        pl = pi + 1;
                    }

                    depths[depthTop++] = --depthBudget;
                }

                for (int pi = pl + 1; pi <= pr; pi++)
                {
                    T item = order[pi];
                    int pj = pi;
                    int pk = pi - 1;
                    while (pj > pl && v.Less(item, order[pk]))
                    {
                        order[pj--] = order[pk--];
                    }

                    order[pj] = item;
                }
            }

            if (stackTop == 0)
            {
                break;
            }

            pr = stack[--stackTop];
            pl = stack[--stackTop];
            depthBudget = depths[--depthTop];
        }
    }

    /// <summary>numpy's <c>aheapsort_</c> over one slice of the order.</summary>
    internal static void HeapSort(ReadOnlySpan<long> keys, Span<int> order) => HeapSort(order, new IndirectKeys(keys));

    private static void HeapSort<T, TOrder>(Span<T> order, TOrder v)
        where TOrder : IKeyOrder<T>, allows ref struct
    {
        int n = order.Length;

        // The algorithm indexes from 1: a[i] is order[i - 1].
        for (int l = n >> 1; l > 0; l--)
        {
            T tmp = order[l - 1];
            int i = l;
            for (int j = l << 1; j <= n;)
            {
                if (j < n && v.Less(order[j - 1], order[j]))
                {
                    j++;
                }

                if (v.Less(tmp, order[j - 1]))
                {
                    order[i - 1] = order[j - 1];
                    i = j;
                    j += j;
                }
                else
                {
                    break;
                }
            }

            order[i - 1] = tmp;
        }

        for (; n > 1;)
        {
            T tmp = order[n - 1];
            order[n - 1] = order[0];
            n--;
            int i = 1;
            for (int j = 2; j <= n;)
            {
                if (j < n && v.Less(order[j - 1], order[j]))
                {
                    j++;
                }

                if (v.Less(tmp, order[j - 1]))
                {
                    order[i - 1] = order[j - 1];
                    i = j;
                    j += j;
                }
                else
                {
                    break;
                }
            }

            order[i - 1] = tmp;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Swap<T>(Span<T> order, int a, int b) => (order[a], order[b]) = (order[b], order[a]);

    /// <summary>numpy's <c>Tag::less</c> on the keys of two items being sorted.</summary>
    private interface IKeyOrder<in T>
    {
        bool Less(T a, T b);
    }

    /// <summary>Items are indices into the keys.</summary>
    private readonly ref struct IndirectKeys(ReadOnlySpan<long> keys) : IKeyOrder<int>
    {
        private readonly ReadOnlySpan<long> keys = keys;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Less(int a, int b) => keys[a] < keys[b];
    }

    /// <summary>Items are key ≪ 32 | index; only the keys are compared.</summary>
    private readonly struct PackedKeys : IKeyOrder<ulong>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Less(ulong a, ulong b) => (a >> 32) < (b >> 32);
    }
}
