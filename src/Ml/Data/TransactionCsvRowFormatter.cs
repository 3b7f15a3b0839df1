using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace FraudActors.Ml.Data;

/// <summary>
/// Writes transaction rows as UTF-8 bytes straight into a buffer: no strings per row. The date part of the time
/// changes once a day of data, so it is formatted once and copied. The per-row methods are compiled fully optimised
/// at once because a command-line run writes one file and would otherwise spend much of it in unoptimised code.
/// </summary>
internal sealed class TransactionCsvRowFormatter
{
    /// <summary>Longest possible row in bytes, newline included, rounded up.</summary>
    public const int MaxRowBytes = 128;

    private const int SecondsPerDay = 86_400;
    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private static readonly long MinUnixSeconds = (DateOnly.MinValue.DayNumber - (long)UnixEpochDayNumber) * SecondsPerDay;
    private static readonly long MaxUnixSeconds = ((DateOnly.MaxValue.DayNumber - (long)UnixEpochDayNumber + 1) * SecondsPerDay) - 1;

    // "yyyy-MM-ddT" of cachedDay.
    private readonly byte[] datePrefix = new byte[11];
    private long cachedDay = long.MinValue;

    /// <summary>
    /// Formats <paramref name="transaction"/> and a newline into <paramref name="destination"/>
    /// (at least <see cref="MaxRowBytes"/> long); returns the bytes written.
    /// </summary>
    /// <exception cref="ArgumentException">The transaction cannot be written in a form the reader accepts.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Format(in Transaction transaction, Span<byte> destination)
    {
        Require(transaction);
        int at = Integer(transaction.Id, destination);
        destination[at++] = (byte)',';
        at += Time(transaction.UnixSeconds, destination[at..]);
        destination[at++] = (byte)',';
        at += Integer(transaction.CustomerId, destination[at..]);
        destination[at++] = (byte)',';
        at += Integer(transaction.TerminalId, destination[at..]);
        destination[at++] = (byte)',';
        at += Integer(transaction.AmountCents / 100, destination[at..]);
        int cents = (int)(transaction.AmountCents % 100);
        destination[at++] = (byte)'.';
        destination[at++] = (byte)('0' + (cents / 10));
        destination[at++] = (byte)('0' + (cents % 10));
        destination[at++] = (byte)',';
        destination[at++] = transaction.IsFraud ? (byte)'1' : (byte)'0';
        destination[at++] = (byte)',';
        destination[at++] = (byte)('0' + (int)transaction.Scenario);
        destination[at++] = (byte)'\n';
        return at;
    }

    private static void Require(in Transaction transaction)
    {
        string? problem =
            transaction.Id < 0 ? "a negative id" :
            transaction.CustomerId < 0 ? "a negative customer id" :
            transaction.TerminalId < 0 ? "a negative terminal id" :
            transaction.AmountCents < 0 ? "a negative amount" :
            !Enum.IsDefined(transaction.Scenario) ? $"an unknown fraud scenario {(int)transaction.Scenario}" :
            transaction.Scenario != FraudScenario.None && !transaction.IsFraud ? "a fraud scenario but no fraud label" :
            transaction.UnixSeconds < MinUnixSeconds || transaction.UnixSeconds > MaxUnixSeconds ? "a time outside the years 1-9999" :
            null;
        if (problem is not null)
        {
            throw new ArgumentException($"Transaction {transaction.Id} has {problem}: {transaction}.", nameof(transaction));
        }
    }

    private static int Integer(long value, Span<byte> destination)
    {
        bool formatted = value.TryFormat(destination, out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        Debug.Assert(formatted, "the row buffer holds the longest row");
        return written;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Time(long unixSeconds, Span<byte> destination)
    {
        long day = Math.DivRem(unixSeconds, SecondsPerDay, out long secondOfDay);
        if (secondOfDay < 0)
        {
            day--;
            secondOfDay += SecondsPerDay;
        }

        if (day != cachedDay)
        {
            var date = DateOnly.FromDayNumber((int)(day + UnixEpochDayNumber));
            Digits(date.Year, 4, datePrefix);
            datePrefix[4] = (byte)'-';
            Digits(date.Month, 2, datePrefix.AsSpan(5));
            datePrefix[7] = (byte)'-';
            Digits(date.Day, 2, datePrefix.AsSpan(8));
            datePrefix[10] = (byte)'T';
            cachedDay = day;
        }

        datePrefix.CopyTo(destination);
        int seconds = (int)secondOfDay;
        Digits(seconds / 3600, 2, destination[11..]);
        destination[13] = (byte)':';
        Digits(seconds / 60 % 60, 2, destination[14..]);
        destination[16] = (byte)':';
        Digits(seconds % 60, 2, destination[17..]);
        destination[19] = (byte)'Z';
        return 20;
    }

    private static void Digits(int value, int width, Span<byte> destination)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
