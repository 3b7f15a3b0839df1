using System.Security.Cryptography;
using System.Text;
using FraudActors.Ml.Data;
using FraudActors.Ml.Simulation;
using FraudActors.Testing;

namespace FraudActors.Ml.Tests.Simulation.Numpy;

/// <summary>
/// <see cref="SimulationRandomness.Numpy"/> against the Python oracle (<c>Oracle/booksim.py</c>, numpy 1.24.2,
/// pandas 1.5.3, CPython 3.11): the CSV files under <c>Expected/</c> were written by <c>Oracle/make_expected.py</c>
/// with the settings in their names, and the full default run's SHA-256 is that of the oracle's full CSV.
/// </summary>
public sealed class BookModeSimulationTests
{
    /// <summary>SHA-256 of the oracle's CSV of the book's default run (1,754,155 rows, 84,312,713 bytes).</summary>
    private const string BookDatasetSha256 = "0dafbcaf33499f2bc0dbc8af43dcd86def2f3aa4d7ab49450543129f08170119";

    [Theory]
    [InlineData(50, 1000, 20, 0)]
    [InlineData(40, 1500, 25, 11)]
    public async Task A_reduced_run_writes_the_oracles_csv_byte_for_byte(int customers, int terminals, int days, int seed)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var options = new SimulationOptions
        {
            Customers = customers, Terminals = terminals, Days = days, Seed = seed, Randomness = SimulationRandomness.Numpy,
        };
        using var directory = new TemporaryDirectory();
        string path = directory.File("book.csv");

        var dataset = TransactionSimulator.Run(options, cancellationToken);
        await TransactionCsv.WriteAsync(path, dataset.Transactions.AsMemory(), cancellationToken: cancellationToken);

        string expected = ReadExpected($"book-{customers}-customers-{terminals}-terminals-{days}-days-seed-{seed}.csv");
        string actual = await File.ReadAllTextAsync(path, cancellationToken);
        Assert.True(dataset.Transactions.Length > 1_000, $"only {dataset.Transactions.Length} transactions");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_default_run_is_the_books_data_set_byte_for_byte()
    {
        var dataset = TransactionSimulator.Run(
            new SimulationOptions { Randomness = SimulationRandomness.Numpy }, TestContext.Current.CancellationToken);
        var transactions = dataset.Transactions;

        // The book's published facts first, so a failure says which part went wrong.
        Assert.Equal(1_754_155, transactions.Length);
        Assert.Equal(14_681, transactions.Count(t => t.IsFraud));
        var first = transactions[0];
        Assert.Equal(
            (new DateTimeOffset(2018, 4, 1, 0, 0, 31, TimeSpan.Zero).ToUnixTimeSeconds(), 596, 3156, 5716L),
            (first.UnixSeconds, first.CustomerId, first.TerminalId, first.AmountCents));

        Assert.Equal(BookDatasetSha256, CsvSha256(transactions.AsSpan()));
    }

    [Fact]
    public void A_negative_seed_is_refused_in_numpy_mode()
    {
        var options = new SimulationOptions { Seed = -1, Randomness = SimulationRandomness.Numpy };

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(nameof(SimulationOptions.Seed), error.ParamName);
    }

    private static string ReadExpected(string name)
    {
        using var stream = typeof(BookModeSimulationTests).Assembly.GetManifestResourceStream($"BookExpected/{name}")
            ?? throw new InvalidOperationException($"No embedded resource BookExpected/{name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    // The bytes TransactionCsv.WriteAsync writes (same header, same row formatter), hashed without touching disk;
    // the reduced runs above check the writer itself end to end.
    private static string CsvSha256(ReadOnlySpan<Transaction> transactions)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(TransactionCsv.Header + "\n"));
        var formatter = new TransactionCsvRowFormatter();
        Span<byte> row = stackalloc byte[TransactionCsvRowFormatter.MaxRowBytes];
        foreach (ref readonly var transaction in transactions)
        {
            hash.AppendData(row[..formatter.Format(transaction, row)]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
