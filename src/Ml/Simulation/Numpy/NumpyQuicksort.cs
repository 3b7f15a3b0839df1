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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ArgSort(ReadOnlySpan<long> keys, Span<int> order)
    {
        int count = order.Length;
        if (count < 2)
        {
            return;
        }

        var v = keys;
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
                HeapSort(v, order.Slice(pl, pr - pl + 1));
            }
            else
            {
                while (pr - pl > SmallQuicksort)
                {
                    int pm = pl + ((pr - pl) >> 1);
                    if (v[order[pm]] < v[order[pl]])
                    {
                        Swap(order, pm, pl);
                    }

                    if (v[order[pr]] < v[order[pm]])
                    {
                        Swap(order, pr, pm);
                    }

                    if (v[order[pm]] < v[order[pl]])
                    {
                        Swap(order, pm, pl);
                    }

                    long pivot = v[order[pm]];
                    int pi = pl;
                    int pj = pr - 1;
                    Swap(order, pm, pj);
                    while (true)
                    {
                        do
                        {
                            pi++;
                        }
                        while (v[order[pi]] < pivot);

                        do
                        {
                            pj--;
                        }
                        while (pivot < v[order[pj]]);

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
                    int vi = order[pi];
                    long value = v[vi];
                    int pj = pi;
                    int pk = pi - 1;
                    while (pj > pl && value < v[order[pk]])
                    {
                        order[pj--] = order[pk--];
                    }

                    order[pj] = vi;
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
    internal static void HeapSort(ReadOnlySpan<long> v, Span<int> order)
    {
        int n = order.Length;

        // The algorithm indexes from 1: a[i] is order[i - 1].
        for (int l = n >> 1; l > 0; l--)
        {
            int tmp = order[l - 1];
            int i = l;
            for (int j = l << 1; j <= n;)
            {
                if (j < n && v[order[j - 1]] < v[order[j]])
                {
                    j++;
                }

                if (v[tmp] < v[order[j - 1]])
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
            int tmp = order[n - 1];
            order[n - 1] = order[0];
            n--;
            int i = 1;
            for (int j = 2; j <= n;)
            {
                if (j < n && v[order[j - 1]] < v[order[j]])
                {
                    j++;
                }

                if (v[tmp] < v[order[j - 1]])
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
    private static void Swap(Span<int> order, int a, int b) => (order[a], order[b]) = (order[b], order[a]);
}
