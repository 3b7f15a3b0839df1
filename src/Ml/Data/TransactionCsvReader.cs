using System.Runtime.CompilerServices;
using System.Text;

namespace FraudActors.Ml.Data;

/// <summary>
/// Streams transactions out of a file in the format of <see cref="TransactionCsv"/>, validating every field.
/// Rows are parsed straight from UTF-8 bytes, in batches, with no string per row.
/// </summary>
/// <remarks>
/// Accepted beyond what the writer produces: a UTF-8 byte order mark, CRLF line ends, amounts with zero or one
/// decimal, a missing final newline and empty lines at the end. A fraud label without a scenario (0) is accepted
/// (a fraud of unknown pattern); a scenario without the fraud label is not.
/// The per-row methods are compiled fully optimised at once: a command-line run reads a file once, and tiered
/// compilation would spend a good part of that run in unoptimised code.
/// </remarks>
public sealed class TransactionCsvReader : IDisposable, IAsyncDisposable
{
    private const int BufferBytes = 1 << 20;
    private const int FieldCount = 7;
    private const int SecondsPerDay = 86_400;
    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private static readonly byte[] HeaderBytes = Encoding.UTF8.GetBytes(TransactionCsv.Header);

    private readonly FileStream stream;
    private readonly byte[] buffer = new byte[BufferBytes];
    private readonly byte[] cachedDate = new byte[10];
    private long cachedDayStartUnixSeconds = long.MinValue;
    private int start;
    private int end;
    private bool endOfFile;
    private bool headerRead;
    private long firstEmptyLine;

    private TransactionCsvReader(string path, FileStream stream)
    {
        Path = path;
        this.stream = stream;
    }

    /// <summary>The file, as the caller named it.</summary>
    public string Path { get; }

