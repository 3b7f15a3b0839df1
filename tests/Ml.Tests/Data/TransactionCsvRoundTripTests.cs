using FraudActors.Ml.Data;
using FraudActors.Ml.Simulation;

namespace FraudActors.Ml.Tests.Data;

public sealed class TransactionCsvRoundTripTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task A_simulated_set_reads_back_equal_to_what_was_written()
    {
        // About 35,000 rows, 1.7 MB: rows straddle the reader's and writer's 1 MiB buffers.
        var dataset = TransactionSimulator.Run(
            new SimulationOptions { Customers = 400, Terminals = 800, Days = 45 }, TestContext.Current.CancellationToken);
        string path = directory.File("transactions.csv");

        await TransactionCsv.WriteAsync(path, dataset.Transactions.AsMemory(), cancellationToken: TestContext.Current.CancellationToken);
        var read = await TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken);

        Assert.True(new FileInfo(path).Length > 1 << 20);
        Assert.Equal(dataset.Transactions, read);
        Assert.Contains(read, t => t.Scenario == FraudScenario.CompromisedCustomer);
    }

    [Fact]
    public async Task Rows_are_written_in_the_documented_text_form()
    {
        // 2018-04-01T00:00:00Z is Unix 1,522,540,800; 2018-10-01T00:00:00Z is 1,538,352,000.
        Transaction[] rows =
        [
            new(0, 1_522_540_831, 596, 3156, 5716, false, FraudScenario.None),
            new(1_754_154, 1_538_351_999, 4999, 9999, 5, true, FraudScenario.CompromisedCustomer),
            new(7, -1, 0, 0, 100, true, FraudScenario.None),
        ];
        string path = directory.File("rows.csv");

        await TransactionCsv.WriteAsync(path, rows, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
            "transaction_id,tx_datetime,customer_id,terminal_id,tx_amount,tx_fraud,tx_fraud_scenario\n"
            + "0,2018-04-01T00:00:31Z,596,3156,57.16,0,0\n"
            + "1754154,2018-09-30T23:59:59Z,4999,9999,0.05,1,3\n"
            + "7,1969-12-31T23:59:59Z,0,0,1.00,1,0\n",
            await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Extreme_but_valid_values_survive_a_round_trip()
    {
        Transaction[] rows =
        [
            new(long.MaxValue, 253_402_300_799, int.MaxValue, int.MaxValue, 9_999_999_999_999_999, true, FraudScenario.LargeAmount),
            new(0, -62_135_596_800, 0, 0, 0, false, FraudScenario.None),
            new(3, 0, 1, 2, 99, true, FraudScenario.CompromisedTerminal),
        ];
        string path = directory.File("extremes.csv");

        await TransactionCsv.WriteAsync(path, rows, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(rows, await TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken));
        Assert.Contains("9999-12-31T23:59:59Z", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_set_is_a_header_only_file()
    {
        string path = directory.File("empty.csv");

        await TransactionCsv.WriteAsync(path, ReadOnlyMemory<Transaction>.Empty, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(TransactionCsv.Header + "\n", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Empty(await TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Streaming_in_small_batches_yields_the_same_rows_as_reading_everything()
    {
        var rows = Enumerable.Range(0, 5_000)
            .Select(i => new Transaction(i, 1_522_540_800 + (i * 17), i % 13, i % 7, i * 3, i % 11 == 0, i % 11 == 0 ? FraudScenario.CompromisedTerminal : FraudScenario.None))
            .ToArray();
        string path = directory.File("batches.csv");
        await TransactionCsv.WriteAsync(path, rows, cancellationToken: TestContext.Current.CancellationToken);

        var streamed = new List<Transaction>();
        await using (var reader = TransactionCsvReader.Open(path))
        {
            var batch = new Transaction[7];
            int read;
            while ((read = await reader.ReadAsync(batch, TestContext.Current.CancellationToken)) > 0)
            {
                streamed.AddRange(batch.AsSpan(0, read));
            }

            Assert.Equal(5_001, reader.LineNumber);
        }

        Assert.Equal(rows, streamed);
    }
}
