using FraudActors.Ml.Data;
using FraudActors.Ml.Features;

namespace FraudActors.Ml.Tests.Features;

public sealed class BatchFeatureBuilderTests
{
    private const long Day = 86_400;

    private static readonly int[] CountColumns =
    [
        FeatureSchema.CustomerNbTx1Day, FeatureSchema.CustomerNbTx7Day, FeatureSchema.CustomerNbTx30Day,
        FeatureSchema.TerminalNbTx1Day, FeatureSchema.TerminalNbTx7Day, FeatureSchema.TerminalNbTx30Day,
    ];

    private static readonly int[] ExactColumns = [FeatureSchema.TxDuringWeekend, FeatureSchema.TxDuringNight, .. CountColumns];

    /// <summary>
    /// Few customers and terminals over 70 days, times on whole hours: many transactions share a second, and many
    /// customer and terminal predecessors sit exactly on a window edge.
    /// </summary>
    private static Transaction[] EdgeHeavy() =>
        SyntheticTransactions.Generate(
            seed: 20_180_401, customers: 16, terminals: 8, days: 60, fraudRate: 0.1, secondsGrain: 3_600, terminalsPerCustomer: 6);

    [Fact]
    public void Every_row_equals_the_definition_computed_by_rescanning_everything()
    {
        var transactions = EdgeHeavy();
        Assert.InRange(transactions.Length, 1_500, 4_000);

        var matrix = BatchFeatureBuilder.Build(transactions, cancellationToken: TestContext.Current.CancellationToken);
        var expected = NaiveFeatureReference.Compute(transactions);

        Assert.Equal(transactions.Length, matrix.RowCount);
        var exact = new bool[FeatureSchema.Count];
        foreach (int column in ExactColumns)
        {
            exact[column] = true;
        }

        for (int row = 0; row < transactions.Length; row++)
        {
            var actual = matrix.Row(row);
            for (int column = 0; column < FeatureSchema.Count; column++)
            {
                double want = expected[row][column], got = actual[column];
                if (exact[column])
                {
                    Assert.True(want == got, $"row {row} (transaction {transactions[row].Id}) {FeatureSchema.Names[column]}: expected {want}, got {got}");
                }
                else
                {
                    Assert.True(
                        Math.Abs(want - got) <= 1e-12 * Math.Abs(want),
                        $"row {row} (transaction {transactions[row].Id}) {FeatureSchema.Names[column]}: expected {want:R}, got {got:R}");
                }
            }
        }
    }

    [Fact]
    public void Edge_heavy_data_really_exercises_every_edge()
    {
        // Guards the cross-check above: without these cases it would prove little.
        var transactions = EdgeHeavy();
        int sameSecond = 0, customerEdge = 0, terminalDelayEdge = 0, terminalWindowEdge = 0, frauds = 0;
        for (int i = 0; i < transactions.Length; i++)
        {
            var x = transactions[i];
            frauds += x.IsFraud ? 1 : 0;
            for (int j = 0; j < transactions.Length; j++)
            {
                var y = transactions[j];
                if (y.CustomerId == x.CustomerId && j != i && y.UnixSeconds == x.UnixSeconds)
                {
                    sameSecond++;
                }

                if (y.CustomerId == x.CustomerId && y.UnixSeconds == x.UnixSeconds - Day)
                {
                    customerEdge++;
                }

                if (y.TerminalId == x.TerminalId && y.UnixSeconds == x.UnixSeconds - (7 * Day))
                {
                    terminalDelayEdge++;
                }

                if (y.TerminalId == x.TerminalId && y.UnixSeconds == x.UnixSeconds - (8 * Day))
                {
                    terminalWindowEdge++;
                }
            }
        }

        Assert.True(sameSecond > 10, $"same-second pairs {sameSecond}");
        Assert.True(customerEdge > 10, $"customer 1-day edges {customerEdge}");
        Assert.True(terminalDelayEdge > 10, $"terminal delay edges {terminalDelayEdge}");
        Assert.True(terminalWindowEdge > 10, $"terminal 1-day window edges {terminalWindowEdge}");
        Assert.True(frauds > 100, $"frauds {frauds}");
    }

    [Fact]
    public void Rows_equal_what_grains_with_default_lateness_compute_transaction_by_transaction()
    {
        var transactions = SyntheticTransactions.Generate(seed: 7, customers: 300, terminals: 200, days: 60, fraudRate: 0.05, secondsGrain: 60);
        var matrix = BatchFeatureBuilder.Build(transactions, cancellationToken: TestContext.Current.CancellationToken);

        // What the customer and terminal grains do, each with its own history and the online default lateness.
        var customers = new Dictionary<int, CustomerWindows>();
        var terminals = new Dictionary<int, TerminalWindows>();
        var row = new double[FeatureSchema.Count];
        for (int i = 0; i < transactions.Length; i++)
        {
            var tx = transactions[i];
            var customer = customers.TryGetValue(tx.CustomerId, out var c) ? c : customers[tx.CustomerId] = new CustomerWindows();
            var terminal = terminals.TryGetValue(tx.TerminalId, out var t) ? t : terminals[tx.TerminalId] = new TerminalWindows();
            var customerFeatures = customer.Add(tx.UnixSeconds, tx.AmountCents, tx.Id);
            var terminalFeatures = terminal.FeaturesAt(tx.UnixSeconds);
            terminal.Add(tx.UnixSeconds, tx.IsFraud, tx.Id);
            TransactionFeatures.Write(tx.UnixSeconds, tx.AmountCents, customerFeatures, terminalFeatures, row);

            Assert.True(row.AsSpan().SequenceEqual(matrix.Row(i)), $"row {i} differs");
        }
    }