    /// <summary>The number of the last line consumed (1-based; the header is line 1).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The file's size in bytes.</summary>
    public long FileLength => stream.Length;

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    /// <exception cref="FileNotFoundException">The file (or its directory) does not exist; the message names the path.</exception>
    public static TransactionCsvReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"Transaction file '{path}' does not exist.", path, e);
        }

        return new TransactionCsvReader(path, stream);
    }

    /// <summary>
    /// Reads up to <paramref name="destination"/>.Length transactions; returns how many, 0 at the end of the file.
    /// </summary>
    /// <exception cref="TransactionCsvException">The header or a row is malformed; the message names file and line.</exception>
    public async ValueTask<int> ReadAsync(Memory<Transaction> destination, CancellationToken cancellationToken = default)
    {
        int filled = 0;
        while (filled < destination.Length)
        {
            filled += ParseCompleteLines(destination.Span[filled..]);
            if (filled == destination.Length)
            {
                break;
            }

            if (endOfFile)
            {
                if (start < end)
                {
                    // The last line has no newline.
                    if (ParseLine(buffer.AsSpan(start, end - start), out var last))
                    {
                        destination.Span[filled++] = last;
                    }

                    start = end;
                }

                if (!headerRead)
                {
                    throw Malformed(1, $"the file is empty; expected the header \"{TransactionCsv.Header}\"");
                }

                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }

        return filled;
    }

    /// <inheritdoc/>
    public void Dispose() => stream.Dispose();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => stream.DisposeAsync();

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            throw Malformed(LineNumber + 1, $"the line is longer than {buffer.Length} bytes");
        }

        int read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            endOfFile = true;
        }

        end += read;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ParseCompleteLines(Span<Transaction> destination)
    {
        int filled = 0;
        while (filled < destination.Length)
        {
            int newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            var line = buffer.AsSpan(start, newline);
            start += newline + 1;
            if (ParseLine(line, out var transaction))
            {
                destination[filled++] = transaction;
            }
        }

        return filled;
    }

    // False for the header and for empty lines.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ParseLine(ReadOnlySpan<byte> line, out Transaction transaction)
    {
        LineNumber++;
        transaction = default;
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (!headerRead)
        {
            ReadOnlySpan<byte> byteOrderMark = [0xEF, 0xBB, 0xBF];
            if (line.StartsWith(byteOrderMark))
            {
                line = line[byteOrderMark.Length..];
            }

            if (!line.SequenceEqual(HeaderBytes))
            {
                throw Malformed(LineNumber, $"expected the header \"{TransactionCsv.Header}\" but found \"{Shown(line)}\"");
            }

            headerRead = true;
            return false;
        }

        if (line.IsEmpty)
        {
            if (firstEmptyLine == 0)
            {
                firstEmptyLine = LineNumber;
            }

            return false;
        }

        if (firstEmptyLine != 0)
        {
            throw Malformed(firstEmptyLine, "empty line before the end of the file");
        }

        transaction = ParseRow(line);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Transaction ParseRow(ReadOnlySpan<byte> line)
    {
        Span<Range> fields = stackalloc Range[FieldCount];
        int fieldStart = 0;
        for (int field = 0; field < FieldCount; field++)
        {
            int comma = line[fieldStart..].IndexOf((byte)',');
            bool last = field == FieldCount - 1;
            if (last != (comma < 0))
            {
                throw Malformed(LineNumber, $"expected {FieldCount} fields but found {line.Count((byte)',') + 1}");
            }

            int fieldEnd = last ? line.Length : fieldStart + comma;
            fields[field] = fieldStart..fieldEnd;
            fieldStart = fieldEnd + 1;
        }

        long id = NonNegative(line[fields[0]], "transaction_id", long.MaxValue);
        long unixSeconds = Time(line[fields[1]]);
        int customer = (int)NonNegative(line[fields[2]], "customer_id", int.MaxValue);
        int terminal = (int)NonNegative(line[fields[3]], "terminal_id", int.MaxValue);
        long amountCents = AmountCents(line[fields[4]]);
        var fraud = line[fields[5]];
        if (fraud.Length != 1 || (fraud[0] != (byte)'0' && fraud[0] != (byte)'1'))
        {
            throw Malformed(LineNumber, $"tx_fraud \"{Shown(fraud)}\" is not 0 or 1");
        }

        var scenarioField = line[fields[6]];
        if (scenarioField.Length != 1 || scenarioField[0] < (byte)'0' || scenarioField[0] > (byte)'4')
        {
            throw Malformed(LineNumber, $"tx_fraud_scenario \"{Shown(scenarioField)}\" is not one of 0, 1, 2, 3, 4");
        }

        bool isFraud = fraud[0] == (byte)'1';
        var scenario = (FraudScenario)(scenarioField[0] - (byte)'0');
        if (scenario != FraudScenario.None && !isFraud)
        {
            throw Malformed(LineNumber, $"tx_fraud_scenario {(int)scenario} requires tx_fraud 1, found 0");
        }

        return new Transaction(id, unixSeconds, customer, terminal, amountCents, isFraud, scenario);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long NonNegative(ReadOnlySpan<byte> field, string name, long max)
    {
        if (field.IsEmpty || field.Length > 19)
        {
            throw NotInteger(field, name, max);
        }

        long value = 0;
        foreach (byte b in field)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9)
            {
                throw NotInteger(field, name, max);
            }

            value = (value * 10) + digit;
        }

        // 19 digits can exceed long.MaxValue and wrap negative.
        if (value < 0 || value > max)
        {
            throw NotInteger(field, name, max);
        }

        return value;
    }

    private TransactionCsvException NotInteger(ReadOnlySpan<byte> field, string name, long max) =>
        Malformed(LineNumber, $"{name} \"{Shown(field)}\" is not an integer between 0 and {max}");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long Time(ReadOnlySpan<byte> field)
    {
        // yyyy-MM-ddTHH:mm:ssZ
        if (field.Length != 20 || field[4] != '-' || field[7] != '-' || field[10] != 'T' || field[13] != ':'
            || field[16] != ':' || field[19] != 'Z'
            || !TryDigits(field[11..13], out int hour) || !TryDigits(field[14..16], out int minute)
            || !TryDigits(field[17..19], out int second) || hour > 23 || minute > 59 || second > 59)
        {
            throw BadTime(field);
        }

        var date = field[..10];
        if (!date.SequenceEqual(cachedDate))
        {
            if (!TryDigits(date[..4], out int year) || !TryDigits(date[5..7], out int month) || !TryDigits(date[8..10], out int day)
                || year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                throw BadTime(field);
            }

            cachedDayStartUnixSeconds = (new DateOnly(year, month, day).DayNumber - (long)UnixEpochDayNumber) * SecondsPerDay;
            date.CopyTo(cachedDate);
        }

        return cachedDayStartUnixSeconds + (hour * 3600) + (minute * 60) + second;
    }

    private TransactionCsvException BadTime(ReadOnlySpan<byte> field) =>
        Malformed(LineNumber, $"tx_datetime \"{Shown(field)}\" is not a UTC time like 2018-04-01T00:00:31Z");

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (byte b in digits)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long AmountCents(ReadOnlySpan<byte> field)
    {
        if (!field.IsEmpty && field[0] == (byte)'-')
        {
            throw Malformed(LineNumber, $"tx_amount \"{Shown(field)}\" is negative");
        }

        int dot = field.IndexOf((byte)'.');
        var whole = dot < 0 ? field : field[..dot];
        var fraction = dot < 0 ? [] : field[(dot + 1)..];

        // At most 16 digits of whole units keeps the amount in cents far from overflow.
        if (whole.IsEmpty || whole.Length > 16 || (dot >= 0 && (fraction.IsEmpty || fraction.Length > 2))
            || !TryDigits(whole, out long units) || !TryDigits(fraction, out int hundredths))
        {
            throw Malformed(LineNumber, $"tx_amount \"{Shown(field)}\" is not a number with at most two decimals");
        }

        return (units * 100) + (fraction.Length == 1 ? hundredths * 10 : hundredths);
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        foreach (byte b in digits)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private TransactionCsvException Malformed(long lineNumber, string problem) => new(Path, lineNumber, problem);

    // Enough of a field to recognise it; invalid UTF-8 shows as replacement characters.
    private static string Shown(ReadOnlySpan<byte> field)
    {
        const int MaxShown = 60;
        string text = Encoding.UTF8.GetString(field[..Math.Min(field.Length, MaxShown)]);
        return field.Length > MaxShown ? text + "…" : text;
    }
}
