using System.Text;
using FraudActors.Ml.Data;

namespace FraudActors.Ml.Tests.Data;

public sealed class TransactionCsvReaderTests : IDisposable
{
    private const string GoodRow = "0,2018-04-01T00:00:31Z,596,3156,57.16,0,0";
    private static readonly Transaction GoodTransaction = new(0, 1_522_540_831, 596, 3156, 5716, false, FraudScenario.None);

    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task A_byte_order_mark_crlf_line_ends_trailing_empty_lines_and_short_decimals_are_accepted()
    {
        string path = Write(
            "\uFEFF" + TransactionCsv.Header + "\r\n" + GoodRow + "\r\n" + "1,2018-04-01T00:01:00Z,1,2,12,0,0\r\n"
            + "2,2018-04-01T00:02:00Z,1,2,12.3,1,0\r\n\r\n\n");

        var rows = await TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(
            [GoodTransaction, new(1, 1_522_540_860, 1, 2, 1200, false, FraudScenario.None), new(2, 1_522_540_920, 1, 2, 1230, true, FraudScenario.None)],
            rows);
    }

    [Fact]
    public async Task A_last_row_without_a_newline_is_read()
    {
        string path = Write(TransactionCsv.Header + "\n" + GoodRow);

        Assert.Equal([GoodTransaction], await TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("0,2018-04-01T00:00:31Z,596,3156,12.3x,0,0", "tx_amount \"12.3x\" is not a number with at most two decimals")]
    [InlineData("0,2018-04-01T00:00:31Z,596,3156,12.345,0,0", "tx_amount \"12.345\" is not a number with at most two decimals")]
    [InlineData("0,2018-04-01T00:00:31Z,596,3156,,0,0", "tx_amount \"\" is not a number")]
    [InlineData("0,2018-04-01T00:00:31Z,596,3156,1e3,0,0", "tx_amount \"1e3\" is not a number")]
    [InlineData("0,2018-04-01T00:00:31Z,596,3156,-1.00,0,0", "tx_amount \"-1.00\" is negative")]
    [InlineData("0,2018-02-30T00:00:31Z,596,3156,57.16,0,0", "tx_datetime \"2018-02-30T00:00:31Z\" is not a UTC time")]
    [InlineData("0,2018-04-01 00:00:31,596,3156,57.16,0,0", "tx_datetime \"2018-04-01 00:00:31\" is not a UTC time")]
    [InlineData("0,2018-04-01T24:00:00Z,596,3156,57.16,0,0", "tx_datetime \"2018-04-01T24:00:00Z\"")]
    [InlineData("0,2018-04-01T00:00:31+01:00,596,3156,57.16,0,0", "tx_datetime")]
    [InlineData("0,2018-04-01T00:00:31Z,596,3156,57.16,0", "expected 7 fields but found 6")]
    [InlineData("0,2018-04-01T00:00:31Z,596,3156,57.16,0,0,", "expected 7 fields but found 8")]
    [InlineData("0,2018-04-01T00:00:31Z,596,3156,57.16,2,0", "tx_fraud \"2\" is not 0 or 1")]
    [InlineData("0,2018-04-01T00:00:31Z,596,3156,57.16,true,0", "tx_fraud \"true\" is not 0 or 1")]
    [InlineData("0,2018-04-01T00:00:31Z,596,3156,57.16,1,5", "tx_fraud_scenario \"5\" is not one of 0, 1, 2, 3, 4")]
    [InlineData("0,2018-04-01T00:00:31Z,596,3156,57.16,0,2", "tx_fraud_scenario 2 requires tx_fraud 1")]
    [InlineData("-1,2018-04-01T00:00:31Z,596,3156,57.16,0,0", "transaction_id \"-1\" is not an integer")]
    [InlineData("99999999999999999999,2018-04-01T00:00:31Z,596,3156,57.16,0,0", "transaction_id \"99999999999999999999\"")]
    [InlineData("0,2018-04-01T00:00:31Z,2147483648,3156,57.16,0,0", "customer_id \"2147483648\" is not an integer between 0 and 2147483647")]
    [InlineData("0,2018-04-01T00:00:31Z,596, 3156,57.16,0,0", "terminal_id \" 3156\" is not an integer")]
    public async Task A_malformed_row_is_reported_with_file_line_and_problem(string row, string problem)
    {
        string path = Write(TransactionCsv.Header + "\n" + GoodRow + "\n" + row + "\n" + GoodRow + "\n");

        var exception = await Assert.ThrowsAsync<TransactionCsvException>(() => TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal(3, exception.LineNumber);
        Assert.Equal(path, exception.FilePath);
        Assert.StartsWith($"{path} line 3: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<FormatException>(exception);
    }

    [Fact]
    public async Task A_wrong_header_names_the_expected_header()
    {
        string path = Write("id,time,customer,terminal,amount,fraud,scenario\n" + GoodRow + "\n");

        var exception = await Assert.ThrowsAsync<TransactionCsvException>(() => TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal(1, exception.LineNumber);
        Assert.Contains($"expected the header \"{TransactionCsv.Header}\"", exception.Message, StringComparison.Ordinal);
        Assert.Contains("found \"id,time,customer", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_is_reported_as_missing_its_header()
    {
        string path = Write(string.Empty);

        var exception = await Assert.ThrowsAsync<TransactionCsvException>(() => TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal(1, exception.LineNumber);
        Assert.Contains("empty", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_line_followed_by_rows_is_reported_at_the_empty_line()
    {
        string path = Write(TransactionCsv.Header + "\n" + GoodRow + "\n\n" + GoodRow + "\n");

        var exception = await Assert.ThrowsAsync<TransactionCsvException>(() => TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal(3, exception.LineNumber);
        Assert.Contains("empty line", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_row_deep_in_a_large_file_is_reported_at_its_line()
    {
        // Well past the first 1 MiB buffer, so line counting across refills is exercised.
        var text = new StringBuilder(TransactionCsv.Header + "\n");
        for (int i = 0; i < 40_000; i++)
        {
            text.Append(i == 39_000 ? "1,2018-04-01T00:00:31Z,596,3156,5x.16,0,0" : GoodRow).Append('\n');
        }

        string path = Write(text.ToString());

        var exception = await Assert.ThrowsAsync<TransactionCsvException>(() => TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal(39_002, exception.LineNumber);
    }

    [Fact]
    public async Task A_missing_file_is_reported_with_its_path()
    {
        string path = directory.File("absent.csv");

        var exception = await Assert.ThrowsAsync<FileNotFoundException>(() => TransactionCsv.ReadAllAsync(path, TestContext.Current.CancellationToken));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Equal(path, exception.FileName);
    }

    [Fact]
    public void A_file_in_a_missing_directory_is_reported_as_not_found()
    {
        string path = directory.File(Path.Combine("nowhere", "t.csv"));

        var exception = Assert.Throws<FileNotFoundException>(() => TransactionCsvReader.Open(path));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    private string Write(string content)
    {
        string path = directory.File("transactions.csv");
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }
}