    [Fact]
    public void Transactions_out_of_time_order_are_refused_naming_the_first_one()
    {
        var transactions = SyntheticTransactions.Generate(seed: 3, customers: 20, terminals: 20, days: 5);
        (transactions[40], transactions[41]) = (transactions[41] with { UnixSeconds = transactions[41].UnixSeconds + 10 }, transactions[40]);
        long expectedId = transactions[41].Id;

        var ex = Assert.Throws<ArgumentException>(() => BatchFeatureBuilder.Build(transactions, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains($"transaction {expectedId} ", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"after transaction {transactions[40].Id} ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transactions_with_an_equal_time_are_taken_in_input_order()
    {
        long time = new DateTimeOffset(2018, 4, 4, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Transaction[] transactions =
        [
            new(5, time, 1, 1, 100, false, FraudScenario.None),
            new(4, time, 1, 1, 300, false, FraudScenario.None),
        ];

        var matrix = BatchFeatureBuilder.Build(transactions, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1.0, matrix[0, FeatureSchema.CustomerNbTx1Day]);
        Assert.Equal(2.0, matrix[1, FeatureSchema.CustomerNbTx1Day]);
        Assert.Equal(2.0, matrix[1, FeatureSchema.CustomerAvgAmount1Day]);
    }

    [Fact]
    public void Wildly_out_of_order_time_is_still_reported_by_transaction_id()
    {
        long time = new DateTimeOffset(2018, 4, 4, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Transaction[] transactions =
        [
            new(1, time, 1, 1, 100, false, FraudScenario.None),
            new(2, long.MinValue, 1, 1, 100, false, FraudScenario.None),
        ];

        var ex = Assert.Throws<ArgumentException>(() => BatchFeatureBuilder.Build(transactions, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("transaction 2 ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_customer_id_is_refused_naming_the_transaction()
    {
        long time = new DateTimeOffset(2018, 4, 4, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        Transaction[] transactions = [new(77, time, -1, 1, 100, false, FraudScenario.None)];

        var ex = Assert.Throws<ArgumentException>(() => BatchFeatureBuilder.Build(transactions, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("Transaction 77 ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("customer id -1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_before_the_windows_range_is_refused_naming_the_transaction()
    {
        Transaction[] transactions = [new(9, 0, 1, 1, 100, false, FraudScenario.None)];

        var ex = Assert.Throws<ArgumentException>(() => BatchFeatureBuilder.Build(transactions, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("Transaction 9 ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Streamed_input_gives_the_same_matrix_as_an_array()
    {
        var transactions = SyntheticTransactions.Generate(seed: 11, customers: 50, terminals: 40, days: 20);

        var fromArray = BatchFeatureBuilder.Build(transactions, cancellationToken: TestContext.Current.CancellationToken);
        var fromStream = BatchFeatureBuilder.Build(Stream(transactions), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(fromArray.Values.SequenceEqual(fromStream.Values));
        Assert.Equal(transactions.Length, fromStream.RowCount);

        static IEnumerable<Transaction> Stream(Transaction[] source)
        {
            foreach (var transaction in source)
            {
                yield return transaction;
            }
        }
    }

    [Fact]
    public void Progress_reports_every_65536_transactions_and_at_the_end()
    {
        var transactions = Regular(140_000);
        var reports = new List<long>();

        BatchFeatureBuilder.Build(transactions, new Recorder(reports), TestContext.Current.CancellationToken);

        Assert.Equal([65_536L, 131_072L, 140_000L], reports);
    }

    [Fact]
    public void Cancellation_stops_the_pass()
    {
        var transactions = Regular(140_000);
        using var cancellation = new CancellationTokenSource();
        var reports = new List<long>();
        var progress = new Recorder(reports, onReport: cancellation.Cancel);

        Assert.Throws<OperationCanceledException>(() => BatchFeatureBuilder.Build(transactions, progress, cancellation.Token));

        Assert.Equal([65_536L], reports);
    }

    [Fact]
    public void Empty_input_gives_an_empty_matrix()
    {
        var matrix = BatchFeatureBuilder.Build(Array.Empty<Transaction>(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, matrix.RowCount);
    }

    private static Transaction[] Regular(int count)
    {
        long start = new DateTimeOffset(2018, 4, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var transactions = new Transaction[count];
        for (int i = 0; i < count; i++)
        {
            transactions[i] = new Transaction(i, start + (i * 10L), i % 100, i % 77, 1_000 + (i % 50), i % 97 == 0, FraudScenario.None);
        }

        return transactions;
    }

    private sealed class Recorder(List<long> reports, Action? onReport = null) : IProgress<long>
    {
        public void Report(long value)
        {
            reports.Add(value);
            onReport?.Invoke();
        }
    }
}
