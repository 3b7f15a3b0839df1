using FraudActors.Ml.Data;

namespace FraudActors.Ml.Tests.Data;

public sealed class TransactionCsvAtomicWriteTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    // About 45 bytes a row: 100,000 rows take several 1 MiB buffers.
    private static Transaction[] ManyRows { get; } = Enumerable.Range(0, 100_000)
        .Select(i => new Transaction(i, 1_522_540_800 + i, i % 100, i % 50, 1_000 + i, false, FraudScenario.None))
        .ToArray();

    [Fact]
    public async Task Cancelling_mid_way_leaves_no_file_behind()
    {
        string path = directory.File("transactions.csv");
        using var cancellation = new CancellationTokenSource();
        long reported = 0;
        var cancelAfterFirstBuffer = new SynchronousProgress(rows =>
        {
            reported = rows;
            cancellation.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => TransactionCsv.WriteAsync(path, ManyRows, cancelAfterFirstBuffer, cancellation.Token));

        Assert.InRange(reported, 1, ManyRows.Length - 1);
        Assert.Empty(directory.Entries());
    }

    [Fact]
    public async Task Cancelling_mid_way_keeps_the_previous_file_intact()
    {
        string path = directory.File("transactions.csv");
        await File.WriteAllTextAsync(path, "previous content", TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => TransactionCsv.WriteAsync(path, ManyRows, new SynchronousProgress(_ => cancellation.Cancel()), cancellation.Token));

        Assert.Equal("previous content", await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(["transactions.csv"], directory.Entries());
    }

    [Fact]
    public async Task A_row_that_cannot_be_written_leaves_no_file_and_names_the_transaction()
    {
        string path = directory.File("transactions.csv");
        var rows = ManyRows.ToArray();
        rows[60_000] = rows[60_000] with { AmountCents = -1 };

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => TransactionCsv.WriteAsync(path, rows, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("Transaction 60000 has a negative amount", exception.Message, StringComparison.Ordinal);
        Assert.Empty(directory.Entries());
    }

    [Fact]
    public async Task A_scenario_without_the_fraud_label_is_refused()
    {
        string path = directory.File("transactions.csv");
        Transaction[] rows = [new(0, 0, 0, 0, 0, false, FraudScenario.CompromisedTerminal)];

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => TransactionCsv.WriteAsync(path, rows, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("a fraud scenario but no fraud label", exception.Message, StringComparison.Ordinal);
        Assert.Empty(directory.Entries());
    }

    [Fact]
    public async Task A_completed_write_replaces_the_previous_file_and_leaves_no_temporary_file()
    {
        string path = directory.File("transactions.csv");
        await File.WriteAllTextAsync(path, "previous content", TestContext.Current.CancellationToken);
        var progress = new List<long>();

        await TransactionCsv.WriteAsync(path, ManyRows, new SynchronousProgress(progress.Add), TestContext.Current.CancellationToken);

        Assert.Equal(["transactions.csv"], directory.Entries());
        Assert.Equal(ManyRows, await TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken));
        Assert.True(progress.Count > 1);
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(ManyRows.Length, progress[^1]);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_start_writes_nothing()
    {
        string path = directory.File("transactions.csv");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => TransactionCsv.WriteAsync(path, ManyRows, cancellationToken: new CancellationToken(canceled: true)));

        Assert.Empty(directory.Entries());
    }

    /// <summary>Reports on the writer's own thread, unlike <see cref="Progress{T}"/>, so the test controls timing.</summary>
    private sealed class SynchronousProgress(Action<long> onReport) : IProgress<long>
    {
        public void Report(long value) => onReport(value);
    }
}
