using FraudActors.Ml.Data;

namespace FraudActors.Ml.Simulation;

/// <summary>
/// Labels time-ordered transactions with the book's three fraud scenarios, in place.
/// Later scenarios overwrite earlier labels, as in the book.
/// </summary>
internal sealed class FraudInjector
{
    /// <summary>Scenario 3 defrauds ⌊n / 3⌋ of the compromised cards' n transactions (the book's constant).</summary>
    public const int CompromisedCustomerShareDivisor = 3;

    private readonly Transaction[] transactions;
    private readonly int[] days;
    private readonly int customerCount;
    private readonly int terminalCount;
    private TransactionsByKey? byTerminal;
    private TransactionsByKey? byCustomer;

    /// <param name="transactions">Transactions sorted by time; their labels and amounts are changed in place.</param>
    /// <param name="days">The simulation day (0-based) of each transaction.</param>
    /// <param name="customerCount">Customer ids lie in [0, customerCount).</param>
    /// <param name="terminalCount">Terminal ids lie in [0, terminalCount).</param>
    public FraudInjector(Transaction[] transactions, int[] days, int customerCount, int terminalCount)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(days.Length, transactions.Length, nameof(days));
        this.transactions = transactions;
        this.days = days;
        this.customerCount = customerCount;
        this.terminalCount = terminalCount;
    }

    /// <summary>
    /// The book's three scenarios in its order, scenario 2 giving way to <see cref="SimulationOptions.Drift"/>'s wave
    /// from its start day when there is one. Scenarios 2 and 3 draw on days 0 … n − 1 with n from
    /// <see cref="ISimulationRandomness.ScenarioDrawDays"/>: the book loops over <c>range(TX_TIME_DAYS.max())</c>.
    /// Each day has its own random streams, as the book seeds each day's draws with the day.
    /// </summary>
    public void ApplyAll(SimulationOptions options, ISimulationRandomness randomness, CancellationToken cancellationToken)
    {
        ApplyLargeAmount(options.LargeAmountThresholdCents);
        int drawDays = randomness.ScenarioDrawDays(days, options.Days);

        Span<int> compromisedTerminals = new int[options.CompromisedTerminalsPerDay];
        var drift = options.Drift;
        Span<int> waveTerminals = new int[drift?.CompromisedTerminalsPerDay ?? 0];
        for (int day = 0; day < drawDays; day++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (drift is not null && day >= drift.StartDay)
            {
                // The drift replaces scenario 2's draws from its start day, in scenario 2's place in the order.
                var draws = RandomDraws.For(options.Seed, RandomStream.DriftTerminals, day);
                draws.SampleDistinct(terminalCount, waveTerminals);
                foreach (int terminal in waveTerminals)
                {
                    CardTestTerminal(terminal, day, drift.TerminalCompromiseDays, drift.MaxFraudAmountCents, draws);
                }

                continue;
            }

            randomness.CompromisedTerminals(day).SampleDistinct(terminalCount, compromisedTerminals);
            foreach (int terminal in compromisedTerminals)
            {
                CompromiseTerminal(terminal, day, options.TerminalCompromiseDays);
            }
        }

        Span<int> compromisedCustomers = new int[options.CompromisedCustomersPerDay];
        for (int day = 0; day < drawDays; day++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var draws = randomness.CompromisedCustomers(day);
            draws.SampleDistinct(customerCount, compromisedCustomers);
            CompromiseCustomers(compromisedCustomers, day, options.CustomerCompromiseDays, options.CompromisedAmountMultiplier, draws);
        }
    }

    /// <summary>Scenario 1: every amount strictly above the threshold becomes fraud. Returns how many.</summary>
    public int ApplyLargeAmount(long thresholdCents)
    {
        int marked = 0;
        for (int i = 0; i < transactions.Length; i++)
        {
            if (transactions[i].AmountCents > thresholdCents)
            {
                transactions[i] = transactions[i] with { IsFraud = true, Scenario = FraudScenario.LargeAmount };
                marked++;
            }
        }

        return marked;
    }

    /// <summary>
    /// Scenario 2 for one terminal: all its transactions on days <paramref name="firstDay"/> …
    /// <paramref name="firstDay"/> + <paramref name="dayCount"/> − 1 become fraud. Returns how many.
    /// </summary>
    public int CompromiseTerminal(int terminalId, int firstDay, int dayCount)
    {
        byTerminal ??= new TransactionsByKey(Keys(static t => t.TerminalId), terminalCount);
        var window = InWindow(byTerminal.Of(terminalId), firstDay, dayCount);
        foreach (int position in window)
        {
            transactions[position] = transactions[position] with { IsFraud = true, Scenario = FraudScenario.CompromisedTerminal };
        }

        return window.Length;
    }

    /// <summary>
    /// The concept-drift wave (<see cref="ConceptDrift"/>) for one terminal: all its transactions on days
    /// <paramref name="firstDay"/> … <paramref name="firstDay"/> + <paramref name="dayCount"/> − 1 become fraud with an
    /// amount uniform on 1 … <paramref name="maxAmountCents"/> cents, drawn in transaction order. Returns how many.
    /// </summary>
    public int CardTestTerminal(int terminalId, int firstDay, int dayCount, int maxAmountCents, RandomDraws draws)
    {
        byTerminal ??= new TransactionsByKey(Keys(static t => t.TerminalId), terminalCount);
        var window = InWindow(byTerminal.Of(terminalId), firstDay, dayCount);
        foreach (int position in window)
        {
            transactions[position] = transactions[position] with
            {
                AmountCents = 1 + draws.Index(maxAmountCents),
                IsFraud = true,
                Scenario = FraudScenario.CardTestingTerminal,
            };
        }

        return window.Length;
    }

    /// <summary>
    /// Scenario 3 for one day's draw: of all n transactions of <paramref name="customerIds"/> on days
    /// <paramref name="firstDay"/> … <paramref name="firstDay"/> + <paramref name="dayCount"/> − 1, whatever their
    /// current label, ⌊n / 3⌋ chosen at random get their amount multiplied and become fraud. The larger amount is not
    /// re-tested against scenario 1. Returns the positions chosen.
    /// </summary>
    public int[] CompromiseCustomers(
        ReadOnlySpan<int> customerIds, int firstDay, int dayCount, int amountMultiplier, IScenarioDraws draws)
    {
        byCustomer ??= new TransactionsByKey(Keys(static t => t.CustomerId), customerCount);
        var pool = new List<int>();
        foreach (int customer in customerIds)
        {
            pool.AddRange(InWindow(byCustomer.Of(customer), firstDay, dayCount));
        }

        // The book samples from the window's rows in transaction order; keep that order before drawing.
        pool.Sort();
        int chosen = pool.Count / CompromisedCustomerShareDivisor;
        var candidates = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pool);
        draws.MoveSampleToFront(candidates, chosen);

        var picked = candidates[..chosen].ToArray();
        foreach (int position in picked)
        {
            var transaction = transactions[position];
            transactions[position] = transaction with
            {
                AmountCents = checked(transaction.AmountCents * amountMultiplier),
                IsFraud = true,
                Scenario = FraudScenario.CompromisedCustomer,
            };
        }

        return picked;
    }

    private int[] Keys(Func<Transaction, int> key)
    {
        var keys = new int[transactions.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = key(transactions[i]);
        }

        return keys;
    }

    private ReadOnlySpan<int> InWindow(ReadOnlySpan<int> positions, int firstDay, int dayCount)
    {
        int start = FirstOnOrAfter(positions, firstDay);
        int end = FirstOnOrAfter(positions, firstDay + dayCount);
        return positions[start..end];
    }

    // Positions are ascending and the transactions time-ordered, so their days are non-decreasing.
    private int FirstOnOrAfter(ReadOnlySpan<int> positions, int day)
    {
        int low = 0;
        int high = positions.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (days[positions[middle]] < day)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
