using FraudActors.Ml.Data;
using FraudActors.Ml.Simulation;

namespace FraudActors.Ml.Tests.Simulation;

/// <summary>Behaviour of whole runs on reduced configurations (a fraction of a second each).</summary>
public sealed class TransactionSimulatorTests
{
    private static readonly SimulationOptions Small = new() { Customers = 400, Terminals = 800, Days = 45 };

    [Fact]
    public void The_same_options_produce_identical_transactions()
    {
        var first = TransactionSimulator.Run(Small, TestContext.Current.CancellationToken);
        var second = TransactionSimulator.Run(Small, TestContext.Current.CancellationToken);

        Assert.True(first.Transactions.Length > 10_000);
        Assert.Equal(first.Transactions, second.Transactions);
        Assert.Equal(first.Terminals, second.Terminals);
        Assert.Equal(
            first.Customers.Select(c => (c.X, c.Y, c.MeanAmount, c.MeanTransactionsPerDay, string.Join(',', c.Terminals))),
            second.Customers.Select(c => (c.X, c.Y, c.MeanAmount, c.MeanTransactionsPerDay, string.Join(',', c.Terminals))));
    }

    [Fact]
    public void A_different_seed_produces_different_transactions()
    {
        var first = TransactionSimulator.Run(Small, TestContext.Current.CancellationToken);
        var second = TransactionSimulator.Run(Small with { Seed = 1 }, TestContext.Current.CancellationToken);

        Assert.NotEqual(first.Transactions, second.Transactions);
        Assert.NotEqual(first.Terminals[0], second.Terminals[0]);
        Assert.NotEqual(
            first.Transactions.Where(t => t.IsFraud).Select(t => t.Id),
            second.Transactions.Where(t => t.IsFraud).Select(t => t.Id));
    }

    [Fact]
    public void A_shorter_run_repeats_the_same_genuine_transactions_on_the_days_it_covers()
    {
        // Scenario 3 changes amounts, so leave it out; each customer's stream does not depend on the number of days.
        var options = Small with { CompromisedCustomersPerDay = 0 };
        var longer = TransactionSimulator.Run(options, TestContext.Current.CancellationToken);
        var shorter = TransactionSimulator.Run(options with { Days = 20 }, TestContext.Current.CancellationToken);

        long end = shorter.StartUnixSeconds + (20 * 86_400L);
        Assert.Equal(
            longer.Transactions.Where(t => t.UnixSeconds < end).Select(t => (t.Id, t.UnixSeconds, t.CustomerId, t.TerminalId, t.AmountCents)),
            shorter.Transactions.Select(t => (t.Id, t.UnixSeconds, t.CustomerId, t.TerminalId, t.AmountCents)));
    }

    [Fact]
    public void Transactions_are_numbered_in_time_order_with_ties_broken_by_customer()
    {
        // Few distinct seconds force many ties: time of day sd 1 s around noon.
        var options = Small with { TimeOfDayStdDevSeconds = 1, Days = 5 };
        var transactions = TransactionSimulator.Run(options, TestContext.Current.CancellationToken).Transactions.AsSpan();

        Assert.True(TransactionOrder.IsNumberedByPosition(transactions));
        Assert.True(TransactionOrder.IsSortedByTime(transactions));
        int ties = 0;
        for (int i = 1; i < transactions.Length; i++)
        {
            if (transactions[i].UnixSeconds == transactions[i - 1].UnixSeconds)
            {
                ties++;
                Assert.True(transactions[i].CustomerId >= transactions[i - 1].CustomerId, $"transactions {i - 1} and {i}");
            }
        }

        Assert.True(ties > transactions.Length / 2, $"only {ties} ties");
    }

    [Fact]
    public void Scenario_2_draws_terminals_on_days_0_to_days_minus_2()
    {
        // Every terminal compromised for one day, every day the book draws: all days but the last are fraud.
        var options = Small with
        {
            Terminals = 50, Days = 6, CompromisedTerminalsPerDay = 50, TerminalCompromiseDays = 1,
            CompromisedCustomersPerDay = 0, LargeAmountThreshold = 1_000_000m,
        };
        var dataset = TransactionSimulator.Run(options, TestContext.Current.CancellationToken);

        foreach (var transaction in dataset.Transactions)
        {
            bool lastDay = transaction.UnixSeconds >= dataset.StartUnixSeconds + (5 * 86_400L);
            Assert.Equal(lastDay ? FraudScenario.None : FraudScenario.CompromisedTerminal, transaction.Scenario);
        }
    }

    [Fact]
    public void Scenario_3_inflates_a_third_of_each_days_pool_by_the_multiplier()
    {
        // Every customer compromised for one day on days 0 … 4: each such day, ⌊n/3⌋ of its n transactions.
        var options = Small with
        {
            Days = 6, CompromisedTerminalsPerDay = 0, CompromisedCustomersPerDay = Small.Customers, CustomerCompromiseDays = 1,
        };
        var withFraud = TransactionSimulator.Run(options, TestContext.Current.CancellationToken);
        var genuine = TransactionSimulator.Run(
            options with { CompromisedCustomersPerDay = 0, LargeAmountThreshold = 1_000_000m }, TestContext.Current.CancellationToken);

        Assert.Equal(genuine.Transactions.Length, withFraud.Transactions.Length);
        var perDay = new (int Total, int Inflated)[6];
        for (int i = 0; i < genuine.Transactions.Length; i++)
        {
            var before = genuine.Transactions[i];
            var after = withFraud.Transactions[i];
            int day = (int)((before.UnixSeconds - genuine.StartUnixSeconds) / 86_400);
            perDay[day].Total++;
            if (after.Scenario == FraudScenario.CompromisedCustomer)
            {
                perDay[day].Inflated++;
                Assert.Equal(before.AmountCents * 5, after.AmountCents);
            }
            else
            {
                Assert.Equal(before.AmountCents, after.AmountCents);
                Assert.Equal(after.AmountCents > 22_000 ? FraudScenario.LargeAmount : FraudScenario.None, after.Scenario);
            }
        }

        for (int day = 0; day < 5; day++)
        {
            Assert.Equal(perDay[day].Total / 3, perDay[day].Inflated);
        }

        Assert.Equal(0, perDay[5].Inflated);
    }

    [Fact]
    public void Progress_reports_every_stage_in_order_on_the_calling_thread()
    {
        var reports = new List<SimulationProgress>();
        int thread = Environment.CurrentManagedThreadId;
        var progress = new RecordingProgress(report =>
        {
            Assert.Equal(thread, Environment.CurrentManagedThreadId);
            reports.Add(report);
        });

        TransactionSimulator.Run(Small with { Days = 3 }, progress, TestContext.Current.CancellationToken);

        Assert.Equal(
            [SimulationStage.Profiles, SimulationStage.Transactions, SimulationStage.Ordering, SimulationStage.Frauds],
            reports.Select(r => r.Stage).Distinct());
        Assert.Contains(new SimulationProgress(SimulationStage.Transactions, 400, 400), reports);
        Assert.Equal(new SimulationProgress(SimulationStage.Frauds, 1, 1), reports[^1]);
        Assert.All(reports, r => Assert.InRange(r.Completed, 0, r.Total));
    }

    [Fact]
    public void A_cancelled_run_stops_with_operation_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(report =>
        {
            if (report.Stage == SimulationStage.Transactions && report.Completed > 0)
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => TransactionSimulator.Run(Small, progress, cancellation.Token));
    }

    private sealed class RecordingProgress(Action<SimulationProgress> onReport) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value) => onReport(value);
    }
}
