using System.Runtime.CompilerServices;
using FraudActors.Ml.Data;

namespace FraudActors.Ml.Simulation.Numpy;

/// <summary>
/// The book's order: all customers' transactions concatenated in customer id order (each in generation order), then
/// <c>sort_values('TX_DATETIME')</c>, i.e. numpy's unstable quicksort argsort on the time, and numbered in that order.
/// Transactions in the same second therefore end up in the order that exact sort leaves them, not by customer.
/// </summary>
internal static class PandasTimeOrder
{
    /// <summary>The ordered, numbered transactions (all genuine) and the simulation day of each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (Transaction[] Transactions, int[] Days) Order(
        GeneratedTransaction[][] perCustomer, long startUnixSeconds, CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var own in perCustomer)
        {
            total += own.Length;
        }

        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The simulation would produce {total} transactions, more than one array can hold ({Array.MaxLength}); use fewer customers or days.");
        }

        var flat = new GeneratedTransaction[total];
        var customerOf = new int[total];
        var seconds = new uint[total];
        int at = 0;
        for (int customer = 0; customer < perCustomer.Length; customer++)
        {
            foreach (var generated in perCustomer[customer])
            {
                flat[at] = generated;
                customerOf[at] = customer;
                seconds[at] = (uint)generated.Seconds;
                at++;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var order = NumpyQuicksort.ArgSort(seconds);
        cancellationToken.ThrowIfCancellationRequested();

        var ordered = new Transaction[total];
        var days = new int[total];
        for (int position = 0; position < ordered.Length; position++)
        {
            int source = order[position];
            var generated = flat[source];
            ordered[position] = new Transaction(
                position, startUnixSeconds + generated.Seconds, customerOf[source], generated.TerminalId,
                generated.AmountCents, false, FraudScenario.None);
            days[position] = generated.Seconds / CustomerTransactionGenerator.SecondsPerDay;
        }

        return (ordered, days);
    }
}
