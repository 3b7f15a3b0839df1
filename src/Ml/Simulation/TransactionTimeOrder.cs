using System.Runtime.CompilerServices;
using FraudActors.Ml.Data;

namespace FraudActors.Ml.Simulation;

/// <summary>
/// Merges the customers' transactions into one array in the simulator's total order — time, then customer id,
/// then the customer's own generation order — and numbers them.
/// </summary>
/// <remarks>
/// Each customer's transactions come day by day, so distributing customers in id order into per-day buckets
/// keeps every bucket in (customer id, own order) order. A bucket's position then serves as the tie-break, and
/// sorting each day on (second of the day, position) gives the total order. Days are independent, so they are
/// sorted in parallel, each within a cache-sized slice.
/// </remarks>
internal static class TransactionTimeOrder
{
    /// <summary>
    /// The ordered, numbered transactions (all genuine) and the simulation day of each.
    /// </summary>
    /// <param name="perCustomer">Each customer's transactions in its generation order (days non-decreasing), indexed by customer id.</param>
    /// <param name="dayCount">Number of simulation days; every transaction lies in [0, dayCount).</param>
    /// <param name="startUnixSeconds">UTC start of day 0.</param>
    /// <param name="cancellationToken">Stops the work between days.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (Transaction[] Transactions, int[] Days) Order(
        GeneratedTransaction[][] perCustomer, int dayCount, long startUnixSeconds, CancellationToken cancellationToken)
    {
        const int secondsPerDay = CustomerTransactionGenerator.SecondsPerDay;
        var dayStarts = new long[dayCount + 1];
        foreach (var own in perCustomer)
        {
            foreach (var generated in own)
            {
                dayStarts[(generated.Seconds / secondsPerDay) + 1]++;
            }
        }

        for (int day = 0; day < dayCount; day++)
        {
            dayStarts[day + 1] += dayStarts[day];
        }

        if (dayStarts[dayCount] > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The simulation would produce {dayStarts[dayCount]} transactions, more than one array can hold ({Array.MaxLength}); use fewer customers or days.");
        }

        int count = (int)dayStarts[dayCount];
        var bucketed = new GeneratedTransaction[count];
        var bucketedCustomer = new int[count];
        var next = Array.ConvertAll(dayStarts[..dayCount], static start => (int)start);
        for (int customer = 0; customer < perCustomer.Length; customer++)
        {
            foreach (var generated in perCustomer[customer])
            {
                int position = next[generated.Seconds / secondsPerDay]++;
                bucketed[position] = generated;
                bucketedCustomer[position] = customer;
            }
        }

        var ordered = new Transaction[count];
        var days = new int[count];
        var sortKeys = new ulong[count];
        Parallel.For(0, dayCount, new ParallelOptions { CancellationToken = cancellationToken }, day =>
        {
            int start = (int)dayStarts[day];
            int length = (int)(dayStarts[day + 1] - start);
            var keys = sortKeys.AsSpan(start, length);
            for (int i = 0; i < length; i++)
            {
                int timeOfDay = bucketed[start + i].Seconds - (day * secondsPerDay);
                keys[i] = ((ulong)(uint)timeOfDay << 32) | (uint)i;
            }

            keys.Sort();
            for (int rank = 0; rank < length; rank++)
            {
                int source = start + (int)(uint)keys[rank];
                var generated = bucketed[source];
                int position = start + rank;
                ordered[position] = new Transaction(
                    position, startUnixSeconds + generated.Seconds, bucketedCustomer[source], generated.TerminalId,
                    generated.AmountCents, false, FraudScenario.None);
                days[position] = day;
            }
        });

        return (ordered, days);
    }
}
